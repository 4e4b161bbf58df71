import { describe, expect, it } from 'vitest';
import { redisSlowlogParser as parser } from '../../src/core/parsers/redis-slowlog.ts';
import {
  BINARY_JUNK,
  TTY_UNKNOWN_COMMAND,
  expectCitedLinesExist,
  fixture,
  issueKinds,
  okValue,
  run,
  sample,
} from './redis-helpers.ts';

const fx = (name: string) => fixture('redis-slowlog', name);

describe('redis-slowlog on the real sample', () => {
  it("reads the one-line-break capture as raw redis-cli's empty reply: no entries, no empty-capture issue", () => {
    const text = sample('redis_slowlog.txt');
    expect(text).toBe('\n');
    const result = run(parser, text, 'raw/redis_slowlog.txt');
    expect(okValue(result)).toEqual([]);
    // Issue 10: one line break is redis-cli's empty array (zero entries); only a 0-byte or whitespace-only
    // capture stays ambiguous.
    expect(issueKinds(result)).toEqual([]);
    expect(issueKinds(run(parser, ' \n\n', 'raw/redis_slowlog.txt'))).toEqual(['empty-capture']);
    expect(parser.detect(text, 'redis_slowlog.txt')).toBeGreaterThanOrEqual(0.9);
    expect(parser.detect(text, 'other.txt')).toBe(0);
  });
});

describe('redis-slowlog on real redis-cli captures', () => {
  it('reads raw entries, finding each argv end at the client address', () => {
    const text = fx('slowlog.raw.txt');
    const value = okValue(run(parser, text, 'raw/slowlog.txt'));
    expect(value.map((e) => [e.id, e.durationMicros, e.command[0], e.client, e.clientName])).toEqual([
      [4, 3, 'CLIENT', '127.0.0.1:34212', 'audit-probe'],
      [3, 23, 'XRANGE', '127.0.0.1:34208', undefined],
      [2, 10, 'KEYS', '127.0.0.1:34202', undefined],
      [1, 17390, 'EVAL', '127.0.0.1:34186', undefined],
      [0, 250, 'CONFIG', '127.0.0.1:34184', undefined],
    ]);
    expect(value[0]).toMatchObject({
      at: '2026-11-24T08:23:24.000Z',
      command: ['CLIENT', 'SETNAME', 'audit-probe'],
      evidence: { file: 'raw/slowlog.txt', startLine: 1, endLine: 8 },
    });
    expect(value[3]?.command).toEqual(['EVAL', 'local n=0 for i=1,3000000 do n=n+i end return n', '0']);
    expectCitedLinesExist(value, text);
  });

  it('gives the same model from tty output', () => {
    expect(okValue(run(parser, fx('slowlog.tty.txt')))).toEqual(okValue(run(parser, fx('slowlog.raw.txt'))));
    expect(parser.detect(fx('slowlog.tty.txt'), 'x.txt')).toBeGreaterThanOrEqual(0.9);
    expect(parser.detect(fx('slowlog.raw.txt'), 'x.txt')).toBeGreaterThanOrEqual(0.9);
  });

  it('reads an empty tty slowlog without an issue', () => {
    const result = run(parser, '(empty array)\n');
    expect(okValue(result)).toEqual([]);
    expect(result.issues).toEqual([]);
  });
});

describe('redis-slowlog on bad input', () => {
  it('keeps whole entries of a truncated capture', () => {
    const cut = fx('slowlog.raw.txt').split('\n').slice(0, 22).join('\n');
    const result = run(parser, cut);
    expect(okValue(result).map((e) => e.id)).toEqual([4, 3]);
    expect(issueKinds(result)).toEqual(['parse-failure']);
  });

  it('handles junk, errors and wrong content', () => {
    expect(issueKinds(run(parser, BINARY_JUNK))).toEqual(['binary']);
    expect(issueKinds(run(parser, TTY_UNKNOWN_COMMAND))).toEqual(['error-output']);
    const wrong = run(parser, sample('redis_groups_trade_intent.txt'), 'raw/redis_slowlog.txt');
    expect(wrong.ok).toBe(false);
    expect(issueKinds(wrong)).toEqual(['unrecognised']);
  });
});
