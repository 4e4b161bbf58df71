import { describe, expect, it } from 'vitest';
import { containerOomKilled } from '../../../src/core/rules/container/oom-killed.ts';
import { evaluateRule, makeAudit, makeContainer } from '../../helpers/audit-builder.ts';
import { sampleFleet, sampleInspect } from './sample-fleet.ts';

describe('container/oom-killed', () => {
  it('reports an inspected container with State.OOMKilled true', () => {
    const c = makeContainer('quantum_ai_engine', { inspect: sampleInspect('quantum_ai_engine', { oomKilled: true }) });
    const { reports } = evaluateRule(containerOomKilled, makeAudit({ containers: [c] }));
    expect(reports.map((r) => [r.subject, r.observed])).toEqual([['container:quantum_ai_engine', true]]);
    expect(reports[0]?.title).toContain('no memory limit');
    expect(reports[0]?.evidence.map((e) => e.pointer)).toEqual([
      undefined,
      '/0/State/OOMKilled',
      '/0/HostConfig/Memory',
    ]);
  });

  it('reports nothing on the sample (all five inspected containers have OOMKilled false)', () => {
    const { reports, notes } = evaluateRule(containerOomKilled, makeAudit({ containers: sampleFleet() }));
    expect(reports).toEqual([]);
    expect(notes).toHaveLength(5);
  });
});
