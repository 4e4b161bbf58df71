import { describe, expect, it } from 'vitest';
import type { HealthCheck } from '../../../src/core/model/health.ts';
import { healthEndpointNotOk } from '../../../src/core/rules/health/endpoint-not-ok.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';

// The three health captures of the sample: bare JSON bodies (curl -s), one line each.
const sampleHealth = (): HealthCheck[] => [
  {
    name: 'ai-engine-service',
    file: 'raw/http_health_ai_engine.txt',
    container: 'quantum_ai_engine',
    status: 'OK',
    ok: true,
    dependencies: [
      { name: 'redis', status: 'OK' },
      { name: 'eventbus', status: 'OK' },
      {
        name: 'risk_safety_service',
        status: 'N/A',
        detail: 'Risk-Safety Service integration pending Exit Brain v3 fix',
      },
    ],
    evidence: { file: 'raw/http_health_ai_engine.txt', startLine: 1, endLine: 1 },
  },
  {
    name: 'backend',
    file: 'raw/http_health_backend.txt',
    container: 'quantum_backend',
    status: 'ok',
    ok: true,
    dependencies: [],
    evidence: { file: 'raw/http_health_backend.txt', startLine: 1, endLine: 1 },
  },
  {
    name: 'trading-bot',
    file: 'raw/http_health_trading_bot.txt',
    container: 'quantum_trading_bot',
    status: 'OK',
    ok: true,
    dependencies: [],
    evidence: { file: 'raw/http_health_trading_bot.txt', startLine: 1, endLine: 1 },
  },
];

describe('health/endpoint-not-ok', () => {
  it('reports nothing for the sample: all three bodies say OK', () => {
    const { reports, notes } = evaluateRule(healthEndpointNotOk, makeAudit({ health: sampleHealth() }));
    expect(reports).toEqual([]);
    expect(notes).toEqual([
      'ai-engine-service: ok true, HTTP n/a, status OK (threshold: ok, HTTP < 400)',
      'backend: ok true, HTTP n/a, status ok (threshold: ok, HTTP < 400)',
      'trading-bot: ok true, HTTP n/a, status OK (threshold: ok, HTTP < 400)',
    ]);
  });

  it('reports HTTP 503 as P0 and a degraded 200 body as P1', () => {
    const [ai, backend] = sampleHealth();
    const checks: HealthCheck[] = [
      {
        ...ai!,
        ok: false,
        httpStatus: 503,
        status: 'error',
        evidence: { file: 'raw/http_health_ai_engine.txt', startLine: 1, endLine: 12 },
      },
      { ...backend!, ok: false, httpStatus: 200, status: 'degraded' },
    ];
    const { reports } = evaluateRule(healthEndpointNotOk, makeAudit({ health: checks }));
    expect(reports.map((r) => [r.subject, r.priority, r.observed])).toEqual([
      ['health:ai-engine-service', 'P0', 503],
      ['health:backend', 'P1', 200],
    ]);
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/http_health_ai_engine.txt', startLine: 1, endLine: 12 }]);
  });

  it('reports an endpoint that did not answer as unreachable (P0)', () => {
    const check: HealthCheck = {
      name: 'trading-bot',
      file: 'raw/http_health_trading_bot.txt',
      ok: false,
      dependencies: [],
      evidence: { file: 'raw/http_health_trading_bot.txt', startLine: 1, endLine: 1 },
    };
    const { reports } = evaluateRule(healthEndpointNotOk, makeAudit({ health: [check] }));
    expect(reports.map((r) => [r.subject, r.priority, r.observed])).toEqual([
      ['health:trading-bot', 'P0', 'unreachable'],
    ]);
  });
});
