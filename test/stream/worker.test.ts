import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EvidexError } from '../../src/core/errors.ts';
import { writeLargeLogArchive } from '../helpers/large-archive.ts';
import type * as V8 from 'node:v8';
import type * as WorkerThreads from 'node:worker_threads';

// Bundles of 64 MiB or more are analyzed in a worker thread with a capped young generation
// (src/node/analyze-path.ts). Every Worker the module makes is counted, so the hand-off is observed.
// `oldMb` caps the next workers' heap, so a real out-of-memory end of the worker can be seen.
const made = vi.hoisted(() => ({ workers: 0, oldMb: undefined as number | undefined, flags: [] as string[] }));
vi.mock('node:v8', async (original) => {
  const real = await original<typeof V8>();
  return {
    ...real,
    setFlagsFromString: (flags: string) => {
      made.flags.push(flags);
      real.setFlagsFromString(flags);
    },
  };
});
vi.mock('node:worker_threads', async (original) => {
  const real = await original<typeof WorkerThreads>();
  class CountedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      const [entry, options] = args;
      const limits = { ...options?.resourceLimits, maxOldGenerationSizeMb: made.oldMb };
      super(entry, made.oldMb === undefined ? options : { ...options, resourceLimits: limits });
      made.workers++;
    }
  }
  return { ...real, Worker: CountedWorker };
});
const { analyzeInWorker, analyzePath, archiveBytes, WORKER_BYTES, WORKER_HEAP_GROWING_PERCENT } =
  await import('../../src/node/analyze-path.ts');

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const MiB = 2 ** 20;
let dir: string;

beforeAll(() => {
  process.env['EVIDEX_REDACT_KEY'] = 'worker-test';
  dir = mkdtempSync(join(tmpdir(), 'evidex-worker-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The error a promise rejects with. */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('archiveBytes', () => {
  it('reads a gzip stream’s own record of its uncompressed size', async () => {
    const path = join(dir, 'a.gz');
    writeFileSync(path, gzipSync(Buffer.alloc(300_000, 'a')));
    expect(statSync(path).size).toBeLessThan(10_000);
    expect(await archiveBytes(path)).toBe(300_000);
  });

  it('takes a plain file by its size, and nothing else at all', async () => {
    const path = join(dir, 'plain.tar');
    writeFileSync(path, Buffer.alloc(5_000));
    expect(await archiveBytes(path)).toBe(5_000);
    symlinkSync(path, join(dir, 'link.tar'));
    expect(await archiveBytes(join(dir, 'link.tar'))).toBeUndefined();
    expect(await archiveBytes(dir)).toBeUndefined();
    expect(await archiveBytes(join(dir, 'missing.tar.gz'))).toBeUndefined();
  });
});

describe('analyzeInWorker', () => {
  it('gives the analysis the main thread gives, with progress relayed', async () => {
    const progress: Array<[number, number]> = [];
    const read = new Map<string, [number, number]>();
    const inWorker = await analyzeInWorker(SAMPLE, {
      onProgress: (done, total) => progress.push([done, total]),
      onBytes: (file, bytes, size) => read.set(file, [bytes, size]),
    });
    const here = await analyzePath(SAMPLE);
    expect(inWorker).toEqual(here);
    expect(inWorker.audit.findings.length).toBeGreaterThan(0);
    expect(progress.length).toBe(here.audit.files.length);
    expect(progress.at(-1)).toEqual([here.audit.files.length, here.audit.files.length]);
    // Every file read to its end, as its entry in the audit counts it.
    expect(Object.fromEntries(read)).toEqual(
      Object.fromEntries(here.audit.files.map((f) => [f.path, [f.bytes, f.bytes]])),
    );
  });

  it('caps how far the old generation grows past what survives a full collection, once, for the worker', async () => {
    made.flags.length = 0;
    await analyzeInWorker(SAMPLE, {});
    expect(made.flags).toEqual([`--heap-growing-percent=${WORKER_HEAP_GROWING_PERCENT}`]);
    const before = process.env['NODE_OPTIONS'];
    // V8 takes its flags with dashes or underscores.
    process.env['NODE_OPTIONS'] = `${before ?? ''} --heap_growing_percent=20`;
    try {
      made.flags.length = 0;
      await analyzeInWorker(SAMPLE, {});
      expect(made.flags).toEqual([]);
    } finally {
      if (before === undefined) delete process.env['NODE_OPTIONS'];
      else process.env['NODE_OPTIONS'] = before;
    }
  });

  it('passes options across: redaction off shows what redaction on hides', async () => {
    const [on, off] = [await analyzeInWorker(SAMPLE, {}), await analyzeInWorker(SAMPLE, { redact: false })];
    expect(off).toEqual(await analyzePath(SAMPLE, { redact: false }));
    expect(JSON.stringify(off)).not.toBe(JSON.stringify(on));
  });

  it('rejects with the error the main thread raises, its name, exit code and fields kept', async () => {
    const missing = join(dir, 'nowhere');
    const [there, here] = [await rejection(analyzeInWorker(missing, {})), await rejection(analyzePath(missing))];
    expect(there).toBeInstanceOf(EvidexError);
    expect([there.name, there.message, (there as EvidexError).exitCode]).toEqual([
      here.name,
      here.message,
      (here as EvidexError).exitCode,
    ]);
    const damaged = join(dir, 'damaged.tar.gz');
    writeFileSync(damaged, gzipSync(Buffer.alloc(4096, 'x')).subarray(0, 40));
    const [a, b] = [await rejection(analyzeInWorker(damaged, {})), await rejection(analyzePath(damaged))];
    expect(a).toBeInstanceOf(EvidexError);
    expect(a.message).toBe(b.message);
    expect((a as { reason?: string }).reason).toBe((b as { reason?: string }).reason);
    // Four KiB of `x` is no tar: a gzip whose contents are not an archive.
    expect([a.name, (a as { reason?: string }).reason]).toEqual(['BundleUnreadable', 'not-archive']);
  });

  it('says the analysis ran out of memory when the worker heap is full, not "internal error"', async () => {
    made.oldMb = 4;
    try {
      const err = await rejection(analyzeInWorker(SAMPLE, {}));
      expect(err).toBeInstanceOf(EvidexError);
      expect([err.name, (err as EvidexError).exitCode]).toEqual(['AnalysisOutOfMemory', 2]);
      expect(err.message).toContain(`The analysis of '${SAMPLE}' ran out of memory`);
      expect(err.message).toContain('--max-old-space-size');
    } finally {
      made.oldMb = undefined;
    }
  });
});

describe('analyzePath', () => {
  it('keeps a small bundle in the main thread', async () => {
    const before = made.workers;
    await analyzePath(SAMPLE);
    expect(made.workers).toBe(before);
  });

  it(`hands a .tar.gz holding ${WORKER_BYTES / MiB} MiB to a worker, judged before reading it`, async () => {
    const { archive, lines } = writeLargeLogArchive(dir, 'big', WORKER_BYTES);
    expect(statSync(archive).size).toBeLessThan(WORKER_BYTES / 8);
    const before = made.workers;
    const { audit } = await analyzePath(archive);
    expect(made.workers).toBe(before + 1);
    expect(audit.logs[0]?.lines).toBe(lines);
  }, 60_000);
});
