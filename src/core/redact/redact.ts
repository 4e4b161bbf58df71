// Secret redaction for evidence text and parsed data. Redaction runs before anything is written or
// shown; it never changes the line count, so evidence line anchors computed on the original text
// stay right. Each secret becomes `[REDACTED:<kind>:<fp>]`, where fp is a keyed fingerprint: equal
// secrets match across files (and across audits when the caller passes a stable key) without the
// report holding anything that can be brute-forced offline.
import type { RedactionSummary } from '../model/audit.ts';
import { createFingerprinter, toHex, utf8 } from './hmac.ts';
import { getSecretNameStrength, isBareKeyName, isRedactableValue } from './names.ts';
import { copyString, Pieces } from '../text/chars.ts';
import { findAssignmentSecrets } from './assignments.ts';
import { findArgvSecrets } from './argv.ts';
import { applyCarry, carryAfter, type ElementCarry } from './elements.ts';
import { mayTrigger } from './gate.ts';
import { LocationStore } from './locations.ts';
import {
  forgetLine,
  LINE_PATTERNS,
  LINE_SCANS,
  LINE_TRIGGER,
  LINE_TRIGGER_IN_LINE,
  OTHER_NEED,
  PROVIDER_NEED,
  PEM_BEGIN,
  PEM_END,
  REDIS_SECRET_PARAM,
  hasSecretNameBeforeAssignment,
  getSecretSpanOf,
} from './patterns.ts';
import type { LinePattern, SecretKind } from './patterns.ts';
import { setOwn } from '../text/own.ts';
import { MARKER, MARKER_RE } from './marker.ts';

export type { SecretKind } from './patterns.ts';

/** Where one value was replaced. Never holds the value. `line` is 1-based; 0 when unknown (structured data). */
export interface RedactionHit {
  file: string;
  line: number;
  kind: SecretKind;
}

/** Options for {@link createRedactor}. */
export interface RedactorOptions {
  /** Fingerprint key. Defaults to a random per-process key; pass a stable one so fingerprints compare across audits. */
  key?: string;
  /** false turns every method into the identity (and records nothing). Default true. */
  enabled?: boolean;
  /**
   * How many locations {@link Redactor.summary} lists (the first by file, line, kind; `locationsTotal`
   * counts them all). Default: every one. Memory then holds only these, whatever the capture holds.
   */
  maxLocations?: number;
}

/** Replaces secrets in text and JSON-like values, and remembers where. */
export interface Redactor {
  /** Whether redaction is on. */
  readonly enabled: boolean;
  /**
   * Redact `text` from `file`, keeping its line count; hits carry 1-based lines in `text`, counted
   * from `firstLine` (default 1) when `text` is a run of whole lines cut from a larger file.
   */
  redactText(text: string, file: string, firstLine?: number): { text: string; hits: RedactionHit[] };
  /** Redact one value: by its variable/field `name` first, then by content. */
  redactValue(name: string | undefined, value: string, file: string, line?: number): string;
  /**
   * Return a redacted copy of a JSON-like value (objects, arrays, strings); plain parts without secrets are shared, not
   * copied.
   */
  redactDeep<T>(value: T, file?: string): T;
  /**
   * Counts per kind and every location (or the first `maxLocations`, with `locationsTotal`), over all
   * calls, sorted by file, line, kind.
   */
  summary(): RedactionSummary;
}

/** `\n`, `\r`, `\t` escapes inside a JSON string. */
const JSON_BREAK = /\\[nrt]/g;
/** What comes before a CONFIG GET reply's value: list numbering, an opening quote. */
const CONFIG_VALUE_LEAD = /^\s*(?:\d+\)\s*)?"?/;
/** Lines up to this long are first tested against the union of the line patterns' needs. */
const UNION_GATE_CHARS = 1024;
/** Guard against pathological inputs: redaction of a line is re-run until stable, at most this often. */
const MAX_PASSES = 4;
/** Secrets whose fingerprints are cached at once (see entry). */
const MAX_FINGERPRINTS = 32_768;

/** Create a redactor; see {@link Redactor}. */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const enabled = options.enabled ?? true;
  const fingerprintOf = createFingerprinter(utf8(options.key ?? randomKey()));
  /** Each secret's fingerprint, and its marker (and masked marker) for the kind it was last replaced as. */
  const fingerprints = new Map<string, Fingerprinted>();
  const locations = new LocationStore(options.maxLocations);

  function entry(kind: SecretKind, value: string): Fingerprinted {
    let e = fingerprints.get(value);
    if (e === undefined) {
      // A capture of millions of distinct secrets would fill the cache: it starts again (a fingerprint
      // is the same whenever it is made).
      if (fingerprints.size >= MAX_FINGERPRINTS) fingerprints.clear();
      const fp = fingerprintOf(value);
      e = { fp, kind, marker: `${MARKER}${kind}:${fp}]`, masked: undefined };
      // Keys are copies: a secret cut out of a large file must not keep the file alive.
      fingerprints.set(copyString(value), e);
    } else if (e.kind !== kind) {
      // A line dense with one secret makes the same marker again and again: it is made once per kind change.
      e.kind = kind;
      e.marker = `${MARKER}${kind}:${e.fp}]`;
      e.masked = undefined;
    }
    return e;
  }

  const marker = (kind: SecretKind, value: string): string => entry(kind, value).marker;

  /**
   * The line {@link applyPatterns} last returned (without its trailing whitespace), with its markers and
   * view: the next pass over that line starts from them instead of finding every marker again.
   */
  let carried: { out: string; markers: number[]; view: string } | undefined;

  /** Apply every line pattern until the line stops changing. */
  function redactLine(line: string, onHit: (kind: SecretKind) => void): string {
    let current = line;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const next = applyPatterns(current, onHit);
      if (next === current) break;
      current = next;
    }
    carried = undefined;
    return current;
  }

  function applyPatterns(line: string, onHit: (kind: SecretKind) => void): string {
    // Trailing whitespace is cut off first so no pattern has to scan it again and again.
    let out = line.trimEnd();
    let changed = false;
    // Where the markers of `out` stand (start, end, start, end, …), and the view patterns read: both
    // made once per line and then kept up to date by each replacement, not found again in the whole
    // line after it (a line of 100,000 replaced values holds 100,000 markers).
    let markers: number[] | undefined;
    let view: string | undefined;
    if (carried !== undefined && carried.out === out) ({ markers, view } = carried);
    carried = undefined;
    const markersNow = () => (markers ??= findMarkers(out));
    const viewNow = () => (view ??= viewOf(out, markersNow()));
    /** Whether a span touches a marker; spans come in order, so one pointer walks the markers. */
    const blocker = () => {
      const list = markersNow();
      let mi = 0;
      return (start: number, end: number): boolean => {
        while (mi < list.length && list[mi + 1]! <= start) mi += 2;
        return mi < list.length && list[mi]! < end;
      };
    };
    const replaceSpans = (spans: readonly Span[]) => {
      if (spans.length === 0) return;
      // Kinds inside markers read like names ("authorization:", "private-key:"): never match into one.
      const blocked = blocker();
      const old = markersNow();
      const oldView = view;
      const parts = new Pieces();
      // The new markers: the old ones moved by what the replacements before them added, and the new
      // ones. A span never touches a marker, and a marker holds no other, so these are exactly the
      // markers a new search of the new line would find.
      const moved: number[] = [];
      // The new view: the old one, with each replaced span as its masked marker. The character after
      // a marker follows `]` now, so it is never a JSON-escaped break: it is read from the line.
      const viewParts = oldView === undefined ? undefined : new Pieces();
      let last = 0;
      let shift = 0;
      let mi = 0;
      for (let si = 0; si < spans.length; si++) {
        const { start, end, kind } = spans[si]!;
        if (start < last || end <= start) continue;
        if (blocked(start, end)) continue;
        const secret = out.slice(start, end);
        if (secret.includes(MARKER)) continue;
        const e = entry(kind, secret);
        const mk = e.marker;
        while (mi < old.length && old[mi]! < start) {
          moved.push(old[mi]! + shift, old[mi + 1]! + shift);
          mi += 2;
        }
        if (viewParts !== undefined) {
          if (last > 0 && start > last) {
            viewParts.push(out[last]!);
            viewParts.push(oldView!.slice(last + 1, start));
          } else viewParts.push(oldView!.slice(last, start));
          viewParts.push((e.masked ??= maskedMarker(kind, mk)));
        }
        parts.push(out.slice(last, start));
        parts.push(mk);
        moved.push(start + shift, start + shift + mk.length);
        shift += mk.length - (end - start);
        last = end;
        onHit(kind);
      }
      if (last > 0) {
        for (; mi < old.length; mi += 2) moved.push(old[mi]! + shift, old[mi + 1]! + shift);
        parts.push(out.slice(last));
        if (viewParts !== undefined) {
          if (last < out.length) {
            viewParts.push(out[last]!);
            viewParts.push(oldView!.slice(last + 1));
          }
          view = viewParts.join();
        } else view = undefined;
        out = parts.join();
        markers = moved;
        changed = true;
      }
    };
    let providers: boolean | undefined;
    // No pattern replaces anything in a line none of whose needs holds, so the view stays as it is. One test
    // of their union costs less than trying each need on a short line; on a long one each need's own search
    // (most are literals) is faster than the union's, so long lines go straight to the needs.
    const any =
      viewNow().length > UNION_GATE_CHARS || OTHER_NEED.test(viewNow()) || (providers = PROVIDER_NEED.test(viewNow()));
    for (let p = 0; any && p < LINE_PATTERNS.length; p++) {
      const pattern = LINE_PATTERNS[p]!;
      if (pattern.provider && !(providers ??= PROVIDER_NEED.test(viewNow()))) continue;
      if (!pattern.need.test(viewNow())) continue;
      replaceSpans(regexSpans(pattern, LINE_SCANS[p]!, viewNow(), blocker()));
    }
    if (hasSecretNameBeforeAssignment(viewNow())) {
      const spans = findAssignmentSecrets(viewNow());
      replaceSpans(
        spans.map((a) => ({ start: a.start, end: a.end, kind: a.connection ? 'connection-string' : 'named-secret' })),
      );
    }
    if (!changed) return line;
    if (markers !== undefined && view !== undefined) carried = { out, markers, view };
    return out + line.slice(line.trimEnd().length);
  }

  function redactText(text: string, file: string, firstLine = 1): { text: string; hits: RedactionHit[] } {
    const result = redactTextHits(text, file, firstLine);
    for (const h of result.hits) locations.record(h.file, h.line, h.kind);
    return result;
  }

  /** {@link redactText}, its hits not yet recorded. */
  function redactTextHits(text: string, file: string, firstLine = 1): { text: string; hits: RedactionHit[] } {
    if (!enabled || text.length === 0) return { text, hits: [] };
    const own: RedactionHit[] = [];
    // Lines are read in place (split on \n only, any \r kept) and only changed lines are copied out,
    // so a large text that holds no secret comes back as the very same string.
    const pemLines = text.includes('-----BEGIN ') ? findPemBodies(text.split('\n')) : undefined;
    const parts = new Pieces();
    let copied = 0;
    let redisValueNext = false;
    let carry: ElementCarry | undefined;
    for (let i = 0, start = 0; ; i++) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      // Whether the trigger matches on the line, read on the line alone, after the gate: most lines of a log
      // fail the gate, and the trigger is then not run on them at all. (Searched in the whole text from the
      // line's start, a trigger that does not match on the line runs on to its next match, lines or megabytes
      // further, from every line that passes the gate.) Every line pattern reads one line, so a match that
      // only the lines after it complete changes nothing on it (test/redact/trigger-in-line.test.ts).
      const line = mayTrigger(text, start, end) ? text.slice(start, end) : undefined;
      const triggered = line !== undefined && LINE_TRIGGER_IN_LINE.test(line);
      const block = pemLines?.get(i);
      if (triggered || redisValueNext || block || carry) {
        const replaced = redactOneLine(
          line ?? text.slice(start, end),
          firstLine + i,
          block,
          redisValueNext,
          carry,
          file,
          own,
        );
        redisValueNext = replaced.redisValueNext;
        carry = replaced.carry;
        if (replaced.line !== undefined) {
          parts.push(text.slice(copied, start));
          parts.push(replaced.line);
          copied = end;
        }
      }
      if (nl < 0) break;
      start = nl + 1;
    }
    forgetLine();
    if (parts.empty) return { text, hits: own };
    parts.push(text.slice(copied));
    return { text: parts.join(), hits: own };
  }

  /**
   * One line of {@link redactText} (numbered `lineNo` in its file): its replacement, if any, and whether the next line
   * is a CONFIG GET value.
   */
  function redactOneLine(
    raw: string,
    lineNo: number,
    block: { body: string; first: boolean } | undefined,
    redisValueNext: boolean,
    carry: ElementCarry | undefined,
    file: string,
    own: RedactionHit[],
  ): { line: string | undefined; redisValueNext: boolean; carry: ElementCarry | undefined } {
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    if (block) {
      const lead = /^\s*/.exec(line)?.[0] ?? '';
      if (block.first) own.push({ file, line: lineNo, kind: 'private-key' });
      return { line: `${lead}${marker('private-key', block.body)}${cr}`, redisValueNext: false, carry: undefined };
    }
    if (carry) {
      // The next element of a list whose previous element named a secret (AUTH, --password, api_key).
      const hit = applyCarry(line, carry);
      if (hit) {
        if (hit.end <= hit.start) return { line: undefined, redisValueNext: false, carry: hit.rest };
        own.push({ file, line: lineNo, kind: carry.kind });
        const secret = marker(carry.kind, line.slice(hit.start, hit.end));
        const out = `${line.slice(0, hit.start)}${secret}${line.slice(hit.end)}${cr}`;
        return { line: out, redisValueNext: false, carry: hit.rest };
      }
    }
    if (redisValueNext && line.trim().length > 0 && !line.includes(MARKER)) {
      // CONFIG GET reply: keep list numbering and quotes, replace the value.
      // Numbering and an opening quote before, a closing quote and spaces after: cut by hand, since a
      // lazy value before `"?\s*$` tries the end at every character of a run of spaces (quadratic).
      const lead = CONFIG_VALUE_LEAD.exec(line)?.[0] ?? '';
      let end = line.trimEnd().length;
      if (end > lead.length && line[end - 1] === '"') end--;
      const value = end > lead.length ? line.slice(lead.length, end) : '';
      if (value.length > 0) {
        own.push({ file, line: lineNo, kind: 'redis-password' });
        return {
          line: `${lead}${marker('redis-password', value)}${line.slice(end)}${cr}`,
          redisValueNext: false,
          carry: undefined,
        };
      }
    }
    const next = REDIS_SECRET_PARAM.test(line);
    const redacted = redactLine(line, (kind) => own.push({ file, line: lineNo, kind }));
    return { line: redacted !== line ? redacted + cr : undefined, redisValueNext: next, carry: carryAfter(line) };
  }

  function redactValue(name: string | undefined, value: string, file: string, line?: number): string {
    if (!enabled) return value;
    if (name !== undefined && !value.includes(MARKER)) {
      const strength = getSecretNameStrength(name);
      if (strength && isRedactableValue(strength, value)) {
        locations.record(file, line ?? 0, 'named-secret');
        return marker('named-secret', value);
      }
    }
    // Most values (ids, names, numbers as text) hold nothing any pattern needs: skip the line machinery.
    LINE_TRIGGER.lastIndex = 0;
    if (!LINE_TRIGGER.test(value)) return value;
    const result = redactTextHits(value, file);
    for (const h of result.hits) locations.record(file, line !== undefined && line > 0 ? h.line + line - 1 : 0, h.kind);
    return result.text;
  }

  function redactDeep<T>(value: T, file = ''): T {
    if (!enabled) return value;
    return walk(value, file, undefined) as T;
  }

  /**
   * Redacted copy of `value`. Plain arrays and objects in which nothing was replaced are returned as
   * they are (a copy would be equal to them): the Audit of a large bundle is not duplicated for nothing.
   */
  function walk(value: unknown, file: string, name: string | undefined): unknown {
    if (typeof value === 'string') return redactString(value, file, name);
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) return value.map((v) => walk(v, file, undefined));
      // An argument array (SLOWLOG entry, Cmd/Args/Entrypoint): some values are secret only next to their command.
      const argv =
        value.length >= 2 && value.every((v) => typeof v === 'string') ? findArgvSecrets(value as string[]) : undefined;
      let out: unknown[] | undefined;
      if (argv && argv.size > 0) {
        out = (value as string[]).map((v, i) => {
          const span = argv.get(i);
          if (!span) return walk(v, file, undefined);
          locations.record(file, 0, span.kind);
          return `${v.slice(0, span.start)}${marker(span.kind, v.slice(span.start, span.end))}${v.slice(span.end)}`;
        });
        return out;
      }
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) continue;
        const v: unknown = value[i];
        const r = walk(v, file, undefined);
        if (out === undefined && r !== v) out = value.slice(0, i);
        if (out !== undefined) out[i] = r;
      }
      if (out === undefined) return value;
      out.length = value.length;
      return out;
    }
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    // {name, value} / {Name, Value} / {key, value} records: the name governs the value.
    const recordName = obj['name'] ?? obj['Name'] ?? obj['key'] ?? obj['Key'];
    const valueKey = 'value' in obj ? 'value' : 'Value' in obj ? 'Value' : undefined;
    const keys = Object.keys(obj);
    // Only a plain object whose own keys are all enumerable strings equals its copy.
    const plain = Object.getPrototypeOf(obj) === Object.prototype && Reflect.ownKeys(obj).length === keys.length;
    let out: Record<string, unknown> | undefined = plain ? undefined : {};
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      const v = obj[k];
      const r =
        k === valueKey && typeof recordName === 'string' && typeof v === 'string'
          ? redactValue(recordName, v, file)
          : walk(v, file, isBareKeyName(k) ? undefined : k);
      if (out === undefined && r !== v) {
        out = {};
        for (let x = 0; x < j; x++) setOwn(out, keys[x]!, obj[keys[x]!]);
      }
      if (out !== undefined) setOwn(out, k, r);
    }
    return out ?? obj;
  }

  function redactString(value: string, file: string, name: string | undefined): string {
    // "NAME=value" as a whole string (docker inspect Config.Env, compose environment lists).
    const env = /^([A-Za-z_][A-Za-z0-9_.-]*)=([\s\S]*)$/.exec(value);
    if (env && name === undefined) {
      const redacted = redactValue(env[1], env[2] ?? '', file);
      return redacted === env[2] ? value : `${env[1]}=${redacted}`;
    }
    return redactValue(name, value, file);
  }

  function summary(): RedactionSummary {
    return locations.summary(enabled);
  }

  return { enabled, redactText, redactValue, redactDeep, summary };
}

/** Each kind's masked form (kinds are few; markers may be many). */
const MASKED_KINDS = new Map<string, string>();

/**
 * What line patterns read: `line` with each JSON-escaped line break (`\n` in a JSON string: health
 * output, log fields) as `\ `, since it separates values as a real break would, and the kind inside
 * each marker masked (`[REDACTED:xxxxx-xxxxxx:…]`): evidex's own words (`password:`, `private-key`)
 * must not make a secret name or a provider prefix of their own. Same length, so spans fit `line`.
 */
function viewOf(line: string, markers: readonly number[]): string {
  const t = line.includes('\\') ? line.replace(JSON_BREAK, '\\ ') : line;
  if (markers.length === 0) return t;
  const parts: string[] = [];
  let last = 0;
  for (let i = 0; i < markers.length; i += 2) {
    const kindStart = markers[i]! + MARKER.length;
    const kindEnd = markers[i + 1]! - 10; // `:` + 8 hex digits + `]`
    parts.push(t.slice(last, kindStart), maskKind(t.slice(kindStart, kindEnd)));
    last = kindEnd;
  }
  parts.push(t.slice(last));
  return parts.join('');
}

/** `kind` as {@link viewOf} shows it inside a marker. */
function maskKind(kind: string): string {
  let masked = MASKED_KINDS.get(kind);
  if (masked === undefined) {
    masked = kind.replace(/[a-z0-9]/g, 'x');
    // Marker-like text in the evidence may carry any kind: the cache stays small.
    if (MASKED_KINDS.size < 256) MASKED_KINDS.set(kind, masked);
  }
  return masked;
}

/** A new marker `mk` of `kind` as {@link viewOf} shows it. */
function maskedMarker(kind: string, mk: string): string {
  return `${MARKER}${maskKind(kind)}${mk.slice(MARKER.length + kind.length)}`;
}

/** Where the markers of `line` stand: start, end, start, end, … */
function findMarkers(line: string): number[] {
  const list: number[] = [];
  if (!line.includes(MARKER)) return list;
  for (const x of line.matchAll(MARKER_RE)) list.push(x.index, x.index + x[0].length);
  return list;
}

/** One span to replace, in the coordinates of the line a pattern read. */
interface Span {
  start: number;
  end: number;
  kind: SecretKind;
}

/** A secret's fingerprint, and the marker (and its masked form) last made of it, with that marker's kind. */
interface Fingerprinted {
  fp: string;
  kind: SecretKind;
  marker: string;
  masked: string | undefined;
}

/** Spans one regex pattern would replace in `line`, in order (each match's secret group, accepted). */
function regexSpans(
  pattern: LinePattern,
  re: RegExp,
  line: string,
  blocked: (start: number, end: number) => boolean,
): Span[] {
  const spans: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    if (m[0].length === 0) re.lastIndex++;
    const span = getSecretSpanOf(pattern, m);
    if (!span || span[1] <= span[0]) continue;
    // A span on a marker is never replaced: skipped before `accept`, which may cost more.
    if (blocked(span[0], span[1])) continue;
    const secret = line.slice(span[0], span[1]);
    if (pattern.accept && !pattern.accept(secret, m, line)) continue;
    spans.push({ start: span[0], end: span[1], kind: pattern.kindOf ? pattern.kindOf(m) : pattern.kind });
  }
  return spans;
}

/** Base64 body line of a PEM block (PEM writes 64 per line, OpenSSH 70; some tools 76). */
const PEM_B64 = /^\s*[A-Za-z0-9+/]{1,80}={0,2}\s*$/;
/** RFC 1421 header lines of encrypted traditional keys, only right after BEGIN. */
const PEM_HEADER = /^\s*(?:Proc-Type|DEK-Info|Comment):\s*\S/;

/**
 * Lines of PEM private-key bodies: index → the whole body (the fingerprint input) and whether it is
 * the first body line. A body is base64 lines (after optional RFC 1421 headers and one blank line)
 * up to END; a capture cut mid-key ends the body at the first line that is not base64, and a line
 * shorter than the ones before it is the body's last, so a BEGIN in a log cannot take the log with it.
 */
function findPemBodies(lines: string[]): Map<number, { body: string; first: boolean }> {
  const result = new Map<number, { body: string; first: boolean }>();
  for (let i = 0; i < lines.length; i++) {
    if (!PEM_BEGIN.test(lines[i]!)) continue;
    const body: number[] = [];
    let j = i + 1;
    let headers = true;
    let width = 0;
    for (; j < lines.length; j++) {
      const line = lines[j]!.replace(/\r$/, '');
      if (PEM_END.test(line) || line.includes(MARKER)) break;
      if (headers && PEM_HEADER.test(line)) {
        body.push(j);
        continue;
      }
      if (headers && body.length > 0 && line.trim() === '') {
        headers = false;
        continue;
      }
      headers = false;
      if (!PEM_B64.test(line)) break;
      const len = line.trim().length;
      body.push(j);
      if (width === 0) width = len;
      else if (len > width) width = len;
      // A short line ends the body: only END may follow it.
      if (len < width && len < 60) {
        j++;
        break;
      }
    }
    const text = body.map((k) => lines[k]!.trim()).join('\n');
    let first = true;
    for (const k of body) {
      result.set(k, { body: text, first });
      first = false;
    }
    i = j - 1;
  }
  return result;
}

function randomKey(): string {
  const bytes = new Uint8Array(32);
  const c = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return toHex(bytes);
}
