// writeOutPieces (src/cli/output.ts): `analyze --json` is written piece by piece, each made only when the
// stream takes more, so a slow reader holds back the writer instead of the output piling up in memory.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeOutPieces } from '../../src/cli/output.ts';

/** A stream that takes one chunk per tick and keeps what it got. */
function slowStream(highWaterMark: number): Writable & { got: string[] } {
  const got: string[] = [];
  const stream = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      got.push(chunk);
      setImmediate(done);
    },
  });
  return Object.assign(stream, { got });
}

describe('writeOutPieces', () => {
  it('writes every piece in order and waits for a full stream to drain before making the next', async () => {
    const out = slowStream(16);
    let made = 0;
    let ahead = 0;
    const pieces = (function* () {
      for (let i = 0; i < 200; i++) {
        made++;
        // Pieces made but not yet taken by the stream: bounded by its buffer, not by the output.
        ahead = Math.max(ahead, made - out.got.length);
        yield `piece ${i};`;
      }
    })();
    await writeOutPieces(pieces, out);
    expect(out.got.join('')).toBe(Array.from({ length: 200 }, (_, i) => `piece ${i};`).join(''));
    expect(ahead).toBeLessThanOrEqual(4);
  });

  it('resolves once the last piece is flushed', async () => {
    const out = slowStream(1024);
    await writeOutPieces(['a', 'b', 'c'], out);
    expect(out.got.join('')).toBe('abc');
  });

  it('stops quietly, making no further piece, when the reader goes away', async () => {
    const out = slowStream(16);
    const errors: unknown[] = [];
    out.on('error', (err) => errors.push(err));
    let made = 0;
    const pieces = (function* () {
      for (let i = 0; i < 1000; i++) {
        made++;
        if (i === 10) out.destroy();
        yield `piece ${i};`;
      }
    })();
    await writeOutPieces(pieces, out);
    expect(made).toBeLessThan(20);
    expect(errors).toEqual([]);
  });

  it('writes nothing for no pieces', async () => {
    const out = slowStream(16);
    await writeOutPieces([], out);
    expect(out.got).toEqual([]);
  });
});
