import { describe, expect, it } from 'vitest';
import { containerHighRestartCount } from '../../../src/core/rules/container/high-restart-count.ts';
import { evaluateRule, makeAudit, makeContainer } from '../../helpers/audit-builder.ts';
import { sampleFleet, sampleInspect } from './sample-fleet.ts';

describe('container/high-restart-count', () => {
  it('reports 3+ restarts as P2 and 10+ as P1', () => {
    const containers = [
      makeContainer('quantum_backend', { inspect: sampleInspect('quantum_backend', { restartCount: 4 }) }),
      makeContainer('quantum_ai_engine', { inspect: sampleInspect('quantum_ai_engine', { restartCount: 12 }) }),
    ];
    const { reports } = evaluateRule(containerHighRestartCount, makeAudit({ containers }));
    expect(reports.map((r) => [r.subject, r.priority, r.observed, r.threshold])).toEqual([
      ['container:quantum_backend', 'P2', 4, 3],
      ['container:quantum_ai_engine', 'P1', 12, 10],
    ]);
    expect(reports[0]?.evidence.at(-1)).toEqual({
      file: 'raw/inspect_quantum_backend.json',
      startLine: 1,
      endLine: 419,
      pointer: '/0/RestartCount',
    });
  });

  it('reports nothing on the sample (RestartCount 0 everywhere)', () => {
    expect(evaluateRule(containerHighRestartCount, makeAudit({ containers: sampleFleet() })).reports).toEqual([]);
  });
});
