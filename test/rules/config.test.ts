import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/rules/config.ts';

const FILE = 'evidex.config.yaml';

describe('parseConfig', () => {
  it('accepts a full YAML config', () => {
    const text = [
      'rules:',
      '  redis/keyspace-miss-ratio: off',
      '  stream/consumer-group-lag:',
      '    priority: P0',
      '    options: { minLag: 500, stallSeconds: 7200 }',
      '  stream/payload-default-values:',
      '    options:',
      '      fieldPriorities: { regime: P0 }',
      'accept:',
      '  - rule: redis/maxmemory-noeviction',
      '    subject: redis',
      '    reason: capped by the container limit, OPS-31',
      "    expires: '2026-01-31'",
      'topology:',
      '  producers: [{ service: quantum_trading_bot, streams: [quantum:stream:trade.intent] }]',
      '  consumers: [{ service: quantum_backend, stream: ' +
        'quantum:stream:trade.intent, group: quantum:group:execution:trade.intent }]',
    ].join('\n');
    const result = parseConfig(text, FILE);
    expect(result).toEqual({
      ok: true,
      config: {
        rules: {
          'redis/keyspace-miss-ratio': 'off',
          'stream/consumer-group-lag': { priority: 'P0', options: { minLag: 500, stallSeconds: 7200 } },
          'stream/payload-default-values': { options: { fieldPriorities: { regime: 'P0' } } },
        },
        accept: [
          {
            rule: 'redis/maxmemory-noeviction',
            subject: 'redis',
            reason: 'capped by the container limit, OPS-31',
            expires: '2026-01-31',
          },
        ],
        topology: {
          producers: [{ service: 'quantum_trading_bot', streams: ['quantum:stream:trade.intent'] }],
          consumers: [
            {
              service: 'quantum_backend',
              stream: 'quantum:stream:trade.intent',
              group: 'quantum:group:execution:trade.intent',
            },
          ],
        },
      },
    });
  });

  it('rejects a key nothing reads (hostname was one: the host comes from the evidence)', () => {
    const result = parseConfig('hostname: web-1', FILE);
    expect(result.ok).toBe(false);
  });

  it('accepts JSON, and an empty file as an empty config', () => {
    expect(parseConfig('{"rules": {"redis/slowlog": {"enabled": false}}}', 'evidex.config.json')).toEqual({
      ok: true,
      config: { rules: { 'redis/slowlog': { enabled: false } } },
    });
    expect(parseConfig('', FILE)).toEqual({ ok: true, config: {} });
  });

  it('rejects unknown rule ids, unknown options and wrongly typed options, naming file and key path', () => {
    const text = [
      'rules:',
      '  redis/foo: off',
      '  redis/slowlog:',
      '    options: { thresholdMicros: "10ms", colour: red }',
    ].join('\n');
    expect(parseConfig(text, FILE)).toEqual({
      ok: false,
      errors: [
        "evidex.config.yaml: rules.redis/foo: unknown rule id (run 'evidex rules' to list them)",
        'evidex.config.yaml: rules.redis/slowlog.options.thresholdMicros: expected number, got string',
        'evidex.config.yaml: rules.redis/slowlog.options.colour: unknown option (known: thresholdMicros, severeMicros)',
      ],
    });
  });

  it('rejects unknown keys, bad priorities and bad acceptances', () => {
    const result = parseConfig(
      [
        'rulez: {}',
        'rules:',
        '  redis/slowlog: { priority: P5 }',
        'accept:',
        '  - reason: because',
        "    expires: '31/12/2025'",
      ].join('\n'),
      FILE,
    );
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContain('evidex.config.yaml: (top level): unknown key(s) rulez');
    expect(errors.some((e) => e.startsWith('evidex.config.yaml: rules.redis/slowlog'))).toBe(true);
    expect(errors).toContain('evidex.config.yaml: accept.0.expires: expected a date YYYY-MM-DD');
    expect(errors).toContain('evidex.config.yaml: accept.0: give a fingerprint or a rule (optionally with a subject)');
  });

  it('reports YAML syntax errors with the line', () => {
    const result = parseConfig('rules:\n  redis/slowlog: [off\n', FILE);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors[0]).toMatch(/^evidex\.config\.yaml:\d+: /);
  });

  it('rejects acceptances that name an unknown rule', () => {
    expect(parseConfig('accept: [{ rule: redis/nope, reason: x }]', FILE)).toEqual({
      ok: false,
      errors: ["evidex.config.yaml: accept.0.rule: unknown rule id 'redis/nope'"],
    });
  });
});
