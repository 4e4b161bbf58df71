// The evidence text of one file, redacted batch by batch as it streams past, and cut after the
// stream limits. Batches end only where no redaction state crosses the cut, so the hits, their
// line numbers and the text equal one whole-text pass.
import { PEM_BODY, PEM_END, REDIS_SECRET_PARAM } from '../redact/patterns.ts';
import type { Redactor } from '../redact/redact.ts';

/** Limits the sink keeps to. */
interface SinkLimits {
  maxEvidenceLines: number;
  maxEvidenceChars: number;
  batchChars: number;
}

/**
 * Redacts a file's text batch by batch, keeping hits and line numbers of one whole-text pass and the
 * head of the result. Every redacted batch also goes to `onText`, in order: the parsers read that,
 * so no secret reaches the model however a parser cuts, templates or titles what it read.
 */
export function createEvidenceSink(redactor: Redactor | undefined, file: string, limits: SinkLimits, onText: (text: string) => void = () => {}) {
  let pending = '';
  let linesDone = 0;
  const kept: string[] = [];
  let keptChars = 0;
  let keptLines = 0;
  let full = false;

  const keep = (out: string) => {
    if (full) return;
    let pos = 0;
    while (pos < out.length) {
      const nl = out.indexOf('\n', pos);
      const end = nl < 0 ? out.length : nl + 1;
      if (keptLines >= limits.maxEvidenceLines || keptChars + (end - pos) > limits.maxEvidenceChars) {
        full = true;
        break;
      }
      keptChars += end - pos;
      keptLines++;
      pos = end;
    }
    if (pos > 0) kept.push(out.slice(0, pos));
  };

  const flush = (text: string) => {
    if (text === '') return;
    const out = redactor ? redactor.redactText(text, file, linesDone + 1).text : text;
    keep(out);
    onText(out);
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) linesDone++;
  };

  return {
    push(s: string) {
      if (!redactor) {
        keep(s);
        onText(s);
        return;
      }
      pending += s;
      while (pending.length >= limits.batchChars) {
        let cut = findSafeCut(pending, limits.batchChars);
        // No safe cut in a huge run (a fake key block, one endless line): cut anyway (a documented limit).
        if (cut <= 0 && pending.length > FORCE_CUT_CHARS) cut = pending.lastIndexOf('\n') + 1 || pending.length;
        if (cut <= 0) break;
        flush(pending.slice(0, cut));
        pending = pending.slice(cut);
      }
    },
    end() {
      flush(pending);
      pending = '';
    },
    result(): { text: string; lines: number } {
      return { text: kept.join(''), lines: keptLines };
    },
  };
}

/** Past this, a batch with no safe cut is cut anyway. */
const FORCE_CUT_CHARS = 16 * 1024 ** 2;

/**
 * Where `text` may be cut so that redacting the two parts gives what redacting the whole gives: the
 * first line start at or after `from` (never the first line, never an unfinished last one) where no
 * state crosses from the line before: not after a CONFIG GET requirepass/masterauth name (its value
 * is the next line), and not inside a PEM private-key body. Returns the cut index, or -1.
 */
function findSafeCut(text: string, from: number): number {
  const pem = text.includes('-----BEGIN ');
  let start = from <= 0 ? text.indexOf('\n') + 1 : text.indexOf('\n', from - 1) + 1;
  while (start > 0) {
    const end = text.indexOf('\n', start);
    if (end < 0) return -1;
    const line = text.slice(start, end).replace(/\r$/, '');
    const prev = text.slice(text.lastIndexOf('\n', start - 2) + 1, start - 1).replace(/\r$/, '');
    const continuesPem = pem && PEM_BODY.test(line) && !PEM_END.test(line) && !line.includes('[REDACTED:');
    if (!REDIS_SECRET_PARAM.test(prev) && !continuesPem) return start;
    start = end + 1;
  }
  return -1;
}

