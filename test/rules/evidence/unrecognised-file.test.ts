import { describe, expect, it } from 'vitest';
import { evidenceUnrecognisedFile } from '../../../src/core/rules/evidence/unrecognised-file.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { SAMPLE_ISSUES } from './evidence-sample.ts';

describe('evidence/unrecognised-file', () => {
  it('reports each unrecognised file once, even with several issues', () => {
    const issues = [
      { file: 'raw/netstat.txt', kind: 'unrecognised' as const, message: 'no parser recognised this content' },
      { file: 'raw/netstat.txt', kind: 'unrecognised' as const, message: 'second section not recognised', line: 40 },
    ];
    const { reports } = evaluateRule(
      evidenceUnrecognisedFile,
      makeAudit({ evidenceIssues: [...SAMPLE_ISSUES, ...issues] }),
    );
    expect(
      reports.map((r) => [r.subject, r.priority ?? evidenceUnrecognisedFile.priority, r.values?.['issues']]),
    ).toEqual([['file:raw/netstat.txt', 'P3', 2]]);
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/netstat.txt', startLine: 40, endLine: 40 }]);
  });

  it('reports nothing for the sample issues (none unrecognised)', () => {
    expect(evaluateRule(evidenceUnrecognisedFile, makeAudit({ evidenceIssues: SAMPLE_ISSUES })).reports).toEqual([]);
  });
});
