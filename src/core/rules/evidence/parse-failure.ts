import { defineRule } from '../define-rule.ts';
import { reportIssues } from './describe-capture.ts';

/** A recognised file that could not be parsed (fully). */
export const evidenceParseFailure = defineRule({
  id: 'evidence/parse-failure',
  title: 'Evidence file could not be parsed',
  priority: 'P3',
  category: 'evidence',
  description:
    'Reports each evidence file that was recognised but failed to parse, so some or all of its facts are ' +
    'missing from the audit.',
  fix:
    'Look at the cited line: re-capture if the file is truncated or mixed with other output; otherwise report ' +
    'the format variant so the parser can learn it.',
  messages: {
    unparsed: '{{file}} could not be parsed: {{headline}}',
    unreadable: '{{file}} looks like {{what}} output but could not be read ("{{message}}").',
    unreadableAt: '{{file}} looks like {{what}} output but could not be read at line {{line}} ("{{message}}").',
    missing: [
      "Facts from the unreadable part are missing, so the audit may not see {{lost}}; rules that need them report 'not",
      "evaluated' or judge only what was read.",
    ],
  },
  requires: ['evidenceIssues'],
  defaults: {},
  evaluate(ctx) {
    reportIssues(ctx, 'parse-failure', (_file, issues) => ({
      messageId: 'unparsed',
      explain: [issues[0]?.line !== undefined ? 'unreadableAt' : 'unreadable', 'missing'],
      data: { headline: (issues[0]?.message ?? '').slice(0, 120) },
    }));
  },
});
