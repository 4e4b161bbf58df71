import { afterEach, describe, expect, it, vi } from 'vitest';
import { progress } from '../../src/cli/output.ts';

// The progress line on a terminal's stderr: files done, and within a long file the bytes read.
const CLEAR = '\r\x1b[2K';

// isTTY is an own property of a terminal's stream and absent otherwise: set for each test, put back after.
const ownTTY = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');

function capture(tty: boolean): string[] {
  const writes: string[] = [];
  Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true, writable: true });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  return writes;
}

afterEach(() => {
  if (ownTTY) Object.defineProperty(process.stderr, 'isTTY', ownTTY);
  else delete (process.stderr as { isTTY?: boolean }).isTTY;
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('progress', () => {
  it('writes nothing when stderr is not a terminal', () => {
    const writes = capture(false);
    const bar = progress('analyzing');
    bar.update(1, 2, 'raw/a.txt');
    bar.bytes('raw/b.log', 10, 20);
    bar.done();
    expect(writes).toEqual([]);
  });

  it('shows the files done, then the bytes read of a long file at most every 200 ms', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const writes = capture(true);
    const bar = progress('analyzing');
    bar.update(1, 3, 'raw/docker_ps.txt');
    bar.bytes('raw/logs_big.txt', 512 * 1024, 3 * 2 ** 30);
    bar.bytes('raw/logs_big.txt', 1024 * 1024, 3 * 2 ** 30);
    vi.advanceTimersByTime(199);
    bar.bytes('raw/logs_big.txt', 2 * 2 ** 20, 3 * 2 ** 30);
    vi.advanceTimersByTime(1);
    bar.bytes('raw/logs_big.txt', 1.5 * 2 ** 30, 3 * 2 ** 30);
    // The whole file read: the next update says so, not a "3 GiB of 3 GiB" line.
    vi.advanceTimersByTime(500);
    bar.bytes('raw/logs_big.txt', 3 * 2 ** 30, 3 * 2 ** 30);
    bar.done();
    expect(writes).toEqual([
      `${CLEAR}analyzing 1/3 raw/docker_ps.txt`,
      `${CLEAR}analyzing 1/3 raw/logs_big.txt 512 KiB of 3 GiB`,
      `${CLEAR}analyzing 1/3 raw/logs_big.txt 1.5 GiB of 3 GiB`,
      CLEAR,
    ]);
  });

  it('shows a file name that holds terminal controls escaped', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const writes = capture(true);
    const bar = progress('analyzing');
    const hostile = 'raw/\x1b]0;owned\x07\x1b[2Jx.log';
    bar.update(1, 1, hostile);
    bar.bytes(hostile, 1, 2);
    expect(writes).toHaveLength(2);
    for (const w of writes) {
      expect(w.startsWith(CLEAR)).toBe(true);
      expect(w.slice(CLEAR.length)).not.toMatch(/[\x00-\x1f\x7f]/);
    }
  });
});
