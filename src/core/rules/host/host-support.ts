import type { EvidenceRef } from '../../model/evidence.ts';
import type { Host } from '../../model/host.ts';

// Shared lookups for the host and container rules. Not a rule itself: nothing here reports.

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] ?? 0;
  return ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The `uptime` line, when captured. */
export function uptimeRef(host: Host): EvidenceRef[] {
  return host.uptimeSeconds !== undefined && host.uptimeEvidence ? [host.uptimeEvidence] : [];
}
