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
} from './bundle.ts';
import { gunzipLimited, isGzip, streamBytes } from './gunzip.ts';
import { createLimitTracker, type LimitTracker } from './limits.ts';

const TAR_INPUT_CHUNK = 64 * 1024;

/**
 * Read a .tar or .tar.gz held in memory into a Bundle, without touching any file system (Node and
 * browsers). Gzip is recognised by its magic bytes. Entries are streamed through modern-tar's decoder
 * in strict mode (checksums checked, truncation reported) so limits are enforced before bytes are
 * buffered. Links, devices, FIFOs and unsafe paths are skipped and reported as `unsafe-entry` issues.
 * Throws BundleLimitError on a limit, BundleReadError when nothing could be read.
 */
export async function readTarBundle(bytes: Uint8Array, name: string, limits: Partial<BundleLimits> = {}): Promise<Bundle> {
  const resolved = resolveLimits(limits);
  const gzip = isGzip(bytes);
  if (!gzip) {
    const problem = getTarHeadProblem(bytes);
    if (problem) throw new BundleReadError(name, 'not-archive', problem);
  }
  const source = gzip ? gunzipLimited(bytes, resolved, name) : streamBytes(bytes, TAR_INPUT_CHUNK);
  const reader = source.pipeThrough(createTarDecoder({ strict: true })).getReader();
  const tracker = createLimitTracker(resolved, name);
  const files: RawBundleFile[] = [];
  const issues: EvidenceIssue[] = [];
  let current = '';
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      current = next.value.header.name;
      tracker.entry();
      const file = await takeEntry(next.value, tracker, issues);
      if (file) files.push(file);
    }
  } catch (err) {
    await reader.cancel(err).catch(() => {});
    if (err instanceof BundleLimitError) throw err;
    const detail = describeFailure(err, gzip);
    // Folder entries alone are no evidence: without one readable file the archive is unreadable.
    if (files.length === 0) {
      const notTar = gzip && /checksum|invalid tar (header|number)/i.test(errorMessage(err));
      throw new BundleReadError(name, notTar ? 'not-archive' : 'corrupt', notTar ? 'the gzip data is not a tar archive' : detail, { cause: err });
    }
    issues.push({
      file: name,
      kind: 'parse-failure',
      message: `Archive is damaged after ${files.length} readable file(s); reading stopped at '${current}': ${detail}. Later files are missing.`,
    });
  }
  return createBundle(name, files, issues, { stripTopLevel: true });
}

/** Turn one decoded entry into a file, or skip it with an issue; always drains or cancels its body. */
async function takeEntry(entry: ParsedTarEntry, tracker: LimitTracker, issues: EvidenceIssue[]): Promise<RawBundleFile | undefined> {
  const { header } = entry;
  // modern-tar maps unknown typeflags to 'file', as POSIX asks; that is safe here since nothing is extracted.
  const type = header.type ?? 'file';
  if (type !== 'file' && type !== 'directory') {
    await entry.body.cancel();
    issues.push({ file: header.name, kind: 'unsafe-entry', message: describeSkippedType(type, header.linkname) });
    return undefined;
  }
  const path = normalizeEntryPath(header.name);
  if (!path.ok) {
    await entry.body.cancel();
    issues.push({ file: header.name, kind: 'unsafe-entry', message: `Skipped ${type} with unsafe name (${path.reason}): entries must stay inside the bundle.` });
    return undefined;
  }
  if (type === 'directory') {
    await entry.body.cancel();
    return undefined;
  }
  if (path.path === '') {
    await entry.body.cancel();
    issues.push({ file: header.name, kind: 'unsafe-entry', message: 'Skipped file with an empty name.' });
    return undefined;
  }
  if (!Number.isSafeInteger(header.size) || header.size < 0) throw new Error(`invalid size field for '${header.name}'`);
  tracker.file(header.size);
  const data = await readBody(entry.body, header.size);
  return { path: path.path, data, dotSlash: path.dotSlash };
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
  const field = new TextDecoder().decode(block.subarray(148, 156)).replace(/[\0 ]+$/g, '').trim();
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

function describeFailure(err: unknown, gzip: boolean): string {
  const msg = errorMessage(err);
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
