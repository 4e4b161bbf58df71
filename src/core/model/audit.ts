import { z } from 'zod';
import { EvidenceIssue, FileEntry } from './evidence.ts';
import { Host } from './host.ts';
import { Container } from './container.ts';
import { Redis } from './redis.ts';
import { HealthCheck } from './health.ts';
import { LogSummary } from './logs.ts';
import { Finding, Incident, RuleResult } from './finding.ts';

// Validation here is one-shot (one Audit, each parser's value once): zod's JIT compiles a checker for
// every object schema on first use, which costs a short CLI run more CPU than it saves, and a page's
// Content-Security-Policy forbids the eval it needs in a browser worker.
z.config({ jitless: true });

export const SCHEMA_VERSION = 1;

/** Identity of the bundle the audit was built from. */
export const BundleInfo = z.object({
  name: z.string(),
  /**
   * sha256 over the sorted (path, sha256) list of files: the same evidence gives the same digest, folder or tarball.
   */
  sha256: z.string(),
  files: z.number().int(),
  bytes: z.number().int(),
  /** Best estimate of capture time (ISO), and what it came from. */
  capturedAt: z.string().optional(),
  capturedAtSource: z.string().optional(),
});
export type BundleInfo = z.infer<typeof BundleInfo>;

/**
 * Redaction report: how many values of each kind were replaced, and where: one location per file, line
 * and kind, with `count` (absent means 1) the values of that kind replaced on that line; the first
 * thousand locations of a capture with more (`locationsTotal`).
 */
export const RedactionSummary = z.object({
  enabled: z.boolean(),
  counts: z.record(z.string(), z.number().int()),
  locations: z.array(
    z.object({
      file: z.string(),
      line: z.number().int(),
      kind: z.string(),
      count: z.number().int().positive().optional(),
    }),
  ),
  /** How many locations there were, when `locations` holds only the first ones (see RetainLimits). */
  locationsTotal: z.number().int().positive().optional(),
});
export type RedactionSummary = z.infer<typeof RedactionSummary>;

/** The whole analysis of one bundle: what `evidex analyze --json` prints. */
export const Audit = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('evidex'), version: z.string(), rulesVersion: z.string() }),
  bundle: BundleInfo,
  host: Host,
  containers: z.array(Container),
  redis: Redis,
  health: z.array(HealthCheck),
  logs: z.array(LogSummary),
  findings: z.array(Finding),
  /** Incidents, most urgent first; each names its cause finding and folds its symptoms (absent: none formed). */
  incidents: z.array(Incident).optional(),
  rules: z.array(RuleResult),
  evidenceIssues: z.array(EvidenceIssue),
  files: z.array(FileEntry),
  redaction: RedactionSummary,
});
export type Audit = z.infer<typeof Audit>;
