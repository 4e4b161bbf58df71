// Capture: redis-cli INFO [section …]   (e.g. `redis-cli INFO memory > redis_info_memory.txt`)
//   # Memory\r\n
//   used_memory:95834752\r\n
//   used_memory_human:91.40M\r\n
//   maxmemory_policy:noeviction\r\n
// Redis ends INFO lines with CRLF and redis-cli keeps them in both styles. Some captures (an EVAL
// returning INFO, old redis-cli in a terminal) print the whole reply as one quoted line:
//   "# Memory\r\nused_memory:1572360\r\n…"
import { z } from 'zod';
import { EvidenceRef } from '../model/evidence.ts';
import { RedisInfo } from '../model/redis.ts';
import type { RedisMemory } from '../model/redis.ts';
import { defineParser, lineAt, refAt, splitLines } from './parser.ts';
import type { ParseIssue } from './parser.ts';
import { unquoteRedis } from './redis-reply.ts';
import { redisCaptureEnd } from './redis-capture.ts';
import { startsWithOneOf } from '../text/one-of.ts';

/** RedisInfo plus where each key and section sits, so rules can cite one line. */
export const RedisInfoValue = RedisInfo.extend({
  /** Absolute file line of each key (first occurrence wins). */
  lines: z.record(z.string(), z.number().int().positive()).optional(),
  /** Line range of each section, header included. */
  sectionEvidence: z.record(z.string(), EvidenceRef).optional(),
});
export type RedisInfoValue = z.infer<typeof RedisInfoValue>;

// Keys that only INFO prints; used to recognise INFO without section headers.
const KNOWN_KEYS = startsWithOneOf(
  [
    'redis_version',
    'redis_mode',
    'uptime_in_seconds',
    'used_memory',
    'maxmemory',
    'maxmemory_policy',
    'connected_clients',
    'total_commands_processed',
    'keyspace_hits',
    'role',
    'mem_fragmentation_ratio',
    'total_connections_received',
    'db\\d+',
  ],
  ':',
);
// Redis 7 names subcommands with a pipe: cmdstat_xinfo|stream, latency_percentiles_usec_client|list.
const KEY_VALUE = /^([A-Za-z][A-Za-z0-9_.|-]*):(.*)$/;
/** Section name for keys printed before any `# Section` header. */
const NO_SECTION = 'default';

/** Parser for INFO output; see getRedisMemory and friends for derived facts. */
export const redisInfoParser = defineParser({
  id: 'redis-info',
  description: 'Redis INFO output (one, several or all sections), raw or quoted',
  command: 'redis-cli INFO [section]',
  fileNames: /info/i,
  eachSection: true,
  detect(text, _name, named): number {
    const lines = splitLines(text).slice(0, 60);
    const first = lines.find((l) => l.trim() !== '') ?? '';
    if (/^"# [A-Z][A-Za-z ]*\\r\\n[a-z_0-9]+:/.test(first)) return 0.95;
    const header = lines.some((l) => /^# [A-Z][A-Za-z]*\s*$/.test(l));
    const kv = lines.filter((l) => KEY_VALUE.test(l.trim())).length;
    const known = lines.filter((l) => KNOWN_KEYS.test(l.trim())).length;
    if (header && kv >= 1 && known >= 1) return 0.95;
    if (header && kv >= 2) return 0.8;
    if (known >= 2 && kv >= lines.length * 0.8) return 0.8;
    // With only a name hint, insist on INFO's snake_case keys and a single colon (stream keys have several).
    const snake = lines.filter((l) => /^[a-z][a-z0-9_]*:[^:]*$/.test(l.trim())).length;
    if (snake >= lines.length * 0.8 && named) return 0.5;
    return 0;
  },
  schema: RedisInfoValue,
  parse(text, ctx) {
    const end = redisCaptureEnd<RedisInfoValue>(text, ctx, 'INFO', { issue: 'INFO capture is empty' });
    if (end) return end;

    let lines = splitLines(text);
    // Quoted style: one line holding the whole reply; every key then cites that line.
    let lineOf = (i: number): number => i + 1;
    const firstIdx = lines.findIndex((l) => l.trim() !== '');
    const first = (lines[firstIdx] ?? '').trim();
    if (first.startsWith('"') && first.endsWith('"') && first.includes('\\r\\n')) {
      lines = splitLines(unquoteRedis(first));
      lineOf = () => firstIdx + 1;
    }

    const issues: ParseIssue[] = [];
    const sections: Record<string, Record<string, string>> = {};
    const keyLines: Record<string, number> = {};
    const sectionEvidence: Record<string, EvidenceRef> = {};
    let current = NO_SECTION;
    let sectionStart = 1;
    let lastLine = 1;
    let keyCount = 0;
    let stray = 0;
    const close = (end: number) => {
      if (sections[current]) sectionEvidence[current] = refAt(ctx, sectionStart, end);
    };
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      const header = /^#\s*(.+?)\s*$/.exec(line);
      if (header) {
        close(lastLine);
        current = header[1] ?? NO_SECTION;
        sectionStart = lineOf(i);
        sections[current] ??= {};
        lastLine = lineOf(i);
        return;
      }
      const kv = KEY_VALUE.exec(line);
      if (!kv) {
        stray++;
        return;
      }
      const key = kv[1] ?? '';
      const section = (sections[current] ??= {});
      if (!(key in section)) section[key] = kv[2] ?? '';
      if (!(key in keyLines)) keyLines[key] = lineAt(ctx, lineOf(i));
      keyCount++;
      lastLine = lineOf(i);
    });
    close(lastLine);

    // Mostly non key:value lines means this is some other output that happens to hold colons.
    if (keyCount === 0 || stray > keyCount)
      return {
        ok: false,
        issues: [{ kind: 'unrecognised', message: 'text does not look like INFO output (few key:value lines)' }],
      };
    if (stray > 0)
      issues.push({
        kind: 'parse-failure',
        message: `${stray} line(s) were neither a section header nor key:value and were skipped`,
      });
    const evidence = refAt(ctx, 1, Math.max(1, splitLines(text).length));
    return { ok: true, value: { sections, evidence, lines: keyLines, sectionEvidence }, issues };
  },
});

/** A key's value and the exact line it was printed on, searching every INFO capture given. */
export function getInfoField(
  infos: readonly RedisInfoValue[],
  key: string,
): { value: string; evidence: EvidenceRef } | undefined {
  for (const info of infos) {
    for (const section of Object.values(info.sections)) {
      const value = section[key];
      if (value === undefined) continue;
      const line = info.lines?.[key];
      const evidence: EvidenceRef =
        line !== undefined ? { file: info.evidence.file, startLine: line, endLine: line } : info.evidence;
      return { value, evidence };
    }
  }
  return undefined;
}

/** Evidence for one INFO key line (e.g. `maxmemory_policy`), or undefined when no capture has it. */
export function getInfoLine(infos: readonly RedisInfoValue[], key: string): EvidenceRef | undefined {
  return getInfoField(infos, key)?.evidence;
}

/**
 * RedisMemory from the Memory section; undefined unless used_memory, maxmemory and maxmemory_policy are all present.
 */
export function getRedisMemory(infos: readonly RedisInfoValue[]): RedisMemory | undefined {
  const num = (key: string): number | undefined => toNumber(getInfoField(infos, key)?.value);
  const usedBytes = num('used_memory');
  const maxmemoryBytes = num('maxmemory');
  const policy = getInfoField(infos, 'maxmemory_policy');
  if (usedBytes === undefined || maxmemoryBytes === undefined || !policy) return undefined;
  const memInfo =
    infos.find((i) => i.sections['Memory']?.['used_memory'] !== undefined) ??
    infos.find((i) => hasKey(i, 'used_memory'));
  const evidence = memInfo?.sectionEvidence?.['Memory'] ?? memInfo?.evidence ?? policy.evidence;
  const memory: RedisMemory = { usedBytes, maxmemoryBytes, maxmemoryPolicy: policy.value, evidence };
  const usedHuman = getInfoField(infos, 'used_memory_human')?.value;
  if (usedHuman !== undefined) memory.usedHuman = usedHuman;
  const rss = num('used_memory_rss');
  if (rss !== undefined) memory.rssBytes = rss;
  const peak = num('used_memory_peak');
  if (peak !== undefined) memory.peakBytes = peak;
  const frag = num('mem_fragmentation_ratio');
  if (frag !== undefined) memory.fragmentationRatio = frag;
  const total = num('total_system_memory');
  if (total !== undefined) memory.totalSystemMemoryBytes = total;
  return memory;
}

/** Numeric INFO stats (the Stats section; non-numeric values such as `0.00%` dropped). */
export function getRedisStats(infos: readonly RedisInfoValue[]): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const info of infos) {
    for (const [key, value] of Object.entries(info.sections['Stats'] ?? {})) {
      const n = toNumber(value);
      if (n !== undefined && !(key in stats)) stats[key] = n;
    }
  }
  return stats;
}

/** `redis_version` from INFO server, when captured. */
export function getRedisVersion(infos: readonly RedisInfoValue[]): string | undefined {
  return getInfoField(infos, 'redis_version')?.value;
}

/** `uptime_in_seconds` from INFO server, when captured. */
export function getRedisUptimeSeconds(infos: readonly RedisInfoValue[]): number | undefined {
  return toNumber(getInfoField(infos, 'uptime_in_seconds')?.value);
}

function hasKey(info: RedisInfoValue, key: string): boolean {
  return Object.values(info.sections).some((s) => key in s);
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+(?:\.\d+)?$/.test(value.trim())) return undefined;
  return Number(value);
}
