// A cheap first look at a line before the line trigger (patterns.ts LINE_TRIGGER) reads it. The
// trigger is a large case-insensitive alternation that costs tens of nanoseconds per character,
// and on ordinary logs nearly every line fails it. Every alternative of the trigger holds one of a
// few short literals (lower case here, since the trigger ignores case) or one of a few shapes
// checked by hand below, so a line that holds none of them can hold no match of the trigger: it is
// passed over after a plain scan of its characters. A line that passes this gate is given to the
// trigger itself, so what is redacted never depends on the gate (test/redact/gate.test.ts checks
// that every alternative of the trigger passes it).
import { isSpace } from '../text/chars.ts';

/** Literals of 3 or 4 characters, one of which every match of the trigger holds (see the tests). */
const ANCHORS: readonly string[] = [
  // Secret names (SECRET_NAME_WORDS, the query names, the flag names): a part of each word.
  ...['cret', 'toke', 'pass', 'cred', 'priv', 'gnat', 'sig=', 'key', 'pwd', 'auth', 'dsn'],
  ...['cook', 'sess', 'sid', 'bear', 'webh', 'conn', 's-cl', 'mysq', 'iadb'],
  // Provider prefixes and the other literal needs.
  ...['----', 'eyj', 'akia', 'asia', 'abia', 'acca', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'b_pa'],
  ...['xox', 'xapp', 'aiza', 'npm_', 'sk-', 'hook', 'whse', 'k_li', 'k_te', 'sg.', 'pypi', 'dckr'],
  ...[':aa', 'disc', '://', 'sntr', 'hvs.', 'hvb.', 'hvr.', 'hf_', 'shpa', 'shpc', 'shpp', 'shps', 'lin_'],
  ...['a3-', 'ya29', 'gocs', '_v1_', 'sq0a', 'sq0c', 'eaaa', 'psca', 'dp.p', 'dp.s', 'dp.c', 'dp.a'],
  ...['glsa', 'glc_', 'nrak', 'nraa', 'nrii', 'nrjs', 'atat', 'pmak', 'pul-', 'sv1.', 'dapi', 'fo1_'],
  ...['fm1_', 'fm2_', 'fm1a', 'fm1r', 'fm2a', 'fm2r', 'sbp_', 'sb_s', 'nfp_', 'nfc_', 'r8_', 'gsk_'],
  ...['xai-', 'pplx', 'ntn_', 'figd', 'figo', 'figu', 'tske', 'bkua', 'ccip', 'ygem', 'oy2', 'ltai'],
  ...['akid', 'cfpa', 'pnu_', 'tfp_', 'fwog', 'iqoj', 'hrku', 'cloj', 'tk-u', 'dt0c', '...', '[tru'],
  // `-us\d` (Mailchimp) and `SK[0-9a-f]{8}` (Twilio): every form of the first four characters.
  ...'0123456789'.split('').map((d) => `-us${d}`),
  ...[...'0123456789abcdef'].flatMap((a) => [...'0123456789abcdef'].map((b) => `sk${a}${b}`)),
];

/**
 * Each ASCII character as a 6-bit code, upper case as lower case; 0 for every other character.
 * Codes 1–38 are the alphabet `[A-Za-z0-9_-]` of the shapes checked by hand, 39–43 the other
 * characters the anchors hold.
 */
const CODE = new Uint8Array(128);
const WORD_CODES = 38;
{
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-_.:/=[';
  for (let i = 0; i < alphabet.length; i++) {
    const c = alphabet.charCodeAt(i);
    CODE[c] = i + 1;
    if (c >= 97 && c <= 122) CODE[c - 32] = i + 1;
  }
}

/**
 * Per 3 characters (18 bits): 1 when they are an anchor, 2 when they begin one of 4, 4 when they end in a
 * character where a shape checked by hand ends or begins (below). The 4-character anchors are then looked up
 * hashed (a false hit only sends a line to the trigger).
 */
const TRI = new Uint8Array(1 << 18);
const QUAD_BITS = 16;
const QUAD = new Uint8Array(1 << (QUAD_BITS - 3));
const quadHash = (k: number): number => Math.imul(k, 0x9e3779b1) >>> (32 - QUAD_BITS);
for (const a of ANCHORS) {
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    const c = CODE[a.charCodeAt(i)]!;
    if (c === 0) throw new Error(`gate anchor ${a} holds a character without a code`);
    k = (k << 6) | c;
  }
  if (a.length === 3) TRI[k]! |= 1;
  else {
    TRI[k >>> 6]! |= 2;
    const h = quadHash(k);
    QUAD[h >>> 3]! |= 1 << (h & 7);
  }
}

const DOT = 46;
const SLASH = 47;
const QUOTE = 34;
const ELLIPSIS = 0x2026;
const CODE_G = CODE[103]!;
const CODE_L = CODE[108]!;

/** [A-Za-z0-9_-]: the alphabet of the shapes checked by hand. */
const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) if ((CODE[c]! > 0 && CODE[c]! <= WORD_CODES) || c === 95) WORD[c] = 1;
const isWord = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c < 128 && WORD[c] === 1;
};
/** Whether every character from `from` up to `to` is of [A-Za-z0-9_-]. */
function wordsBetween(text: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (!isWord(text, j)) return false;
  return true;
}

// A shape checked by hand ends (`-`, `.`) or begins (`/`) at one of three characters: every three characters that
// end in one of them are marked, so the scan needs no test of its own for them.
for (const ch of [45, DOT, SLASH]) for (let k = 0; k < 1 << 12; k++) TRI[(k << 6) | CODE[ch]!]! |= 4;

/**
 * Whether a match of the line trigger may start in `text` between `start` and `end` (a line,
 * without its line break). False only when none can: the line holds none of the anchors and none
 * of the shapes below.
 */
export function mayTrigger(text: string, start: number, end: number): boolean {
  // `\)\s+"` may run past the end of the line: a line whose last visible character is `)` passes
  // when the next visible character after it, on a later line, is `"`.
  let last = end - 1;
  while (last >= start && isSpace(text.charCodeAt(last))) last--;
  if (last >= start && text.charCodeAt(last) === 41) {
    let next = end;
    while (next < text.length && isSpace(text.charCodeAt(next))) next++;
    if (next < text.length && next > end && text.charCodeAt(next) === QUOTE) return true;
  }
  // The codes of the last three characters, 6 bits each: one table lookup a character, and only a
  // character whose entry is not 0 (an anchor, the start of a longer one, a shape's `-`, `.` or `/`) costs more.
  let k = 0;
  for (let i = start; i < end; i++) {
    const raw = text.charCodeAt(i);
    let c = 0;
    if (raw < 128) c = CODE[raw]!;
    else if (raw === ELLIPSIS) return true;
    k = ((k << 6) | c) & 0x3ffff;
    const t = TRI[k]!;
    if (t !== 0) {
      if (t & 1) return true;
      // Three characters that begin a 4-character anchor: the next one completes it or not.
      if (t & 2 && i + 1 < end) {
        const h = quadHash((k << 6) | codeAt(text, i + 1));
        if ((QUAD[h >>> 3]! >>> (h & 7)) & 1) return true;
      }
      if (t & 4 && shapeAt(text, start, end, i, raw)) return true;
    }
  }
  return false;
}

/** Whether one of the shapes checked by hand ends (`-`, `.`) or begins (`/`) at `i`, a `raw` character. */
function shapeAt(text: string, start: number, end: number, i: number, raw: number): boolean {
  if (raw === SLASH) {
    // `\/[A-Za-z0-9_-]{32}`
    if (end - i <= 32) return false;
    for (let j = i + 1; j <= i + 32; j++) if (!isWord(text, j)) return false;
    return true;
  }
  if (raw === DOT) {
    // `\.[A-Za-z0-9_-]{6}\.` and `pat[A-Za-z0-9]{14}\.` (read as `pat` and 14 of [A-Za-z0-9_-]): the
    // character 7 before, or the `pat` 17 before, first; the run of word characters between only then.
    if (i - 7 >= start && text.charCodeAt(i - 7) === DOT && wordsBetween(text, i - 6, i)) return true;
    return i - 17 >= start && isPat(text, i - 17) && wordsBetween(text, i - 14, i);
  }
  // `-`: `"-`, and `gl[a-z]{1,5}-`.
  if (i > start && text.charCodeAt(i - 1) === QUOTE) return true;
  for (let j = Math.max(start, i - 7); j < i - 2; j++) {
    if (codeAt(text, j) === CODE_G && codeAt(text, j + 1) === CODE_L) return true;
  }
  return false;
}

const codeAt = (text: string, i: number): number => {
  const c = text.charCodeAt(i);
  return c < 128 ? CODE[c]! : 0;
};

function isPat(text: string, at: number): boolean {
  return codeAt(text, at) === CODE[112] && codeAt(text, at + 1) === CODE[97] && codeAt(text, at + 2) === CODE[116];
}
