import { defineRule } from '../define-rule.ts';
import { reportIssues } from './describe-capture.ts';

/** A recognised file that could not be parsed (fully). */
export const evidenceParseFailure = defineRule({
  id: 'evidence/parse-failure',
  title: 'Evidence file could not be parsed',
  priority: 'P3',
  category: 'evidence',
  description: 'Reports each evidence file that was recognised but failed to parse, so some or all of its facts are missing from the audit.',
  fix: 'Look at the cited line: re-capture if the file is truncated or mixed with other output; otherwise report the format variant so the parser can learn it.',
  requires: ['evidenceIssues'],
  defaults: {},
  evaluate(ctx) {
    reportIssues(ctx, 'parse-failure', (file, issues, c) => ({
      title: `${file} could not be parsed: ${(issues[0]?.message ?? '').slice(0, 120)}`,
      explanation:
        `${file} looks like ${c.what} output but could not be read${issues[0]?.line !== undefined ? ` at line ${issues[0].line}` : ''} ("${issues[0]?.message ?? ''}"). ` +
        `Facts from the unreadable part are missing, so the audit may not see ${c.lost}; rules that need them report 'not evaluated' or judge only what was read.`,
    }));
  },
});
