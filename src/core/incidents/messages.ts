// The sentences incident formation adds to a finding's explanation, as templates rendered by the one
// message formatter (format/message.ts), like a rule's messages: the words live here, the data comes
// from the findings and the model.
import type { Finding } from '../model/finding.ts';
import { type MessageData, renderMessage, type Template } from '../format/message.ts';

export const INCIDENT_MESSAGES = {
  businessWaits: 'P0: business work on {{streams}} waits on {{container}}, which is {{state}}.',
  sideOnly: 'P2: only side flows wait on {{container}} ({{streams}}); no caller fails and it publishes no port.',
  raisedAsCause: [
    'Raised from {{from}} to {{to}}: this is the cause of {{count}} other finding(s) here,',
    'the most urgent a {{to}}: {{top}}.',
  ],
  sameLines: 'The same lines also show: {{title}}.',
} as const satisfies Record<string, Template>;

export type IncidentMessageId = keyof typeof INCIDENT_MESSAGES;

/** The sentence `id` with `data`, as the terminal and JSON read it. */
export const incidentSentence = (id: IncidentMessageId, data: MessageData): string =>
  renderMessage(INCIDENT_MESSAGES[id], data);

/** Append a sentence to a finding's explanation, a space apart from what it already says. */
export function appendExplanation(f: Finding, sentence: string): void {
  f.explanation = `${f.explanation}${f.explanation === '' ? '' : ' '}${sentence}`;
}
