// Capture: redis-cli XINFO GROUPS <stream>
//   name
//   quantum:group:execution:trade.intent
//   consumers
//   34
//   last-delivered-id …
// Each group is key/value pairs; raw style runs groups together, so a `name` key starts the next.
// entries-read and lag exist from Redis 7.0 (either may be nil: raw prints an empty line). The
// reply does not name its stream: the assembler attributes it (from the file name); we only parse.
import { z } from 'zod';
import { ConsumerGroup } from '../model/redis.ts';
import { defineParser, lineAt, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue } from './parser.ts';
import type { RedisReply } from './redis-reply.ts';
import {
  baseName,
  checkRedisCapture,
  isBlank,
  isEmptyArrayReply,
  rawLines,
  readRedisReplies,
  replyInt,
  replyIsNil,
  replyPairs,
  replyText,
  restBlank,
  streamIdTime,
} from './redis-reply.ts';

/** Value of the redis-xinfo-groups parser. */
export const RedisXinfoGroupsValue = z.object({ groups: z.array(ConsumerGroup) });
export type RedisXinfoGroupsValue = z.infer<typeof RedisXinfoGroupsValue>;

/** Parser for XINFO GROUPS output. */
export const redisXinfoGroupsParser = defineParser({
  id: 'redis-xinfo-groups',
  description: 'Consumer groups of one stream from XINFO GROUPS, raw or tty style',
  command: 'redis-cli XINFO GROUPS <stream>',
  fileNames: /group/i,
  eachSection: true,
  detect(text, name): number {
    const hinted = /group/.test(baseName(name));
    const lines = splitLines(text)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const plain = lines.map((l) => l.replace(/^(?:\d+\)\s+)+/, '').replace(/^"(.*)"$/, '$1'));
    if (plain[0] === 'name' && plain.includes('consumers') && plain.includes('pending')) {
      if (plain.includes('last-delivered-id')) return 0.95;
      // Redis 5.0 release candidates: name, consumers, pending only (a consumer list has idle instead).
      if (!plain.includes('idle') && plain.length <= 6 * Math.max(1, plain.filter((p) => p === 'name').length))
        return hinted ? 0.9 : 0.7;
    }
    if (hinted && /^\(empty (?:array|list or set)\)$/.test(lines[0] ?? '')) return 0.6;
    if (hinted && isEmptyArrayReply(text)) return 0.6;
    return 0;
  },
  schema: RedisXinfoGroupsValue,
  parse(text, ctx) {
    if (isEmptyArrayReply(text)) return { ok: true, value: { groups: [] }, issues: [] };
    if (isBlank(text)) {
      return {
        ok: true,
        value: { groups: [] },
        issues: [
          {
            kind: 'empty-capture',
            message:
              'XINFO GROUPS capture is empty: either the stream has no groups (raw redis-cli prints a blank line) or nothing was captured',
          },
        ],
      };
    }
    const stop = checkRedisCapture(text, ctx, 'XINFO GROUPS');
    if (stop) return { ok: false, issues: stop };
    const read = readRedisReplies(text);
    const records = read.style === 'tty' ? treeRecords(read.replies) : rawRecords(rawLines(read), 'name');
    if (!records)
      return { ok: false, issues: [{ kind: 'unrecognised', message: 'text does not look like XINFO GROUPS output' }] };
    const issues: ParseIssue[] = [];
    const groups: ConsumerGroup[] = [];
    for (const r of records) {
      const g = toGroup(r, ctx);
      if (g) groups.push(g);
      else
        issues.push({
          kind: 'parse-failure',
          message: 'a group record lacks name, consumers or pending and was skipped',
          line: lineAt(ctx, r.line),
        });
    }
    if (groups.length === 0 && records.length > 0)
      return {
        ok: false,
        issues: [...issues, { kind: 'unrecognised', message: 'no complete XINFO GROUPS record found' }],
      };
    return { ok: true, value: { groups }, issues };
  },
});

/** One key/value record (a group or a consumer) with its line span. */
export interface PairRecord {
  pairs: Map<string, RedisReply>;
  line: number;
  endLine: number;
}

/** Records of a tty reply that is an array of key/value arrays; undefined for other shapes. */
export function treeRecords(replies: RedisReply[]): PairRecord[] | undefined {
  const top = replies[0];
  if (!top || top.kind !== 'array') return undefined;
  const out: PairRecord[] = [];
  for (const item of top.items) {
    if (item.kind !== 'array') return undefined;
    out.push({ pairs: replyPairs(item.items), line: item.line, endLine: item.endLine });
  }
  return out;
}

/** Records of raw key/value lines where `firstKey` (e.g. `name`) at a key position starts a new record. */
export function rawRecords(lines: Array<{ value: string; line: number }>, firstKey: string): PairRecord[] | undefined {
  if (lines[0]?.value !== firstKey) return undefined;
  const out: PairRecord[] = [];
  let current: PairRecord | undefined;
  for (let i = 0; i < lines.length; i += 2) {
    const key = lines[i];
    if (!key || restBlank(lines, i)) break;
    const value = lines[i + 1];
    if (key.value === firstKey || !current) {
      current = { pairs: new Map(), line: key.line, endLine: key.line };
      out.push(current);
    }
    // A value line missing at the very end: truncated capture; treat as nil.
    const reply: RedisReply = value
      ? { kind: 'string', value: value.value, line: value.line }
      : { kind: 'nil', line: key.line };
    if (!current.pairs.has(key.value)) current.pairs.set(key.value, reply);
    current.endLine = value?.line ?? key.line;
  }
  return out;
}

function toGroup(r: PairRecord, ctx: ParseContext): ConsumerGroup | undefined {
  const name = replyText(r.pairs.get('name'));
  const consumers = replyInt(r.pairs.get('consumers'));
  const pending = replyInt(r.pairs.get('pending'));
  const lastDeliveredId = replyText(r.pairs.get('last-delivered-id'));
  // Redis 5.0 release candidates printed name, consumers and pending only: no last-delivered-id.
  if (name === undefined || consumers === undefined || pending === undefined) return undefined;
  const group: ConsumerGroup = { name, consumers, pending, evidence: refAt(ctx, r.line, r.endLine) };
  if (lastDeliveredId !== undefined) {
    group.lastDeliveredId = lastDeliveredId;
    const at = streamIdTime(lastDeliveredId);
    if (at) group.lastDeliveredAt = at;
  }
  // Present-but-nil (Redis cannot compute it) is null; absent (Redis < 7.0) stays undefined.
  if (r.pairs.has('entries-read')) group.entriesRead = nilOrInt(r.pairs.get('entries-read'));
  if (r.pairs.has('lag')) group.lag = nilOrInt(r.pairs.get('lag'));
  return group;
}

function nilOrInt(r: RedisReply | undefined): number | null {
  return replyIsNil(r) ? null : (replyInt(r) ?? null);
}
