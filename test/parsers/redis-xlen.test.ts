import { describe, expect, it } from 'vitest';
import { redisXlenParser as parser } from '../../src/core/parsers/redis-xlen.ts';
import { BINARY_JUNK, TTY_UNKNOWN_COMMAND, fixture, issueKinds, okValue, run, sample } from './redis-helpers.ts';

const fx = (name: string) => fixture('redis-xlen', name);
const KEYED = [
  ['quantum:stream:ai.decision.made', 5],
  ['quantum:stream:execution.result', 12],
  ['quantum:stream:market.tick', 25],
  ['quantum:stream:trade.intent', 40],
];

describe('redis-xlen on the real sample', () => {
  it('keeps bare lengths without keys and says they cannot be tied to streams', () => {
    const result = run(parser, sample('redis_streams_lengths.txt'), 'raw/redis_streams_lengths.txt');
    expect(okValue(result).lengths).toEqual([
      { length: 10014, evidence: { file: 'raw/redis_streams_lengths.txt', startLine: 1, endLine: 1 } },
      { length: 10013, evidence: { file: 'raw/redis_streams_lengths.txt', startLine: 2, endLine: 2 } },
      { length: 1, evidence: { file: 'raw/redis_streams_lengths.txt', startLine: 3, endLine: 3 } },
    ]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ kind: 'values-without-keys', line: 1 });
    expect(result.issues[0]?.message).toContain('cannot be tied to streams');
  });

  it('claims bare numbers only with a file-name hint', () => {
    const text = sample('redis_streams_lengths.txt');
    expect(parser.detect(text, 'redis_streams_lengths.txt')).toBeGreaterThanOrEqual(0.9);
    expect(parser.detect(text, 'numbers.txt')).toBeLessThan(0.5);
  });
});

describe('redis-xlen on real captures', () => {
  it.each(['xlen-keyed-space.txt', 'xlen-keyed-colon.txt'])('reads one `key length` per line from %s', (name) => {
    const result = run(parser, fx(name));
    expect(okValue(result).lengths.map((l) => [l.key, l.length])).toEqual(KEYED);
    expect(okValue(result).lengths[3]?.evidence).toMatchObject({ startLine: 4, endLine: 4 });
    expect(result.issues).toEqual([]);
  });

  it.each(['xlen-keyed-pairs.txt', 'xlen-keyed-pairs.tty.txt'])(
    'reads key and length on alternate lines from %s',
    (name) => {
      const result = run(parser, fx(name));
      expect(okValue(result).lengths.map((l) => [l.key, l.length])).toEqual(KEYED);
      expect(okValue(result).lengths[1]?.evidence).toMatchObject({ startLine: 3, endLine: 4 });
      expect(result.issues).toEqual([]);
    },
  );

  it('reads bare raw digits and tty (integer) lines alike', () => {
    const raw = run(parser, fx('xlen-bare.raw.txt'));
    const tty = run(parser, fx('xlen-bare.tty.txt'));
    expect(okValue(raw).lengths.map((l) => l.length)).toEqual([5, 12, 25, 40]);
    expect(okValue(tty)).toEqual(okValue(raw));
    expect(issueKinds(tty)).toEqual(['values-without-keys']);
  });
});

describe('redis-xlen on bad input', () => {
  it('reports an error among keyed lengths and keeps the rest', () => {
    const text =
      'quantum:stream:a\n5\nquantum:config:mode\nWRONGTYPE Operation against a key ' +
      'holding the wrong kind of value\nquantum:stream:b 7\n';
    const result = run(parser, text);
    expect(okValue(result).lengths.map((l) => [l.key, l.length])).toEqual([
      ['quantum:stream:a', 5],
      ['quantum:stream:b', 7],
    ]);
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'error-output', line: 4 })]);
  });

  it('flags a key left without its length at the end', () => {
    const cut = fx('xlen-keyed-pairs.txt').split('\n').slice(0, 7).join('\n');
    const result = run(parser, cut);
    expect(okValue(result).lengths).toHaveLength(3);
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'parse-failure', line: 7 })]);
  });

  it('handles empty, junk, a lone error and wrong content', () => {
    expect(issueKinds(run(parser, ' \n'))).toEqual(['empty-capture']);
    expect(issueKinds(run(parser, BINARY_JUNK))).toEqual(['binary']);
    expect(issueKinds(run(parser, TTY_UNKNOWN_COMMAND))).toEqual(['error-output']);
    const wrong = run(parser, sample('redis_stream_keys.txt'), 'raw/redis_streams_lengths.txt');
    expect(wrong.ok).toBe(false);
    expect(issueKinds(wrong)).toContain('unrecognised');
    expect(parser.detect(sample('redis_stream_keys.txt'), 'redis_streams_lengths.txt')).toBe(0);
  });
});
