// Capture: redis-cli SLOWLOG GET 10      (raw, piped)      or  redis-cli --no-raw SLOWLOG GET 10
//   1                                                        1) 1) (integer) 1
//   1795508604                                                  2) (integer) 1795508604
//   17390                                                       3) (integer) 17390
//   EVAL                                                        4) 1) "EVAL" …
// Each entry is id, unix time, duration (µs), argv, then (Redis 4.0+) client addr and name.
// Raw style flattens argv, so its end is found at the client address: the line after it is the
// name (empty when unset) and the next entry then starts with an id and a unix time.
import { z } from 'zod';
import { SlowlogEntry } from '../model/redis.ts';
import { contentLines, defineParser, issueAt, refAt } from './parser.ts';
import type { ParseContext, ParseIssue } from './parser.ts';
import type { RedisReply } from './redis-reply.ts';
import { isEmptyArrayReply, isEmptyTtyArray, replyInt, replyText, restBlank } from './redis-reply.ts';
import { emptyReply, parseRedisReply } from './redis-capture.ts';
import type { RawLine, RedisReplyReading } from './redis-capture.ts';

/** Value of the redis-slowlog parser: entries as SLOWLOG GET printed them (newest first). */
export const RedisSlowlogValue = z.array(SlowlogEntry);
export type RedisSlowlogValue = z.infer<typeof RedisSlowlogValue>;

const INT = /^\d+$/;
const UNIX_TIME = /^1\d{9}$/;
// ip:port, [ipv6]:port, or a unix socket path followed by :0.
const CLIENT_ADDR = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:]+|\/\S+):\d+$/;

/** Parser for SLOWLOG GET output. */
export const redisSlowlogParser = defineParser({
  id: 'redis-slowlog',
  description: 'Redis SLOWLOG GET output, raw or tty style',
  command: 'redis-cli SLOWLOG GET 128',
  fileNames: /slow/i,
  eachSection: true,
  detect(text, _name, hinted): number {
    const lines = contentLines(text);
    if (lines.length === 0) return hinted ? 0.9 : 0;
    // redis-cli pads indexes to the widest one (' 1) 1)' once there are ten entries or more).
    if (/^\s*1\) 1\) \(integer\) \d+$/.test(lines[0] ?? '') && /^\s+2\) \(integer\) 1\d{9}$/.test(lines[1] ?? ''))
      return 0.95;
    if (
      INT.test(lines[0] ?? '') &&
      UNIX_TIME.test(lines[1] ?? '') &&
      INT.test(lines[2] ?? '') &&
      lines.slice(3).some((l) => CLIENT_ADDR.test(l))
    )
      return 0.9;
    if (hinted && isEmptyTtyArray(lines[0])) return 0.9;
    if (hinted && isEmptyArrayReply(text)) return 0.6;
    return 0;
  },
  schema: RedisSlowlogValue,
  parse: (text, ctx) => parseRedisReply(text, ctx, SLOWLOG_GET),
});

/** Raw redis-cli prints an empty slowlog as one empty line, so a blank capture may be a real empty log. */
const SLOWLOG_GET: RedisReplyReading<RedisSlowlogValue> = {
  command: 'SLOWLOG GET',
  blank: emptyReply('SLOWLOG', 'the slowlog was empty', [], true),
  tree: fromTree,
  raw: fromRaw,
};

function fromTree(replies: RedisReply[], ctx: ParseContext, issues: ParseIssue[]): SlowlogEntry[] | undefined {
  const top = replies[0];
  if (!top || top.kind !== 'array') return undefined;
  const out: SlowlogEntry[] = [];
  for (const item of top.items) {
    if (item.kind !== 'array') return undefined;
    const [id, at, dur, argv, client, name] = item.items;
    const entry = makeEntry(
      replyInt(id),
      replyInt(at),
      replyInt(dur),
      argv?.kind === 'array' ? argv.items.map((a) => replyText(a) ?? '') : undefined,
      replyText(client),
      replyText(name),
      refAt(ctx, item.line, item.endLine),
    );
    if (!entry) {
      issues.push(issueAt(ctx, 'parse-failure', 'a SLOWLOG entry is incomplete and was skipped', item.line));
      continue;
    }
    out.push(entry);
  }
  if (out.length === 0 && top.items.length > 0) return undefined;
  return out;
}

function fromRaw(lines: RawLine[], ctx: ParseContext, issues: ParseIssue[]): SlowlogEntry[] | undefined {
  const out: SlowlogEntry[] = [];
  let i = 0;
  while (i < lines.length && !restBlank(lines, i)) {
    const id = lines[i];
    const at = lines[i + 1];
    const dur = lines[i + 2];
    if (!id || !at || !dur || !INT.test(id.value) || !INT.test(at.value) || !INT.test(dur.value)) {
      if (out.length === 0) return undefined;
      issues.push(issueAt(ctx, 'parse-failure', 'SLOWLOG output ends with an incomplete entry', id?.line ?? 1));
      break;
    }
    const end = findRawEnd(lines, i + 3);
    if (end === undefined) {
      issues.push(
        issueAt(ctx, 'parse-failure', 'SLOWLOG entry has no client address line (truncated, or Redis < 4.0)', id.line),
      );
      break;
    }
    const argv = lines.slice(i + 3, end.addr).map((l) => l.value);
    const client = lines[end.addr]?.value;
    const name = end.addr + 1 < end.next ? lines[end.addr + 1]?.value : undefined;
    const last = lines[end.next - 1]?.line ?? id.line;
    const entry = makeEntry(
      Number(id.value),
      Number(at.value),
      Number(dur.value),
      argv,
      client,
      name,
      refAt(ctx, id.line, last),
    );
    if (entry) out.push(entry);
    i = end.next;
  }
  return out;
}

/** Index of the client address line of the entry whose argv starts at `from`, and where the next entry starts. */
function findRawEnd(lines: Array<{ value: string }>, from: number): { addr: number; next: number } | undefined {
  for (let j = from + 1; j < lines.length; j++) {
    if (!CLIENT_ADDR.test(lines[j]?.value ?? '')) continue;
    const next = j + 2;
    // Accept this address only if what follows the name is the end or a new entry (id, time, duration).
    if (next >= lines.length) return { addr: j, next: Math.min(next, lines.length) };
    if (
      INT.test(lines[next]?.value ?? '') &&
      UNIX_TIME.test(lines[next + 1]?.value ?? '') &&
      INT.test(lines[next + 2]?.value ?? '')
    )
      return { addr: j, next };
  }
  return undefined;
}

function makeEntry(
  id: number | undefined,
  unix: number | undefined,
  durationMicros: number | undefined,
  command: string[] | undefined,
  client: string | undefined,
  clientName: string | undefined,
  evidence: SlowlogEntry['evidence'],
): SlowlogEntry | undefined {
  if (id === undefined || unix === undefined || durationMicros === undefined || !command) return undefined;
  if (unix * 1000 > 8.64e15) return undefined;
  const entry: SlowlogEntry = { id, at: new Date(unix * 1000).toISOString(), durationMicros, command, evidence };
  if (client) entry.client = client;
  if (clientName) entry.clientName = clientName;
  return entry;
}
