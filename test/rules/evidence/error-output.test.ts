import { describe, expect, it } from 'vitest';
import { evidenceErrorOutput } from '../../../src/core/rules/evidence/error-output.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { SAMPLE_ISSUES } from './evidence-sample.ts';

describe('evidence/error-output', () => {
  it('reports inspect_.json (docker error on line 2) and explains the empty container name', () => {
    const { reports } = evaluateRule(evidenceErrorOutput, makeAudit({ evidenceIssues: SAMPLE_ISSUES }));
    expect(reports.map((r) => [r.subject, r.priority ?? evidenceErrorOutput.priority])).toEqual([
      ['file:raw/inspect_.json', 'P3'],
    ]);
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/inspect_.json', startLine: 2, endLine: 2 }]);
    expect(reports[0]?.values).toMatchObject({
      capture: 'docker inspect',
      message: 'invalid container name or ID: value is empty',
    });
    expect(reports[0]?.fix).toContain('[ -n "$n" ] || continue');
  });

  it('reports nothing without error-output issues', () => {
    expect(
      evaluateRule(
        evidenceErrorOutput,
        makeAudit({ evidenceIssues: SAMPLE_ISSUES.filter((i) => i.kind !== 'error-output') }),
      ).reports,
    ).toEqual([]);
  });
});
