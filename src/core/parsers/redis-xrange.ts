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
import { contentLines, defineParser, issueAt, lineAt, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue } from './parser.ts';
import type { RedisReply } from './redis-reply.ts';
import {
  isEmptyTtyArray,
  isPasswordWarning,
  isStreamId,
  isTtyStyle,
  rawLines,
  readRedisReplies,
} from './redis-reply.ts';
import { replyText, streamIdTime } from './redis-reply.ts';
import { emptyReply, parseRedisReply, redisCaptureEnd } from './redis-capture.ts';
import type { RawLine, RedisReplyReading } from './redis-capture.ts';
import { checkedArray } from './checked-array.ts';

/** Value of the redis-xrange parser: entries in the order printed (XREVRANGE: newest first). */
export const RedisXrangeValue = z.object({ entries: checkedArray(StreamEntry) });
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
    if (!isStreamId(lines[0])) return hinted && isEmptyTtyArray(lines[0]) ? 0.6 : 0;
    const raw = viewOf(rawLines(readRedisReplies(text)));
    const blocks = splitRawEntries(raw);
    if (!blocks || blocks.length === 0) return 0;
    // XPENDING's extended form is also id-led blocks: id, consumer, idle, deliveries.
    const pendingShape = blocks.every(
      (b) => b.to - b.from === 3 && /^\d+$/.test(raw.value(b.from + 1)) && /^\d+$/.test(raw.value(b.from + 2)),
    );
    if (pendingShape) return 0.2;
    if (blocks.every((b) => (b.to - b.from) % 2 === 0 && b.to > b.from)) return hinted ? 0.95 : 0.8;
    return hinted ? 0.5 : 0.3;
  },
  schema: RedisXrangeValue,
  parse(text, ctx) {
    const end = redisCaptureEnd(text, ctx, XRANGE.command, XRANGE.blank);
    if (end) return end;
    const raw = rawView(text);
    // Tty style is a tree of replies, read as every array reply is.
    if (!raw) return parseRedisReply(text, ctx, XRANGE);
    const issues: ParseIssue[] = [];
    const value = fromRaw(raw, ctx, issues);
    if (value !== undefined) return { ok: true, value, issues };
    return { ok: false, issues: [...issues, { kind: 'unrecognised', message: XRANGE.rawRefused }] };
  },
});

const XRANGE = {
  command: 'XRANGE',
  blank: emptyReply('XRANGE', 'the range was empty', { entries: [] }),
  tree(replies, ctx, issues) {
    const entries = fromTree(replies, ctx, issues);
    return entries && { entries };
  },
  raw: (lines, ctx, issues) => fromRaw(viewOf(lines), ctx, issues),
  rawRefused: 'text does not start with a stream entry id',
} satisfies RedisReplyReading<RedisXrangeValue>;

/**
 * Raw-style reply lines: the value and 1-based line of the `i`th. A view rather than an object per
 * line: a sample of 20,000 entries is 140,000 lines, all read until its parse ends.
 */
export interface RawView {
  readonly length: number;
  value(i: number): string;
  line(i: number): number;
}

/** Raw lines as read by readRedisReplies, as a view. */
function viewOf(lines: readonly RawLine[]): RawView {
  return { length: lines.length, value: (i) => lines[i]?.value ?? '', line: (i) => lines[i]?.line ?? 0 };
}

/**
 * The reply lines of a raw-style capture, as readRedisReplies reads them (every line but redis-cli's
 * password warning), straight from the text's lines; undefined for tty style.
 */
function rawView(text: string): RawView | undefined {
  const lines = splitLines(text);
  if (isTtyStyle(lines)) return undefined;
  if (!lines.some(isPasswordWarning)) return { length: lines.length, value: (i) => lines[i] ?? '', line: (i) => i + 1 };
  const at: number[] = [];
  lines.forEach((l, i) => {
    if (!isPasswordWarning(l)) at.push(i);
  });
  return { length: at.length, value: (i) => lines[at[i] ?? -1] ?? '', line: (i) => (at[i] ?? -1) + 1 };
}

/** Raw lines as entries: an entry without fields, or with a field without its value, is kept and reported. */
function fromRaw(lines: RawView, ctx: ParseContext, issues: ParseIssue[]): RedisXrangeValue | undefined {
  const blocks = splitRawEntries(lines);
  if (!blocks) return undefined;
  const entries: StreamEntry[] = [];
  for (const b of blocks) {
    const count = b.to - b.from;
    const id = lines.value(b.id);
    const idLine = lines.line(b.id);
    if (count === 0) {
      const message = `entry ${id} has no fields (truncated: Redis stores no entry without fields)`;
      issues.push({ kind: 'parse-failure', message, line: lineAt(ctx, idLine) });
    } else if (count % 2 !== 0) {
      issues.push(
        issueAt(
          ctx,
          'parse-failure',
          `entry ${id} has an odd number of field/value lines (truncated, or a value spans lines)`,
          idLine,
        ),
      );
    }
    const fields: Record<string, string> = {};
    for (let i = b.from; i + 1 < b.to; i += 2) fields[lines.value(i)] = lines.value(i + 1);
    const last = count > 0 ? lines.line(b.to - 1) : idLine;
    entries.push(makeEntry(id, fields, refAt(ctx, idLine, last)));
  }
  return { entries };
}

/**
 * One id-led block of raw lines, by index: the entry's id, and its field and value lines from `from` up to `to - 1`.
 */
export interface RawEntryBlock {
  id: number;
  from: number;
  to: number;
}

/** Split raw lines into id-led blocks; undefined when the first line is not a stream id. */
export function splitRawEntries(lines: RawView): RawEntryBlock[] | undefined {
  if (lines.length === 0 || !isStreamId(lines.value(0))) return undefined;
  const blocks: RawEntryBlock[] = [];
  let current: RawEntryBlock = { id: 0, from: 1, to: 1 };
  for (let i = 1; i < lines.length; i++) {
    // Only a field-name position can start a new entry: a value that looks like an id stays a value.
    if ((current.to - current.from) % 2 === 0 && isStreamId(lines.value(i))) {
      blocks.push(current);
      current = { id: i, from: i + 1, to: i + 1 };
    } else {
      current.to = i + 1;
    }
  }
  // Blank lines a capture script appended after the last value are padding, not an empty field.
  while ((current.to - current.from) % 2 === 1 && lines.value(current.to - 1) === '') current.to--;
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
