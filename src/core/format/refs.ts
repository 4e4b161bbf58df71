// Evidence citations in words: 'raw/x.txt:12-14'.
import type { EvidenceRef } from '../model/evidence.ts';
import type { Finding } from '../model/finding.ts';

/** One citation: 'raw/x.txt', 'raw/x.txt:12' or 'raw/x.txt:12-14'. */
export const formatRef = (e: EvidenceRef): string =>
  `${e.file}${e.startLine ? `:${e.startLine}${e.endLine && e.endLine !== e.startLine ? `-${e.endLine}` : ''}` : ''}`;

/**
 * Evidence refs as 'raw/x.txt:12-14'. Two refs into one file's same lines (different JSON elements of one
 * docker inspect object) print once.
 */
export function formatRefs(f: Finding, max = 3): string {
  const all = [...new Set(f.evidence.map(formatRef))];
  return all.slice(0, max).join(', ') + (all.length > max ? ` (+${all.length - max})` : '');
}
