// jsonPieces (src/core/format/json.ts) must give, joined, exactly what JSON.stringify(value, null, indent) gives:
// `analyze --json` prints through it, and its output is compared byte for byte with earlier runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces, type JsonPieceOptions } from '../../src/core/format/json.ts';

/** One UTF-16 unit of any value (lone surrogates included), every escape JSON has, and whole code points. */
const unit = fc.oneof(
  fc.constantFrom(
    '"',
    '\\',
    '/',
    '\b',
    '\f',
    '\n',
    '\r',
    '\t',
    '\0',
    '\x1f',
    '\x7f',
    '\u2028',
    '\u2029',
    '\ud800',
    '\udfff',
  ),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.constantFrom('a', 'Z', '0', ' ', 'é', '€', '😀'),
);
const text = fc.array(unit, { maxLength: 10 }).map((units) => units.join(''));
const key = fc.oneof(text, fc.constantFrom('0', '1', '10', '-1', '01', 'toJSON', '__proto__', 'constructor', ''));
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER, -1.5),
);

/** What JSON leaves out of an object and prints as null in an array. */
const unwritable = fc.constantFrom<unknown>(undefined, () => 1, Symbol('s'));
const boxed = fc.oneof(
  number.map((n) => Object(n) as unknown),
  text.map((s) => Object(s) as unknown),
  fc.boolean().map((b) => Object(b) as unknown),
);
const date = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.constant(NaN)).map((t) => new Date(t));

const { value } = fc.letrec<{ value: unknown; array: unknown[]; object: unknown; toJSON: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    unwritable,
    boxed,
    date,
    tie('array'),
    tie('object'),
    tie('toJSON'),
  ),
  array: fc.array(tie('value'), { maxLength: 6 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  // toJSON is called with the member's key (an array index as a string, '' at the top), and once only:
  // what it returns is written as it is, even when that has a toJSON of its own.
  toJSON: fc.oneof(
    tie('value').map((v) => ({ toJSON: (k: string) => ({ key: k, v }) })),
    tie('value').map((v) => ({ toJSON: () => v })),
    fc.constant({ toJSON: () => ({ toJSON: () => 'twice' }) }),
    fc.constant({ toJSON: 'not a function', kept: 1 }),
  ),
}));

const options = fc.record({
  indent: fc.constantFrom(2, 0, 4, 10),
  pieceChars: fc.integer({ min: 1, max: 80 }),
  nativeMembers: fc.constantFrom(0, 1, 3, 256),
});

const joined = (v: unknown, o: JsonPieceOptions) => [...jsonPieces(v, o)].join('');

describe('jsonPieces', () => {
  it('joins to exactly JSON.stringify(value, null, indent), whatever the value, pieces and indent', () => {
    fc.assert(
      fc.property(value, options, (v, o) => {
        const expected = JSON.stringify(v, null, o.indent);
        const pieces = [...jsonPieces(v, o)];
        if (expected === undefined) {
          expect(pieces).toEqual([]);
          return;
        }
        expect(pieces.join('')).toBe(expected);
        // Every piece but the last is at least pieceChars long; none is empty.
        for (const p of pieces.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(o.pieceChars);
        expect(pieces.every((p) => p.length > 0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes the JSON of a parsed document exactly, in pieces of the size asked for', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), options, (json, o) => {
        const v: unknown = JSON.parse(json);
        expect(joined(v, o)).toBe(JSON.stringify(v, null, o.indent));
      }),
      { numRuns: 500 },
    );
  });

  it('cuts a long list into pieces of about the size asked for, each member written once', () => {
    const clients = Array.from({ length: 5000 }, (_, i) => ({
      id: String(i),
      addr: `10.0.${i >> 8}.${i & 255}:6379`,
      fields: { name: `c${i}`, flags: 'N', note: 'quote " backslash \\ line\nbreak' },
      evidence: { file: 'raw/redis_client_list.txt', startLine: i + 1, endLine: i + 1 },
    }));
    const audit = { schemaVersion: 1, redis: { clients, clientsTotal: 20000 }, empty: {}, none: [] };
    const pieces = [...jsonPieces(audit, { indent: 2, pieceChars: 4096 })];
    expect(pieces.join('')).toBe(JSON.stringify(audit, null, 2));
    expect(pieces.length).toBeGreaterThan(100);
    // A piece ends after the member that took it past the size: at most one client's text more.
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4096 + 1024);
  });

  it('gives nothing for a value JSON has no text for, as JSON.stringify gives undefined', () => {
    for (const v of [undefined, () => 1, Symbol('x'), { toJSON: () => undefined }])
      expect([...jsonPieces(v)]).toEqual([]);
  });

  it('throws as JSON.stringify throws: a circular structure, a BigInt', () => {
    const loop: Record<string, unknown> = { a: [1] };
    (loop['a'] as unknown[]).push({ back: loop });
    for (const nativeMembers of [0, 256]) {
      expect(() => JSON.stringify(loop)).toThrow(TypeError);
      expect(() => [...jsonPieces(loop, { nativeMembers })]).toThrow(TypeError);
      expect(() => [...jsonPieces({ n: 1n }, { nativeMembers })]).toThrow(TypeError);
    }
    // The same object twice, side by side, is not a cycle.
    const shared = { x: 1 };
    expect(joined([shared, { shared }], { nativeMembers: 0 })).toBe(JSON.stringify([shared, { shared }], null, 2));
  });

  it('makes each piece only when it is asked for', () => {
    let reads = 0;
    const list = Array.from({ length: 100 }, (_, i) => ({
      get n() {
        reads++;
        return i;
      },
    }));
    const pieces = jsonPieces(list, { pieceChars: 1, nativeMembers: 0 });
    pieces.next();
    expect(reads).toBeLessThanOrEqual(1);
    pieces.next();
    expect(reads).toBeLessThanOrEqual(2);
  });
});
