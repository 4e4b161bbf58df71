import type { EvidenceIssue } from '../model/evidence.ts';
import { EvidexError, type ErrorData } from '../errors.ts';
import { compareText } from '../text/compare.ts';

/**
 * One file of a captured bundle. `path` is POSIX, relative to the bundle root. A file too big to hold
 * (see {@link StreamedBundleFile}) also has `size` and `open`; analyzeBundle then reads it as a
 * stream, and `data` is a getter that reads it whole, only for callers that need every byte at once.
 */
export interface BundleFile {
  path: string;
  data: Uint8Array;
  /** Bytes the stream yields (checked against the limits when the bundle was read); set with `open`. */
  size?: number;
  /** A fresh stream of the file's bytes on each call; present on files read lazily. */
  open?: (options?: OpenOptions) => AsyncIterable<Uint8Array>;
  /** 1-based position in the archive, for files of a tarball: the order a single pass reads them in. */
  entry?: number;
}

/** How a streamed file's chunks may be given. */
export interface OpenOptions {
  /**
   * The consumer is done with each chunk before it asks for the next (it hashes and decodes it, keeps
   * nothing): the stream may then refill one buffer instead of allocating fresh memory for every chunk,
   * which costs more than the read itself (page faults). Without it every chunk is a fresh buffer.
   */
  transient?: boolean;
}

/** A BundleFile read lazily: analyzed chunk by chunk, never held whole. */
export type StreamedBundleFile = BundleFile & {
  size: number;
  open: (options?: OpenOptions) => AsyncIterable<Uint8Array>;
};

/** Whether `file` can be read as a stream instead of through `data`. */
export function isStreamed(file: BundleFile): file is StreamedBundleFile {
  return typeof file.open === 'function' && typeof file.size === 'number';
}

/** A file's size in bytes, streamed or held. */
export function fileSize(file: BundleFile): number {
  return isStreamed(file) ? file.size : file.data.byteLength;
}

/** Files above this size in folder bundles and tarballs (Node adapter) are read as streams by default. */
export const DEFAULT_STREAM_ABOVE = 16 * 1024 ** 2;

/** Every regular file of a bundle, sorted by path, plus what was skipped or odd while reading it. */
export interface Bundle {
  /** Folder or tarball base name without .tar/.tar.gz/.tgz. */
  name: string;
  files: BundleFile[];
  issues: EvidenceIssue[];
}

/** Caps that keep a hostile or broken bundle from exhausting memory or time. */
export interface BundleLimits {
  /** Sum of all file sizes, and of gzip output (plus tar framing). */
  maxTotalBytes: number;
  /** Entries of any type: files, folders and skipped ones. */
  maxEntries: number;
  /** Size of one file. */
  maxEntryBytes: number;
  /** Gzip output / input; checked only once output passes RATIO_CHECK_AFTER_BYTES. */
  maxCompressionRatio: number;
}

/** Generous for real captures (the sample is ~250 KiB), small enough to stop bombs. */
export const DEFAULT_LIMITS: BundleLimits = {
  maxTotalBytes: 2 * 1024 ** 3,
  maxEntries: 50_000,
  maxEntryBytes: 1024 ** 3,
  maxCompressionRatio: 200,
};

/** Small archives of repetitive logs legitimately compress far beyond any sane ratio; only large outputs are judged. */
export const RATIO_CHECK_AFTER_BYTES = 10 * 1024 ** 2;

/** CLI flag that raises each limit, named in the error so the user knows what to do. */
export const LIMIT_FLAGS: Record<keyof BundleLimits, string> = {
  maxTotalBytes: '--max-total-bytes',
  maxEntries: '--max-entries',
  maxEntryBytes: '--max-entry-bytes',
  maxCompressionRatio: '--max-compression-ratio',
};

/** Fill unset limits from DEFAULT_LIMITS. */
export function resolveLimits(limits: Partial<BundleLimits> = {}): BundleLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof BundleLimits)[]) {
    const value = limits[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export const BundleLimitExceeded = {
  name: 'BundleLimitExceeded',
  title: 'Bundle exceeds a safety limit.',
  message: (source: string, limit: keyof BundleLimits, value: number, max: number) =>
    `Stopped reading '${oneLine(source)}': ${describeLimit(limit, value, max)}. If the bundle is trusted, ` +
    `raise the limit with ${LIMIT_FLAGS[limit]}.`,
} satisfies ErrorData<[string, keyof BundleLimits, number, number]>;

export const BundleUnreadable = {
  name: 'BundleUnreadable',
  title: 'Bundle could not be read.',
  message: (source: string, reason: string) =>
    `Could not read '${oneLine(source)}': ${oneLine(reason)}. Pass a bundle folder or a .tar/.tar.gz/.tgz capture.`,
} satisfies ErrorData<[string, string]>;

/** A safety limit was hit; thrown, never partially returned, so nobody analyzes half a bomb. */
export class BundleLimitError extends EvidexError {
  /** Which limit was exceeded. */
  readonly limit: keyof BundleLimits;
  /** The value seen when reading stopped (a lower bound for streamed values). */
  readonly value: number;
  /** The limit in force. */
  readonly max: number;
  constructor(source: string, limit: keyof BundleLimits, value: number, max: number) {
    super(BundleLimitExceeded, source, limit, value, max);
    this.limit = limit;
    this.value = value;
    this.max = max;
  }
}

/** Why a bundle could not be read: `not-archive` (wrong kind of input) or `corrupt` (truncated or damaged archive). */
export type BundleReadReason = 'not-archive' | 'corrupt';

/** The input is not a folder or readable tarball, or the archive broke before any entry could be read. */
export class BundleReadError extends EvidexError {
  readonly reason: BundleReadReason;
  /** What was being read (path or name). */
  readonly source: string;
  /** Short cause, without the source. */
  readonly detail: string;
  constructor(source: string, reason: BundleReadReason, detail: string, options?: { cause?: unknown }) {
    super(BundleUnreadable, source, detail);
    this.reason = reason;
    this.source = source;
    this.detail = detail;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** Longest entry name accepted (Linux PATH_MAX); a longer one cannot be a real capture's file. */
export const MAX_NAME_CHARS = 4096;
/** Deepest folder nesting accepted in a bundle (archive names and folder walks). */
export const MAX_DEPTH = 64;

/** Result of checking one archive entry name. */
export type EntryPath = { ok: true; path: string; dotSlash: boolean } | { ok: false; reason: string };

/**
 * Normalise an archive entry name to a bundle-relative POSIX path, or say why it is unsafe.
 * `..` is refused even when it would resolve inside the bundle: no legitimate capture needs it, and a
 * consumer that joins paths differently could be tricked. Backslashes count as separators for that
 * check because Windows tools treat them so. '' means the bundle root itself ('.' or './').
 */
export function normalizeEntryPath(raw: string): EntryPath {
  if (raw.length > MAX_NAME_CHARS)
    return { ok: false, reason: `name of ${raw.length} characters, over ${MAX_NAME_CHARS}` };
  if (raw.startsWith('/') || raw.startsWith('\\')) return { ok: false, reason: 'absolute path' };
  if (/^[A-Za-z]:/.test(raw)) return { ok: false, reason: 'drive-letter path' };
  if (raw.includes('\0')) return { ok: false, reason: 'NUL in path' };
  const parts = raw.split(/[\\/]/);
  if (parts.includes('..')) return { ok: false, reason: "'..' in path" };
  const kept = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (kept.length > MAX_DEPTH) return { ok: false, reason: `${kept.length} levels deep, over ${MAX_DEPTH}` };
  return { ok: true, path: kept.join('/'), dotSlash: raw.startsWith('./') };
}

/** One accepted file before the common top-level folder is stripped. */
export interface RawBundleFile extends BundleFile {
  /** The archive name started with './' (made with `tar -C bundle .`): its first folder is content, not a wrapper. */
  dotSlash?: boolean;
  /** 1-based position in the archive, named when duplicates are reported. */
  entry?: number;
}

/**
 * Build the Bundle: optionally strip one wrapper folder shared by every file (a tarball of `name/…`),
 * keep the last of duplicate paths (as tar extraction would), and sort by path (code units, not locale)
 * so a folder and a tarball of the same capture give identical output.
 */
export function createBundle(
  name: string,
  raw: RawBundleFile[],
  issues: EvidenceIssue[],
  options: { stripTopLevel: boolean },
): Bundle {
  let files = raw;
  if (options.stripTopLevel && raw.length > 0 && !raw.some((f) => f.dotSlash)) {
    const first = raw[0]!.path.split('/')[0]!;
    if (raw.every((f) => f.path.startsWith(`${first}/`))) {
      files = raw.map((f) => {
        const moved: RawBundleFile = withPath(f, f.path.slice(first.length + 1));
        if (f.entry !== undefined) moved.entry = f.entry;
        return moved;
      });
    }
  }
  const byPath = new Map<string, BundleFile>();
  const copies = new Map<string, { count: number; entry: number | undefined; size: number }>();
  for (const f of files) {
    const seen = copies.get(f.path);
    copies.set(f.path, {
      count: (seen?.count ?? 0) + 1,
      entry: f.entry,
      size: fileSize(f),
    });
    byPath.delete(f.path);
    byPath.set(f.path, withPath(f, f.path));
  }
  for (const [path, c] of copies) {
    if (c.count < 2) continue;
    const which =
      c.entry === undefined ? 'the last copy' : `the last copy (entry ${c.entry} of the archive, ${c.size} bytes)`;
    issues.push({
      file: path,
      kind: 'unsafe-entry',
      message: `Duplicate entry in the archive: ${c.count} copies; ${which} was used, as tar extraction would.`,
    });
  }
  const sorted = [...byPath.values()].sort((a, b) => compareText(a.path, b.path));
  return { name, files: sorted, issues };
}

/** Copy of `f` under `path`, without reading a streamed file's `data`. */
function withPath(f: BundleFile, path: string): BundleFile {
  const entry = f.entry !== undefined ? { entry: f.entry } : {};
  if (!isStreamed(f)) return { path, data: f.data, ...entry };
  const source = f;
  return {
    path,
    size: f.size,
    open: f.open,
    ...entry,
    get data() {
      return source.data;
    },
  };
}

/** Bundle name from a folder or tarball base name. */
export function bundleNameFrom(base: string): string {
  return base.replace(/\.(tar\.gz|tgz|tar)$/i, '') || base;
}

/** Keep error messages on one line whatever a hostile name contains. */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function describeLimit(limit: keyof BundleLimits, value: number, max: number): string {
  switch (limit) {
    case 'maxEntries':
      return `more than ${max} entries (limit ${max})`;
    case 'maxEntryBytes':
      return `an entry of ${formatBytes(value)} is over the per-file limit of ${formatBytes(max)}`;
    case 'maxTotalBytes':
      return `content passed ${formatBytes(value)}, over the total limit of ${formatBytes(max)}`;
    case 'maxCompressionRatio':
      return `gzip expands ${Math.round(value)}:1, over the ratio limit of ${max}:1 (likely a decompression bomb)`;
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]} (${n} bytes)`;
}
