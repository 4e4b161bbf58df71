import { describe, expect, it } from 'vitest';
import { evidenceValuesWithoutKeys } from '../../../src/core/rules/evidence/values-without-keys.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { SAMPLE_ISSUES } from './evidence-sample.ts';

describe('evidence/values-without-keys', () => {
  it('reports redis_streams_lengths.txt (bare XLEN numbers)', () => {
    const { reports } = evaluateRule(evidenceValuesWithoutKeys, makeAudit({ evidenceIssues: SAMPLE_ISSUES }));
    expect(reports.map((r) => [r.subject, r.priority ?? evidenceValuesWithoutKeys.priority, r.observed])).toEqual([
      ['file:raw/redis_streams_lengths.txt', 'P3', 'values-without-keys'],
    ]);
    expect(reports[0]?.values).toMatchObject({ capture: 'stream lengths', issues: 1 });
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/redis_streams_lengths.txt', startLine: 1, endLine: 1 }]);
  });

  it('reports nothing when lengths carry their keys', () => {
    expect(evaluateRule(evidenceValuesWithoutKeys, makeAudit({ evidenceIssues: [] })).reports).toEqual([]);
  });
});
