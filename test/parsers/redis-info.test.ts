import { describe, expect, it } from 'vitest';
import {
  getInfoField,
  getInfoLine,
  getRedisMemory,
  getRedisStats,
  getRedisUptimeSeconds,
  getRedisVersion,
  redisInfoParser as parser,
} from '../../src/core/parsers/redis-info.ts';
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

const fx = (name: string) => fixture('redis-info', name);

describe('redis-info on the real sample (CRLF)', () => {
  const memoryText = sample('redis_info_memory.txt');
  const statsText = sample('redis_info_stats.txt');
  const memory = okValue(run(parser, memoryText, 'raw/redis_info_memory.txt'));
  const stats = okValue(run(parser, statsText, 'raw/redis_info_stats.txt'));

  it('reads the Memory section without carriage returns in values', () => {
    expect(Object.keys(memory.sections)).toEqual(['Memory']);
    expect(memory.sections['Memory']).toMatchObject({
      used_memory: '95834752',
      maxmemory: '0',
      maxmemory_policy: 'noeviction',
      used_memory_human: '91.40M',
    });
    expect(memory.evidence).toEqual({ file: 'raw/redis_info_memory.txt', startLine: 1, endLine: 54 });
    expect(memory.sectionEvidence?.['Memory']).toEqual({
      file: 'raw/redis_info_memory.txt',
      startLine: 1,
      endLine: 54,
    });
    expectCitedLinesExist(memory, memoryText);
  });

  it('derives RedisMemory from the sample', () => {
    expect(getRedisMemory([memory, stats])).toEqual({
      usedBytes: 95834752,
      usedHuman: '91.40M',
      rssBytes: 102551552,
      peakBytes: 104222312,
      maxmemoryBytes: 0,
      maxmemoryPolicy: 'noeviction',
      fragmentationRatio: 1.07,
      totalSystemMemoryBytes: 16369012736,
      evidence: { file: 'raw/redis_info_memory.txt', startLine: 1, endLine: 54 },
    });
  });

  it('cites the exact line of a key', () => {
    expect(getInfoLine([stats, memory], 'maxmemory_policy')).toEqual({
      file: 'raw/redis_info_memory.txt',
      startLine: 34,
      endLine: 34,
    });
    expect(getInfoField([memory], 'maxmemory')).toEqual({
      value: '0',
      evidence: { file: 'raw/redis_info_memory.txt', startLine: 32, endLine: 32 },
    });
    expect(getInfoLine([memory], 'no_such_key')).toBeUndefined();
    const offset = okValue(run(parser, memoryText, 'raw/all.txt', 101));
    expect(getInfoLine([offset], 'maxmemory_policy')).toEqual({ file: 'raw/all.txt', startLine: 134, endLine: 134 });
  });

  it('gives numeric stats from the Stats section', () => {
    const numbers = getRedisStats([memory, stats]);
    expect(numbers).toMatchObject({
      total_commands_processed: 4570379,
      keyspace_hits: 889076,
      keyspace_misses: 24071,
      evicted_keys: 0,
      instantaneous_input_kbps: 3.64,
    });
    expect(numbers).not.toHaveProperty('used_memory');
    expect(getRedisVersion([memory, stats])).toBeUndefined();
  });
});

describe('redis-info on real redis-cli 7.0 captures', () => {
  const all = okValue(run(parser, fx('info-all.raw.txt'), 'raw/info.txt'));

  it('reads every section of INFO', () => {
    expect(Object.keys(all.sections)).toEqual([
      'Server',
      'Clients',
      'Memory',
      'Persistence',
      'Stats',
      'Replication',
      'CPU',
      'Modules',
      'Errorstats',
      'Cluster',
      'Keyspace',
    ]);
    expect(all.sections['Keyspace']?.['db0']).toMatch(/^keys=\d+,expires=1,avg_ttl=\d+$/);
    expect(all.sectionEvidence?.['Server']).toEqual({ file: 'raw/info.txt', startLine: 1, endLine: 25 });
    expect(all.lines?.['maxmemory_policy']).toBe(69);
  });

  it('gives version, uptime and memory', () => {
    expect(getRedisVersion([all])).toBe('7.0.15');
    expect(getRedisUptimeSeconds([all])).toBe(87);
    expect(getRedisMemory([all])).toMatchObject({
      usedBytes: 1549024,
      maxmemoryBytes: 0,
      maxmemoryPolicy: 'noeviction',
      evidence: { startLine: 37 },
    });
  });

  it('reads the tty capture to the same sections and lines', () => {
    const tty = okValue(run(parser, fx('info-all.tty.txt'), 'raw/info.txt'));
    expect(Object.keys(tty.sections)).toEqual(Object.keys(all.sections));
    expect(tty.lines).toEqual(all.lines);
  });

  it('reads several sections from one call', () => {
    const v = okValue(run(parser, fx('info-server-clients.raw.txt')));
    expect(Object.keys(v.sections)).toEqual(['Server', 'Clients']);
    expect(v.sections['Clients']?.['connected_clients']).toBe('3');
  });

  it('reads the quoted one-line form, citing that line for every key', () => {
    const quoted = okValue(run(parser, fx('info-memory.quoted-tty.txt'), 'raw/q.txt'));
    expect(quoted.sections['Memory']?.['maxmemory_policy']).toBe('noeviction');
    expect(getInfoLine([quoted], 'maxmemory_policy')).toEqual({ file: 'raw/q.txt', startLine: 1, endLine: 1 });
    expect(Object.keys(quoted.sections['Memory'] ?? {})).toEqual(
      Object.keys(okValue(run(parser, fx('info-memory.raw.txt'))).sections['Memory'] ?? {}),
    );
    expect(parser.detect(fx('info-memory.quoted-tty.txt'), 'x.txt')).toBeGreaterThanOrEqual(0.9);
  });
});

describe('redis-info on bad input', () => {
  it('handles empty, junk, errors and wrong content', () => {
    expect(issueKinds(run(parser, '\r\n'))).toEqual(['empty-capture']);
    expect(issueKinds(run(parser, BINARY_JUNK))).toEqual(['binary']);
    expect(issueKinds(run(parser, TTY_UNKNOWN_COMMAND))).toEqual(['error-output']);
    expect(issueKinds(run(parser, 'NOAUTH Authentication required.\n'))).toEqual(['error-output']);
    const wrong = run(parser, sample('redis_sample_trade_intent.txt'), 'raw/redis_info_memory.txt');
    expect(wrong.ok).toBe(false);
    expect(parser.detect(sample('redis_groups_trade_intent.txt'), 'redis_info_memory.txt')).toBe(0);
    expect(parser.detect(sample('redis_stream_keys.txt'), 'redis_info.txt')).toBe(0);
  });

  it('reads a truncated capture and needs all three keys for RedisMemory', () => {
    const cut = sample('redis_info_memory.txt').split('\n').slice(0, 20).join('\n');
    const v = okValue(run(parser, cut));
    expect(v.sections['Memory']?.['used_memory']).toBe('95834752');
    expect(getRedisMemory([v])).toBeUndefined();
  });
});
