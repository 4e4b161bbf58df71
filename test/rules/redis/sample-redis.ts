// Redis and stream parts of an Audit shaped exactly like the quantum-trader sample
// (evidence/quantum-trader-2025-12-24/raw), for rule tests. INFO sections are read from the real
// captures; groups and samples carry the real values and line ranges.
import { readFileSync } from 'node:fs';
import type { Audit } from '../../../src/core/model/audit.ts';
import type { RedisClient, RedisInfo, RedisStream, StreamEntry } from '../../../src/core/model/redis.ts';
import { makeAudit } from '../../helpers/audit-builder.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw';

/** An INFO capture of the sample as the parser models it: sections of raw strings, whole-file evidence. */
export function sampleInfo(name: 'redis_info_memory.txt' | 'redis_info_stats.txt'): RedisInfo {
  const lines = readFileSync(`${RAW}/${name}`, 'utf8').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const sections: Record<string, Record<string, string>> = {};
  let current = 'default';
  for (const line of lines) {
    const header = /^#\s*(.+)$/.exec(line);
    if (header) {
      current = header[1]!;
      continue;
    }
    const kv = /^([^:]+):(.*)$/.exec(line);
    if (kv) (sections[current] ??= {})[kv[1]!] = kv[2]!;
  }
  return { sections, evidence: { file: `raw/${name}`, startLine: 1, endLine: lines.length } };
}

const payload = (symbol: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    symbol,
    side: 'BUY',
    confidence: 0.72,
    leverage: 1,
    exchange_divergence: 0.0,
    funding_rate: 0.0,
    regime: 'unknown',
    ...extra,
  }).replace(/,/g, ', ');

/** One sampled entry at the sample's line layout (id, then 4 field/value pairs = 9 lines). */
export function entry(id: string, at: string, startLine: number, data: string): StreamEntry {
  return {
    id,
    at,
    fields: { event_type: 'trade.intent', payload: data, timestamp: at.replace('Z', ''), source: 'trading-bot' },
    evidence: { file: 'raw/redis_sample_trade_intent.txt', startLine, endLine: startLine + 8 },
  };
}

/** quantum:stream:trade.intent with its one captured group and three samples, as assembled. */
export function tradeIntent(parts: Partial<RedisStream> = {}): RedisStream {
  return {
    key: 'quantum:stream:trade.intent',
    lastEntryId: '1766550734062-1',
    lastEntryAt: '2025-12-24T04:32:14.062Z',
    groups: [
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
    ],
    samples: [
      entry('1766550734060-1', '2025-12-24T04:32:14.060Z', 19, payload('APTUSDT')),
      entry('1766550734062-0', '2025-12-24T04:32:14.062Z', 10, payload('RENDERUSDT')),
      entry('1766550734062-1', '2025-12-24T04:32:14.062Z', 1, payload('NEARUSDT')),
    ],
    evidence: [
      { file: 'raw/redis_stream_keys.txt', startLine: 21, endLine: 21 },
      { file: 'raw/redis_groups_trade_intent.txt', startLine: 1 },
      { file: 'raw/redis_sample_trade_intent.txt', startLine: 1 },
    ],
    ...parts,
  };
}

/** A stream known only from the key listing (no groups, no samples captured). */
export const listedOnly = (key: string, line: number): RedisStream => ({
  key,
  groups: [],
  samples: [],
  evidence: [{ file: 'raw/redis_stream_keys.txt', startLine: line, endLine: line }],
});

/** An audit holding the sample's Redis memory + stats INFO (values exactly as captured). */
export function sampleRedisAudit(parts: Partial<Audit> = {}): Audit {
  const memory = sampleInfo('redis_info_memory.txt');
  const stats = sampleInfo('redis_info_stats.txt');
  const statNumbers: Record<string, number> = {};
  for (const [k, v] of Object.entries(stats.sections['Stats'] ?? {}))
    if (v !== '' && Number.isFinite(Number(v))) statNumbers[k] = Number(v);
  return makeAudit({
    bundle: {
      name: 'quantum-trader-2025-12-24',
      sha256: '0'.repeat(64),
      files: 25,
      bytes: 250000,
      capturedAt: '2025-12-24T04:55:50.000Z',
      capturedAtSource: 'test',
    },
    redis: {
      stats: statNumbers,
      info: [memory, stats],
      clients: [],
      streams: [tradeIntent()],
      unkeyedLengths: [],
      evidence: [memory.evidence, stats.evidence],
      memory: {
        usedBytes: 95834752,
        usedHuman: '91.40M',
        rssBytes: 102551552,
        peakBytes: 104222312,
        maxmemoryBytes: 0,
        maxmemoryPolicy: 'noeviction',
        fragmentationRatio: 1.07,
        totalSystemMemoryBytes: 16369012736,
        evidence: { file: 'raw/redis_info_memory.txt', startLine: 2, endLine: 2 },
      },
    },
    ...parts,
  });
}

/** The sample's CLIENT LIST line 11: quantum_ai_engine blocked in XREADGROUP (flags=b, idle 2 s). */
export const blockedReader = (): RedisClient => ({
  id: '2360',
  addr: '172.18.0.6:55284',
  ip: '172.18.0.6',
  port: 55284,
  name: '',
  ageSeconds: 2410,
  idleSeconds: 2,
  flags: 'b',
  db: 0,
  cmd: 'xreadgroup',
  container: 'quantum_ai_engine',
  fields: {},
  evidence: { file: 'raw/redis_client_list.txt', startLine: 11, endLine: 11 },
});
