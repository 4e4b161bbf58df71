import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redisStreamKeysParser as parser } from '../../src/core/parsers/redis-stream-keys.ts';
import { BINARY_JUNK, TTY_UNKNOWN_COMMAND, fixture, issueKinds, okValue, run, sample } from './redis-helpers.ts';

const fx = (name: string) => fixture('redis-stream-keys', name);
const CAPTURED = [
  'quantum:stream:execution.result',
  'quantum:stream:market.tick',
  'quantum:stream:trade.intent',
  'quantum:stream:ai.decision.made',
];

describe('redis-stream-keys on the real sample', () => {
  const text = sample('redis_stream_keys.txt');

  it('reads the 21 stream keys with their lines', () => {
    const value = okValue(run(parser, text, 'raw/redis_stream_keys.txt'));
    expect(value.keys).toHaveLength(21);
    expect(value.keys[0]).toBe('quantum:stream:ai.decision.made');
    expect(value.keys[20]).toBe('quantum:stream:trade.intent');
    expect(value.lines['quantum:stream:trade.intent']).toBe(21);
    expect(value.evidence).toEqual({ file: 'raw/redis_stream_keys.txt', startLine: 1, endLine: 21 });
    expect(value.cursor).toBeUndefined();
  });

  it('claims key lists with ":" even without the file-name hint', () => {
    expect(parser.detect(text, 'redis_stream_keys.txt')).toBeGreaterThanOrEqual(0.9);
    expect(parser.detect(text, 'out.txt')).toBeGreaterThanOrEqual(0.5);
  });
});

describe('redis-stream-keys on real redis-cli captures', () => {
  it.each(['scan-pattern.raw.txt', 'scan-pattern.tty.txt', 'keys.raw.txt', 'keys.tty.txt'])('reads %s', (name) => {
    const value = okValue(run(parser, fx(name)));
    expect([...value.keys].sort()).toEqual([...CAPTURED].sort());
    expect(value.cursor).toBeUndefined();
  });

  it('reads SCAN output, cursor first, in both styles', () => {
    const raw = okValue(run(parser, fx('scan-type.raw.txt')));
    expect(raw).toMatchObject({ keys: CAPTURED, cursor: '0' });
    expect(raw.lines['quantum:stream:execution.result']).toBe(2);
    expect(okValue(run(parser, fx('scan-type.tty.txt')))).toEqual(raw);
  });

  it('warns when a SCAN cursor says more keys remain', () => {
    const result = run(parser, '1792\nquantum:stream:a\nquantum:stream:b\n');
    expect(okValue(result)).toMatchObject({ keys: ['quantum:stream:a', 'quantum:stream:b'], cursor: '1792' });
    expect(issueKinds(result)).toEqual(['limit-exceeded']);
  });
});

describe('redis-stream-keys detection boundaries and bad input', () => {
  it('does not claim XLEN numbers, word lists, INFO or other redis replies', () => {
    expect(parser.detect(sample('redis_streams_lengths.txt'), 'redis_streams_lengths.txt')).toBe(0);
    expect(parser.detect('apple\nbanana\ncherry\n', 'fruit.txt')).toBe(0);
    expect(parser.detect(sample('redis_info_memory.txt'), 'redis_info_memory.txt')).toBe(0);
    expect(parser.detect(sample('redis_groups_trade_intent.txt'), 'x.txt')).toBe(0);
    expect(parser.detect(sample('redis_sample_trade_intent.txt'), 'x.txt')).toBe(0);
    expect(parser.detect(sample('redis_client_list.txt'), 'x.txt')).toBe(0);
  });

  it('takes no line longer than a key name for a key, in either form of list', () => {
    // A container log of one long token (`key:key:…`, a URL, a blob) under a log file's name was read
    // as a list of one stream key of that length, and the report showed an invented stream.
    const long = 'key:'.repeat(200);
    expect(parser.detect(`${long}\n`, 'logs_tail_app.txt')).toBe(0);
    expect(parser.detect(`${long}\n`, 'redis_stream_keys.txt')).toBe(0);
    expect(parser.detect(`orders:${'x'.repeat(500)}\nevents:a\n`, 'x.txt')).toBeGreaterThanOrEqual(0.5);
    expect(parser.detect(`orders:${'x'.repeat(500)}\nevents:a\n`, 'redis_stream_keys.txt')).toBeGreaterThanOrEqual(0.8);
  });

  it('handles empty, junk, errors and wrong content', () => {
    expect(issueKinds(run(parser, ''))).toEqual(['empty-capture']);
    expect(issueKinds(run(parser, BINARY_JUNK))).toEqual(['binary']);
    expect(issueKinds(run(parser, TTY_UNKNOWN_COMMAND))).toEqual(['error-output']);
    const wrong = run(parser, sample('redis_sample_trade_intent.txt'), 'raw/redis_stream_keys.txt');
    expect(wrong.ok).toBe(false);
    expect(issueKinds(wrong)).toEqual(['unrecognised']);
  });
});

describe('redis-stream-keys on a raw --scan list whose key holds spaces and quotes', () => {
  // Captured by test/fixtures/bundles/redis-multi/capture.sh from Debian's redis-cli 7.0 (raw mode).
  const text = readFileSync('test/fixtures/bundles/redis-multi/bundle/raw/redis_stream_keys.txt', 'utf8');

  it('reads every line as one key when the file name says stream keys', () => {
    expect(parser.detect(text, 'redis_stream_keys.txt')).toBeGreaterThanOrEqual(0.8);
    const value = okValue(run(parser, text, 'raw/redis_stream_keys.txt'));
    expect(value.keys).toEqual(['audit log "eu"', 'notifications', 'shop:orders', 'shop:payments']);
    expect(value.lines['audit log "eu"']).toBe(1);
  });

  it('does not claim such lines under a name that says nothing, nor INFO output under that name', () => {
    expect(parser.detect(text, 'capture.txt')).toBe(0);
    expect(parser.detect('# Server\nredis_version:7.0.15\n', 'stream_keys.txt')).toBe(0);
  });
});
