// What the report keeps of a huge capture. Rules and incidents read the whole model (every client,
// every stream entry), so their counts, maxima and idle times are those of the capture; the audit
// then keeps the first entries of each long list and says how many there were, as a file's evidence
// text keeps its first lines. A capture within the limits is left exactly as it was.
import type { Audit, RedactionSummary } from '../model/audit.ts';
import { CLIENT_FIELDS_KEPT } from '../parsers/redis-client-list.ts';

/** How many entries of each long list the audit keeps. */
export interface RetainLimits {
  /**
   * CLIENT LIST records (`redis.clients`); `redis.clientsTotal` counts them all. At most
   * CLIENT_FIELDS_KEPT: the parser keeps each field as printed for no more records than that.
   */
  clients: number;
  /** Entries sampled per stream (`samples`); `samplesTotal` counts them all. */
  samples: number;
  /** Citations per finding (`evidence`); `evidenceTotal` counts them all. */
  citations: number;
  /**
   * Redaction locations (`redaction.locations`, one per file, line and kind); `redaction.locationsTotal`
   * counts them all. A capture of many short lines, each holding a secret, has one location per line.
   */
  locations: number;
}

/** Far above what a page shows or anyone reads, far below what a capture of a busy host holds. */
export const DEFAULT_RETAIN_LIMITS: RetainLimits = {
  clients: CLIENT_FIELDS_KEPT,
  samples: 1_000,
  citations: 1_000,
  locations: 1_000,
};

/** Cut the long lists of `audit` (in place) to their first entries, recording each full count. */
export function retainShown(audit: Audit, limits: RetainLimits = DEFAULT_RETAIN_LIMITS): void {
  const redis = audit.redis;
  const clients = Math.min(limits.clients, CLIENT_FIELDS_KEPT);
  if (redis.clients.length > clients) {
    redis.clientsTotal = redis.clients.length;
    redis.clients = redis.clients.slice(0, clients);
  }
  for (const stream of redis.streams) {
    if (stream.samples.length <= limits.samples) continue;
    stream.samplesTotal = stream.samples.length;
    stream.samples = stream.samples.slice(0, limits.samples);
  }
  for (const finding of audit.findings) {
    if (finding.evidence.length <= limits.citations) continue;
    finding.evidenceTotal = finding.evidence.length;
    finding.evidence = finding.evidence.slice(0, limits.citations);
  }
}

/**
 * The redaction report with its first `limit` locations, recording how many there were when it cuts
 * (or when the redactor kept only the first ones already: its `locationsTotal`).
 */
export function retainLocations(summary: RedactionSummary, limit: number): RedactionSummary {
  const { enabled, counts, locations } = summary;
  const total = summary.locationsTotal ?? locations.length;
  if (total <= limit && locations.length <= limit) return { enabled, counts, locations };
  return { enabled, counts, locations: locations.slice(0, limit), locationsTotal: total };
}
