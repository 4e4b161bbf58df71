// Secrets that span lines of a list: redis-cli prints each argument of a SLOWLOG entry and each
// field and value of an XRANGE entry or HGETALL reply on its own line (`4) 1) "AUTH"` then
// `   2) "pw"`), and a pretty-printed docker inspect prints `"Cmd": [` with one element per line
// (`"--requirepass",` then `"pw",`). What a line says about the lines after it is carried from
// line to line; the streaming redactor must not cut where a carry is pending.
import { getSecretNameStrength, isBareKeyName, isRedactableValue } from './names.ts';
import type { SecretKind } from './patterns.ts';
import { MARKER } from './marker.ts';

/** One list element alone on its line: its column (of the last `N)` or of the quote) and value span. */
export interface ListElement {
  col: number;
  numbered: boolean;
  value: string;
  start: number;
  end: number;
}

/** What a line passes on: redact the next `count` elements at column `col` as `kind`. */
export interface ElementCarry {
  count: number;
  col: number;
  numbered: boolean;
  kind: SecretKind;
  /** 'mysql': inside a MySQL client's argument list, where `-pPW` holds the password. */
  mode?: 'mysql';
}

/** Column of a carry from a bare field line (redis-cli --raw): the whole next line is the value. */
const BARE = -1;
/** A MySQL-family client, as the first element of an argument list. */
const MYSQL = /^(?:\S*\/)?(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mysqlsh)$/;
const BARE_NAME = /^\s*([A-Za-z_][\w.-]{0,95})\s*$/;
const NUMBERED = /^(\s*(?:\d+\)\s+)*)(\d+\)\s+)"((?:[^"\\]|\\.){0,4096})"\s*$/;
const BARE_QUOTED = /^(\s*)"((?:[^"\\]|\\.){0,4096})",?\s*$/;

/** The list element on `line`, if the line is one (`  3) "x"` or `    "x",`). */
export function listElement(line: string): ListElement | undefined {
  if (line.length > 8192) return undefined;
  const n = NUMBERED.exec(line);
  if (n) {
    const col = (n[1] ?? '').length;
    const start = col + (n[2] ?? '').length + 1;
    return { col, numbered: true, value: n[3] ?? '', start, end: start + (n[3] ?? '').length };
  }
  const q = BARE_QUOTED.exec(line);
  if (q) {
    const col = (q[1] ?? '').length;
    return { col, numbered: false, value: q[2] ?? '', start: col + 1, end: col + 1 + (q[2] ?? '').length };
  }
  return undefined;
}

/**
 * What an element line tells about the following ones: after `AUTH` (SLOWLOG, MONITOR) its one or
 * two arguments; after `requirepass`/`masterauth` (CONFIG SET) the value; after a field with a
 * secret name (HSET, XADD, XRANGE) its value; after a `--password` style flag in an argument array
 * its value.
 */
export function carryAfter(line: string): ElementCarry | undefined {
  const el = listElement(line);
  if (!el) {
    // redis-cli --raw prints a field alone on its line and its value on the next (XRANGE, HGETALL).
    const bare = BARE_NAME.exec(line);
    if (!bare || isBareKeyName(bare[1]!)) return undefined;
    if (getSecretNameStrength(bare[1]!) !== 'strong') return undefined;
    return { count: 1, col: BARE, numbered: false, kind: 'named-secret' };
  }
  const v = el.value;
  if (MYSQL.test(v)) return { count: 64, col: el.col, numbered: el.numbered, kind: 'flag-secret', mode: 'mysql' };
  if (/^(?:auth|auth2)$/i.test(v)) return { count: 2, col: el.col, numbered: el.numbered, kind: 'redis-password' };
  if (/^(?:--)?(?:requirepass|masterauth)$/i.test(v)) {
    return { count: 1, col: el.col, numbered: el.numbered, kind: 'redis-password' };
  }
  if (v.length > 96 || /[\s=]/.test(v)) return undefined;
  const flag = v.startsWith('-');
  const name = v.replace(/^-+/, '');
  // Unnumbered (JSON) arrays hold names of all sorts: only flags govern the next element there.
  if (!el.numbered && !flag) return undefined;
  if (!/^[A-Za-z_]/.test(name) || isBareKeyName(name)) return undefined;
  const strength = getSecretNameStrength(name);
  if (strength !== 'strong' && !(strength === 'weak' && el.numbered)) return undefined;
  return { count: 1, col: el.col, numbered: el.numbered, kind: flag ? 'flag-secret' : 'named-secret' };
}

/**
 * Apply a pending carry to `line`: the value span to replace and the carry left for the next line,
 * or undefined when the line is not the next element of that list (the carry is dropped).
 */
export function applyCarry(
  line: string,
  carry: ElementCarry,
): { start: number; end: number; rest: ElementCarry | undefined } | undefined {
  if (carry.col === BARE) {
    const start = line.length - line.trimStart().length;
    const value = line.trim();
    if (value.length === 0 || value.includes(MARKER) || !isRedactableValue('strong', value)) return undefined;
    return { start, end: start + value.length, rest: undefined };
  }
  const el = listElement(line);
  if (!el || el.col !== carry.col || el.numbered !== carry.numbered) return undefined;
  const rest = carry.count > 1 ? { ...carry, count: carry.count - 1 } : undefined;
  if (carry.mode === 'mysql') {
    // -pPW (the password glued to the flag); every other argument is passed over.
    const pw = /^-p(.+)$/.exec(el.value);
    return pw ? { start: el.start + 2, end: el.end, rest } : { start: el.start, end: el.start, rest };
  }
  if (el.value.length === 0 || el.value.startsWith(MARKER)) return { start: el.start, end: el.start, rest };
  if (carry.kind !== 'redis-password' && !isRedactableValue('strong', el.value)) {
    return { start: el.start, end: el.start, rest };
  }
  return { start: el.start, end: el.end, rest };
}
