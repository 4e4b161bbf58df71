import { z } from 'zod';
import { EvidenceRef } from './evidence.ts';

export const Priority = z.enum(['P0', 'P1', 'P2', 'P3']);
/** P0 = act now (outage, data loss, exposure) … P3 = hygiene. */
export type Priority = z.infer<typeof Priority>;

export const Category = z.enum([
  'availability',
  'data-flow',
  'security',
  'performance',
  'capacity',
  'observability',
  'evidence',
]);
export type Category = z.infer<typeof Category>;

/** A link between findings: this one is blocked by / caused by another (by fingerprint). */
export const FindingLink = z.object({
  type: z.enum(['blocked-by', 'caused-by', 'related']),
  fingerprint: z.string(),
});
export type FindingLink = z.infer<typeof FindingLink>;

/**
 * What the subject itself said that explains a finding, quoted under its title: a failed container's last
 * error (or, when it logged none, its last event — the work it was doing when it died), or what the last run of
 * an unhealthy container's health check printed.
 */
export const Quote = z.object({
  kind: z.enum(['last-error', 'last-event', 'last-probe']),
  /** The logged message or probe output, redacted as the evidence was, cut to {@link QUOTE_CHARS}. */
  text: z.string(),
  evidence: EvidenceRef,
});
export type Quote = z.infer<typeof Quote>;

/** Longest quote kept, in characters (a log message is kept up to 500). */
export const QUOTE_CHARS = 240;

/** One problem, with the values that prove it and the evidence lines that show it. */
export const Finding = z.object({
  ruleId: z.string(),
  priority: Priority,
  category: Category,
  /** Concrete: 'Consumer group … lags 10014 entries'. */
  title: z.string(),
  explanation: z.string(),
  fix: z.string(),
  /** Stable identity of the thing at fault, after normalisation: 'stream:quantum:stream:trade.intent/group:…'. */
  subject: z.string(),
  /** 'v1:' + hash(ruleId, normalised subject): same problem, same fingerprint across captures. */
  fingerprint: z.string(),
  observed: z.union([z.number(), z.string(), z.boolean()]).optional(),
  threshold: z.union([z.number(), z.string()]).optional(),
  /** Named values for templates, diffs and the site. */
  values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  evidence: z.array(EvidenceRef),
  /** The subject's own words that explain the finding (a log line), shown with its title. */
  quote: Quote.optional(),
  /** Citations the rule gave when `evidence` keeps only the first of them (see run/retain.ts); absent otherwise. */
  evidenceTotal: z.number().int().optional(),
  links: z.array(FindingLink),
  source: z.enum(['rule', 'manual']),
  /** The rule's message the title was rendered from (rule findings; manual ones have none). */
  messageId: z.string().optional(),
  /** The messages the explanation was rendered from, joined by a space; absent when there is none. */
  explain: z.array(z.string()).optional(),
  /** The message the fix was rendered from, when the finding has its own fix. */
  fixId: z.string().optional(),
  /** The values the messages' placeholders were filled with (`values` keeps the measured figures). */
  data: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  /** The incident this finding belongs to (`Incident.id`): its cause or one of its symptoms. */
  incident: z.string().optional(),
  /** Set when configuration accepted the finding (suppressed with a reason until an expiry). */
  accepted: z.object({ reason: z.string(), expires: z.string().optional() }).optional(),
});
export type Finding = z.infer<typeof Finding>;

/**
 * One incident: the finding that names its cause, and the findings that are its symptoms (lag on the streams the
 * same owner consumes, failing health checks, restarts, errors in callers' logs), all by fingerprint.
 */
export const Incident = z.object({
  id: z.string(),
  title: z.string(),
  priority: Priority,
  /** Fingerprint of the finding that names the cause. */
  cause: z.string(),
  /** Fingerprints of the findings folded under the cause. */
  symptoms: z.array(z.string()),
  /** Containers the incident involves, the cause's first. */
  containers: z.array(z.string()),
});
export type Incident = z.infer<typeof Incident>;

export const RuleStatus = z.enum(['pass', 'fail', 'not-evaluated', 'error', 'off']);
export type RuleStatus = z.infer<typeof RuleStatus>;

/** How a rule fared on this bundle, and why: what `--explain` prints. */
export const RuleResult = z.object({
  ruleId: z.string(),
  status: RuleStatus,
  reason: z.string().optional(),
  /** What the rule looked at and compared, in words: 'group x: lag 10014 ≥ 1000'. */
  inputs: z.array(z.string()),
  /** The options it ran with (defaults merged with configuration), so every view judges by the same thresholds. */
  options: z.record(z.string(), z.unknown()).optional(),
});
export type RuleResult = z.infer<typeof RuleResult>;
