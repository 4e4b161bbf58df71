// Raw redis-cli 7.0.15 output captured from Debian's redis-server here (test/fixtures/redis-debian-7.0/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsers } from '../../src/core/parsers/index.ts';
import { parseFile } from '../../src/core/run/parse-file.ts';

const DIR = 'test/fixtures/redis-debian-7.0/';
const as = (file: string, name: string) => parseFile(parsers, name, readFileSync(`${DIR}${file}`, 'utf8'));

describe('Debian redis-server 7.0.15 captures', () => {
  it('does not take SLOWLOG LEN for a stream length', () => {
    expect(as('slowlog_len.txt', 'redis_slowlog_len.txt').kind).not.toBe('redis-xlen');
  });

  it('reads one line break as an empty SLOWLOG and an empty group list, with no empty-capture issue', () => {
    const slow = as('slowlog_get_empty.txt', 'redis_slowlog.txt');
    expect([slow.kind, slow.pieces[0]?.value, slow.issues]).toEqual(['redis-slowlog', [], []]);
    const groups = as('xinfo_groups_empty.txt', 'redis_groups_orders_stream.txt');
    expect([groups.kind, groups.pieces[0]?.value, groups.issues]).toEqual(['redis-xinfo-groups', { groups: [] }, []]);
  });

  it('reads a raw SCAN reply: cursor first, keys with spaces and quotes whole', () => {
    const r = as('scan_raw.txt', 'redis_stream_keys.txt');
    expect(r.kind).toBe('redis-stream-keys');
    expect(r.pieces[0]?.value).toMatchObject({ keys: ['say "hi"', 'events', 'orders stream'], cursor: '0' });
  });

  it('splits "key length" pairs on the last space', () => {
    const r = as('stream_lengths.txt', 'redis_streams_lengths.txt');
    expect(r.kind).toBe('redis-xlen');
    const lengths = (r.pieces[0]?.value as { lengths: Array<{ key?: string; length: number }> }).lengths;
    expect(lengths.map((l) => [l.key, l.length])).toEqual([
      ['orders stream', 1],
      ['events', 1],
      ['say "hi"', 1],
    ]);
  });

  it('reads Redis 7 INFO keys with | without a parse failure', () => {
    const r = as('info_commandstats.txt', 'redis_info_commandstats.txt');
    expect(r.kind).toBe('redis-info');
    expect(r.issues).toEqual([]);
  });
});
