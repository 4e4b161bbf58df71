// Neutralisation of evidence strings before a terminal or a Markdown file sees them. Evidence is
// hostile: a container name, a log line or a file name may carry ESC/CSI sequences (colours, cursor
// moves, screen clears), OSC sequences (window titles, OSC 8 hyperlinks, OSC 52 clipboard writes),
// C1 controls (U+009B is a one-character CSI on many terminals), CR and backspace that overwrite what
// was printed, bidi overrides that reorder a line, and newlines that forge output lines.
//
// Nothing is deleted: every such character is shown visibly escaped (`\x1b`, `\r`, `\u202e`), so
// a reader sees that the evidence holds it. Once ESC and the C1 controls are escaped the rest of a
// sequence is plain printable text, so no sequence can start, whatever follows.
//
// Pure: no I/O. Call sites (see the report of issue 12): every evidence-derived string printed by
// the CLI (terminal summary, --explain, diff, redact --dry-run, error lines naming a file) goes
// through `neutralizeLine` (one-line fields) or `neutralizeText` (multi-line excerpts); every such
// string written into Markdown goes through `markdownInline` or `markdownCode`.
import { Pieces } from './chars.ts';
import { setOwn } from './own.ts';

/** Characters that may never reach a terminal raw, in any mode. Tab and LF are handled per mode. */
// C0 except TAB/LF, DEL, C1, bidi embeddings/overrides/isolates and marks, zero-width and BOM,
// line/paragraph separators (they break lines in some viewers).
const UNSAFE_CLASS =
  '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f' +
  '\\u2028-\\u202e\\u2060-\\u2069\\ufeff\\ufff9-\\ufffb';
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]`);
const UNSAFE_LINE = new RegExp(`[\\t\\n${UNSAFE_CLASS}]`, 'g');
const UNSAFE_TEXT = new RegExp(`\\r\\n|[${UNSAFE_CLASS}]`, 'g');

const NAMED: Record<string, string> = {
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\u001b': '\\x1b',
};

/** The visible escape of one unsafe character: `\n`, `\x1b`, `\x7f`, `\u009b`, `\u202e`. */
export function escapeControl(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Whether `s` holds anything {@link neutralizeText} would escape (newlines and tabs do not count). */
export function hasUnsafeControls(s: string): boolean {
  return UNSAFE.test(s);
}

/** Whether the UTF-16 code unit `c` is in UNSAFE_CLASS (the same ranges, tested without a regex). */
function unsafeCode(c: number): boolean {
  if (c < 0x7f) return c <= 0x08 || (c >= 0x0b && c <= 0x1f);
  if (c <= 0x9f) return true;
  if (c < 0x061c) return false;
  return (
    c === 0x061c ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2069) ||
    c === 0xfeff ||
    (c >= 0xfff9 && c <= 0xfffb)
  );
}

/** Escapes already built, per code unit: a line dense with controls builds each escape once. */
const ESCAPES = new Map<number, string>();

function escapeCode(c: number): string {
  let e = ESCAPES.get(c);
  if (e === undefined) {
    e = escapeControl(String.fromCharCode(c));
    ESCAPES.set(c, e);
  }
  return e;
}

/**
 * `s` with every unsafe code unit escaped (TAB and LF too when `line`); otherwise CRLF becomes LF.
 * One scan: runs of safe characters are copied as one slice each, runs of one unsafe code unit escaped at once.
 */
function escapeScan(s: string, line: boolean): string {
  // A line dense with controls gives a million pieces: joined block by block (see Pieces).
  const parts = new Pieces();
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x09 || c === 0x0a) {
      if (!line) continue;
    } else if (!unsafeCode(c)) continue;
    if (i > start) parts.push(s.slice(start, i));
    // A run of one control (a spinner's backspaces, a progress bar's carriage returns) is escaped at once.
    let end = i + 1;
    while (end < s.length && s.charCodeAt(end) === c) end++;
    // In a text, CR LF is a line break: the run's last CR before an LF is not escaped.
    const crlf = !line && c === 0x0d && s.charCodeAt(end) === 0x0a;
    const escaped = crlf ? end - 1 - i : end - i;
    if (escaped > 0) parts.push(escaped === 1 ? escapeCode(c) : escapeCode(c).repeat(escaped));
    if (crlf) {
      parts.push('\n');
      end++;
    }
    i = end - 1;
    start = end;
  }
  if (start === 0) return s;
  parts.push(s.slice(start));
  return parts.join();
}

/**
 * For a one-line field (a container name, a file name, a title, a log message shown on one line):
 * every control, including TAB, LF and CR, is shown escaped, so the value can never span or forge a
 * line. Returns `s` itself when there is nothing to escape.
 */
export function neutralizeLine(s: string): string {
  UNSAFE_LINE.lastIndex = 0;
  if (!UNSAFE_LINE.test(s)) return s;
  return escapeScan(s, true);
}

/**
 * For a multi-line excerpt (log lines, a health body): LF and TAB stay, CRLF becomes LF, every other
 * control (a lone CR, backspace, ESC, C1, bidi controls) is shown escaped.
 */
export function neutralizeText(s: string): string {
  UNSAFE_TEXT.lastIndex = 0;
  if (!UNSAFE_TEXT.test(s)) return s;
  return escapeScan(s, false);
}

/** ASCII punctuation with a meaning anywhere in CommonMark/GFM inline text, tables and HTML. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|~&!]/g;
/** At line start `#`, `+`, `-`, `=`, `>` and `1.` / `1)` would start a heading, list or quote. */
const LINE_START = /^(\s*)(?:([#+=-])|(\d+)([.)]))/;

/**
 * A one-line evidence string as literal Markdown inline text: controls escaped as in
 * {@link neutralizeLine}, every Markdown/HTML-significant ASCII punctuation backslash-escaped (so
 * `<script>`, `[x](javascript:…)`, `**`, `|` in a table cell and `&amp;` entities show as typed),
 * and `:` after `http`/`https`/`www` broken so GFM autolinks do not fire.
 */
export function markdownInline(s: string): string {
  const line = neutralizeLine(s);
  // After neutralizeLine a backslash escape such as `\x1b` is text too: escaping the backslash keeps it visible.
  return line
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    .replace(LINE_START, (_m, sp: string, c?: string, n?: string, d?: string) =>
      c ? `${sp}\\${c}` : `${sp}${n}\\${d}`,
    )
    .replace(/\b(https?|ftp|www)(:|\.)/gi, (_m, a: string, b: string) => `${a}\\${b}`);
}

/**
 * A one-line evidence string as a Markdown code span: controls escaped as in {@link neutralizeLine},
 * fenced with one backtick more than its longest run of backticks, padded when it starts or ends
 * with a backtick or a space (CommonMark strips one space on each side).
 */
export function markdownCode(s: string): string {
  const line = neutralizeLine(s);
  let longest = 0;
  let run = 0;
  for (const c of line) {
    run = c === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  const pad = line === '' || /^[` ]|[` ]$/.test(line) ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/**
 * A multi-line evidence excerpt as a fenced Markdown code block: controls escaped as in
 * {@link neutralizeText}, fenced with more backticks than any run inside, so no line of the excerpt
 * can close the block and start Markdown of its own.
 */
export function markdownCodeBlock(s: string, info = ''): string {
  const text = neutralizeText(s);
  let longest = 2;
  for (const m of text.matchAll(/`{3,}|~{3,}/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${neutralizeLine(info).replace(/[`\s]/g, '')}\n${text}${text.endsWith('\n') ? '' : '\n'}${fence}`;
}

/** Fields that hold prose of several lines (a finding's explanation and fix, a manual finding's body). */
const MULTILINE_FIELDS: ReadonlySet<string> = new Set(['explanation', 'fix', 'body']);

/**
 * `value` with every string neutralised: as a one-line field, or as text in the fields that hold prose
 * (explanation, fix). A copy where some string changed, `value` itself where none did: do not mutate it.
 * The terminal and Markdown formatters start from this, so no string that came from evidence reaches them
 * raw, whatever field it sits in.
 */
export function neutralizeDeep<T>(value: T, multiline = false): T {
  if (typeof value === 'string') return (multiline ? neutralizeText(value) : neutralizeLine(value)) as T;
  // Copied only where a string changed: an audit of clean strings (the usual case) comes back as it is,
  // not rebuilt object by object for every summary, backlog and page.
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const r = neutralizeDeep(v, multiline);
      if (out === undefined && r !== v) out = value.slice(0, i);
      if (out !== undefined) out.push(r);
    }
    return (out ?? value) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  let out: Record<string, unknown> | undefined;
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j]!;
    const v = obj[k];
    const r = neutralizeDeep(v, MULTILINE_FIELDS.has(k));
    if (out === undefined && r !== v) {
      out = {};
      for (let x = 0; x < j; x++) setOwn(out, keys[x]!, obj[keys[x]!]);
    }
    if (out !== undefined) setOwn(out, k, r);
  }
  return (out ?? obj) as T;
}
