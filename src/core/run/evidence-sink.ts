// The evidence text of one file as it streams past: redacted by the redactor's own streaming API
// (redact/stream.ts, which owns the safe cuts), cut after the stream limits, and handed on batch by
// batch to whoever reads the file (the parsers), so nothing downstream ever sees the raw text.
import type { Redactor } from '../redact/redact.ts';
import { createStreamRedactor } from '../redact/stream.ts';

/** Limits the sink keeps to. */
interface SinkLimits {
  maxEvidenceLines: number;
  maxEvidenceChars: number;
  batchChars: number;
}

/** Text in, redacted text out to `onText`, and the head of it kept for the evidence page. */
export interface EvidenceSink {
  push(text: string): void;
  end(): void;
  result(): { text: string; lines: number };
}

/** A sink for one file; with no redactor (--no-redact) the text passes through unchanged. */
export function createEvidenceSink(
  redactor: Redactor | undefined,
  file: string,
  limits: SinkLimits,
  onText: (text: string) => void,
): EvidenceSink {
  if (redactor) {
    return createStreamRedactor(redactor, file, {
      batchChars: limits.batchChars,
      maxLines: limits.maxEvidenceLines,
      maxChars: limits.maxEvidenceChars,
      onText,
      collectHits: false,
    });
  }
  const kept: string[] = [];
  let chars = 0;
  let lines = 0;
  let full = false;
  return {
    push(s) {
      onText(s);
      if (full) return;
      let pos = 0;
      while (pos < s.length) {
        const nl = s.indexOf('\n', pos);
        const end = nl < 0 ? s.length : nl + 1;
        if (lines >= limits.maxEvidenceLines || chars + (end - pos) > limits.maxEvidenceChars) {
          full = true;
          break;
        }
        chars += end - pos;
        // A piece may end mid-line: count a line once its newline has arrived.
        if (nl >= 0) lines++;
        pos = end;
      }
      if (pos > 0) kept.push(s.slice(0, pos));
    },
    end() {},
    result() {
      const text = kept.join('');
      return { text, lines: lines + (text !== '' && !text.endsWith('\n') ? 1 : 0) };
    },
  };
}
