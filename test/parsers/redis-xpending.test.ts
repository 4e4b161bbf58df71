import { describe, expect, it } from 'vitest';
import { redisXpendingParser as parser } from '../../src/core/parsers/redis-xpending.ts';
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

const fx = (name: string) => fixture('redis-xpending', name);

describe('redis-xpending summary form', () => {
  it('reads count, id range and per-consumer counts from raw output', () => {
    const value = okValue(run(parser, fx('xpending-summary.raw.txt'), 'raw/pending.txt'));
    expect(value).toEqual({
      kind: 'summary',
      count: 17,
      minId: '1795508581497-0',
      maxId: '1795508581606-0',
      consumers: [
        { name: 'executor-1', count: 2, evidence: { file: 'raw/pending.txt', startLine: 4, endLine: 5 } },
        { name: 'executor-2', count: 15, evidence: { file: 'raw/pending.txt', startLine: 6, endLine: 7 } },
      ],
      evidence: { file: 'raw/pending.txt', startLine: 1, endLine: 7 },
    });
  });

  it('gives the same model from tty output', () => {
    expect(okValue(run(parser, fx('xpending-summary.tty.txt')))).toEqual(
      okValue(run(parser, fx('xpending-summary.raw.txt'))),
    );
    expect(okValue(run(parser, fx('xpending-summary-empty.tty.txt')))).toEqual(
      okValue(run(parser, fx('xpending-summary-empty.raw.txt'))),
    );
  });

  it('reads nothing pending as count 0 without ids or consumers', () => {
    expect(okValue(run(parser, fx('xpending-summary-empty.raw.txt')))).toEqual({
      kind: 'summary',
      count: 0,
      consumers: [],
      evidence: { file: 'raw/capture.txt', startLine: 1, endLine: 4 },
    });
  });
});

describe('redis-xpending extended form', () => {
  it('reads id, consumer, idle and deliveries per entry from raw output', () => {
    const text = fx('xpending-extended.raw.txt');
    const value = okValue(run(parser, text));
    if (value.kind !== 'extended') throw new Error('expected extended form');
    expect(value.entries).toHaveLength(10);
    expect(value.entries[0]).toEqual({
      id: '1795508581497-0',
      consumer: 'executor-1',
      idleMs: 72806,
      deliveries: 1,
      evidence: { file: 'raw/capture.txt', startLine: 1, endLine: 4 },
    });
    expect(value.entries.map((e) => e.consumer).filter((c) => c === 'executor-2')).toHaveLength(8);
    expectCitedLinesExist(value, text);
  });

  it('reads the same entries from tty output (idle grew between captures)', () => {
    const raw = okValue(run(parser, fx('xpending-extended.raw.txt')));
    const tty = okValue(run(parser, fx('xpending-extended.tty.txt')));
    if (raw.kind !== 'extended' || tty.kind !== 'extended') throw new Error('expected extended form');
    expect(tty.entries.map((e) => [e.id, e.consumer, e.deliveries, e.evidence])).toEqual(
      raw.entries.map((e) => [e.id, e.consumer, e.deliveries, e.evidence]),
    );
    expect(tty.entries[0]?.idleMs).toBe(72810);
  });

  it('flags a truncated entry and keeps the whole ones', () => {
    const cut = fx('xpending-extended.raw.txt').split('\n').slice(0, 10).join('\n');
    const result = run(parser, cut);
    const value = okValue(result);
    expect(value.kind === 'extended' && value.entries.length).toBe(2);
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'parse-failure', line: 9 })]);
  });
});

describe('redis-xpending detection and bad input', () => {
  it('tells XPENDING extended from XRANGE output', () => {
    expect(parser.detect(fx('xpending-extended.raw.txt'), 'x.txt')).toBeGreaterThan(0.7);
    expect(parser.detect(sample('redis_sample_trade_intent.txt'), 'redis_sample_trade_intent.txt')).toBe(0);
    expect(parser.detect(fx('xpending-summary.tty.txt'), 'x.txt')).toBeGreaterThanOrEqual(0.9);
  });

  it('handles junk, errors and wrong content', () => {
    expect(issueKinds(run(parser, BINARY_JUNK))).toEqual(['binary']);
    expect(issueKinds(run(parser, TTY_UNKNOWN_COMMAND))).toEqual(['error-output']);
    expect(issueKinds(run(parser, 'NOGROUP No such key or consumer group\n'))).toEqual(['error-output']);
    const wrong = run(parser, sample('redis_client_list.txt'), 'raw/redis_pending.txt');
    expect(wrong.ok).toBe(false);
    expect(issueKinds(wrong)).toEqual(['unrecognised']);
    const empty = run(parser, '');
    expect(okValue(empty)).toEqual({ kind: 'extended', entries: [] });
    expect(issueKinds(empty)).toEqual(['empty-capture']);
  });
});
