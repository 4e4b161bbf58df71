import { describe, expect, it } from 'vitest';
import { redisRecentRestart } from '../../../src/core/rules/redis/recent-restart.ts';
import { NotEvaluated } from '../../../src/core/rules/requirements.ts';
import { runRules } from '../../../src/core/rules/run-rules.ts';
import { evaluateRule, makeAudit, makeContainer, makeInspect } from '../../helpers/audit-builder.ts';

const HOST_UP = 6 * 86400 + 12 * 3600 + 34 * 60; // 'up 6 days, 12:34'

/** The sample: quantum_redis and quantum_risk_safety started 02:33:50Z, capture ≈ 04:55:50Z, host up 6 days. */
function sample(hostUptime = HOST_UP) {
  return makeAudit({
    bundle: {
      name: 'quantum-trader-2025-12-24',
      sha256: '0'.repeat(64),
      files: 25,
      bytes: 1,
      capturedAt: '2025-12-24T04:55:50.000Z',
      capturedAtSource: 'health probe',
    },
    host: {
      uptimeSeconds: hostUptime,
      hostname: 'quantumtrader-prod-1',
      os: 'Ubuntu 24.04.3 LTS',
      disks: [],
      uptimeEvidence: { file: 'raw/system_context.txt', startLine: 8, endLine: 8 },
      evidence: [
        { file: 'raw/system_context.txt', startLine: 1, endLine: 1 },
        { file: 'raw/system_context.txt', startLine: 3, endLine: 6 },
        { file: 'raw/system_context.txt', startLine: 8, endLine: 8 },
      ],
    },
    containers: [
      makeContainer('quantum_trading_bot', {
        inspect: makeInspect('quantum_trading_bot', { startedAt: '2025-12-24T04:29:06.098376518Z' }),
      }),
      makeContainer('quantum_redis', {
        image: 'redis:7-alpine',
        inspect: makeInspect('quantum_redis', {
          image: 'sha256:ee64a64eaab6',
          startedAt: '2025-12-24T02:33:50.468561202Z',
          restartCount: 0,
        }),
      }),
      makeContainer('quantum_risk_safety', {
        inspect: makeInspect('quantum_risk_safety', { startedAt: '2025-12-24T02:33:50.234419683Z' }),
      }),
    ],
  });
}

describe('redis/recent-restart', () => {
  it('reports the sample: Redis up 2h 22m while the host was up 6 days, P2', () => {
    const { reports } = evaluateRule(redisRecentRestart, sample());
    expect(reports).toHaveLength(1);
    const r = reports[0]!;
    expect(r.subject).toBe('redis');
    expect(r.priority).toBe('P2');
    expect(r.observed).toBe(8520);
    expect(r.values).toMatchObject({
      container: 'quantum_redis',
      restartCount: 0,
      hostUptimeSeconds: HOST_UP,
      startedTogetherWith: 'quantum_risk_safety',
      startedAt: '2025-12-24T02:33:50.468561202Z',
    });
    expect(r.title).toBe(
      'Redis restarted 2 h 22 min before the capture (2025-12-24 02:33:50 UTC) while the host was up 6 d 12 h',
    );
    expect(r.evidence).toEqual([
      { file: 'raw/inspect_quantum_redis.json', startLine: 1, endLine: 100, pointer: '/0/State/StartedAt' },
      { file: 'raw/system_context.txt', startLine: 8, endLine: 8 },
    ]);
  });

  it('lowers to P3 when the host booted with Redis', () => {
    const { reports } = evaluateRule(redisRecentRestart, sample(9000));
    expect(reports[0]!.priority).toBe('P3');
  });

  it('prefers INFO server uptime and passes on a long-running Redis', () => {
    const audit = sample();
    audit.redis.uptimeSeconds = 40 * 86400;
    const { reports, notes } = evaluateRule(redisRecentRestart, audit);
    expect(reports).toEqual([]);
    expect(notes[0]).toContain('INFO server uptime_in_seconds');
  });

  it('is not evaluated without INFO server or a Redis container', () => {
    const audit = makeAudit({ containers: [makeContainer('web')] });
    expect(() => evaluateRule(redisRecentRestart, audit)).toThrow(NotEvaluated);
    const { results } = runRules(audit, { rules: [redisRecentRestart] });
    expect(results[0]).toMatchObject({
      status: 'not-evaluated',
      reason: 'no Redis uptime: INFO server not captured and no Redis container found',
    });
  });
});
