import { defineRule } from '../define-rule.ts';
import { reportIssues } from './describe-capture.ts';

/** A capture with numbers but not the names they belong to. */
export const evidenceValuesWithoutKeys = defineRule({
  id: 'evidence/values-without-keys',
  title: 'Values captured without their keys',
  priority: 'P3',
  category: 'evidence',
  description:
    'Reports each evidence file that holds bare values (for example XLEN results) without the key names they ' +
    'belong to.',
  fix:
    'Print the key next to each value in the capture script, e.g. `for k in $(redis-cli --scan --type stream); ' +
    'do echo "$k $(redis-cli XLEN "$k")"; done`.',
  messages: {
    values: '{{file}} has values without key names',
    countedValues: '{{file}} has {{count}} values without key names',
    unnamed: [
      '{{file}} lists values but not what they belong to ({{reason}}), so the audit cannot tell {{lost}}. Guessing by',
      'position (same order as another list) is unsafe: key order from KEYS/SCAN is not stable, so a large backlog',
      'could be blamed on the wrong stream.',
    ],
  },
  requires: ['evidenceIssues'],
  defaults: {},
  evaluate(ctx) {
    reportIssues(ctx, 'values-without-keys', (_file, issues) => ({
      messageId: issues.length > 1 ? 'countedValues' : 'values',
      explain: ['unnamed'],
      data: { count: issues.length, reason: issues[0]?.message ?? 'no key names' },
    }));
  },
});
