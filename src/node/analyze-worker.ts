// The worker thread that analyzes a large bundle (see analyze-path.ts, analyzeInWorker): the same
// analyzePath, run where V8's young generation is capped, its progress and result posted back.
import { parentPort, workerData } from 'node:worker_threads';
import { EvidexError } from '../core/errors.ts';
import { analyzePath, type AnalyzePathOptions } from './analyze-path.ts';

/** What the worker posts: progress after each file and each chunk, then the analysis or the error that ended it. */
export type WorkerMessage =
  | { progress: [done: number, total: number, file: string] }
  | { bytes: [file: string, read: number, size: number] }
  | { analysis: Awaited<ReturnType<typeof analyzePath>> }
  | { error: SerializedError };

/** An error as it crosses threads: its own fields (an EvidexError's code, a read error's reason) kept. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  evidex: boolean;
  fields: Record<string, unknown>;
}

const { path, options } = workerData as { path: string; options: Omit<AnalyzePathOptions, 'onProgress' | 'onBytes'> };
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

/** Analyze, then post the analysis or the error. */
async function run(): Promise<void> {
  try {
    const analysis = await analyzePath(path, {
      ...options,
      inWorker: true,
      onProgress: (done, total, file) => post({ progress: [done, total, file] }),
      onBytes: (file, read, size) => post({ bytes: [file, read, size] }),
    });
    post({ analysis });
  } catch (err) {
    post({ error: serializeError(err) });
  }
}

function serializeError(err: unknown): SerializedError {
  const e = err instanceof Error ? err : new Error(String(err));
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(e)) {
    if (key !== 'cause' && (value === null || typeof value !== 'object')) fields[key] = value;
  }
  return {
    name: e.name,
    message: e.message,
    ...(e.stack ? { stack: e.stack } : {}),
    evidex: e instanceof EvidexError,
    fields,
  };
}

void run();
