import { describe, expect, it } from 'vitest';
import { hostNoSwap } from '../../../src/core/rules/host/no-swap.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { sampleHost, sampleMemory } from './host-sample.ts';

const GiB = 1024 ** 3;

describe('host/no-swap', () => {
  it('reports the sample (Swap 0B while 80% of memory is used) at P3', () => {
    const { reports } = evaluateRule(hostNoSwap, makeAudit({ host: sampleHost() }));
    expect(reports.map((r) => [r.subject, r.priority ?? hostNoSwap.priority, r.observed])).toEqual([['host', 'P3', 0]]);
    expect(reports[0]?.values).toMatchObject({ usedPercent: 80 });
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/system_context.txt', startLine: 10, endLine: 12 }]);
  });

  it('only notes a missing swap when memory is not under pressure', () => {
    const host = sampleHost({ memory: sampleMemory({ usedBytes: 6 * GiB }) });
    const { reports, notes } = evaluateRule(hostNoSwap, makeAudit({ host }));
    expect(reports).toEqual([]);
    expect(notes).toContain('host: no swap, but memory is not under pressure: not reported');
  });

  it('reports nothing when swap exists', () => {
    const host = sampleHost({ memory: sampleMemory({ swapTotalBytes: 4 * GiB }) });
    expect(evaluateRule(hostNoSwap, makeAudit({ host })).reports).toEqual([]);
  });
});
