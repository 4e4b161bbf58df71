import { describe, expect, it } from 'vitest';
import { hostLoad } from '../../../src/core/rules/host/load.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { sampleHost } from './host-sample.ts';

describe('host/load', () => {
  it('reports nothing for the sample (0.28 / 0.36 / 0.52, cores unknown)', () => {
    const { reports, notes } = evaluateRule(hostLoad, makeAudit({ host: sampleHost() }));
    expect(reports).toEqual([]);
    expect(notes).toEqual(['host: load 0.28 / 0.36 / 0.52 (threshold: 1 or 5 min > 4, absolute, core count unknown)']);
  });

  it('judges load 4+ when the core count is unknown, citing the uptime line', () => {
    const { reports } = evaluateRule(hostLoad, makeAudit({ host: sampleHost({ load: [5.1, 3.2, 1.0] }) }));
    expect(reports.map((r) => [r.subject, r.observed, r.threshold])).toEqual([['host', 5.1, 4]]);
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/system_context.txt', startLine: 8, endLine: 8 }]);
  });

  it('judges per core when `cores` is set', () => {
    const host = sampleHost({ load: [3.5, 3.5, 3.0] });
    expect(evaluateRule(hostLoad, makeAudit({ host }), { cores: 2 }).reports.map((r) => r.threshold)).toEqual([3]);
    expect(evaluateRule(hostLoad, makeAudit({ host }), { cores: 4 }).reports).toEqual([]);
  });
});
