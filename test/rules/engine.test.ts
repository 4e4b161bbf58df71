import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/model/finding.ts';
import { defineRule, type AnyRule } from '../../src/core/rules/define-rule.ts';
import { findCollisions, fingerprint, fnv1a64, normalizeSubject } from '../../src/core/rules/fingerprint.ts';
import { rules } from '../../src/core/rules/index.ts';
import { missingFact } from '../../src/core/rules/requirements.ts';
import { compareFindings, mergeOptions, runRules } from '../../src/core/rules/run-rules.ts';
import { makeAudit, makeContainer, makeInspect } from '../helpers/audit-builder.ts';
import { blockedReader, sampleRedisAudit } from './redis/sample-redis.ts';

/** A rule reporting one finding per container, for engine behaviour. */
const perContainer = defineRule({
  id: 'test/per-container',
  title: 'Per container',
  priority: 'P2',
  category: 'availability',
  description: 'One finding per container.',
  fix: 'Default fix.',
  messages: { seen: '{{container}} seen', why: 'x' },
  requires: ['containers'],
  defaults: { limit: 10, names: { a: 1 } as Record<string, number> },
  evaluate(ctx) {
    for (const c of ctx.facts.containers.slice(0, ctx.options.limit)) {
      ctx.note(`${c.name}: seen`);
      ctx.report({
        subject: `container:${c.name}`,
        messageId: 'seen',
        explain: ['why'],
        data: { container: c.name },
        ...(c.name === 'db' ? { priority: 'P0' as const } : {}),
        evidence: c.evidence,
        links: [
          { type: 'related', ruleId: 'test/per-container', subject: 'container:web' },
          { type: 'blocked-by', ruleId: 'test/absent', subject: 'container:web' },
        ],
      });
    }
  },
});

const throwing: AnyRule = defineRule({
  id: 'test/throws',
  title: 'Throws',
  priority: 'P1',
  category: 'evidence',
  description: 'Always throws after reporting.',
  fix: 'n/a',
  messages: { partial: 'partial', why: 'x' },
  requires: [],
  defaults: {},
  evaluate(ctx) {
    ctx.report({ subject: 'host', messageId: 'partial', explain: ['why'], evidence: [] });
    throw new Error('boom');
  },
});

const audit = () =>
  makeAudit({
    bundle: { name: 't', sha256: '0', files: 1, bytes: 1, capturedAt: '2025-12-24T04:55:50.000Z' },
    containers: [makeContainer('web'), makeContainer('db'), makeContainer('cache')],
  });

describe('runRules', () => {
  it('marks a rule not-evaluated with the reason when its evidence is missing', () => {
    const { results, findings } = runRules(makeAudit(), { rules: [perContainer] });
    expect(findings).toEqual([]);
    expect(results).toEqual([
      {
        ruleId: 'test/per-container',
        status: 'not-evaluated',
        reason: "no docker ps captured (from 'docker ps -a' or 'docker inspect <container…>')",
        inputs: [],
      },
    ]);
  });

  it('contains a throwing rule: error status, its partial reports dropped, the rest still runs', () => {
    const { results, findings } = runRules(audit(), { rules: [throwing, perContainer] });
    expect(results[0]).toEqual({ ruleId: 'test/throws', status: 'error', reason: 'rule failed: boom', inputs: [] });
    expect(results[1]).toMatchObject({
      ruleId: 'test/per-container',
      status: 'fail',
      inputs: ['web: seen', 'db: seen', 'cache: seen'],
    });
    expect(findings.map((f) => f.subject)).toEqual(['container:db', 'container:cache', 'container:web']);
  });

  it('builds findings: default fix, category, fingerprint, resolved links, source', () => {
    const { findings } = runRules(audit(), { rules: [perContainer] });
    const db = findings[0]!;
    expect(db).toMatchObject({
      ruleId: 'test/per-container',
      priority: 'P0',
      category: 'availability',
      fix: 'Default fix.',
      source: 'rule',
      values: {},
    });
    expect(db.fingerprint).toBe(fingerprint('test/per-container', 'container:db'));
    // The link to a present finding resolves; the one to an absent rule is dropped; no self-links.
    expect(db.links).toEqual([{ type: 'related', fingerprint: fingerprint('test/per-container', 'container:web') }]);
    expect(findings.find((f) => f.subject === 'container:web')!.links).toEqual([]);
  });

  it('turns a rule off, and overrides priority and options from config', () => {
    expect(
      runRules(audit(), { rules: [perContainer], config: { rules: { 'test/per-container': 'off' } } }).results[0],
    ).toMatchObject({ status: 'off' });
    expect(
      runRules(audit(), { rules: [perContainer], config: { rules: { 'test/per-container': { enabled: false } } } })
        .results[0]!.status,
    ).toBe('off');
    const { findings } = runRules(audit(), {
      rules: [perContainer],
      config: { rules: { 'test/per-container': { priority: 'P3', options: { limit: 1 } } } },
    });
    expect(findings.map((f) => [f.subject, f.priority])).toEqual([['container:web', 'P3']]);
  });

  it('applies acceptances until they expire, and notes expired ones', () => {
    const config = {
      accept: [
        { rule: 'test/per-container', subject: 'container:web', reason: 'known, ticket OPS-12', expires: '2025-12-31' },
        { fingerprint: fingerprint('test/per-container', 'container:db'), reason: 'old waiver', expires: '2025-12-01' },
      ],
    };
    const { findings, results } = runRules(audit(), { rules: [perContainer], config });
    expect(findings.find((f) => f.subject === 'container:web')!.accepted).toEqual({
      reason: 'known, ticket OPS-12',
      expires: '2025-12-31',
    });
    expect(findings.find((f) => f.subject === 'container:db')!.accepted).toBeUndefined();
    expect(results[0]!.inputs).toContain(
      'container:db: acceptance expired on 2025-12-01 (now 2025-12-24), not applied: "old waiver"',
    );
    // An explicit `now` past the expiry turns the first one off too.
    const later = runRules(audit(), { rules: [perContainer], config, now: '2026-01-01T00:00:00Z' });
    expect(later.findings.every((f) => f.accepted === undefined)).toBe(true);
  });

  // Issue 11: within a priority, findings are ordered by impact (business flow, affected services, age), never
  // alphabetically by rule id or subject; category and then the fingerprint only break ties.
  it('orders findings by priority, then impact, regardless of rule order or names', () => {
    const a = runRules(audit(), { rules: [perContainer, throwing] }).findings;
    const b = runRules(audit(), { rules: [throwing, perContainer] }).findings;
    expect(a).toEqual(b);
    const f = (
      name: string,
      priority: Finding['priority'],
      category: Finding['category'],
      values: Finding['values'] = {},
    ) =>
      ({ ruleId: 'r', subject: name, title: name, fingerprint: `v1:${name}`, priority, category, values }) as Finding;
    const sorted = [
      f('a-hygiene', 'P1', 'observability'),
      f('b-security', 'P1', 'security'),
      f('z-evidence', 'P0', 'evidence'),
      f('c-side-flow', 'P1', 'data-flow', { flow: 'side' }),
      f('y-one-service', 'P1', 'availability', { container: 'web' }),
      f('x-three-services', 'P1', 'availability', { containers: 3 }),
      f('w-business-flow', 'P1', 'data-flow', { flow: 'business', stalledFor: 60 }),
      f('v-business-older', 'P1', 'data-flow', { flow: 'business', stalledFor: 3600 }),
    ].sort(compareFindings);
    expect(sorted.map((s) => s.title)).toEqual([
      'z-evidence',
      'v-business-older',
      'w-business-flow',
      'x-three-services',
      'y-one-service',
      // A side flow weighs no more than a security finding: the category breaks the tie.
      'c-side-flow',
      'b-security',
      'a-hygiene',
    ]);
  });

  it('gives replicas that normalise alike distinct fingerprints within one run', () => {
    const two = makeAudit({ containers: [makeContainer('web-1'), makeContainer('web-2')] });
    const { findings, results } = runRules(two, { rules: [perContainer] });
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2);
    expect(findCollisions(findings)).toEqual([]);
    expect(results[0]!.inputs.some((i) => i.includes("collides with 'container:web-1'"))).toBe(true);
  });

  it('runs the whole registry on a sample-shaped audit without errors or fingerprint collisions', () => {
    const sample = sampleRedisAudit({
      containers: [
        makeContainer('quantum_redis', {
          image: 'redis:7-alpine',
          inspect: makeInspect('quantum_redis', { startedAt: '2025-12-24T02:33:50.468561202Z' }),
        }),
      ],
    });
    // The sample's CLIENT LIST line 11: a reader blocked in XREADGROUP, which is what says the lagging group is
    // not being read (issue 11: stalled is judged from readers, not from the last delivery's age alone).
    sample.redis.clients = [blockedReader()];
    const { findings, results } = runRules(sample);
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
    expect(results.map((r) => r.ruleId)).toEqual(rules.map((r) => r.id));
    expect(findCollisions(findings)).toEqual([]);
    const lag = findings.find((f) => f.ruleId === 'stream/consumer-group-lag')!;
    expect(lag.priority).toBe('P0');
    expect(lag.links).toEqual([
      { type: 'related', fingerprint: findings.find((f) => f.ruleId === 'stream/pending-entries')!.fingerprint },
    ]);
  });
});

describe('mergeOptions', () => {
  it('overrides scalars and merges object options one level deep', () => {
    expect(mergeOptions({ limit: 10, names: { a: 1, b: 2 } }, { limit: 3, names: { b: 5 } })).toEqual({
      limit: 3,
      names: { a: 1, b: 5 },
    });
  });
});

describe('missingFact', () => {
  it('names the broken capture when there is one', () => {
    const a = makeAudit({
      evidenceIssues: [
        {
          file: 'raw/inspect_.json',
          kind: 'error-output',
          message: "command failed instead of capturing data: 'invalid container name or ID: value is empty'",
        },
      ],
    });
    expect(missingFact(a, 'inspect')).toBe(
      'docker inspect capture holds a command error instead of data (raw/inspect_.json: command failed ' +
        "instead of capturing data: 'invalid container name or ID: value is empty')",
    );
    expect(missingFact(a, 'slowlog')).toBe("no SLOWLOG captured (from 'redis-cli SLOWLOG GET 128')");
    expect(missingFact(makeAudit({ containers: [makeContainer('x')] }), 'containers')).toBeNull();
  });
});

describe('fingerprint', () => {
  it('is versioned 64-bit FNV-1a hex', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fingerprint('redis/slowlog', 'redis')).toMatch(/^v1:[0-9a-f]{16}$/);
  });

  it('ignores volatile parts of a subject', () => {
    const same: Array<[string, string]> = [
      ['container:quantum_web-1', 'container:Quantum_Web_2'],
      ['container:web.1.k3j5h2l4m6n7b8v9c0x1z2a3s', 'container:web.2.q9w8e7r6t5y4u3i2o1p0a9s8d'],
      ['logs:api 3f2a1b9c8d7e', 'logs:api 9a8b7c6d5e4f'],
      ['redis@10.0.0.5:6379', 'redis@10.0.0.5:6380'],
      ['file:worker pid=123', 'file:worker pid=98765'],
      ['stream:q/entry:1766550734062-1', 'stream:q/entry:1766219478937-0'],
      ['host/at:2025-12-24T04:55:13Z', 'host/at:2025-12-25T01:02:03.123+02:00'],
    ];
    for (const [a, b] of same) expect(fingerprint('r', a), `${a} vs ${b}`).toBe(fingerprint('r', b));
  });

  it('keeps what identifies the subject', () => {
    expect(normalizeSubject('stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent')).toBe(
      'stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent',
    );
    expect(normalizeSubject('mount:/dev/sda1')).toBe('mount:/dev/sda1');
    expect(fingerprint('r', 'container:web')).not.toBe(fingerprint('r', 'container:api'));
    expect(fingerprint('r', 'stream:orders')).not.toBe(fingerprint('s', 'stream:orders'));
    expect(fingerprint('r', 'stream:a/group:g1')).not.toBe(fingerprint('r', 'stream:a/group:g2'));
  });

  it('findCollisions lists distinct problems sharing a fingerprint', () => {
    const f = (ruleId: string, subject: string, fp: string) => ({ ruleId, subject, fingerprint: fp });
    expect(
      findCollisions([f('a', 'x', 'v1:1'), f('a', 'x', 'v1:1'), f('a', 'y', 'v1:1'), f('b', 'z', 'v1:2')]),
    ).toEqual([{ fingerprint: 'v1:1', subjects: ['a x', 'a y'] }]);
  });
});

describe('one finding per fingerprint', () => {
  it('merges the same rule reporting the same subject twice, keeping the evidence of both', () => {
    const twice = defineRule({
      id: 'test/twice',
      title: 'Twice',
      priority: 'P2',
      category: 'evidence',
      description: 'Reports one subject twice, as a capture read twice would.',
      fix: 'n/a',
      requires: [],
      defaults: {},
      messages: { seen: 'seen' },
      evaluate(ctx) {
        ctx.report({ subject: 'host', messageId: 'seen', data: {}, evidence: [{ file: 'a.txt', startLine: 1 }] });
        ctx.report({ subject: 'host', messageId: 'seen', data: {}, evidence: [{ file: 'b.txt', startLine: 1 }] });
      },
    });
    const { findings } = runRules(makeAudit(), { rules: [twice] });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence.map((e) => e.file)).toEqual(['a.txt', 'b.txt']);
  });
});
