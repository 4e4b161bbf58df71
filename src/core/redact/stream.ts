// The redactor's streaming API: a file too large to hold is redacted batch by batch, and gives the
// same text, hits and line numbers as one `redactText` over the whole file. Batches end at safe
// cuts only: whole lines, and never where one line's meaning carries into the next (a CONFIG GET
// name and its value, a PEM body, a SLOWLOG `AUTH` and its arguments, a `--password` element and
// its value, a raw XRANGE field and its value). Only the head of the result is kept.
import { applyCarry, carryAfter, type ElementCarry } from './elements.ts';
import { PEM_BEGIN, PEM_END, REDIS_SECRET_PARAM } from './patterns.ts';
import type { RedactionHit, Redactor } from './redact.ts';
import { MARKER } from './marker.ts';

/** Limits of {@link createStreamRedactor}. */
export interface StreamRedactorOptions {
  /** Characters redacted per batch (whole lines); small values only make tests cut often. Default 64 KiB. */
  batchChars?: number;
  /** Lines of the redacted text kept. Default: all. */
  maxLines?: number;
  /** Characters of the redacted text kept. Default: all. */
  maxChars?: number;
  /** Past this many pending characters with no safe cut, cut at the last line end anyway. Default 16 MiB. */
  forceCutChars?: number;
  /** Called with each redacted batch, in order: whole lines of the whole file (parsers read these). */
  onText?: (redacted: string) => void;
  /**
   * Whether `result().hits` lists every hit. Default true; false keeps none (the redactor's summary still
   * counts them all), so a file of millions of secrets is not held hit by hit.
   */
  collectHits?: boolean;
}

/** A streaming redactor for one file. */
export interface StreamRedactor {
  /** Add the next piece of the file's decoded text (any size, cut anywhere). */
  push(text: string): void;
  /** No more text: redact what is pending. */
  end(): void;
  /**
   * The kept head of the redacted text, how many lines it holds, every hit (line numbers of the
   * whole file) and whether a batch had to be cut where no cut is safe (a documented limit).
   */
  result(): { text: string; lines: number; hits: RedactionHit[]; forcedCut: boolean };
}

/** What a PEM body line (or RFC 1421 header, or blank line inside a block) looks like. */
const PEM_BODYISH = /^\s*(?:[A-Za-z0-9+/]{1,80}={0,2}|(?:Proc-Type|DEK-Info|Comment):.*|)\s*$/;

/** What crosses from one line to the next when redactText reads them in order. */
interface LineState {
  pemOpen: boolean;
  carry: ElementCarry | undefined;
  redisNext: boolean;
}

/** The state after `line`, as redactText's line loop would leave it (PEM judged conservatively). */
function step(state: LineState, raw: string): LineState {
  const line = raw.replace(/\r$/, '');
  // A blank line begins nothing, keeps a PEM block as it is and ends any carry (the checks below give
  // exactly this): a capture of many of them is stepped over without a pattern tried on each.
  if (line.trim() === '')
    return state.carry || state.redisNext ? { ...state, carry: undefined, redisNext: false } : state;
  let pemOpen = state.pemOpen;
  if (PEM_BEGIN.test(line)) pemOpen = true;
  else if (pemOpen && (PEM_END.test(line) || !PEM_BODYISH.test(line) || line.includes(MARKER))) pemOpen = false;
  if (state.carry) {
    const hit = applyCarry(line, state.carry);
    if (hit && hit.end > hit.start) return { pemOpen, carry: hit.rest, redisNext: false };
    if (hit) return { pemOpen, carry: hit.rest, redisNext: false };
  }
  return { pemOpen, carry: carryAfter(line), redisNext: REDIS_SECRET_PARAM.test(line) };
}

/** Whether a cut in state `s`, before `line`, splits nothing: no carry, no CONFIG GET value, no PEM body. */
function safeBefore(s: LineState, line: string): boolean {
  if (s.carry || s.redisNext) return false;
  const l = line.replace(/\r$/, '');
  return !(s.pemOpen && (PEM_BODYISH.test(l) || PEM_END.test(l)) && !l.includes(MARKER));
}

/**
 * Where `text` may be cut: the first line start at or after `from` (never the first line, never an
 * unfinished last one) before which no line's meaning carries on. Returns the index, or -1.
 * Reads the text once from its start.
 */
export function findSafeCut(text: string, from: number): number {
  let state: LineState = { pemOpen: false, carry: undefined, redisNext: false };
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) return -1;
    if (start > 0 && start >= from && safeBefore(state, text.slice(start, end))) return start;
    state = step(state, text.slice(start, end));
    start = end + 1;
  }
}

/**
 * Redact one file's text as it streams in: `push` pieces, `end`, read `result`. Hits and line
 * numbers equal those of `redactor.redactText(wholeText, file)`; they are also recorded in the
 * redactor's own summary, as redactText records them.
 */
export function createStreamRedactor(
  redactor: Redactor,
  file: string,
  opts: StreamRedactorOptions = {},
): StreamRedactor {
  const batchChars = Math.max(1, opts.batchChars ?? 64 * 1024);
  const maxLines = opts.maxLines ?? Infinity;
  const maxChars = opts.maxChars ?? Infinity;
  const forceCutChars = opts.forceCutChars ?? 16 * 1024 ** 2;
  const collectHits = opts.collectHits ?? true;
  let pending = '';
  let linesDone = 0;
  const kept: string[] = [];
  const hits: RedactionHit[] = [];
  let keptChars = 0;
  let keptLines = 0;
  let full = false;
  let forcedCut = false;
  // No safe cut was found in `pending`: text appended without a line break completes no line, so none is
  // found after it either (findSafeCut reads from the start: asking again per piece of one long line is quadratic).
  let noCut = false;

  const keep = (out: string) => {
    if (full) return;
    let pos = 0;
    while (pos < out.length) {
      const nl = out.indexOf('\n', pos);
      const end = nl < 0 ? out.length : nl + 1;
      if (keptLines >= maxLines || keptChars + (end - pos) > maxChars) {
        full = true;
        break;
      }
      keptChars += end - pos;
      keptLines++;
      pos = end;
    }
    if (pos > 0) kept.push(pos === out.length ? out : out.slice(0, pos));
  };

  const flush = (text: string) => {
    if (text === '') return;
    const r = redactor.redactText(text, file, linesDone + 1);
    if (collectHits) for (const h of r.hits) hits.push(h);
    keep(r.text);
    opts.onText?.(r.text);
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) linesDone++;
  };

  return {
    push(s) {
      pending += s;
      if (noCut && pending.length <= forceCutChars && !s.includes('\n')) return;
      noCut = false;
      while (pending.length >= batchChars) {
        let cut = findSafeCut(pending, batchChars);
        if (cut <= 0 && pending.length > forceCutChars) {
          cut = pending.lastIndexOf('\n') + 1 || pending.length;
          forcedCut = true;
        }
        if (cut <= 0) {
          noCut = true;
          break;
        }
        flush(pending.slice(0, cut));
        pending = pending.slice(cut);
      }
    },
    end() {
      flush(pending);
      pending = '';
    },
    result() {
      return { text: kept.join(''), lines: keptLines, hits: [...hits], forcedCut };
    },
  };
}
