import { defineRule } from '../define-rule.ts';
import { reportIssues } from './describe-capture.ts';

/** A capture file holding a command's error message instead of its output. */
export const evidenceErrorOutput = defineRule({
  id: 'evidence/error-output',
  title: 'Capture holds an error message',
  priority: 'P3',
  category: 'evidence',
  description: "Reports each evidence file whose content is a failed command's error (docker daemon error, redis-cli error, curl failure) instead of data.",
  fix: 'Fix the capture script line for this file (a wrong or empty argument, missing auth, a service not reachable from where the script runs) and re-capture.',
  requires: ['evidenceIssues'],
  defaults: {},
  evaluate(ctx) {
    reportIssues(ctx, 'error-output', (file, issues, c) => {
      const message = issues[0]?.message ?? '';
      const emptyArg = /value is empty|requires at least 1 argument/i.test(message);
      return {
        title: `${file} holds an error instead of ${c.what} output: ${message.slice(0, 120)}`,
        explanation:
          `The command behind ${file} failed and the file holds its error ("${message.slice(0, 200)}"), so the audit cannot see ${c.lost}. ` +
          (emptyArg
            ? 'The error says the command got an empty argument: the capture script looped over a name list that contained an empty entry (for example a blank line), so one capture ran with no container name. The other captures are not affected, but a container may be missing from the set.'
            : 'Anything this file should have shown is unknown, not fine.'),
        ...(emptyArg
          ? { fix: 'Skip empty names in the capture loop (e.g. `docker ps --format "{{.Names}}" | while read -r n; do [ -n "$n" ] || continue; docker inspect "$n" > "inspect_$n.json"; done`) and re-capture.' }
          : {}),
      };
    });
  },
});
