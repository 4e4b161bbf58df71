import { createTarDecoder, type ParsedTarEntry } from 'modern-tar';
import type { EvidenceIssue } from '../model/evidence.ts';
import {
  BundleLimitError,
  BundleReadError,
  createBundle,
  normalizeEntryPath,
  resolveLimits,
  type Bundle,
  type BundleLimits,
  type RawBundleFile,
  type StreamedBundleFile,
  oneLine,
} from './bundle.ts';
import { GZIP_INPUT_CHUNK, gunzipLimited, isGzip, streamBytes } from './gunzip.ts';
import { createPaxWatch, type PaxWatch } from './pax-watch.ts';
import { webPlatform, type Platform } from './platform.ts';
import { createLimitTracker, type LimitTracker } from './limits.ts';

const TAR_INPUT_CHUNK = 64 * 1024;

/** A fresh stream of the archive's raw bytes (gzip or tar) on every call; entries read lazily re-read it. */
export type ArchiveSource = () => ReadableStream<Uint8Array>;

/** `size` bytes of the archive's raw bytes from `offset`, read directly (a seekable file), in chunks. */
export type ArchiveRange = (offset: number, size: number) => AsyncIterable<Uint8Array>;

/** How {@link readTarSource} keeps entries. */
export interface TarReadOptions {
  /** Entries larger than this many bytes are not held but streamed (`open()`); default: none are. */
  streamAbove?: number;
  /** Bytes of entries held in memory in all; entries beyond it are streamed too. Default: no cap. */
  memoryBudget?: number;
  /** Native gunzip and SHA-256 where the runtime has them; default {@link webPlatform}. */
  platform?: Platform;
  /**
   * Direct reads of the archive. A plain tar's streamed entries are then read at their offset, like a
   * file of a folder, instead of by decoding the archive again up to them (a gzip cannot be entered
   * midway, so a .tar.gz is always decoded again).
   */
  range?: ArchiveRange;
}

/**
 * Read a .tar or .tar.gz held in memory into a Bundle, without touching any file system (Node and
 * browsers). Every entry is held in memory unless `options` says otherwise; see {@link readTarSource}.
 */
export async function readTarBundle(
  bytes: Uint8Array,
  name: string,
  limits: Partial<BundleLimits> = {},
  options: TarReadOptions = {},
): Promise<Bundle> {
  const chunk = isGzip(bytes) ? GZIP_INPUT_CHUNK : TAR_INPUT_CHUNK;
  return readTarSource(() => streamBytes(bytes, chunk), bytes.subarray(0, 512), name, limits, options);
}

/**
 * Read a .tar or .tar.gz from a re-openable byte source into a Bundle. `head` is the archive's first
 * 512 bytes (fewer if it is shorter). Gzip is recognised by its magic bytes. Entries are streamed
 * through modern-tar's decoder in strict mode (checksums checked, truncation reported) so limits are
 * enforced before bytes are buffered. Entries over `streamAbove`, or past `memoryBudget`, are not
 * held: they become streamed files whose `open()` reads the archive again up to that entry and
 * yields its body in chunks (one pass serves several entries read in archive order). Links, devices,
 * FIFOs and unsafe paths are skipped and reported as `unsafe-entry` issues.
 * Throws BundleLimitError on a limit, BundleReadError when nothing could be read.
 */
export async function readTarSource(
  source: ArchiveSource,
  head: Uint8Array,
  name: string,
  limits: Partial<BundleLimits> = {},
  options: TarReadOptions = {},
): Promise<Bundle> {
  const resolved = resolveLimits(limits);
  const gzip = isGzip(head);
  if (!gzip) {
    const problem = getTarHeadProblem(head);
    if (problem) throw new BundleReadError(name, 'not-archive', problem);
  }
  const platform = options.platform ?? webPlatform;
  const range = gzip ? undefined : options.range;
  const archive: Archive = { source, gzip, limits: resolved, name, platform, cursor: undefined, range };
  const keep = { streamAbove: options.streamAbove ?? Infinity, budget: options.memoryBudget ?? Infinity };
  const { reader, watch } = openEntries(archive);
  const tracker = createLimitTracker(resolved, name);
  const files: RawBundleFile[] = [];
  const issues: EvidenceIssue[] = [];
  let current = '';
  let ordinal = -1;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      ordinal++;
      current = next.value.header.name;
      tracker.entry();
      const file = await takeEntry(next.value, tracker, issues, { archive, ordinal, keep, watch });
      if (file) files.push(file);
    }
  } catch (err) {
    // Not awaited: a decoder stuck mid-entry may never settle its cancel.
    void reader.cancel(err).catch(() => {});
    if (err instanceof BundleLimitError) throw err;
    const detail = describeFailure(err, gzip, archive.platform);
    // Folder entries alone are no evidence: without one readable file the archive is unreadable.
    if (files.length === 0) {
      const notTar = gzip && /checksum|invalid tar (header|number)/i.test(errorMessage(err));
      throw new BundleReadError(
        name,
        notTar ? 'not-archive' : 'corrupt',
        notTar ? 'the gzip data is not a tar archive' : detail,
        { cause: err },
      );
    }
    issues.push({
      file: name,
      kind: 'parse-failure',
      archive: { state: 'damaged' },
      message:
        `Archive is damaged after ${files.length} readable file(s); reading stopped at '${current}': ` +
        `${detail}. Later files are missing.`,
    });
  }
  if (watch.renamedFrom !== undefined) {
    issues.push({
      file: name,
      kind: 'unsafe-entry',
      message:
        `The archive has a PAX global header that renames every later entry ('${oneLine(watch.renamedKey)}'); ` +
        `the ${watch.renamedSkipped} entries after it were skipped.`,
    });
  }
  if (files.length === 0 && ordinal >= 0 && issues.some((i) => i.kind === 'unsafe-entry')) {
    const message = `No entry of the archive could be used: all ${ordinal + 1} were skipped (see the issues above).`;
    issues.push({ file: name, kind: 'unsafe-entry', message, archive: { state: 'rejected', entries: ordinal + 1 } });
  }
  return createBundle(name, files, issues, { stripTopLevel: true });
}

interface Archive {
  source: ArchiveSource;
  gzip: boolean;
  limits: BundleLimits;
  name: string;
  platform: Platform;
  /** A decoding pass left open after the entry it last served, for the next open() further on. */
  cursor: Cursor | undefined;
  /** Direct reads of a plain tar's bytes, when the source is seekable. */
  range: ArchiveRange | undefined;
}

interface Cursor {
  reader: ReadableStreamDefaultReader<ParsedTarEntry>;
  /** Ordinal of the next entry the reader gives. */
  next: number;
}

/** One decoding pass over the archive: raw bytes → (gunzip with limits) → PAX watch → tar entries. */
function openEntries(archive: Archive): { reader: ReadableStreamDefaultReader<ParsedTarEntry>; watch: PaxWatch } {
  const raw = archive.source();
  const tarBytes = archive.gzip ? gunzipLimited(raw, archive.limits, archive.name, archive.platform) : raw;
  const watch = createPaxWatch();
  const reader = tarBytes
    .pipeThrough(watch.transform)
    .pipeThrough(createTarDecoder({ strict: true }))
    .getReader();
  return { reader, watch };
}

interface TakeContext {
  archive: Archive;
  ordinal: number;
  keep: { streamAbove: number; budget: number };
  watch: PaxWatch;
}

/** Turn one decoded entry into a file, or skip it with an issue; always drains or cancels its body. */
async function takeEntry(
  entry: ParsedTarEntry,
  tracker: LimitTracker,
  issues: EvidenceIssue[],
  ctx: TakeContext,
): Promise<RawBundleFile | undefined> {
  const { header } = entry;
  if (ctx.watch.renamedFrom !== undefined && ctx.ordinal >= ctx.watch.renamedFrom) {
    await skipBody(entry.body);
    ctx.watch.renamedSkipped++;
    return undefined;
  }
  // modern-tar maps unknown typeflags to 'file', as POSIX asks; that is safe here since nothing is extracted.
  const type = header.type ?? 'file';
  if (type !== 'file' && type !== 'directory') {
    await skipBody(entry.body);
    issues.push({ file: header.name, kind: 'unsafe-entry', message: describeSkippedType(type, header.linkname) });
    return undefined;
  }
  const path = normalizeEntryPath(header.name);
  if (!path.ok) {
    await skipBody(entry.body);
    const message = `Skipped ${type} with unsafe name (${path.reason}): entries must stay inside the bundle.`;
    issues.push({ file: shortName(header.name), kind: 'unsafe-entry', message });
    return undefined;
  }
  if (type === 'directory') {
    await skipBody(entry.body);
    return undefined;
  }
  if (path.path === '') {
    await skipBody(entry.body);
    issues.push({ file: header.name, kind: 'unsafe-entry', message: 'Skipped file with an empty name.' });
    return undefined;
  }
  if (!Number.isSafeInteger(header.size) || header.size < 0) throw new Error(`invalid size field for '${header.name}'`);
  tracker.file(header.size);
  if (header.size > ctx.keep.streamAbove || header.size > ctx.keep.budget) {
    const at = ctx.archive.range ? ctx.watch.bodies[ctx.ordinal] : undefined;
    const marks = await drainBody(entry.body, header.size);
    const open =
      at && at.size === header.size
        ? () => rangeBody(ctx.archive, ctx.ordinal, header.name, at, marks)
        : () => entryBody(ctx.archive, ctx.ordinal, header.name, header.size);
    return streamedEntry(ctx.archive, ctx.ordinal, path.path, header.size, path.dotSlash, open);
  }
  ctx.keep.budget -= header.size;
  const data = await readBody(entry.body, header.size);
  return { path: path.path, data, dotSlash: path.dotSlash, entry: ctx.ordinal + 1 };
}

/** A name cut for an issue line: a hostile archive may carry names of megabytes. */
function shortName(name: string): string {
  return name.length > 200 ? `${name.slice(0, 200)}… (${name.length} characters)` : name;
}

/** A tar entry read lazily: `open()` decodes the archive again up to it; `data` is refused (it needs a whole pass). */
function streamedEntry(
  archive: Archive,
  ordinal: number,
  path: string,
  size: number,
  dotSlash: boolean,
  open: () => AsyncIterable<Uint8Array>,
): StreamedBundleFile & RawBundleFile {
  // Built whole, never spread: a spread would call the `data` getter.
  return {
    path,
    size,
    dotSlash,
    entry: ordinal + 1,
    open,
    get data(): Uint8Array {
      const detail = `'${oneLine(path)}' (${size} bytes) is streamed from the archive; read it with open()`;
      throw new BundleReadError(archive.name, 'corrupt', detail);
    },
  };
}

/**
 * Yield the body of entry `ordinal`, reusing the pass left after the previous entry read when it is
 * not past this one (entries read in archive order cost one pass in all), else starting a new pass.
 * The archive is checked to be the one indexed: same name and size at that position.
 */
async function* entryBody(
  archive: Archive,
  ordinal: number,
  rawName: string,
  size: number,
): AsyncGenerator<Uint8Array> {
  let cursor = archive.cursor;
  archive.cursor = undefined;
  if (cursor === undefined || cursor.next > ordinal) {
    void cursor?.reader.cancel().catch(() => {});
    cursor = { reader: openEntries(archive).reader, next: 0 };
  }
  let done = false;
  try {
    for (;;) {
      const next = await cursor.reader.read();
      const changed = `the archive changed while it was read: entry ${ordinal + 1}`;
      if (next.done) throw new BundleReadError(archive.name, 'corrupt', `${changed} is gone`);
      const at = cursor.next++;
      if (at < ordinal) {
        await skipBody(next.value.body);
        continue;
      }
      const { header, body } = next.value;
      if (header.name !== rawName || header.size !== size) {
        await skipBody(body);
        throw new BundleReadError(
          archive.name,
          'corrupt',
          `${changed} is no longer '${oneLine(rawName)}' of ${size} bytes`,
        );
      }
      const reader = body.getReader();
      let seen = 0;
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        seen += chunk.value.length;
        if (seen > size) throw new Error('entry body longer than its header says');
        yield chunk.value;
      }
      if (seen !== size) throw new Error('entry body ends early');
      done = true;
      return;
    }
  } finally {
    // A pass that served its entry whole is kept for the next one; an abandoned or failed one is dropped.
    if (done) archive.cursor = cursor;
    else void cursor.reader.cancel().catch(() => {});
  }
}

/**
 * Read a skipped entry's body to its end. modern-tar's body.cancel() can leave the decoder waiting
 * forever when its input arrives asynchronously (a file read, a gunzip), so bodies are never cancelled.
 */
async function skipBody(body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  while (!(await reader.read()).done);
}

/** Bytes of a streamed entry's head and tail kept from the first pass, to check a direct read against. */
const MARK_BYTES = 4096;

/** The first and last bytes of an entry body (up to MARK_BYTES each), copied while it passes. */
interface BodyMarks {
  head: Uint8Array;
  tail: Uint8Array;
}

/** Fill `marks` with the bytes of `chunk` (at `offset` of a body of `size`) that fall in its head or tail. */
function mark(marks: BodyMarks, chunk: Uint8Array, offset: number, size: number): void {
  const end = offset + chunk.length;
  if (offset < marks.head.length) marks.head.set(chunk.subarray(0, marks.head.length - offset), offset);
  const tailStart = size - marks.tail.length;
  if (end > tailStart) {
    const from = Math.max(offset, tailStart);
    marks.tail.set(chunk.subarray(from - offset), from - tailStart);
  }
}

const newMarks = (size: number): BodyMarks => ({
  head: new Uint8Array(Math.min(size, MARK_BYTES)),
  tail: new Uint8Array(Math.min(size, MARK_BYTES)),
});

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

async function drainBody(body: ReadableStream<Uint8Array>, size: number): Promise<BodyMarks> {
  const reader = body.getReader();
  const marks = newMarks(size);
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (seen + value.length > size) throw new Error('entry body longer than its header says');
    mark(marks, value, seen, size);
    seen += value.length;
  }
  if (seen !== size) throw new Error('entry body ends early');
  return marks;
}

/**
 * Yield the body of entry `ordinal` of a plain tar by reading the archive at the offset the first
 * pass found it at. Its first and last bytes must be the ones that pass saw, or the archive changed
 * (or its framing was misread) and the read fails instead of giving other bytes.
 */
async function* rangeBody(
  archive: Archive,
  ordinal: number,
  rawName: string,
  at: { offset: number; size: number },
  expected: BodyMarks,
): AsyncGenerator<Uint8Array> {
  const { offset, size } = at;
  const seenMarks = newMarks(size);
  let seen = 0;
  const changed = () =>
    new BundleReadError(
      archive.name,
      'corrupt',
      `the archive changed while it was read: entry ${ordinal + 1} ('${oneLine(rawName)}') no longer holds ` +
        'the bytes first read',
    );
  // Chunks are held back (at most MARK_BYTES of them) until the head is checked.
  let held: Uint8Array[] | undefined = [];
  for await (const chunk of archive.range!(offset, size)) {
    if (seen + chunk.length > size) throw changed();
    mark(seenMarks, chunk, seen, size);
    seen += chunk.length;
    if (held === undefined) {
      yield chunk;
      continue;
    }
    held.push(chunk);
    if (seen < expected.head.length) continue;
    if (!sameBytes(seenMarks.head, expected.head)) throw changed();
    const out = held;
    held = undefined;
    for (const c of out) yield c;
  }
  if (seen !== size || !sameBytes(seenMarks.tail, expected.tail)) throw changed();
}

async function readBody(body: ReadableStream<Uint8Array>, size: number): Promise<Uint8Array> {
  const data = new Uint8Array(size);
  let offset = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (offset + value.length > size) throw new Error('entry body longer than its header says');
    data.set(value, offset);
    offset += value.length;
  }
  if (offset !== size) throw new Error('entry body ends early');
  return data;
}

function describeSkippedType(type: string, linkname: string | undefined): string {
  switch (type) {
    case 'symlink':
      return `Skipped symlink -> '${linkname ?? ''}': links are never followed.`;
    case 'link':
      return `Skipped hardlink -> '${linkname ?? ''}': links are never followed.`;
    case 'fifo':
      return 'Skipped FIFO: only regular files are read.';
    case 'character-device':
    case 'block-device':
      return `Skipped ${type}: only regular files are read.`;
    default:
      return `Skipped entry of type '${type}': only regular files are read.`;
  }
}

/**
 * Why `bytes` cannot be a tar, or undefined if its first header block is plausible (valid checksum,
 * or the all-zero end blocks of an empty archive). Caught up front so a random file gets a clear
 * "not a tar" instead of a checksum error.
 */
function getTarHeadProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes.length < 512) return 'not a folder or a .tar/.tar.gz bundle (too short for a tar header)';
  const block = bytes.subarray(0, 512);
  if (block.every((b) => b === 0)) return undefined;
  if (!hasValidChecksum(block)) return 'not a folder or a .tar/.tar.gz bundle';
  return undefined;
}

/** POSIX checksum: byte sum of the header with the checksum field read as spaces; some old tars summed signed bytes. */
function hasValidChecksum(block: Uint8Array): boolean {
  const field = new TextDecoder()
    .decode(block.subarray(148, 156))
    .replace(/[\0 ]+$/g, '')
    .trim();
  if (!/^[0-7]{1,8}$/.test(field)) return false;
  const stored = parseInt(field, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

function describeFailure(err: unknown, gzip: boolean, platform: Platform): string {
  const msg = errorMessage(err);
  if (gzip && !platform.multiMemberGzip && /trailing|junk/i.test(msg)) {
    return (
      'the gzip file has several members (pigz or concatenated .gz files make them), ' +
      'and this reader stops after the first'
    );
  }
  if (/truncat|unexpected end/i.test(msg)) return `the ${gzip ? 'gzip or tar' : 'tar'} data is truncated (${msg})`;
  return `the ${gzip ? 'gzip or tar' : 'tar'} data is damaged (${msg})`;
}

/** Node's DecompressionStream throws a TypeError with an empty message and the zlib error as `cause`. */
function errorMessage(err: unknown): string {
  let msg = '';
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? err.cause.message : '';
    const code = (err as { code?: unknown }).code;
    msg = err.message || cause || (typeof code === 'string' ? code : '') || err.name;
  } else {
    msg = String(err);
  }
  return msg.replace(/\s+/g, ' ').trim();
}
