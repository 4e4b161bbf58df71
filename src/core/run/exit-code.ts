import type { Audit } from '../model/audit.ts';
import type { Finding, Priority } from '../model/finding.ts';

/**
 * What the CLI's exit status means. Scripts and CI key on these numbers; they never change.
 * 0 clean, 1 findings at or above --fail-on, 2 usage or tool error, 3 evidence unusable.
 */
export const EXIT = { clean: 0, findings: 1, usage: 2, unusable: 3 } as const;

const RANK: Record<Priority, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };

/** Whether `p` is at `threshold` or above (P0 is highest). */
export const isAtOrAbove = (p: Priority, threshold: Priority): boolean => RANK[p] <= RANK[threshold];

/** 1 when an unaccepted finding sits at `failOn` or above (P0 is highest), else 0. Codes 2 and 3 are set by the CLI. */
export function getExitCode(findings: readonly Finding[], failOn: Priority | undefined): 0 | 1 {
  if (!failOn) return 0;
  return findings.some((f) => !f.accepted && isAtOrAbove(f.priority, failOn)) ? 1 : 0;
}

/** Whether a string names a priority. */
export const isPriority = (s: string): s is Priority => s === 'P0' || s === 'P1' || s === 'P2' || s === 'P3';

/** File kinds that carry no evidence of the host: they never make a bundle usable on their own. */
const NOT_EVIDENCE = new Set(['unrecognised', 'empty', 'binary', 'readme', 'manifest']);

/**
 * Why an audit saw nothing of the host, or undefined when at least one file was read by a parser.
 * An audit with no evidence passes every rule vacuously, so `--fail-on P0` would go green while the
 * real problems are simply invisible: the CLI exits 3 instead.
 */
export function unusableReason(audit: Pick<Audit, 'files' | 'evidenceIssues'>): string | undefined {
  if (audit.files.some((f) => !NOT_EVIDENCE.has(f.kind))) return undefined;
  // The tar reader closes an all-rejected archive with one issue saying how many entries it skipped;
  // that issue is a summary, not one more rejected entry.
  const summary = audit.evidenceIssues.find((i) => i.archive?.state === 'rejected');
  const rejected =
    summary?.archive?.entries ??
    audit.evidenceIssues.filter((i) => i.kind === 'unsafe-entry' || i.kind === 'limit-exceeded').length;
  const damaged = audit.evidenceIssues.some((i) => i.archive?.state === 'damaged');
  if (audit.files.length === 0) {
    if (rejected > 0) return `every entry was rejected (${rejected} unsafe or over a limit)`;
    if (damaged) return 'the archive is damaged before its first file';
    return 'it holds no files';
  }
  const kinds = new Map<string, number>();
  for (const f of audit.files) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  const listed = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
  const also = damaged ? '; the archive is also damaged' : '';
  // A folder that holds the bundle's tarball rather than its files: say which file to give instead.
  const archives = audit.files.filter((f) => ARCHIVE.test(f.path)).map((f) => f.path);
  const instead =
    archives.length > 0
      ? `; it holds ${archives.length === 1 ? 'an archive' : 'archives'} (${archives.slice(0, 3).join(', ')}` +
        `${archives.length > 3 ? ', …' : ''}): analyze ${archives.length === 1 ? 'that file' : 'one of them'} instead`
      : '';
  return `none of its ${audit.files.length} file(s) is a capture evidex recognises (${listed})${also}${instead}`;
}

/** A bundle archive's name: what evidex reads as a bundle of its own, not as a file inside one. */
const ARCHIVE = /\.(?:tar|tar\.gz|tgz)$/i;

/** Issue kinds that mean part of the bundle could not be read at all (not merely unrecognised). */
const UNREAD = new Set(['unsafe-entry', 'limit-exceeded', 'encoding', 'not-collected']);

/** The evidence issues that make the audit partial: damaged archive, rejected or unreadable entries. */
export function coverageGaps(audit: Pick<Audit, 'evidenceIssues'>): Audit['evidenceIssues'] {
  return audit.evidenceIssues.filter((i) => UNREAD.has(i.kind) || i.archive?.state === 'damaged');
}
