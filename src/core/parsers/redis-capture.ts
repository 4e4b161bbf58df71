// The parse skeleton every redis-* parser shares; each parser says only what its command's reply holds.
//
// A redis-cli capture is first checked the same way whatever the command: an empty reply, a blank file,
// binary data, an error printed instead of a reply (see {@link redisCaptureEnd}). Commands whose reply is an
// array are then read in the style redis-cli printed (see redis-reply.ts): a tree for tty output, raw lines
// otherwise, each by the parser's own reader ({@link parseRedisReply}). XINFO GROUPS and XINFO CONSUMERS
// reply with key/value records, read by {@link parseRedisRecords}.
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';
import { issueAt } from './parser.ts';
import type { RedisReply } from './redis-reply.ts';
import {
  checkRedisCapture,
  isBlank,
  isEmptyArrayReply,
  rawLines,
  readRedisReplies,
  replyPairs,
  restBlank,
} from './redis-reply.ts';

/** One line of a raw-style reply, with its 1-based line within the parsed text. */
export interface RawLine {
  value: string;
  line: number;
}

/**
 * What a blank capture of a command is. Where raw redis-cli prints an empty reply as a blank line (an empty
 * slowlog, a stream without groups) it is that `value`, with the `issue` saying it may also be a capture that
 * holds nothing; elsewhere it is a failure with that `issue`.
 */
export type BlankCapture<T> =
  | {
      value: T;
      issue: string;
      /** Exactly one line break is the empty array reply itself: `value`, and no issue. */
      lineBreakIsEmpty?: true;
    }
  | { issue: string };

/**
 * The {@link BlankCapture} of a command whose empty reply raw redis-cli prints as a blank line: `value`, with an
 * issue that names both readings, what the empty reply means (`means`: 'the stream has no groups') and a capture
 * that holds nothing. `what` names the capture in the issue: 'XINFO GROUPS'.
 */
export function emptyReply<T>(what: string, means: string, value: T, lineBreakIsEmpty?: true): BlankCapture<T> {
  const issue = `${what} capture is empty: either ${means} (raw redis-cli prints a blank line) or nothing was captured`;
  return lineBreakIsEmpty ? { value, issue, lineBreakIsEmpty } : { value, issue };
}

/**
 * The checks every redis-cli capture gets before its reply is read: a result ends the parse (an empty reply,
 * a blank capture, binary data, an error reply as the whole output), `undefined` goes on. `command` names the
 * command in messages: 'XINFO GROUPS'.
 */
export function redisCaptureEnd<T>(
  text: string,
  ctx: ParseContext,
  command: string,
  blank: BlankCapture<T>,
): ParseResult<T> | undefined {
  if ('value' in blank && blank.lineBreakIsEmpty && isEmptyArrayReply(text))
    return { ok: true, value: blank.value, issues: [] };
  if (isBlank(text)) {
    const issues: ParseIssue[] = [{ kind: 'empty-capture', message: blank.issue }];
    return 'value' in blank ? { ok: true, value: blank.value, issues } : { ok: false, issues };
  }
  const stop = checkRedisCapture(text, ctx, command);
  return stop ? { ok: false, issues: stop } : undefined;
}

/** How one command's array reply is read: from the tty tree and from raw lines. */
export interface RedisReplyReading<T> {
  /** The command as messages name it: 'SLOWLOG GET'. */
  command: string;
  blank: BlankCapture<T>;
  /** The value of a tty-style reply; undefined when the replies are not this command's. */
  tree(replies: RedisReply[], ctx: ParseContext, issues: ParseIssue[]): T | undefined;
  /** The value of raw-style lines; undefined when they are not this command's reply. */
  raw(lines: RawLine[], ctx: ParseContext, issues: ParseIssue[]): T | undefined;
  /** Why raw lines that fit no reply were refused, when it says more than "not this command's output". */
  rawRefused?: string;
}

/** Parse a capture of a command whose reply is an array, read in the style redis-cli printed it. */
export function parseRedisReply<T>(text: string, ctx: ParseContext, reading: RedisReplyReading<T>): ParseResult<T> {
  const end = redisCaptureEnd(text, ctx, reading.command, reading.blank);
  if (end) return end;
  const read = readRedisReplies(text);
  const issues: ParseIssue[] = [];
  const tty = read.style === 'tty';
  const value = tty ? reading.tree(read.replies, ctx, issues) : reading.raw(rawLines(read), ctx, issues);
  if (value !== undefined) return { ok: true, value, issues };
  const message = (!tty && reading.rawRefused) || `text does not look like ${reading.command} output`;
  return { ok: false, issues: [...issues, { kind: 'unrecognised', message }] };
}

/** One key/value record (a group or a consumer) with its line span. */
export interface PairRecord {
  pairs: Map<string, RedisReply>;
  line: number;
  endLine: number;
}

/** How a reply made of key/value records (XINFO GROUPS, XINFO CONSUMERS) is read. */
export interface RedisRecordsReading<R, T> {
  /** The command as messages name it: 'XINFO GROUPS'. */
  command: string;
  blank: BlankCapture<T>;
  /** The key each record starts with; in raw style it starts the next record. */
  firstKey: string;
  /** One record as the model holds it; undefined when a field it needs is missing. */
  record(r: PairRecord, ctx: ParseContext): R | undefined;
  /** The issue of a record that was skipped: 'a group record lacks name, consumers or pending and was skipped'. */
  skipped: string;
  /** The parser's value from the records read. */
  value(records: R[]): T;
}

/** Parse a capture of a reply made of key/value records; a record that lacks a needed field is skipped. */
export function parseRedisRecords<R, T>(
  text: string,
  ctx: ParseContext,
  reading: RedisRecordsReading<R, T>,
): ParseResult<T> {
  const end = redisCaptureEnd(text, ctx, reading.command, reading.blank);
  if (end) return end;
  const read = readRedisReplies(text);
  const records = read.style === 'tty' ? treeRecords(read.replies) : rawRecords(rawLines(read), reading.firstKey);
  if (!records)
    return {
      ok: false,
      issues: [{ kind: 'unrecognised', message: `text does not look like ${reading.command} output` }],
    };
  const issues: ParseIssue[] = [];
  const out: R[] = [];
  for (const r of records) {
    const record = reading.record(r, ctx);
    if (record) out.push(record);
    else issues.push(issueAt(ctx, 'parse-failure', reading.skipped, r.line));
  }
  if (out.length === 0 && records.length > 0) {
    const message = `no complete ${reading.command} record found`;
    return { ok: false, issues: [...issues, { kind: 'unrecognised', message }] };
  }
  return { ok: true, value: reading.value(out), issues };
}

/** Records of a tty reply that is an array of key/value arrays; undefined for other shapes. */
function treeRecords(replies: RedisReply[]): PairRecord[] | undefined {
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
function rawRecords(lines: RawLine[], firstKey: string): PairRecord[] | undefined {
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
