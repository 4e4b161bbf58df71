// The words that introduce a finding's quote (Finding.quote): what the subject itself last said. One place,
// so the terminal, Markdown, the HTML export and the site introduce it alike.
import type { Quote } from '../model/finding.ts';
import { formatRef } from './refs.ts';

const LABELS: Readonly<Record<Quote['kind'], string>> = {
  'last-error': 'last error logged',
  'last-event': 'log ends with',
  'last-probe': 'last health check printed',
};

/** 'last error logged', 'log ends with', 'last health check printed'. */
export const quoteLabel = (q: Quote): string => LABELS[q.kind];

/** The quote's line as the terminal prints it: 'last error logged (file:40): message'. */
export const quoteLine = (q: Quote): string => `${quoteLabel(q)} (${formatRef(q.evidence)}): ${q.text}`;
