import { describe, expect, it } from 'vitest';
import { hostMemoryPressure } from '../../../src/core/rules/host/memory-pressure.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { sampleHost, sampleMemory } from './host-sample.ts';

const GiB = 1024 ** 3;

describe('host/memory-pressure', () => {
  it('reports the sample host (12Gi of 15Gi = 80%) at P2, citing the free lines', () => {
    const { reports, notes } = evaluateRule(hostMemoryPressure, makeAudit({ host: sampleHost() }));
    expect(reports.map((r) => [r.subject, r.priority, r.observed, r.threshold])).toEqual([['host', 'P2', 80, 80]]);
    expect(reports[0]?.values).toMatchObject({ usedPercent: 80, availablePercent: 18.7, precision: 'rounded' });
    expect(reports[0]?.title).toBe('Host memory 80% used: 12 GiB of 15 GiB, 2.8 GiB available');
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/system_context.txt', startLine: 10, endLine: 12 }]);
    expect(notes[0]).toContain('used 12 GiB / 15 GiB = 80%');
  });

  it('raises to P1 at 90% used', () => {
    const host = sampleHost({ memory: sampleMemory({ usedBytes: 14 * GiB, availableBytes: 1 * GiB }) });
    expect(evaluateRule(hostMemoryPressure, makeAudit({ host })).reports[0]?.priority).toBe('P1');
  });

  it('reports nothing at 50% used with half available', () => {
    const host = sampleHost({ memory: sampleMemory({ usedBytes: 7.5 * GiB, availableBytes: 7.5 * GiB }) });
    expect(evaluateRule(hostMemoryPressure, makeAudit({ host })).reports).toEqual([]);
  });
});
