import { defineRule } from '../define-rule.ts';
import { reportIssues } from './describe-capture.ts';

/** A capture with numbers but not the names they belong to. */
export const evidenceValuesWithoutKeys = defineRule({
  id: 'evidence/values-without-keys',
  title: 'Values captured without their keys',
  priority: 'P3',
  category: 'evidence',
  description: 'Reports each evidence file that holds bare values (for example XLEN results) without the key names they belong to.',
  fix: 'Print the key next to each value in the capture script, e.g. `for k in $(redis-cli --scan --type stream); do echo "$k $(redis-cli XLEN "$k")"; done`.',
  requires: ['evidenceIssues'],
  defaults: {},
  evaluate(ctx) {
    reportIssues(ctx, 'values-without-keys', (file, issues, c) => ({
      title: `${file} has ${issues.length > 1 ? `${issues.length} values` : 'values'} without key names`,
      explanation:
        `${file} lists values but not what they belong to (${issues[0]?.message ?? 'no key names'}), so the audit cannot tell ${c.lost}. ` +
        'Guessing by position (same order as another list) is unsafe: key order from KEYS/SCAN is not stable, so a large backlog could be blamed on the wrong stream.',
    }));
  },
});
