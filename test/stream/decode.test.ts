import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStreamDecoder, decodeText, type DecodedText } from '../../src/core/bundle/decode.ts';
import { bytesOf } from './helpers.ts';

function streamDecode(data: Uint8Array, sizes: readonly number[]): DecodedText {
  const d = createStreamDecoder();
  let text = '';
  let at = 0;
  for (let i = 0; at < data.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length] ?? 1);
    text += d.push(data.subarray(at, at + n));
    at += n;
  }
  text += d.end();
  return d.issue ? { text, issue: d.issue } : { text };
}

const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | readonly number[])[]) => {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return new Uint8Array(out);
};

const CASES: Record<string, Uint8Array> = {
  empty: new Uint8Array(0),
  ascii: enc('hello\nworld\n'),
  multibyte: enc('é€😀 '.repeat(3000)),
  bom: cat([0xef, 0xbb, 0xbf], enc('with BOM\n')),
  'bom only': new Uint8Array([0xef, 0xbb, 0xbf]),
  'utf-16le': cat(
    [0xff, 0xfe],
    new Uint8Array(new Uint16Array([...'UTF-16 text €\n'].map((c) => c.charCodeAt(0))).buffer),
  ),
  'utf-16be odd length': new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x00]),
  'invalid utf-8': cat(enc('ok '), [0xc3, 0x28, 0xff], enc(' end\n')),
  'real U+FFFD only': enc('a \uFFFD b\n'),
  'real U+FFFD and an invalid byte': cat(enc('a \uFFFD b '), [0x80], enc('\n')),
  'truncated final sequence': cat(enc('x'.repeat(9000)), [0xe2, 0x82]),
  'NUL byte': cat(enc('abc'), [0], enc('def')),
  'NUL after the sniff window': cat(enc('a'.repeat(9000)), [0], enc('b')),
  'control bytes': new Uint8Array(Array.from({ length: 100 }, (_, i) => (i % 2 ? 0x01 : 0x41))),
  'ANSI colours': enc('\u001b[32mINFO\u001b[0m started\n'.repeat(50)),
};

describe('createStreamDecoder gives what decodeText gives', () => {
  for (const [name, data] of Object.entries(CASES)) {
    it(`${name}, whole and in chunks of 1, 2, 3, 7 and 4096 bytes`, () => {
      const expected = decodeText(data);
      for (const sizes of [[data.length || 1], [1], [2], [3], [7], [4096], [1, 5000, 2]])
        expect(streamDecode(data, sizes)).toEqual(expected);
    });
  }

  it('on every file of the real sample, cut in odd chunks', () => {
    const raw = 'evidence/quantum-trader-2025-12-24/raw';
    for (const name of readdirSync(raw)) {
      const data = bytesOf(join(raw, name));
      expect(streamDecode(data, [13, 8191, 5]), name).toEqual(decodeText(data));
    }
  });

  it('on random bytes and random text with random chunking', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 200 }).map((s) => enc(s)),
      fc
        .tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], []), fc.uint8Array({ maxLength: 200 }))
        .map(([a, b]) => cat(a, b)),
    );
    fc.assert(
      fc.property(input, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }), (data, sizes) => {
        expect(streamDecode(data, sizes)).toEqual(decodeText(data));
      }),
      { numRuns: 500 },
    );
  });
});
