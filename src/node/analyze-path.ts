import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Analysis, AnalyzeOptions } from '../core/index.ts';
import { analyzeBundle } from '../core/run/analyze.ts';
import type { BundleLimits } from '../core/index.ts';
import { fileSize } from '../core/bundle/bundle.ts';
import { AnalysisOutOfMemory, EvidexError } from '../core/errors.ts';
import { nodePlatform } from './platform.ts';
import { readBundle } from './read-bundle.ts';
import { loadManualFindings } from './manual-findings.ts';
import { getRedactKey } from './redact-key.ts';
import { withV8Settings } from './v8-settings.ts';
import type { SerializedError, WorkerMessage } from './analyze-worker.ts';

export type AnalyzePathOptions = Omit<AnalyzeOptions, 'manualFindings' | 'redactKey'> & {
  limits?: Partial<BundleLimits>;
  contentDir?: string;
  /** Set by the worker itself: analyze here, never hand off again. */
  inWorker?: boolean;
};

/**
 * A bundle of at least this many bytes is analyzed in a worker thread whose young generation is capped at
 * {@link WORKER_YOUNG_MB}. In the main thread V8 grows the young generation to 2 × 64 MiB over a long analysis
 * (it grows once the bytes that survived scavenges since the last growth pass its size, which a steady working
 * set of ~1 MiB reaches on any long input), and the old generation's limit grows with the allocation rate.
 * Measured installed, a 256 MiB log of secret-sounding lines (bench WORDY_LINES): peak RSS 310–324 → 190–210
 * MiB, CPU 35–37 s either way (noisy, interleaved runs); the 256 MiB generator log 141–144 → 128–129 MiB,
 * 7.7–8.0 s either way. A worker costs ~40 ms to start, so small bundles stay in the main thread. Resource
 * limits are the documented way to size a heap at run time: V8 reads --max-semi-space-size only when a heap
 * is made.
 */
export const WORKER_BYTES = 64 * 1024 * 1024;
/** Young generation of the worker, MiB (V8 splits it into semi-spaces of a third each). */
export const WORKER_YOUNG_MB = 48;
/**
 * How far V8 may grow the old generation past what survived its last full collection, in percent
 * (`--heap-growing-percent`), once a bundle is handed to a worker. Left to its heuristic, V8 grows it by up to
 * 4× while the mutator allocates fast, though a streaming analysis keeps little alive: installed, the 1000 MiB
 * secret-sounding log (bench WORDY_LINES) peaked at 248–357 MiB over five runs, and at 233–243 MiB in three
 * with 50; CPU alike within the noise (by hand 135–139 s against 140–151, in the bench 152.6 against 145.4).
 * The flag is process-wide and read at each full collection; one the user set (NODE_OPTIONS or the command
 * line) is kept.
 */
export const WORKER_HEAP_GROWING_PERCENT = 50;

/** Read a bundle from disk (folder or tarball), join its manual findings, and analyze it. */
export async function analyzePath(path: string, options: AnalyzePathOptions = {}): Promise<Analysis> {
  const { limits, contentDir, inWorker, ...rest } = options;
  // Parsers and platforms are code, which cannot cross to a worker; a caller that passes them stays here.
  const mayHandOff = !inWorker && !rest.parsers && !rest.platform && process.env['EVIDEX_NO_WORKER'] === undefined;
  // An archive is judged before it is read (reading it twice would decompress it twice): by its size, or a
  // gzip's own record of its uncompressed size.
  const archive = mayHandOff ? await archiveBytes(path) : undefined;
  if (archive !== undefined && archive >= WORKER_BYTES) return analyzeInWorker(path, options);
  const bundle = await readBundle(path, limits);
  const bytes = bundle.files.reduce((n, f) => n + fileSize(f), 0);
  // A folder is measured by reading it (listing, small files loaded, large ones only opened when analyzed):
  // the worker reads it again, a small cost beside analyzing this many bytes.
  if (mayHandOff && archive === undefined && bytes >= WORKER_BYTES) return analyzeInWorker(path, options);
  const manual = await loadManualFindings(path, bundle.name, contentDir);
  bundle.issues.push(...manual.issues);
  return withV8Settings(bytes, () =>
    analyzeBundle(bundle, {
      ...rest,
      manualFindings: manual.findings,
      redactKey: getRedactKey(),
      platform: nodePlatform,
    }),
  );
}

/**
 * The bytes an archive holds, as far as its first and last bytes tell: a gzip stream ends with its uncompressed
 * size modulo 2^32 (RFC 1952 ISIZE; for several members, the last member's), taken when larger than the file.
 * Undefined for a folder or anything that cannot be opened as a regular file (readBundle reports those).
 */
export async function archiveBytes(path: string): Promise<number | undefined> {
  const file = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)).catch(
    () => undefined,
  );
  if (!file) return undefined;
  try {
    const info = await file.stat();
    if (!info.isFile()) return undefined;
    if (info.size < 18) return info.size;
    const head = new Uint8Array(2);
    const tail = new Uint8Array(4);
    await file.read(head, 0, 2, 0);
    await file.read(tail, 0, 4, info.size - 4);
    if (head[0] !== 0x1f || head[1] !== 0x8b) return info.size;
    const isize = (tail[0]! | (tail[1]! << 8) | (tail[2]! << 16)) + tail[3]! * 2 ** 24;
    return Math.max(info.size, isize);
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
}

/** {@link analyzePath} in a worker thread: progress relayed, the analysis cloned back, errors rebuilt. */
export async function analyzeInWorker(path: string, options: AnalyzePathOptions): Promise<Analysis> {
  const { onProgress, onBytes, ...rest } = options;
  // Loaded here, not at start: the small bundles that never need it pay nothing for it.
  const { Worker } = await import('node:worker_threads');
  const given = `${process.env['NODE_OPTIONS'] ?? ''} ${process.execArgv.join(' ')}`;
  if (!/--heap[-_]growing[-_]percent/.test(given)) {
    const { setFlagsFromString } = await import('node:v8');
    setFlagsFromString(`--heap-growing-percent=${WORKER_HEAP_GROWING_PERCENT}`);
  }
  // In the clone the sources run as TypeScript; the compiled package has analyze-worker.cjs beside its bundle.
  const entry = new URL(`./analyze-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'cjs'}`, import.meta.url);
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(entry, {
      workerData: { path, options: rest },
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    worker.on('message', (message: WorkerMessage) => {
      if ('progress' in message) onProgress?.(...message.progress);
      else if ('bytes' in message) onBytes?.(...message.bytes);
      else {
        settled = true;
        if ('analysis' in message) resolve(message.analysis);
        else reject(rebuildError(message.error));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      // The worker's heap is full (its limit is Node's, NODE_OPTIONS=--max-old-space-size included): say so.
      const oom = (err as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      reject(oom ? new EvidexError(AnalysisOutOfMemory, path) : err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the analysis worker stopped (exit code ${code}) before it answered`));
    });
  });
}

/** The worker's error as the caller would have caught it: an EvidexError keeps its name, code and fields. */
function rebuildError(e: SerializedError): Error {
  const exitCode = e.fields['exitCode'] === 3 ? 3 : 2;
  const err = e.evidex
    ? new EvidexError({ name: e.name, title: e.name, message: () => e.message, exitCode })
    : Object.assign(new Error(e.message), { name: e.name });
  Object.assign(err, e.fields);
  if (e.stack) err.stack = e.stack;
  return err;
}
