import { describe, expect, it } from 'vitest';
import { redisXinfoStreamParser as parser } from '../../src/core/parsers/redis-xinfo-stream.ts';
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

const fx = (name: string) => fixture('redis-xinfo-stream', name);

describe('redis-xinfo-stream', () => {
  it('reads the summary and first/last entries from raw output', () => {
    const text = fx('xinfo-stream.raw.txt');
    const value = okValue(run(parser, text, 'raw/xinfo.txt'));
    expect(value).toMatchObject({
      length: 40,
      radixTreeKeys: 3,
      radixTreeNodes: 9,
      groups: 2,
      lastGeneratedId: '1795508581643-0',
      maxDeletedEntryId: '0-0',
      entriesAdded: 40,
      recordedFirstEntryId: '1795508581374-0',
      firstEntryId: '1795508581374-0',
      lastEntryId: '1795508581643-0',
      evidence: { file: 'raw/xinfo.txt', startLine: 1, endLine: 36 },
    });
    expect(value.firstEntry?.at).toBe('2026-11-24T08:23:01.374Z');
    expect(value.firstEntry?.fields['source']).toBe('trading-bot');
    expect(JSON.parse(value.lastEntry?.fields['payload'] ?? '')).toMatchObject({
      symbol: 'RENDERUSDT',
      confidence: 0.74,
    });
    expect(value.lastEntry?.evidence).toMatchObject({ startLine: 28, endLine: 36 });
    expectCitedLinesExist(value, text);
  });

  it('gives the same model from tty output, unescaping quoted JSON', () => {
    const raw = okValue(run(parser, fx('xinfo-stream.raw.txt')));
    expect(okValue(run(parser, fx('xinfo-stream.tty.txt')))).toEqual(raw);
    expect(okValue(run(parser, fx('xinfo-stream-deleted.tty.txt')))).toEqual(
      okValue(run(parser, fx('xinfo-stream-deleted.raw.txt'))),
    );
  });

  it('reads a stream with a deleted entry', () => {
    const value = okValue(run(parser, fx('xinfo-stream-deleted.raw.txt')));
    expect(value).toMatchObject({ length: 5, entriesAdded: 6, maxDeletedEntryId: '1795508594509-0', groups: 1 });
    expect(value.firstEntry?.fields).toEqual({ decision: 'hold', confidence: '0.51' });
    expect(value.lastEntry?.fields).toEqual({ decision: 'hold', confidence: '0.56' });
  });

  it('reads an empty stream whose first and last entries are nil', () => {
    for (const name of ['xinfo-stream-empty.raw.txt', 'xinfo-stream-empty.tty.txt']) {
      const value = okValue(run(parser, fx(name)));
      expect(value).toMatchObject({
        length: 0,
        groups: 0,
        recordedFirstEntryId: '0-0',
        lastGeneratedId: '1795509021658-0',
      });
      expect(value.firstEntry).toBeUndefined();
      expect(value.lastEntryId).toBeUndefined();
    }
  });

  it('handles empty, junk, error and wrong content', () => {
    expect(issueKinds(run(parser, ''))).toEqual(['empty-capture']);
    expect(issueKinds(run(parser, BINARY_JUNK))).toEqual(['binary']);
    expect(issueKinds(run(parser, TTY_UNKNOWN_COMMAND))).toEqual(['error-output']);
    const wrong = run(parser, sample('redis_groups_trade_intent.txt'), 'raw/redis_xinfo_stream.txt');
    expect(wrong.ok).toBe(false);
    expect(issueKinds(wrong)).toEqual(['unrecognised']);
    expect(parser.detect(sample('redis_groups_trade_intent.txt'), 'redis_xinfo_stream.txt')).toBe(0);
  });

  it('keeps what it read of a truncated capture', () => {
    const cut = fx('xinfo-stream.raw.txt').split('\n').slice(0, 22).join('\n');
    const value = okValue(run(parser, cut));
    expect(value.length).toBe(40);
    expect(value.firstEntry?.fields).toMatchObject({ event_type: 'trade.intent' });
    expect(value.lastEntry).toBeUndefined();
  });

  it('issue 9: flags a first entry cut after its id or after a field name instead of reading it as whole', () => {
    const lines = fx('xinfo-stream.raw.txt').split('\n');
    const at = lines.indexOf('first-entry') + 1;
    for (const keep of [at + 1, at + 2]) {
      const result = parser.parse(`${lines.slice(0, keep).join('\n')}\n`, { file: 'raw/xinfo.txt', firstLine: 1 });
      expect(okValue(result).firstEntry?.id).toBe('1795508581374-0');
      expect(result.issues).toEqual([expect.objectContaining({ kind: 'parse-failure', line: at + 1 })]);
    }
  });
});
