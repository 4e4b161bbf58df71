import { describe, expect, it } from 'vitest';
import { evidenceParseFailure } from '../../../src/core/rules/evidence/parse-failure.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { SAMPLE_ISSUES } from './evidence-sample.ts';

describe('evidence/parse-failure', () => {
  it('reports a truncated inspect file, citing the failing line', () => {
    const issue = {
      file: 'raw/inspect_quantum_redis.json',
      kind: 'parse-failure' as const,
      message: 'JSON ends unexpectedly',
      line: 317,
    };
    const { reports } = evaluateRule(evidenceParseFailure, makeAudit({ evidenceIssues: [...SAMPLE_ISSUES, issue] }));
    expect(reports.map((r) => [r.subject, r.priority ?? evidenceParseFailure.priority])).toEqual([
      ['file:raw/inspect_quantum_redis.json', 'P3'],
    ]);
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/inspect_quantum_redis.json', startLine: 317, endLine: 317 }]);
    expect(reports[0]?.values).toMatchObject({ capture: 'docker inspect', message: 'JSON ends unexpectedly' });
  });

  it('reports nothing for the sample issues (none are parse failures)', () => {
    expect(evaluateRule(evidenceParseFailure, makeAudit({ evidenceIssues: SAMPLE_ISSUES })).reports).toEqual([]);
  });
});
