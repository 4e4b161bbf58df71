import { defineRule } from '../define-rule.ts';
import { reportIssues } from './describe-capture.ts';

/** A capture file that holds nothing. */
export const evidenceEmptyCapture = defineRule({
  id: 'evidence/empty-capture',
  title: 'Empty capture',
  priority: 'P3',
  category: 'evidence',
  description: 'Reports each evidence file that is empty (or whitespace only), and says what the audit therefore could not see.',
  fix: 'Re-run the capture command by hand on the host to see whether it prints nothing or fails; if "nothing" is a valid answer, have the script write a marker such as "(empty)" so absence is explicit.',
  messages: {
    empty: '{{What}} capture is empty: {{file}}',
    cannotSee: [
      '{{file}} is empty, so the audit cannot see {{lost}}. An empty file can mean the command printed nothing because',
      'there was nothing to report, or that it failed, was skipped, or wrote to another file: the bundle alone cannot',
      'tell which, so treat the topic as not audited.',
    ],
  },
  requires: ['evidenceIssues'],
  defaults: {},
  evaluate(ctx) {
    reportIssues(ctx, 'empty-capture', () => ({ messageId: 'empty', explain: ['cannotSee'] }));
  },
});
