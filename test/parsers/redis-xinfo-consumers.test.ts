import { describe, expect, it } from 'vitest';
import { redisXinfoConsumersParser as parser } from '../../src/core/parsers/redis-xinfo-consumers.ts';
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

const fx = (name: string) => fixture('redis-xinfo-consumers', name);

describe('redis-xinfo-consumers', () => {
  it('reads 7.0 raw output: name, pending, idle', () => {
    const text = fx('xinfo-consumers.raw.txt');
    const value = okValue(run(parser, text, 'raw/consumers.txt'));
    expect(value.consumers).toEqual([
      {
        name: 'executor-1',
        pending: 2,
        idleMs: 72792,
        evidence: { file: 'raw/consumers.txt', startLine: 1, endLine: 6 },
      },
      {
        name: 'executor-2',
        pending: 15,
        idleMs: 72785,
        evidence: { file: 'raw/consumers.txt', startLine: 7, endLine: 12 },
      },
    ]);
    expect(parser.detect(text, 'x.txt')).toBeGreaterThanOrEqual(0.9);
  });

  it('reads the same consumers from tty output (idle grew between the two captures)', () => {
    const tty = okValue(run(parser, fx('xinfo-consumers.tty.txt'), 'raw/consumers.txt'));
    const raw = okValue(run(parser, fx('xinfo-consumers.raw.txt'), 'raw/consumers.txt'));
    expect(tty.consumers.map((c) => [c.name, c.pending, c.evidence])).toEqual(
      raw.consumers.map((c) => [c.name, c.pending, c.evidence]),
    );
    expect(tty.consumers[0]?.idleMs).toBe(72795);
  });

  it('keeps 7.2 inactive in both styles, -1 meaning never', () => {
    for (const name of ['xinfo-consumers-7.2.raw.txt', 'xinfo-consumers-7.2.tty.txt']) {
      const value = okValue(run(parser, fx(name)));
      expect(value.consumers.map((c) => [c.name, c.pending, c.idleMs, c.inactiveMs])).toEqual([
        ['executor-1', 2, 40276, 40276],
        ['executor-3', 0, 1520, -1],
      ]);
      expectCitedLinesExist(value, fx(name));
    }
  });

  it('reports errors, junk and empty input without throwing', () => {
    expect(issueKinds(run(parser, TTY_UNKNOWN_COMMAND))).toEqual(['error-output']);
    expect(issueKinds(run(parser, BINARY_JUNK))).toEqual(['binary']);
    const empty = run(parser, '');
    expect(okValue(empty).consumers).toEqual([]);
    expect(issueKinds(empty)).toEqual(['empty-capture']);
  });

  it('keeps the complete consumer of a truncated capture', () => {
    const cut = fx('xinfo-consumers.raw.txt').split('\n').slice(0, 9).join('\n');
    const result = run(parser, cut);
    expect(okValue(result).consumers.map((c) => c.name)).toEqual(['executor-1']);
    expect(issueKinds(result)).toEqual(['parse-failure']);
  });

  it('refuses XINFO GROUPS output, which has the same layout', () => {
    const groups = sample('redis_groups_trade_intent.txt');
    expect(parser.detect(groups, 'redis_consumers.txt')).toBe(0);
    const result = run(parser, groups, 'raw/redis_consumers.txt');
    expect(result.ok).toBe(false);
    expect(issueKinds(result)).toContain('unrecognised');
  });
});
