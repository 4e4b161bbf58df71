import { defineRule } from '../define-rule.ts';
import { reportIssues } from './describe-capture.ts';

/** A capture file holding a command's error message instead of its output. */
export const evidenceErrorOutput = defineRule({
  id: 'evidence/error-output',
  title: 'Capture holds an error message',
  priority: 'P3',
  category: 'evidence',
  description:
    "Reports each evidence file whose content is a failed command's error (docker daemon error, redis-cli " +
    'error, curl failure) instead of data.',
  fix:
    'Fix the capture script line for this file (a wrong or empty argument, missing auth, a service not ' +
    'reachable from where the script runs) and re-capture.',
  messages: {
    error: '{{file}} holds an error instead of {{what}} output: {{headline}}',
    failed: [
      'The command behind {{file}} failed and the file holds its error ("{{quoted}}"), so the audit cannot see',
      '{{lost}}.',
    ],
    emptyArgument: [
      'The error says the command got an empty argument: the capture script looped over a name list that contained an',
      'empty entry (for example a blank line), so one capture ran with no container name. The other captures are not',
      'affected, but a container may be missing from the set.',
    ],
    unknown: 'Anything this file should have shown is unknown, not fine.',
    fixLoop: [
      'Skip empty names in the capture loop (e.g. `docker ps --format "{{.Names}}" | while read -r n; do [ -n "$n" ]',
      '|| continue; docker inspect "$n" > "inspect_$n.json"; done`) and re-capture.',
    ],
  },
  requires: ['evidenceIssues'],
  defaults: {},
  evaluate(ctx) {
    reportIssues(ctx, 'error-output', (_file, issues) => {
      const message = issues[0]?.message ?? '';
      const emptyArg = /value is empty|requires at least 1 argument/i.test(message);
      return {
        messageId: 'error',
        explain: ['failed', emptyArg ? 'emptyArgument' : 'unknown'],
        ...(emptyArg ? { fixId: 'fixLoop' as const } : {}),
        data: { headline: message.slice(0, 120), quoted: message.slice(0, 200) },
      };
    });
  },
});
