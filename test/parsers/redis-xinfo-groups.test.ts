import { describe, expect, it } from 'vitest';
import { redisXinfoGroupsParser as parser } from '../../src/core/parsers/redis-xinfo-groups.ts';
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

const fx = (name: string) => fixture('redis-xinfo-groups', name);

describe('redis-xinfo-groups on the real sample', () => {
  const text = sample('redis_groups_trade_intent.txt');

  it('reads the one group with 7.0 fields and decodes last-delivered-id', () => {
    const value = okValue(run(parser, text, 'raw/redis_groups_trade_intent.txt'));
    expect(value.groups).toEqual([
      {
        name: 'quantum:group:execution:trade.intent',
        consumers: 34,
        pending: 1,
        lastDeliveredId: '1766219478937-0',
        lastDeliveredAt: '2025-12-20T08:31:18.937Z',
        entriesRead: 45409,
        lag: 10014,
        evidence: { file: 'raw/redis_groups_trade_intent.txt', startLine: 1, endLine: 12 },
      },
    ]);
  });

  it('is detected from content alone, and offsets lines for a section of a larger file', () => {
    expect(parser.detect(text, 'whatever.txt')).toBeGreaterThanOrEqual(0.9);
    const value = okValue(run(parser, text, 'raw/all.txt', 40));
    expect(value.groups[0]?.evidence).toEqual({ file: 'raw/all.txt', startLine: 40, endLine: 51 });
  });
});

describe('redis-xinfo-groups on real redis-cli 7.0 captures', () => {
  it('reads two groups from raw output, a `name` line starting each', () => {
    const value = okValue(run(parser, fx('xinfo-groups.raw.txt')));
    expect(value.groups.map((g) => [g.name, g.consumers, g.pending, g.lastDeliveredId, g.entriesRead, g.lag])).toEqual([
      ['quantum:group:execution:trade.intent', 2, 17, '1795508581606-0', 35, 5],
      ['quantum:group:risk:trade.intent', 1, 8, '1795508581424-0', 8, 32],
    ]);
    expect(value.groups[1]?.evidence).toMatchObject({ startLine: 13, endLine: 24 });
    expect(value.groups[0]?.lastDeliveredAt).toBe('2026-11-24T08:23:01.606Z');
  });

  it('gives the same model from tty (--no-raw) output', () => {
    const raw = okValue(run(parser, fx('xinfo-groups.raw.txt')));
    expect(okValue(run(parser, fx('xinfo-groups.tty.txt')))).toEqual(raw);
    expectCitedLinesExist(raw, fx('xinfo-groups.raw.txt'));
  });

  it('turns nil entries-read and lag into null in both styles', () => {
    for (const name of ['xinfo-groups-nil-lag.raw.txt', 'xinfo-groups-nil-lag.tty.txt']) {
      const [group] = okValue(run(parser, fx(name))).groups;
      expect(group).toMatchObject({
        name: 'quantum:group:portfolio:ai.decision',
        consumers: 1,
        pending: 1,
        entriesRead: null,
        lag: null,
      });
      expect(group?.evidence).toMatchObject({ startLine: 1, endLine: 12 });
    }
  });

  it('leaves entries-read and lag undefined for pre-7.0 output', () => {
    const value = okValue(run(parser, fx('xinfo-groups-6.2.raw.txt')));
    expect(value.groups).toHaveLength(2);
    expect(value.groups[0]).not.toHaveProperty('lag');
    expect(value.groups[0]).not.toHaveProperty('entriesRead');
    expect(value.groups[1]?.pending).toBe(8);
  });

  it('reads a stream with no groups as an empty list', () => {
    expect(okValue(run(parser, fx('xinfo-groups-none.tty.txt'))).groups).toEqual([]);
    const raw = run(parser, fx('xinfo-groups-none.raw.txt'));
    expect(okValue(raw).groups).toEqual([]);
    // Issue 10: raw redis-cli's one line break is an empty array, a real zero, not an empty capture.
    expect(issueKinds(raw)).toEqual([]);
  });

  it('skips the password warning redis-cli prints with -a', () => {
    const value = okValue(run(parser, fx('xinfo-groups-password-warning.raw.txt')));
    expect(value.groups.map((g) => g.name)).toEqual([
      'quantum:group:execution:trade.intent',
      'quantum:group:risk:trade.intent',
    ]);
    expect(value.groups[0]?.evidence).toMatchObject({ startLine: 2, endLine: 13 });
  });
});

describe('redis-xinfo-groups on bad input', () => {
  it.each([
    ['error-no-such-key.raw.txt', 'ERR no such key', 1],
    ['error-no-such-key.tty.txt', 'ERR no such key', 1],
    ['error-noauth.raw.txt', 'NOAUTH Authentication required.', 1],
    ['error-connection-refused.raw.txt', 'Could not connect to Redis at 127.0.0.1:6399', 1],
  ])('reports %s as error-output', (name, message, line) => {
    const result = run(parser, fx(name));
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ kind: 'error-output', line });
    expect(result.issues[0]?.message).toContain(message);
  });

  it('reports an unknown-command reply as error-output', () => {
    const result = run(parser, TTY_UNKNOWN_COMMAND);
    expect(result.ok).toBe(false);
    expect(issueKinds(result)).toEqual(['error-output']);
  });

  it('rejects binary junk and says so', () => {
    const result = run(parser, BINARY_JUNK);
    expect(result.ok).toBe(false);
    expect(issueKinds(result)).toEqual(['binary']);
  });

  it('keeps complete groups of a truncated capture and flags the cut one', () => {
    const lines = fx('xinfo-groups.raw.txt').split('\n').slice(0, 17).join('\n');
    const result = run(parser, lines);
    expect(okValue(result).groups.map((g) => g.name)).toEqual(['quantum:group:execution:trade.intent']);
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'parse-failure', line: 13 })]);
  });

  it('does not claim, and cannot read, a known file name holding other content', () => {
    const wrong = sample('redis_client_list.txt');
    expect(parser.detect(wrong, 'redis_groups_trade_intent.txt')).toBe(0);
    const result = run(parser, wrong, 'raw/redis_groups_trade_intent.txt');
    expect(result.ok).toBe(false);
    expect(issueKinds(result)).toContain('unrecognised');
  });

  it('does not claim XINFO CONSUMERS or XRANGE output', () => {
    expect(parser.detect(fixture('redis-xinfo-consumers', 'xinfo-consumers.raw.txt'), 'x.txt')).toBe(0);
    expect(parser.detect(sample('redis_sample_trade_intent.txt'), 'redis_sample_trade_intent.txt')).toBe(0);
  });
});
