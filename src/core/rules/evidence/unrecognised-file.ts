import { defineRule } from '../define-rule.ts';
import { reportIssues } from './describe-capture.ts';

/** A file in the bundle that no parser understood. */
export const evidenceUnrecognisedFile = defineRule({
  id: 'evidence/unrecognised-file',
  title: 'Unrecognised evidence file',
  priority: 'P3',
  category: 'evidence',
  description: 'Reports each evidence file that no parser recognised, so its content did not reach any rule.',
  fix:
    'Check what command produced the file; capture it in a supported format (see `evidex kinds`) or drop it ' +
    'from the bundle.',
  messages: {
    unrecognised: '{{file}} was not recognised and was not analysed',
    unchecked: [
      'No parser recognised the content of {{file}} ({{reason}}), so nothing in it was checked. If it holds something',
      'important (a config file, another command output), problems in it are invisible to this audit.',
    ],
  },
  requires: ['evidenceIssues'],
  defaults: {},
  evaluate(ctx) {
    reportIssues(ctx, 'unrecognised', (_file, issues) => ({
      messageId: 'unrecognised',
      explain: ['unchecked'],
      data: { reason: issues[0]?.message ?? 'unknown format' },
    }));
  },
});
