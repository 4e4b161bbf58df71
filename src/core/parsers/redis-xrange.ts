// Capture: redis-cli XREVRANGE <stream> + - COUNT 3   (or XRANGE <stream> - + COUNT 3)
//   1766550734062-1
//   event_type
//   trade.intent
//   payload
//   {"symbol": "NEARUSDT", "side": "BUY", …}
// Raw style flattens [id, [field, value, …]]: an entry runs from its id to the next line, at a
// field position, that looks like a stream id. Values (often one-line JSON) are kept verbatim.
// Tty style (`--no-raw`) nests `1) 1) "id"  2) 1) "field" …` and quotes values.
import { z } from 'zod';
import { StreamEntry } from '../model/redis.ts';
import { contentLines, defineParser, issueAt, lineAt, refAt } from './parser.ts';
import type { ParseContext, ParseIssue } from './parser.ts';
import type { RedisReply } from './redis-reply.ts';
import { isStreamId, rawLines, readRedisReplies, replyText, streamIdTime } from './redis-reply.ts';
import { parseRedisReply } from './redis-capture.ts';
import type { RawLine, RedisReplyReading } from './redis-capture.ts';

/** Value of the redis-xrange parser: entries in the order printed (XREVRANGE: newest first). */
export const RedisXrangeValue = z.object({ entries: z.array(StreamEntry) });
export type RedisXrangeValue = z.infer<typeof RedisXrangeValue>;

/** Parser for XRANGE / XREVRANGE output. */
export const redisXrangeParser = defineParser({
  id: 'redis-xrange',
  description: 'Stream entries from XRANGE / XREVRANGE, raw or tty style',
  command: 'redis-cli XREVRANGE <stream> + - COUNT 10',
  fileNames: /xrange|xrevrange|sample|entries/i,
  eachSection: true,
  detect(text, _name, hinted): number {
    const lines = contentLines(text);
    // redis-cli before 6 printed the entry id unquoted: `1) 1) 1526985676425-0`.
    // An entry of ten fields or more right-aligns its indexes: `   2)  1) "source_id"`.
    if (/^1\) 1\) ("?)\d+-\d+\1$/.test(lines[0] ?? '') && /^\s+2\) +1\) "/.test(lines[1] ?? '')) return 0.95;
    if (!isStreamId(lines[0])) return hinted && /^\(empty (?:array|list or set)\)$/.test(lines[0] ?? '') ? 0.6 : 0;
    const raw = rawLines(readRedisReplies(text));
    const blocks = splitRawEntries(raw);
    if (!blocks || blocks.length === 0) return 0;
    // XPENDING's extended form is also id-led blocks: id, consumer, idle, deliveries.
    const pendingShape = blocks.every(
      (b) => b.fields.length === 3 && /^\d+$/.test(b.fields[1]?.value ?? '') && /^\d+$/.test(b.fields[2]?.value ?? ''),
    );
    if (pendingShape) return 0.2;
    if (blocks.every((b) => b.fields.length % 2 === 0 && b.fields.length > 0)) return hinted ? 0.95 : 0.8;
    return hinted ? 0.5 : 0.3;
  },
  schema: RedisXrangeValue,
  parse: (text, ctx) => parseRedisReply(text, ctx, XRANGE),
});

const XRANGE: RedisReplyReading<RedisXrangeValue> = {
  command: 'XRANGE',
  blank: {
    value: { entries: [] },
    issue:
      'XRANGE capture is empty: either the range was empty (raw redis-cli prints a blank line) or nothing was captured',
  },
  tree(replies, ctx, issues) {
    const entries = fromTree(replies, ctx, issues);
    return entries && { entries };
  },
  raw: fromRaw,
  rawRefused: 'text does not start with a stream entry id',
};

/** Raw lines as entries: an entry without fields, or with a field without its value, is kept and reported. */
function fromRaw(lines: RawLine[], ctx: ParseContext, issues: ParseIssue[]): RedisXrangeValue | undefined {
  const blocks = splitRawEntries(lines);
  if (!blocks) return undefined;
  const entries: StreamEntry[] = [];
  for (const b of blocks) {
    if (b.fields.length === 0) {
      const message = `entry ${b.id.value} has no fields (truncated: Redis stores no entry without fields)`;
      issues.push({ kind: 'parse-failure', message, line: lineAt(ctx, b.id.line) });
    } else if (b.fields.length % 2 !== 0) {
      issues.push(
        issueAt(
          ctx,
          'parse-failure',
          `entry ${b.id.value} has an odd number of field/value lines (truncated, or a value spans lines)`,
          b.id.line,
        ),
      );
    }
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < b.fields.length; i += 2) fields[b.fields[i]?.value ?? ''] = b.fields[i + 1]?.value ?? '';
    const last = b.fields[b.fields.length - 1]?.line ?? b.id.line;
    entries.push(makeEntry(b.id.value, fields, refAt(ctx, b.id.line, last)));
  }
  return { entries };
}

/** Split raw lines into id-led blocks; undefined when the first line is not a stream id. */
export function splitRawEntries(lines: RawLine[]): Array<{ id: RawLine; fields: RawLine[] }> | undefined {
  const first = lines[0];
  if (!first || !isStreamId(first.value)) return undefined;
  const blocks: Array<{ id: RawLine; fields: RawLine[] }> = [];
  let current = { id: first, fields: [] as RawLine[] };
  for (const l of lines.slice(1)) {
    // Only a field-name position can start a new entry: a value that looks like an id stays a value.
    if (current.fields.length % 2 === 0 && isStreamId(l.value)) {
      blocks.push(current);
      current = { id: l, fields: [] };
    } else {
      current.fields.push(l);
    }
  }
  // Blank lines a capture script appended after the last value are padding, not an empty field.
  while (current.fields.length % 2 === 1 && current.fields[current.fields.length - 1]?.value === '')
    current.fields.pop();
  blocks.push(current);
  return blocks;
}

function fromTree(replies: RedisReply[], ctx: ParseContext, issues: ParseIssue[]): StreamEntry[] | undefined {
  const top = replies[0];
  if (!top || top.kind !== 'array') return undefined;
  const entries: StreamEntry[] = [];
  for (const item of top.items) {
    const entry = entryFromTree(item, ctx);
    if (!entry) {
      if (entries.length === 0) return undefined;
      issues.push(issueAt(ctx, 'parse-failure', 'an XRANGE entry is incomplete and was skipped', item.line));
      continue;
    }
    entries.push(entry);
  }
  return entries;
}

/** A `[id, [field, value, …]]` reply as a StreamEntry (shared with XINFO STREAM's first/last entry). */
export function entryFromTree(item: RedisReply | undefined, ctx: ParseContext): StreamEntry | undefined {
  if (!item || item.kind !== 'array') return undefined;
  const id = replyText(item.items[0]);
  const body = item.items[1];
  if (!id || !isStreamId(id) || !body || body.kind !== 'array') return undefined;
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < body.items.length; i += 2)
    fields[replyText(body.items[i]) ?? ''] = replyText(body.items[i + 1]) ?? '';
  return makeEntry(id, fields, refAt(ctx, item.line, item.endLine));
}

/** Build a StreamEntry, decoding `at` from the id's millisecond part. */
export function makeEntry(id: string, fields: Record<string, string>, evidence: StreamEntry['evidence']): StreamEntry {
  const entry: StreamEntry = { id, fields, evidence };
  const at = streamIdTime(id);
  if (at) entry.at = at;
  return entry;
}
