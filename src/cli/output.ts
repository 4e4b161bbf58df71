import type { Paint } from '../core/format/summary.ts';
import { noPaint } from '../core/format/summary.ts';

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org) or --no-color given. */
export function getPaint(stream: NodeJS.WriteStream, disabled = false): Paint {
  const on = !disabled && stream.isTTY === true && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
  if (!on) return noPaint;
  const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39) };
}

/** Write to stdout and wait for it to drain, so piping into `head` or a file never truncates. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

/** A one-line progress indicator on stderr, only when stderr is a terminal. */
export function progress(label: string): { update: (done: number, total: number, item: string) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  return {
    update: (done, total, item) => {
      if (tty) process.stderr.write(`\r\x1b[2K${label} ${done}/${total} ${item.slice(0, 60)}`);
    },
    done: () => {
      if (tty) process.stderr.write('\r\x1b[2K');
    },
  };
}
