// Capture: redis-cli --scan --type stream   (redis-cli 7.2+; older: --scan --pattern 'app:stream:*'),
// or KEYS pattern, or SCAN 0 TYPE stream, in raw or tty style.
//   quantum:stream:ai.decision.made            1) "0"                                  (SCAN, tty)
//   quantum:stream:exchange.normalized         2) 1) "quantum:stream:execution.result"
//   quantum:stream:trade.intent                   2) "quantum:stream:market.tick"
// Raw SCAN prints the cursor first; a key list has no other marker, so detect() insists on
// key-like lines (no spaces, mostly with ':') to leave word lists and XLEN numbers alone.
import { z } from 'zod';
import { EvidenceRef } from '../model/evidence.ts';
import { baseName, contentLines, defineParser, issueAt, lineAt, refAt, splitLines } from './parser.ts';
import type { ParseIssue } from './parser.ts';
import type { RedisReply } from './redis-reply.ts';
import { redisCaptureEnd } from './redis-capture.ts';
import { isStreamId, rawLines, readRedisReplies, replyText } from './redis-reply.ts';

/** Value of the redis-stream-keys parser: key names in capture order. */
export const RedisStreamKeysValue = z.object({
  keys: z.array(z.string()),
  /** Absolute file line of each key. */
  lines: z.record(z.string(), z.number().int().positive()),
  /** SCAN cursor when the capture was a single SCAN call; not "0" means the list is incomplete. */
  cursor: z.string().optional(),
  evidence: EvidenceRef,
});
export type RedisStreamKeysValue = z.infer<typeof RedisStreamKeysValue>;

const KEY_LIKE = /^[^\s"]+$/;
/**
 * Longest line a key list's detectors take for a key name. Redis allows longer keys, but a listing of
 * stream keys holds short names; a line longer than this is text of another kind (a log line of one
 * long token, a blob), not a key a capture script listed.
 */
const MAX_KEY_CHARS = 512;
/** A file name that says it lists stream keys (not just "keys" or "scan"). */
const STREAM_KEYS_NAME = /stream_?keys|streams?_list/;
// INFO prints `snake_case:number`; those are not key names.
const INFO_LINE = /^[a-z_0-9]+:[-\d.]+[KMGB%]?$/;

/** Parser for stream key listings (--scan, KEYS, SCAN). */
export const redisStreamKeysParser = defineParser({
  id: 'redis-stream-keys',
  description: 'Stream key names from redis-cli --scan --type stream, KEYS or SCAN',
  command: 'redis-cli --scan --type stream',
  fileNames: /stream_?keys|streams?_list|keys|scan/i,
  eachSection: true,
  detect(text, name, named): number {
    const hinted = named && !/len/.test(baseName(name));
    // A raw SCAN reply under a name that says keys: the cursor line proves the shape, and every other line is
    // one key name, whatever it holds (spaces and quotes are legal in keys).
    if (hinted && rawScan(text)) return 0.9;
    const keys = candidateKeys(text);
    // Raw `--scan` under a name that says *stream* keys: one key per line, no cursor; a key may hold spaces.
    if (!keys && STREAM_KEYS_NAME.test(baseName(name)) && rawKeyList(text)) return 0.8;
    if (!keys || keys.length === 0) return 0;
    // INFO lines are never quoted nor numbered, so a tty reply (`1) "0"`) cannot be INFO output.
    const tty = /^\s*\d+\) /.test(text.trimStart());
    if (keys.some((k) => /^#/.test(k) || (!tty && INFO_LINE.test(k)))) return 0;
    const withColon = keys.filter((k) => k.includes(':')).length / keys.length;
    if (withColon >= 0.8) return hinted ? 0.9 : 0.6;
    return hinted ? 0.5 : 0;
  },
  schema: RedisStreamKeysValue,
  parse(text, ctx) {
    const blank = { issue: 'stream key list is empty: no streams, or nothing was captured' };
    const end = redisCaptureEnd<RedisStreamKeysValue>(text, ctx, 'stream key scan', blank);
    if (end) return end;
    const read = readRedisReplies(text);
    const issues: ParseIssue[] = [];
    const found: Array<{ key: string; line: number }> = [];
    let cursor: string | undefined;

    if (read.style === 'tty') {
      const top = read.replies[0];
      // SCAN: [cursor, [keys…]]; KEYS: [keys…]; --scan (tty): one quoted key per line.
      if (top?.kind === 'array' && top.items.length === 2 && top.items[1]?.kind === 'array') {
        cursor = replyText(top.items[0]);
        collect(top.items[1].items, found);
      } else if (top?.kind === 'array') {
        collect(top.items, found);
      } else {
        collect(read.replies, found);
      }
    } else {
      const lines = rawLines(read).filter((l) => l.value.trim() !== '');
      const first = lines[0];
      // A SCAN page can hold no key at all: the cursor alone (an empty keyspace, or a sparse page).
      if (first && /^\d+$/.test(first.value) && lines.length === 1)
        return {
          ok: true,
          value: { keys: [], lines: {}, cursor: first.value, evidence: refAt(ctx, first.line, first.line) },
          issues: first.value === '0' ? [] : [{ kind: 'limit-exceeded', message: scanCut(first.value) }],
        };
      if (first && /^\d+$/.test(first.value) && lines.length > 1) {
        cursor = first.value;
        lines.shift();
      }
      for (const l of lines) found.push({ key: cursor === undefined ? l.value.trim() : l.value, line: l.line });
    }

    // After a raw SCAN cursor, or in a raw list the file names as stream keys, each line is one key, spaces
    // and quotes included.
    const oneKeyPerLine = read.style === 'raw' && (cursor !== undefined || STREAM_KEYS_NAME.test(baseName(ctx.file)));
    const legal = (key: string) => (oneKeyPerLine ? key.trim() !== '' : KEY_LIKE.test(key));
    const bad = found.filter((f) => !legal(f.key) || /^\d+$/.test(f.key));
    // A stray line or two (an echoed header) is tolerated; more means this is another reply (XRANGE, XINFO …).
    if (found.length === 0 || bad.length > Math.max(1, found.length / 10) || isStreamId(found[0]?.key)) {
      return { ok: false, issues: [{ kind: 'unrecognised', message: 'text is not a list of key names' }] };
    }
    for (const b of bad)
      issues.push(
        issueAt(ctx, 'parse-failure', `line is not a key name and was skipped: ${b.key.slice(0, 60)}`, b.line),
      );
    const keys: string[] = [];
    const lines: Record<string, number> = {};
    for (const f of found) {
      if (bad.includes(f) || f.key in lines) continue;
      keys.push(f.key);
      lines[f.key] = lineAt(ctx, f.line);
    }
    if (cursor !== undefined && cursor !== '0') {
      issues.push({
        kind: 'limit-exceeded',
        message: scanCut(cursor),
      });
    }
    const value: RedisStreamKeysValue = { keys, lines, evidence: refAt(ctx, 1, Math.max(1, splitLines(text).length)) };
    if (cursor !== undefined) value.cursor = cursor;
    return { ok: true, value, issues };
  },
});

/** The issue of a SCAN page that is not the last one: more keys exist than were listed. */
const scanCut = (cursor: string) => `SCAN returned cursor ${cursor}: only the first batch of keys was captured`;

function collect(items: readonly RedisReply[], into: Array<{ key: string; line: number }>): void {
  for (const r of items) {
    const key = r.kind === 'string' ? r.value : r.kind === 'integer' ? String(r.value) : '\u0000';
    into.push({ key, line: r.line });
  }
}

/** Non-empty lines with quotes and tty indexes stripped; undefined when a line cannot be a key. */
function candidateKeys(text: string): string[] | undefined {
  const out: string[] = [];
  const lines = contentLines(text);
  for (const [i, raw] of lines.entries()) {
    let l = raw.trim().replace(/^(?:\d+\)\s+)+/, '');
    if (l.startsWith('"') && l.endsWith('"') && l.length >= 2) l = l.slice(1, -1);
    if (i === 0 && /^\d+$/.test(l) && lines.length > 1) continue;
    if (l.length > MAX_KEY_CHARS || !KEY_LIKE.test(l) || /^\d+$/.test(l)) return undefined;
    out.push(l);
  }
  return out;
}

/** Raw `--scan` / KEYS: every line one key — not a number, stream id, tty reply, INFO line or comment. */
function rawKeyList(text: string): boolean {
  const lines = contentLines(text);
  return (
    lines.length > 0 &&
    lines.every((l) => {
      const t = l.trim();
      return (
        t.length <= MAX_KEY_CHARS &&
        !/^\d+$/.test(t) &&
        !isStreamId(t) &&
        !/^\d+\) |^\(\w+\)|^#/.test(t) &&
        !INFO_LINE.test(t) &&
        !/[\t\u0000-\u0008]/.test(t)
      );
    })
  );
}

/** Raw `SCAN <cursor> …`: a cursor line, then key lines that are neither numbers, stream ids nor tty replies. */
function rawScan(text: string): boolean {
  const lines = contentLines(text);
  if (lines.length < 2 || !/^\d+$/.test(lines[0] ?? '')) return false;
  return lines.slice(1).every((l) => {
    const t = l.trim();
    return !/^\d+$/.test(t) && !isStreamId(t) && !/^\d+\) |^\(\w+\)/.test(t);
  });
}
