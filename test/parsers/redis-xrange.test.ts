import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redisXrangeParser as parser } from '../../src/core/parsers/redis-xrange.ts';
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

const fx = (name: string) => fixture('redis-xrange', name);

describe('redis-xrange on the real sample', () => {
  const text = sample('redis_sample_trade_intent.txt');

  it('reads three XREVRANGE entries with one-line JSON payloads', () => {
    const { entries } = okValue(run(parser, text, 'raw/redis_sample_trade_intent.txt'));
    expect(entries.map((e) => [e.id, e.at])).toEqual([
      ['1766550734062-1', '2025-12-24T04:32:14.062Z'],
      ['1766550734062-0', '2025-12-24T04:32:14.062Z'],
      ['1766550734060-1', '2025-12-24T04:32:14.060Z'],
    ]);
    expect(entries[0]?.fields).toMatchObject({
      event_type: 'trade.intent',
      timestamp: '2025-12-24T04:32:14.062733',
      source: 'trading-bot',
    });
    expect(JSON.parse(entries[0]?.fields['payload'] ?? '')).toMatchObject({
      symbol: 'NEARUSDT',
      side: 'BUY',
      confidence: 0.72,
    });
    expect(JSON.parse(entries[2]?.fields['payload'] ?? '')).toMatchObject({ symbol: 'APTUSDT' });
    expect(entries.map((e) => e.evidence)).toEqual([
      { file: 'raw/redis_sample_trade_intent.txt', startLine: 1, endLine: 9 },
      { file: 'raw/redis_sample_trade_intent.txt', startLine: 10, endLine: 18 },
      { file: 'raw/redis_sample_trade_intent.txt', startLine: 19, endLine: 27 },
    ]);
  });

  it('is detected from content', () => {
    expect(parser.detect(text, 'capture.txt')).toBeGreaterThanOrEqual(0.8);
  });
});

describe('redis-xrange on real redis-cli captures', () => {
  it.each(['xrange', 'xrevrange'])('reads %s raw and tty to the same model', (cmd) => {
    const raw = okValue(run(parser, fx(`${cmd}.raw.txt`)));
    expect(raw.entries).toHaveLength(3);
    expect(okValue(run(parser, fx(`${cmd}.tty.txt`)))).toEqual(raw);
    expectCitedLinesExist(raw, fx(`${cmd}.raw.txt`));
  });

  it('keeps XRANGE order oldest first and XREVRANGE newest first', () => {
    expect(okValue(run(parser, fx('xrange.raw.txt'))).entries.map((e) => e.id)).toEqual([
      '1795508581374-0',
      '1795508581382-0',
      '1795508581392-0',
    ]);
    expect(okValue(run(parser, fx('xrevrange.raw.txt'))).entries[0]?.id).toBe('1795508581643-0');
  });

  it('unescapes quoted JSON from tty output exactly', () => {
    const [first] = okValue(run(parser, fx('xrange.tty.txt'))).entries;
    expect(first?.fields['payload']).toBe(
      '{"symbol": "ETHUSDT", "side": "BUY", "confidence": 0.71, "entry_price": 1.1, "leverage": 1, ' +
        '"timestamp": "2026-11-24T08:23:01.365934", "model": "ensemble", "reason": "AI signal"}',
    );
  });

  it('reads an empty range', () => {
    expect(okValue(run(parser, fx('xrange-empty.tty.txt'))).entries).toEqual([]);
    const raw = run(parser, fx('xrange-empty.raw.txt'));
    expect(okValue(raw).entries).toEqual([]);
    expect(issueKinds(raw)).toEqual(['empty-capture']);
  });

  it('does not start a new entry at a value that looks like an id', () => {
    const text = '1766550734062-1\nparent_id\n1766550734000-0\nsource\nbot\n1766550734062-0\nsource\nbot\n';
    const { entries } = okValue(run(parser, text));
    expect(entries.map((e) => e.fields)).toEqual([{ parent_id: '1766550734000-0', source: 'bot' }, { source: 'bot' }]);
  });

  it("skips redis-cli's password warning (2>&1) and cites the file's own lines", () => {
    const warning = "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.";
    const text = `${warning}\n1766550734062-1\nsource\nbot\n${warning}\n1766550734062-0\nsource\nbot\n`;
    const { entries } = okValue(run(parser, text));
    expect(entries.map((e) => [e.id, e.fields, e.evidence.startLine, e.evidence.endLine])).toEqual([
      ['1766550734062-1', { source: 'bot' }, 2, 4],
      ['1766550734062-0', { source: 'bot' }, 6, 8],
    ]);
  });
});

describe('redis-xrange on bad input', () => {
  it('flags an entry cut mid-way', () => {
    const cut = sample('redis_sample_trade_intent.txt').split('\n').slice(0, 13).join('\n');
    const result = run(parser, cut);
    expect(okValue(result).entries).toHaveLength(2);
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'parse-failure', line: 10 })]);
  });

  it('issue 9: flags an entry cut right after its id instead of keeping it with no fields', () => {
    const text = fx('xrange.raw.txt').split('\n').slice(0, 1).join('\n');
    const result = parser.parse(`${text}\n`, { file: 'raw/xrange.txt', firstLine: 1 });
    expect(okValue(result).entries.map((e) => e.id)).toEqual(['1795508581374-0']);
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'parse-failure', line: 1 })]);
  });

  it('handles junk, errors and wrong content', () => {
    expect(issueKinds(run(parser, BINARY_JUNK))).toEqual(['binary']);
    expect(issueKinds(run(parser, TTY_UNKNOWN_COMMAND))).toEqual(['error-output']);
    expect(issueKinds(run(parser, 'WRONGTYPE Operation against a key holding the wrong kind of value\n'))).toEqual([
      'error-output',
    ]);
    const groups = sample('redis_groups_trade_intent.txt');
    expect(parser.detect(groups, 'redis_sample_trade_intent.txt')).toBe(0);
    const wrong = run(parser, groups, 'raw/redis_sample_trade_intent.txt');
    expect(wrong.ok).toBe(false);
    expect(issueKinds(wrong)).toEqual(['unrecognised']);
  });
});

describe('redis-xrange on --no-raw entries of ten fields or more (right-aligned indexes)', () => {
  // Real capture: test/fixtures/scenarios/media-transcode (redis-cli 7.0.15 --no-raw), a dead-letter stream.
  const text = readFileSync(
    'test/fixtures/scenarios/media-transcode/bundle/redis/xrange-head.media.renditions.dlq.txt',
    'utf8',
  );

  it('claims and reads them, every field kept', () => {
    expect(parser.detect(text, 'capture.txt')).toBeGreaterThanOrEqual(0.9);
    const value = okValue(run(parser, text, 'redis/xrange-head.media.renditions.dlq.txt'));
    expect(value.entries[0]?.fields).toEqual({
      source_id: '1796167284017-0',
      group: 'publisher',
      deliveries: '3',
      asset_id: '4',
      profile: '4k-hdr',
    });
  });
});
