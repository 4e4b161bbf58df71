// Shared reader of redis-cli output, used by every redis-* parser.
//
// redis-cli prints one reply in one of two styles:
//   raw (stdout piped, or --raw)        tty (a terminal, or --no-raw)
//   name                                1)  1) "name"
//   quantum:group:execution             2) "quantum:group:execution"
//   consumers                           3) "consumers"
//   34                                  4) (integer) 34
// Raw flattens nested arrays, prints integers as bare digits and nil as an empty line, so only
// the command's known shape can rebuild it: each parser does that with the helpers here. Tty keeps
// the structure (the ')' of each index is aligned per nesting level) and types, so it reads into a
// tree directly.
import type { ParseContext, ParseIssue } from './parser.ts';
import { lineAt, splitLines } from './parser.ts';
import { startsWithOneOf } from '../text/one-of.ts';

/** One reply (or element of one) with the 1-based line, within the parsed text, where it starts. */
export type RedisReply =
  | { kind: 'string'; value: string; line: number }
  | { kind: 'integer'; value: number; line: number }
  | { kind: 'nil'; line: number }
  | { kind: 'error'; message: string; line: number }
  | { kind: 'array'; items: RedisReply[]; line: number; endLine: number };

/** Which redis-cli output style a text is in. */
export type ReplyStyle = 'raw' | 'tty';

/** A text read as a sequence of top-level replies. */
export interface ReadReplies {
  style: ReplyStyle;
  /** Raw style: one string reply per line (empty line = nil or empty string). Tty style: a tree per reply. */
  replies: RedisReply[];
  /** 1-based lines (tty style) that fit no reply shape, e.g. a mis-indented element. */
  strayLines: number[];
}

// redis-cli prints this on stderr when a password is given with -a; captures taken with 2>&1 keep it.
const PASSWORD_WARNING = /^Warning: Using a password with '-a' or '-u' option/;
/** True for redis-cli's warning about a password on its command line, which is no part of any reply. */
export const isPasswordWarning = (line: string): boolean => PASSWORD_WARNING.test(line);
const TTY_INDEX = /^( *)(\d+)\) /;
const TTY_SCALAR = /^\((?:integer|nil|error|empty array|empty list or set|empty hash|empty set|double|true|false)\b/;
const STREAM_ID = /^\d+-\d+$/;
// Error prefixes Redis sends (ERR plus the documented specific codes); raw mode prints them bare.
const RAW_ERROR = startsWithOneOf(
  [
    'ERR',
    'WRONGTYPE',
    'NOGROUP',
    'NOAUTH',
    'NOPERM',
    'NOSCRIPT',
    'NOREPLICAS',
    'NOTBUSY',
    'NOPROTO',
    'LOADING',
    'BUSY',
    'BUSYGROUP',
    'BUSYKEY',
    'MOVED',
    'ASK',
    'READONLY',
    'MISCONF',
    'EXECABORT',
    'OOM',
    'CLUSTERDOWN',
    'CROSSSLOT',
    'TRYAGAIN',
    'MASTERDOWN',
    'UNBLOCKED',
    'WRONGPASS',
    'DENIED',
  ],
  '(?: |$)',
);
// redis-cli's own failures (connection, usage) rather than a server reply.
const CLI_ERROR =
  /^(?:Could not connect to Redis at |Error: |AUTH failed|Unrecognized option or bad number of args|Invalid argument)/;

/** True when the text looks like tty (`--no-raw`) output rather than raw lines. */
export function isTtyStyle(lines: readonly string[]): boolean {
  for (const line of lines) {
    if (line.trim() === '' || PASSWORD_WARNING.test(line)) continue;
    return TTY_INDEX.test(line) || TTY_SCALAR.test(line) || /^".*"$/.test(line);
  }
  return false;
}

/** Read redis-cli output in either style into top-level replies. Never throws. */
export function readRedisReplies(text: string): ReadReplies {
  const lines = splitLines(text);
  if (!isTtyStyle(lines)) {
    const replies: RedisReply[] = [];
    lines.forEach((line, i) => {
      if (!PASSWORD_WARNING.test(line)) replies.push({ kind: 'string', value: line, line: i + 1 });
    });
    return { style: 'raw', replies, strayLines: [] };
  }
  return readTty(lines);
}

interface Frame {
  array: Extract<RedisReply, { kind: 'array' }>;
  /** Column of the ')' of this array's element indexes: redis-cli right-aligns them per level. */
  col: number;
}

function readTty(lines: readonly string[]): ReadReplies {
  const replies: RedisReply[] = [];
  const strayLines: number[] = [];
  let stack: Frame[] = [];
  lines.forEach((text, i) => {
    const line = i + 1;
    if (text.trim() === '' || PASSWORD_WARNING.test(text)) return;
    const tokens: Array<{ index: number; col: number }> = [];
    let rest = text;
    let offset = 0;
    for (let m = TTY_INDEX.exec(rest); m; m = TTY_INDEX.exec(rest)) {
      tokens.push({ index: Number(m[2]), col: offset + (m[1]?.length ?? 0) + (m[2]?.length ?? 0) });
      offset += m[0].length;
      rest = rest.slice(m[0].length);
    }
    const first = tokens[0];
    if (!first) {
      stack = [];
      replies.push(readTtyScalar(text, line));
      return;
    }
    let level = stack.findIndex((f) => f.col === first.col);
    const root = stack[0];
    if (level === -1 || (level === 0 && first.index === 1 && root && root.array.items.length > 0)) {
      if (first.index !== 1 && level === -1) {
        strayLines.push(line);
        return;
      }
      const array: Frame['array'] = { kind: 'array', items: [], line, endLine: line };
      replies.push(array);
      stack = [{ array, col: first.col }];
      level = 0;
    } else {
      stack = stack.slice(0, level + 1);
    }
    for (const frame of stack) frame.array.endLine = line;
    for (let j = 0; j < tokens.length; j++) {
      const frame = stack[stack.length - 1];
      if (!frame) break;
      const next = tokens[j + 1];
      if (next) {
        const child: Frame['array'] = { kind: 'array', items: [], line, endLine: line };
        frame.array.items.push(child);
        stack.push({ array: child, col: next.col });
      } else {
        frame.array.items.push(readTtyScalar(rest, line));
      }
    }
  });
  return { style: 'tty', replies, strayLines };
}

/**
 * Read one tty-style scalar: `"quoted"`, `(integer) 5`, `(nil)`, `(error) ERR …`, `(empty array)`, or bare status text.
 */
export function readTtyScalar(text: string, line: number): RedisReply {
  const t = text.trim();
  const int = /^\(integer\) (-?\d+)$/.exec(t);
  if (int) return { kind: 'integer', value: Number(int[1]), line };
  if (t === '(nil)') return { kind: 'nil', line };
  if (/^\(empty (?:array|list or set|hash|set)\)$/.test(t)) return { kind: 'array', items: [], line, endLine: line };
  const err = /^\(error\) (.*)$/.exec(t);
  if (err) return { kind: 'error', message: err[1] ?? '', line };
  const dbl = /^\(double\) (.*)$/.exec(t);
  if (dbl) return { kind: 'string', value: dbl[1] ?? '', line };
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return { kind: 'string', value: unquoteRedis(t), line };
  return { kind: 'string', value: t, line };
}

/** The one-character escapes of redis-cli's quoting, by the character after the backslash. */
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, r: 13, t: 9, a: 7, b: 8, '"': 34, '\\': 92 };
const isHexCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Undo redis-cli's quoting (sdscatrepr): \" \\ \n \r \t \a \b and \xHH per byte, where the bytes
 * of non-ASCII UTF-8 text come out as \xHH and must be decoded together. Any other backslash stays.
 *
 * The text between escapes is copied a run at a time (a lone surrogate in it becomes U+FFFD, as UTF-8 has
 * no form for it), and each run of escapes is decoded as UTF-8 bytes: a quoted CLIENT LIST of 20,000
 * clients is one line of megabytes. Decoding the runs apart reads as decoding all the bytes together would,
 * since the text between escapes encodes to whole UTF-8 sequences that begin with no continuation byte.
 */
export function unquoteRedis(quoted: string): string {
  const body = quoted.startsWith('"') && quoted.endsWith('"') && quoted.length >= 2 ? quoted.slice(1, -1) : quoted;
  let at = body.indexOf('\\');
  if (at < 0) return body.toWellFormed();
  const parts: string[] = [];
  let bytes: number[] = [];
  let copied = 0;
  for (; at >= 0 && at + 1 < body.length; at = body.indexOf('\\', at)) {
    const esc = body[at + 1]!;
    let code = SIMPLE_ESCAPES[esc];
    let end = at + 2;
    if (code === undefined && esc === 'x' && isHexCode(body.charCodeAt(at + 2)) && isHexCode(body.charCodeAt(at + 3))) {
      code = parseInt(body.slice(at + 2, at + 4), 16);
      end = at + 4;
    }
    if (code === undefined) {
      // A backslash that escapes nothing is itself; the character after it is read as any other.
      at++;
      continue;
    }
    if (at > copied) {
      if (bytes.length > 0) parts.push(utf8Decoder.decode(new Uint8Array(bytes)));
      bytes = [];
      parts.push(body.slice(copied, at).toWellFormed());
    }
    bytes.push(code);
    copied = end;
    at = end;
  }
  if (bytes.length > 0) parts.push(utf8Decoder.decode(new Uint8Array(bytes)));
  parts.push(body.slice(copied).toWellFormed());
  return parts.join('');
}

/** A reply line as its bare value: redis-cli's tty indexes (`1) 2) `) and the quotes around a string taken off. */
export function bareValue(line: string): string {
  return line.replace(/^(?:\d+\)\s+)+/, '').replace(/^"(.*)"$/, '$1');
}

/** Integer value of a reply: tty `(integer)` or raw digits. */
export function replyInt(r: RedisReply | undefined): number | undefined {
  if (!r) return undefined;
  if (r.kind === 'integer') return r.value;
  if (r.kind === 'string' && /^-?\d+$/.test(r.value.trim())) return Number(r.value.trim());
  return undefined;
}

/** Text value of a reply; integers as digits; undefined for nil, arrays and errors. */
export function replyText(r: RedisReply | undefined): string | undefined {
  if (!r) return undefined;
  if (r.kind === 'string') return r.value;
  if (r.kind === 'integer') return String(r.value);
  return undefined;
}

/** True for nil, and for the empty line raw style prints for nil. */
export function replyIsNil(r: RedisReply | undefined): boolean {
  return r === undefined || r.kind === 'nil' || (r.kind === 'string' && r.value === '');
}

/** True for a stream entry id such as `1766219478937-0`. */
export function isStreamId(s: string | undefined): boolean {
  return s !== undefined && STREAM_ID.test(s.trim());
}

/** ISO UTC time from the millisecond part of a stream id; undefined when out of range. */
export function streamIdTime(id: string): string | undefined {
  const m = /^(\d+)-\d+$/.exec(id.trim());
  if (!m) return undefined;
  const ms = Number(m[1]);
  // 0-0 and ids below 1s are sentinels (never-delivered groups), not times.
  if (!Number.isSafeInteger(ms) || ms < 1000 || ms > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

/** Pairs `key, value, key, value…` of an array reply as a map from key to value reply. */
export function replyPairs(items: readonly RedisReply[]): Map<string, RedisReply> {
  const map = new Map<string, RedisReply>();
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = replyText(items[i]);
    const value = items[i + 1];
    if (key !== undefined && value && !map.has(key)) map.set(key, value);
  }
  return map;
}

/**
 * Raw-style reply lines of a read. Trailing empty lines are kept: in raw style they can be a nil
 * or empty value (XINFO GROUPS lag, an unnamed SLOWLOG client); walkers use `restBlank` to tell
 * them from blank padding a capture script added.
 */
export function rawLines(read: ReadReplies): Array<{ value: string; line: number }> {
  return read.replies.map((r) => ({ value: replyText(r) ?? '', line: r.line }));
}

/** True when every raw line from index `from` on is empty. */
export function restBlank(lines: ReadonlyArray<{ value: string }>, from: number): boolean {
  for (let i = from; i < lines.length; i++) if ((lines[i]?.value ?? '').trim() !== '') return false;
  return true;
}

/** The first error in a text: a tty `(error)` reply, a bare raw error code line, or a redis-cli failure. */
export function findErrorLine(text: string): { message: string; line: number } | undefined {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    if (t === '' || PASSWORD_WARNING.test(t)) continue;
    const tty = /^(?:\d+\) )*\(error\) (.*)$/.exec(t);
    if (tty) return { message: tty[1] ?? '', line: i + 1 };
    if (RAW_ERROR.test(t) || CLI_ERROR.test(t)) return { message: t, line: i + 1 };
  }
  return undefined;
}

/** True when the text has NUL bytes or is mostly replacement characters: not a text capture. */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let bad = 0;
  for (const ch of text.slice(0, 4096)) {
    const c = ch.charCodeAt(0);
    if (ch === '\uFFFD' || (c < 32 && ch !== '\n' && ch !== '\r' && ch !== '\t')) bad++;
  }
  return bad > 8 && bad > text.slice(0, 4096).length / 20;
}

/**
 * Common first checks for a redis-cli capture. Returns issues that end the parse (binary, an error
 * reply as the whole output) or `undefined` to go on. Empty text is left to the caller: for some
 * commands (SLOWLOG GET, XRANGE) an empty line is a valid empty reply.
 */
export function checkRedisCapture(text: string, ctx: ParseContext, what: string): ParseIssue[] | undefined {
  if (looksBinary(text))
    return [{ kind: 'binary', message: `${what}: the capture holds binary data, not redis-cli output` }];
  const err = findErrorLine(text);
  if (err) {
    const lines = splitLines(text).filter((l) => l.trim() !== '' && !PASSWORD_WARNING.test(l));
    // An error among many lines (e.g. one WRONGTYPE in a list of XLEN replies) is the caller's to judge.
    if (lines.length <= 2) {
      return [
        {
          kind: 'error-output',
          message: `${what}: redis-cli printed an error instead of a reply: ${err.message}`,
          line: lineAt(ctx, err.line),
        },
      ];
    }
  }
  return undefined;
}

/** True for redis-cli's tty line of an empty array reply: '(empty array)', or '(empty list or set)' before 6.2. */
export function isEmptyTtyArray(line: string | undefined): boolean {
  return /^\(empty (?:array|list or set)\)$/.test(line ?? '');
}

/** True when the text is empty or whitespace only. */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/**
 * Raw redis-cli prints an empty array (XINFO GROUPS of a stream without groups, SLOWLOG GET of an empty
 * log) as exactly one line break: that is a reply with zero items. A 0-byte file says nothing.
 */
export function isEmptyArrayReply(text: string): boolean {
  return text === '\n' || text === '\r\n';
}
