import { describe, expect, it } from 'vitest';
import { containerRecentRestarts } from '../../../src/core/rules/container/recent-restarts.ts';
import { evaluateRule, makeAudit, makeContainer } from '../../helpers/audit-builder.ts';
import { SAMPLE_CAPTURED_AT, SAMPLE_HOST_UPTIME, sampleFleet } from './sample-fleet.ts';

const sampleAudit = () =>
  makeAudit({
    bundle: {
      name: 'quantum-trader-2025-12-24',
      sha256: '0'.repeat(64),
      files: 24,
      bytes: 0,
      capturedAt: SAMPLE_CAPTURED_AT,
    },
    host: {
      uptimeSeconds: SAMPLE_HOST_UPTIME,
      load: [0.28, 0.36, 0.52],
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
    containers: sampleFleet(),
  });

describe('container/recent-restarts', () => {
  it('groups the four recently restarted containers of the sample into one P2 finding', () => {
    const { reports } = evaluateRule(containerRecentRestarts, sampleAudit());
    expect(reports).toHaveLength(1);
    const r = reports[0];
    expect(r?.subject).toBe('containers:recent-restarts');
    expect(r?.priority ?? containerRecentRestarts.priority).toBe('P2');
    expect(r?.observed).toBe(4);
    // inspect StartedAt vs capture time for the inspected ones, ps 'Up 6 minutes' for the publisher
    expect(r?.values).toMatchObject({
      quantum_backend: 408,
      quantum_market_publisher: 360,
      quantum_trading_bot: 1656,
      quantum_ai_engine: 2477,
      fleetMedianSeconds: 7200,
      hostUptimeSeconds: SAMPLE_HOST_UPTIME,
      fleetRestarted: true,
      'fleet.quantum_redis': 8571,
    });
    expect(r?.title).toBe(
      '4 container(s) restarted minutes before capture: quantum_market_publisher (6 min), quantum_backend ' +
        '(6 min 48 s), quantum_trading_bot (27 min 36 s), quantum_ai_engine (41 min 17 s)',
    );
    expect(r?.evidence).toContainEqual({ file: 'raw/docker_ps.txt', startLine: 3, endLine: 3 });
    expect(r?.evidence).toContainEqual({
      file: 'raw/inspect_quantum_backend.json',
      startLine: 1,
      endLine: 419,
      pointer: '/0/State/StartedAt',
    });
    expect(r?.evidence).toContainEqual({ file: 'raw/system_context.txt', startLine: 8, endLine: 8 });
    expect(r?.explanation).toContain('quantum_redis 2 h 22 min before capture');
  });

  it('uses ps ages when there is no capture time or inspect', () => {
    const containers = ['a', 'b', 'c', 'd'].map((n) => makeContainer(n, { statusAgeSeconds: 7200 }));
    containers.push(makeContainer('e', { status: 'Up 3 minutes', statusAgeSeconds: 180 }));
    const { reports } = evaluateRule(containerRecentRestarts, makeAudit({ containers }));
    expect(reports.map((r) => [r.subject, r.values?.['e']])).toEqual([['containers:recent-restarts', 180]]);
  });

  it('reports nothing when the fleet is uniformly old and the host recent', () => {
    const containers = ['a', 'b', 'c', 'd'].map((n) => makeContainer(n, { statusAgeSeconds: 86400 * 3 }));
    const audit = makeAudit({ containers, host: { uptimeSeconds: 86400 * 4, disks: [], evidence: [] } });
    expect(evaluateRule(containerRecentRestarts, audit).reports).toEqual([]);
  });

  it('reports a whole-stack restart at P3 when no container stands out', () => {
    const containers = ['a', 'b', 'c', 'd'].map((n) => makeContainer(n, { statusAgeSeconds: 7200 }));
    const audit = makeAudit({
      containers,
      host: {
        uptimeSeconds: SAMPLE_HOST_UPTIME,
        disks: [],
        uptimeEvidence: { file: 'raw/system_context.txt', startLine: 8, endLine: 8 },
        evidence: [{ file: 'raw/system_context.txt', startLine: 8, endLine: 8 }],
      },
    });
    const { reports } = evaluateRule(containerRecentRestarts, audit);
    expect(reports.map((r) => [r.subject, r.priority])).toEqual([['containers:recent-restarts', 'P3']]);
  });

  it('does not compare a fleet of two', () => {
    const containers = [makeContainer('a', { statusAgeSeconds: 7200 }), makeContainer('b', { statusAgeSeconds: 60 })];
    expect(evaluateRule(containerRecentRestarts, makeAudit({ containers })).reports).toEqual([]);
  });
});
