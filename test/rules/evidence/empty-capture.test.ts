import { describe, expect, it } from 'vitest';
import { evidenceEmptyCapture } from '../../../src/core/rules/evidence/empty-capture.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { SAMPLE_FILES, SAMPLE_ISSUES } from './evidence-sample.ts';

describe('evidence/empty-capture', () => {
  it('reports compose_files.txt and redis_slowlog.txt, one P3 finding per file', () => {
    const { reports } = evaluateRule(
      evidenceEmptyCapture,
      makeAudit({ evidenceIssues: SAMPLE_ISSUES, files: SAMPLE_FILES }),
    );
    expect(reports.map((r) => [r.subject, r.priority ?? evidenceEmptyCapture.priority, r.observed])).toEqual([
      ['file:raw/compose_files.txt', 'P3', 'empty-capture'],
      ['file:raw/redis_slowlog.txt', 'P3', 'empty-capture'],
    ]);
    expect(reports[1]?.title).toBe('SLOWLOG capture is empty: raw/redis_slowlog.txt');
    expect(reports[1]?.explanation).toContain("cannot tell 'no slow commands' from 'not captured'");
    expect(reports[1]?.evidence).toEqual([{ file: 'raw/redis_slowlog.txt', startLine: 1, endLine: 1 }]);
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/compose_files.txt' }]);
  });

  it('reports nothing without empty-capture issues', () => {
    const issues = SAMPLE_ISSUES.filter((i) => i.kind !== 'empty-capture');
    expect(evaluateRule(evidenceEmptyCapture, makeAudit({ evidenceIssues: issues })).reports).toEqual([]);
  });
});
