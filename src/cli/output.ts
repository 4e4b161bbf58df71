import type { Paint } from '../core/index.ts';
import { noPaint } from '../core/format/paint.ts';
import { jsonPieces } from '../core/format/json.ts';
import { formatBytes } from '../core/format/units.ts';
import { neutralizeLine } from '../core/text/neutralize.ts';

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org) or --no-color given. */
export function getPaint(stream: NodeJS.WriteStream, disabled = false): Paint {
  const on =
    !disabled &&
    stream.isTTY === true &&
    !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') &&
    process.env.TERM !== 'dumb';
  if (!on) return noPaint;
  const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
  };
}

let stdoutClosed = false;

/**
 * A reader that goes away (`evidex analyze --json | head`) is not an error: later writes are dropped
 * and the command ends with the exit code it would have had. Without this, Node throws EPIPE.
 */
export function guardStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
      if (stream === process.stdout) stdoutClosed = true;
    });
  }
}

/** Write to stdout and wait until it is flushed (or the reader has gone), so piping never truncates. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stdoutClosed || process.stdout.destroyed) return resolve();
    process.stdout.write(text, () => resolve());
  });
}

/** `JSON.stringify(value, null, 2)` and a line break on stdout, written piece by piece (see {@link writeOutPieces}). */
export function writeJson(value: unknown): Promise<void> {
  return writeOutPieces(
    (function* () {
      yield* jsonPieces(value, { indent: 2 });
      yield '\n';
    })(),
  );
}

/**
 * Write `pieces` to stdout in order, pulling the next only when stdout takes more (a full pipe is waited for),
 * so a long output is never held whole; resolves once the last is flushed. A reader that goes away ends it
 * quietly, as {@link writeOut} does, and no further piece is made.
 */
export async function writeOutPieces(
  pieces: Iterable<string>,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const closed = () => (out === process.stdout && stdoutClosed) || isDestroyed(out);
  let held: string | undefined;
  for (const piece of pieces) {
    if (closed()) return;
    if (held !== undefined && !out.write(held)) await drained(out);
    held = piece;
  }
  if (held === undefined || closed()) return;
  const last = held;
  await new Promise<void>((resolve) => {
    out.write(last, () => resolve());
  });
}

const isDestroyed = (out: NodeJS.WritableStream) => (out as { destroyed?: boolean }).destroyed === true;

/** Resolves when `out` drains, closes or fails (the error itself is for guardStreams' listener). */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    if (isDestroyed(out)) return resolve();
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

/** How often, at most, the bytes read of a long file are shown (ms). */
const PROGRESS_MS = 200;

/**
 * A one-line progress indicator on stderr, only when stderr is a terminal: files done of all, the file, and
 * within a long file the bytes read of its size.
 */
export function progress(label: string): {
  update: (done: number, total: number, item: string) => void;
  bytes: (item: string, read: number, size: number) => void;
  done: () => void;
} {
  const tty = process.stderr.isTTY === true;
  // Files done so far, shown with the bytes read of the file under way; bytes at most every PROGRESS_MS.
  let counts = '';
  let shownAt = 0;
  const show = (text: string) => process.stderr.write(`\r\x1b[2K${label} ${text}`);
  // A file's name as the line shows it: controls made visible, cut to fit.
  const named = (item: string) => neutralizeLine(item).slice(0, 60);
  return {
    update: (done, total, item) => {
      counts = `${done}/${total}`;
      if (tty) show(`${counts} ${named(item)}`);
    },
    bytes: (item, read, size) => {
      const now = Date.now();
      if (!tty || now - shownAt < PROGRESS_MS || read >= size) return;
      shownAt = now;
      const at = `${named(item)} ${formatBytes(read)} of ${formatBytes(size)}`;
      show(counts ? `${counts} ${at}` : at);
    },
    done: () => {
      if (tty) process.stderr.write('\r\x1b[2K');
    },
  };
}
