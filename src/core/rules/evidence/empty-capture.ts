import { defineRule } from '../define-rule.ts';
import { fileNamesContainer, neverStarted } from '../container/container-support.ts';
import { reportIssues } from './describe-capture.ts';

/** A capture file that holds nothing. */
export const evidenceEmptyCapture = defineRule({
  id: 'evidence/empty-capture',
  title: 'Empty capture',
  priority: 'P3',
  category: 'evidence',
  description:
    'Reports each evidence file that is empty (or whitespace only), and says what the audit therefore could ' +
    'not see.',
  fix:
    'Re-run the capture command by hand on the host to see whether it prints nothing or fails; if "nothing" is ' +
    'a valid answer, have the script write a marker such as "(empty)" so absence is explicit.',
  messages: {
    empty: '{{What}} capture is empty: {{file}}',
    cannotSee: [
      '{{file}} is empty, so the audit cannot see {{lost}}. An empty file can mean the command printed nothing because',
      'there was nothing to report, or that it failed, was skipped, or wrote to another file: the bundle alone cannot',
      'tell which, so treat the topic as not audited.',
    ],
    neverRan: [
      '{{file}} is empty because {{container}} was created and never started: a container that never ran has',
      'written no log. The capture worked; see container/never-started.',
    ],
  },
  requires: ['evidenceIssues'],
  uses: ['containers'],
  defaults: {},
  evaluate(ctx) {
    const never = (ctx.facts.containers ?? []).filter(neverStarted);
    reportIssues(ctx, 'empty-capture', (file) => {
      // The longest matching name wins: 'logs_shop_api_v2.txt' is shop_api_v2's, not shop_api's.
      const c = never.filter((n) => fileNamesContainer(file, n.name)).sort((a, b) => b.name.length - a.name.length)[0];
      return c !== undefined
        ? { messageId: 'empty', explain: ['neverRan'], data: { container: c.name } }
        : { messageId: 'empty', explain: ['cannotSee'] };
    });
  },
});
