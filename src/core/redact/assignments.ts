// Secrets under secret-like names in one line: `NAME=value`, `name: value`, `"name": "value"`,
// `--flag=value`, `--flag value`, `a=b;Password=x;c=d`, `\"name\":\"value\"` inside a JSON string.
//
// A hand-written scanner rather than regular expressions, so it runs in linear time whatever the
// line: it visits each `=` and `:` once, reads the name backwards (at most MAX_NAME characters), and
// only reads a value forward when the name names a secret. A value it replaces is skipped as a
// whole; a value it keeps is not, so `FOO=1,API_TOKEN=x` and `Endpoint=x;AccountKey=y` are read
// pair by pair and the first harmless pair cannot swallow the rest.
import { getSecretNameStrength, isBareKeyName, isRedactableValue } from './names.ts';
import { isNameCode } from '../text/chars.ts';
import { MARKER, markerEnd } from './marker.ts';

/** One value to replace: [start, end) in the line, and whether it sits in a `k=v;k=v` string. */
export interface AssignmentSpan {
  start: number;
  end: number;
  connection: boolean;
}

const MAX_NAME = 96;

/** `[A-Za-z_]` of a code unit. */
function isNameStart(x: number): boolean {
  return (x >= 97 && x <= 122) || (x >= 65 && x <= 90) || x === 95;
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Whether `name` governs a value (strong or weak secret name, not a bare `key`). */
function secretStrength(name: string): 'strong' | 'weak' | undefined {
  if (name.length === 0 || isBareKeyName(name)) return undefined;
  return getSecretNameStrength(name);
}

/**
 * End of a quoted value that opens at `open` (the quote, or the backslash of `\"`): the index of
 * the closing quote, or the line's end when the value is cut short (truncated output).
 */
function quotedEnd(line: string, open: number, escapedQuote: boolean): { from: number; to: number; close: number } {
  if (escapedQuote) {
    // \"value\" inside a JSON string: the value ends at the next \" (or \\\" and so on).
    const from = open + 2;
    const at = line.indexOf('\\"', from);
    if (at < 0) return { from, to: line.length, close: line.length };
    let to = at;
    while (to > from && line[to - 1] === '\\') to--;
    return { from, to, close: at + 2 };
  }
  const q = line[open]!;
  const from = open + 1;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && q === '"') i++;
    else if (c === q) return { from, to: i, close: i + 1 };
  }
  return { from, to: line.length, close: line.length };
}

/**
 * Spans of secret values under secret names in `line` (trailing whitespace already cut), in order,
 * never overlapping. Visits every position a bounded number of times.
 */
export function findAssignmentSecrets(line: string): AssignmentSpan[] {
  const out: AssignmentSpan[] = [];
  const lineStart = /^\s*(?:-\s+)?["']?/.exec(line)?.[0].length ?? 0;
  let pos = 0;
  // Next '=' and ':' at or after pos, each found again only once pos has passed it: linear overall.
  let eq = -2;
  let colon = -2;
  for (;;) {
    if (eq !== -1 && eq < pos) eq = line.indexOf('=', pos);
    if (colon !== -1 && colon < pos) colon = line.indexOf(':', pos);
    const op = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    if (op < 0) break;
    pos = op + 1;
    // A marker the line already holds (`[REDACTED:kind:fingerprint]`) is no name and holds none: passed over
    // whole from its first colon, so a line of 100,000 replaced values is not read again inside each.
    if (line[op] === ':') {
      const end = markerEnd(line, op + 1 - MARKER.length);
      if (end > 0) {
        pos = end;
        continue;
      }
    }
    const isEq = line[op] === '=';
    if (isEq && line[op + 1] === '=') {
      pos = op + 2;
      continue;
    }
    if (!isEq && (line[op + 1] === ':' || line[op + 1] === '/')) continue;
    // The name: back over spaces and a closing quote (or \"), then name characters.
    let n = op;
    while (n > 0 && isSpace(line[n - 1]) && op - n < 8) n--;
    let quotedName = false;
    if (line[n - 1] === '"' || line[n - 1] === "'") {
      quotedName = true;
      n--;
      if (line[n - 1] === '\\') n--;
    }
    const nameEnd = n;
    while (n > 0 && isNameCode(line.charCodeAt(n - 1)) && nameEnd - n <= MAX_NAME) n--;
    if (nameEnd - n > MAX_NAME || n === nameEnd) continue;
    // A longer run of name characters than MAX_NAME is not a name; flags keep their dashes out of the name.
    let nameStart = n;
    while (line[nameStart] === '-' && nameStart < nameEnd) nameStart++;
    if (nameStart >= nameEnd || !isNameStart(line.charCodeAt(nameStart))) continue;
    const name = line.slice(nameStart, nameEnd);
    const strength = secretStrength(name);
    if (strength === undefined) continue;
    // `name: value` needs a space after the colon unless the name is quoted (JSON); not `a:b` words.
    let v = op + 1;
    if (!isEq && !quotedName && !isSpace(line[v]) && v < line.length) continue;
    while (v < line.length && isSpace(line[v])) v++;
    if (v >= line.length) continue;
    // A value already replaced (`api_key=[REDACTED:…]`): nothing more to find in it.
    const replaced = markerEnd(line, v);
    if (replaced > 0) {
      pos = replaced;
      continue;
    }
    const before = n > 0 ? line.slice(Math.max(0, n - 8), n).trimEnd() : '';
    const inList = before.endsWith(';');
    const atLineStart = n <= lineStart;
    let from: number;
    let to: number;
    let next: number;
    const c = line[v];
    if (c === '"' || c === "'" || (c === '\\' && line[v + 1] === '"')) {
      const q = quotedEnd(line, v, c === '\\');
      from = q.from;
      to = q.to;
      next = q.close;
    } else if (c === '{' && isEq) {
      // ODBC {braced} value: may hold ; and spaces.
      const close = line.indexOf('}', v + 1);
      const open = line.indexOf('{', v + 1);
      from = v + 1;
      to = close < 0 || (open >= 0 && open < close) ? line.length : close;
      next = to + 1;
    } else {
      from = v;
      // A whole connection string is one value, `;` and all.
      const whole = /conn(?:ection)?[_.-]?str(?:ing)?s?$/i.test(name);
      to = whole ? tokenEnd(line, v) : valueEnd(line, v, isEq, inList, atLineStart && !isEq);
      next = to;
    }
    let value = line.slice(from, to);
    const marker = value.indexOf(MARKER);
    if (marker >= 0) {
      to = from + marker;
      value = value.slice(0, marker);
      next = to;
    }
    // Trailing punctuation of prose or YAML (`,`, a closing quote) is not part of the value.
    while (to > from && /[\s,"']/.test(line[to - 1]!) && c !== '"' && c !== "'") to--;
    value = line.slice(from, to);
    if (!isRedactableValue(strength, value)) continue;
    out.push({ start: from, end: to, connection: inList || (isEq && line[to] === ';') });
    pos = Math.max(next, to, op + 1);
  }
  return out;
}

/**
 * End of an unquoted value starting at `v`. After `=`: up to whitespace, a quote, `&`, or a `;`/`,`
 * that starts the next `name=` pair; in a `k=v;k=v` list, up to the next `;` (spaces allowed, as
 * ADO.NET allows them). After `:` at line start (YAML, headers): the rest of the line. Otherwise one
 * token. Linear: one forward scan, a bounded look at each `;`/`,`.
 */
function valueEnd(line: string, v: number, isEq: boolean, inList: boolean, restOfLine: boolean): number {
  if (restOfLine) return line.length;
  if (inList) {
    const semi = line.indexOf(';', v);
    return semi < 0 ? line.length : semi;
  }
  for (let i = v; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '"' || c === "'" || c === '\r' || c === '\n') return i;
    // An escaped line break in the caller's view (`\ `) ends the value too.
    if (c === '\\' && line[i + 1] === ' ') return i;
    if (!isEq && (c === ',' || c === ';')) return i;
    if (isEq && c === '&') return i;
    if (isEq && (c === ';' || c === ',') && startsPair(line, i + 1)) return i;
  }
  return line.length;
}

/** End of a token: the next whitespace or quote. */
function tokenEnd(line: string, v: number): number {
  let i = v;
  while (i < line.length && !/[\s"']/.test(line[i]!)) i++;
  return i;
}

/** Whether a `name=` pair starts at `at` (after optional spaces): at most MAX_NAME name characters, then `=`. */
function startsPair(line: string, at: number): boolean {
  let i = at;
  while (isSpace(line[i])) i++;
  if (!isNameStart(line.charCodeAt(i))) return false;
  const start = i;
  while (i < line.length && isNameCode(line.charCodeAt(i)) && i - start <= MAX_NAME) i++;
  return line[i] === '=' && line[i + 1] !== '=';
}
