import { z } from 'zod';

/** Points into the bundle to back a claim: bundle-relative POSIX path and a 1-based line range. */
export const EvidenceRef = z.object({
  file: z.string(),
  startLine: z.number().int().positive().optional(),
  endLine: z.number().int().positive().optional(),
  /** RFC 6901 pointer for JSON evidence such as docker inspect. */
  pointer: z.string().optional(),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

/**
 * An object schema of `shape` followed by the `evidence` that locates it in the bundle: the shape of every fact read
 * from one place (a ps row, a log summary, an INFO section).
 */
export const cited = <S extends z.ZodRawShape>(shape: S) => z.object({ ...shape, evidence: EvidenceRef });

/** What can be wrong with a piece of evidence. Stable names: reports and diffs key on them. */
export const EvidenceIssueKind = z.enum([
  'empty-capture',
  'error-output',
  'values-without-keys',
  'unrecognised',
  'parse-failure',
  'binary',
  'encoding',
  'unsafe-entry',
  'limit-exceeded',
  'attribution-guess',
  /** A capture that names no subject and matches none the bundle lists: kept out of the model. */
  'unattributed',
  /** The collector's manifest says this was not captured, and why (told apart from an empty capture). */
  'not-collected',
  /** manifest.json is unreadable or not a capture manifest: files are read by content instead. */
  'manifest-invalid',
  /** A file differs from what manifest.json records (absent, or other bytes). */
  'manifest-mismatch',
]);
export type EvidenceIssueKind = z.infer<typeof EvidenceIssueKind>;

/** A located problem in one evidence file: the audit could not see something because of it. */
export const EvidenceIssue = z.object({
  file: z.string(),
  kind: EvidenceIssueKind,
  message: z.string(),
  line: z.number().int().positive().optional(),
  /**
   * Set on the issue an archive reader closes with when the archive as a whole failed: `damaged` (reading
   * stopped part-way) or `rejected` (every entry skipped; `entries` says how many). Exit codes read this,
   * never the message's wording.
   */
  archive: z
    .object({ state: z.enum(['damaged', 'rejected']), entries: z.number().int().nonnegative().optional() })
    .optional(),
});
export type EvidenceIssue = z.infer<typeof EvidenceIssue>;

/** How a fact that the file does not name was tied to its subject (e.g. XINFO GROUPS to its stream). */
export const Attribution = z.object({
  subject: z.string(),
  method: z.enum(['content', 'file-name', 'only-candidate', 'manifest']),
  detail: z.string(),
});
export type Attribution = z.infer<typeof Attribution>;

/** One file of the bundle as read: proof of what evidence the report is built on. */
export const FileEntry = z.object({
  path: z.string(),
  /** Parser id(s) that claimed the file (joined by '+' for multi-section files), or 'unrecognised' / 'empty'. */
  kind: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  lines: z.number().int().nonnegative(),
  attribution: Attribution.optional(),
});
export type FileEntry = z.infer<typeof FileEntry>;
