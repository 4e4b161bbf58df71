// What every export reads: the redacted Audit, the redacted evidence texts when the caller has them
// (a bundle was analyzed; an analysis.json alone has none), and where the report site lives.
import type { Audit } from '../model/audit.ts';
import type { EvidenceRef } from '../model/evidence.ts';
import type { Finding } from '../model/finding.ts';
import type { EvidenceText } from '../run/parse-file.ts';
import { findingSlug, RESERVED_SLUGS, ruleSlug, slugify } from '../text/slug.ts';

/**
 * One moment of a timeline, in the smallest shape an export needs. The timeline itself is built
 * elsewhere (src/core/timeline); exports render whatever events they are handed and skip the section
 * when they get none.
 */
export interface ExportTimelineEvent {
  /** ISO time (UTC). */
  at: string;
  /** What happened, in words (evidence-derived: escaped by every export). */
  title: string;
  /** How many raw events were folded into this one (a burst of errors), when more than one. */
  count?: number;
  /** The incident the event belongs to (`Incident.id`). */
  incident?: string;
  evidence?: readonly EvidenceRef[];
}

/** The input of every export. */
export interface ExportInput {
  /** The Audit as analyzed (redacted unless redaction was explicitly turned off). */
  audit: Audit;
  /** The evidence files' redacted texts; excerpts are left out when absent. */
  evidence?: readonly EvidenceText[];
  /** Base URL of the published report site ('https://reports.example/evidex'); links are left out when absent. */
  baseUrl?: string;
  /** Timeline events, oldest first; the section is left out when absent. */
  timeline?: readonly ExportTimelineEvent[];
}

// The site's URL scheme (src/core/text/slug.ts, the same functions the site builds its paths with).
/** The audit's path segment on a site built from this one bundle. */
export function getAuditSlug(audit: Pick<Audit, 'bundle'>): string {
  const s = slugify(audit.bundle.name);
  return RESERVED_SLUGS.has(s) ? `${s}-2` : s;
}

const trimBase = (base: string): string => base.replace(/\/+$/, '');

/** '<base>/<audit>/findings/<fingerprint slug>/': the finding's permalink on the report site. */
export function getFindingPermalink(base: string, audit: Pick<Audit, 'bundle'>, fingerprint: string): string {
  return `${trimBase(base)}/${getAuditSlug(audit)}/findings/${findingSlug(fingerprint)}/`;
}

/** '<base>/rules/<rule slug>/': the rule's documentation page on the report site. */
export function getRuleDocUrl(base: string, ruleId: string): string {
  return `${trimBase(base)}/rules/${ruleSlug(ruleId)}/`;
}

/** Whether a base URL is one an export may link to: http(s) only, so no `javascript:` can ride in. */
export function isSafeBaseUrl(base: string): boolean {
  try {
    const u = new URL(base);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** 'raw/docker_ps.txt:3-5 /0/State' */
export function formatRef(ref: EvidenceRef): string {
  const lines = ref.startLine
    ? `:${ref.startLine}${ref.endLine && ref.endLine !== ref.startLine ? `-${ref.endLine}` : ''}`
    : '';
  return `${ref.file}${lines}${ref.pointer ? ` ${ref.pointer}` : ''}`;
}

/** A cited excerpt: the lines shown and how many of the cited range were left out. */
export interface Excerpt {
  ref: EvidenceRef;
  /** First line number shown. */
  firstLine: number;
  lines: string[];
  /** Cited lines not shown (the range was longer than the limit). */
  omitted: number;
}

/** Lines kept per excerpt, and characters per line: a report cites, it does not reprint the evidence. */
export const EXCERPT_LINES = 8;
export const EXCERPT_LINE_CHARS = 240;

/**
 * The cited lines of `ref` from the (already redacted) evidence text, cut to {@link EXCERPT_LINES}
 * lines of {@link EXCERPT_LINE_CHARS} characters. Undefined when the file's text is not at hand, the
 * reference names no lines, or the lines lie past what was kept of the file.
 */
export function getExcerpt(evidence: readonly EvidenceText[] | undefined, ref: EvidenceRef): Excerpt | undefined {
  if (!evidence || !ref.startLine) return undefined;
  const text = evidence.find((e) => e.path === ref.file)?.text;
  if (text === undefined) return undefined;
  const end = Math.max(ref.startLine, ref.endLine ?? ref.startLine);
  const wanted = Math.min(end - ref.startLine + 1, EXCERPT_LINES);
  const lines: string[] = [];
  // Walk to the start line without splitting the whole file (logs can be large).
  let at = 0;
  for (let n = 1; n < ref.startLine; n++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return undefined;
    at = nl + 1;
  }
  for (let i = 0; i < wanted && at <= text.length; i++) {
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl < 0 ? text.length : nl).replace(/\r$/, '');
    lines.push(line.length > EXCERPT_LINE_CHARS ? `${line.slice(0, EXCERPT_LINE_CHARS - 1)}…` : line);
    if (nl < 0) break;
    at = nl + 1;
  }
  if (lines.length === 0 || (lines.length === 1 && lines[0] === '' && at >= text.length)) return undefined;
  return { ref, firstLine: ref.startLine, lines, omitted: end - ref.startLine + 1 - lines.length };
}

/** Findings that are not accepted, at each priority, in the core's order. */
export const openFindings = (audit: Pick<Audit, 'findings'>): Finding[] => audit.findings.filter((f) => !f.accepted);
