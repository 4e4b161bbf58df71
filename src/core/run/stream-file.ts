// Analysis of one bundle file too large to hold (a multi-GiB container log): read once, chunk by
// chunk, and give the same results as the in-memory path in analyze.ts wherever the limits allow.
import type { StreamedBundleFile } from '../bundle/bundle.ts';
import { createStreamDecoder } from '../bundle/decode.ts';
import type { EvidenceIssue, FileEntry } from '../model/evidence.ts';
import { containerFromFileName, createLogSummarizer, DOCKER_CLI_ERROR, type LogSummarizer } from '../parsers/docker-logs.ts';
import { safeParse, type ParseIssue, type Parser } from '../parsers/parser.ts';
import { createSha256, toHex } from '../redact/hmac.ts';
import { PEM_BODY, PEM_END, REDIS_SECRET_PARAM } from '../redact/patterns.ts';
import type { Redactor } from '../redact/redact.ts';
import type { ParsedPiece } from './assemble.ts';
import { classify, DETECT_HEAD_CHARS } from './classify.ts';
import { countLines, emptyMeaning, isReadme, parseFile, type EvidenceText } from './parse-file.ts';

/** What is kept of one file read as a stream; everything else passes through once and is dropped. */
export interface StreamLimits {
  /** Lines of its (redacted) text kept for the report's evidence page. */
  maxEvidenceLines: number;
  /** Characters of that text kept. */
  maxEvidenceChars: number;
  /** Characters of a file that is not a docker log held to be parsed whole; beyond, only this head is parsed. */
  maxParseChars: number;
  /** Characters redacted per batch (whole lines); small values only make tests cut batches often. */
  batchChars: number;
}

/** A 200 MiB log keeps ~8 MiB of text for its page: enough to read, small enough to build. */
export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  maxEvidenceLines: 20_000,
  maxEvidenceChars: 8 * 1024 ** 2,
  maxParseChars: 8 * 1024 ** 2,
  batchChars: 64 * 1024,
};

/** `o` without its undefined members, so spreading it over defaults keeps the defaults. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What one streamed file adds to the audit. */
interface StreamedResult {
  entry: FileEntry;
  text: EvidenceText;
  pieces: ParsedPiece[];
  issues: EvidenceIssue[];
}

/**
 * One pass over a file too big to hold: hash, decode, count and redact it chunk by chunk; classify
 * it from its head; summarise a docker log line by line; parse any other capture from a bounded
 * buffer. Gives the same entry, pieces, issues and redaction hits as the in-memory path whenever
 * that buffer holds the whole file; the evidence text is cut after the stream limits.
 */
export async function analyzeStreamedFile(file: StreamedBundleFile, parsers: readonly Parser[], redactor: Redactor | undefined, limits: StreamLimits): Promise<StreamedResult> {
  const path = file.path;
  const name = path.split('/').pop() ?? path;
  const readme = isReadme(path);
  const hasher = createSha256();
  const decoder = createStreamDecoder();
  const evidence = createEvidenceSink(redactor, path, limits);
  let bytes = 0;
  let chars = 0;
  let newlines = 0;
  let endsWithNewline = false;
  let content = false;
  let nul = false;
  // pending: head not yet classified; logs: fed to the summarizer; buffer: held for parseFile; skip: README.
  let mode: 'pending' | 'logs' | 'buffer' | 'skip' = readme ? 'skip' : 'pending';
  let buffer = '';
  let overflow = false;
  let logs: { parser: Parser; summarizer: LogSummarizer | undefined; lines: LineSplitter; cliError: string | undefined; failure: string | undefined } | undefined;

  const decide = () => {
    const claim = classify(parsers, buffer, name);
    if (claim?.parser.id === 'docker-logs') {
      // Same early exits as parseDockerLogs, judged on the head (it only ever reads the first 300 characters).
      const head = buffer.trimStart().slice(0, 300).split('\n', 2);
      const only = head.length === 1 || (head[1] ?? '').trim() === '' ? (head[0] ?? '').trim() : '';
      const cliError = only !== '' && DOCKER_CLI_ERROR.test(only) ? only : undefined;
      const summarizer = cliError ? undefined : createLogSummarizer({ file: path, firstLine: 1 }, containerFromFileName(path));
      const state: NonNullable<typeof logs> = { parser: claim.parser, summarizer, cliError, failure: undefined, lines: createLineSplitter(() => undefined) };
      state.lines = createLineSplitter((line) => {
        if (!state.summarizer || state.failure !== undefined) return;
        try {
          state.summarizer.add(line);
        } catch (err) {
          state.failure = err instanceof Error ? err.message : String(err);
        }
      });
      logs = state;
      mode = 'logs';
      state.lines.push(buffer);
      buffer = '';
    } else {
      mode = 'buffer';
      if (buffer.length > limits.maxParseChars) overflow = true;
    }
  };

  const onText = (s: string) => {
    if (s === '') return;
    chars += s.length;
    for (let at = s.indexOf('\n'); at >= 0; at = s.indexOf('\n', at + 1)) newlines++;
    endsWithNewline = s.endsWith('\n');
    if (!content && /\S/.test(s)) content = true;
    if (!nul && s.includes('\0')) nul = true;
    evidence.push(s);
    if (mode === 'pending') {
      buffer += s;
      if (buffer.length > DETECT_HEAD_CHARS) decide();
    } else if (mode === 'logs') {
      logs?.lines.push(s);
    } else if (mode === 'buffer' && !overflow) {
      buffer += s;
      if (buffer.length > limits.maxParseChars) overflow = true;
    }
  };

  for await (const chunk of file.open()) {
    bytes += chunk.byteLength;
    hasher.update(chunk);
    onText(decoder.push(chunk));
  }
  onText(decoder.end());
  evidence.end();

  const issues: EvidenceIssue[] = [];
  const pieces: ParsedPiece[] = [];
  const binary = decoder.issue?.kind === 'binary';
  if (decoder.issue) issues.push({ file: path, kind: decoder.issue.kind, message: decoder.issue.message });
  let kind: string;
  if (readme) {
    kind = 'readme';
  } else if (binary) {
    kind = 'binary';
  } else if (!content) {
    kind = 'empty';
    issues.push({ file: path, kind: 'empty-capture', message: emptyMeaning(name) });
  } else {
    if (mode === 'pending') decide();
    // decide() may have moved on; the compiler cannot see that through the closure.
    if ((mode as typeof mode | 'logs') === 'logs' && logs) {
      kind = logs.parser.id;
      logs.lines.end();
      const result = finishLogs(logs, nul);
      for (const i of result.issues) issues.push({ file: path, kind: i.kind, message: i.message, ...(i.line ? { line: i.line } : {}) });
      if (result.value !== undefined) pieces.push({ parserId: logs.parser.id, file: path, firstLine: 1, value: result.value });
    } else {
      let text = buffer;
      if (overflow) {
        const cut = buffer.lastIndexOf('\n', limits.maxParseChars);
        text = buffer.slice(0, cut > 0 ? cut + 1 : limits.maxParseChars);
      }
      const parsed = parseFile(parsers, path, text);
      kind = parsed.kind;
      pieces.push(...parsed.pieces);
      issues.push(...parsed.issues);
      if (overflow) {
        issues.push({ file: path, kind: 'limit-exceeded', message: `only the first ${text.length} characters (${countLines(text)} lines) of this ${bytes}-byte file were parsed: captures other than docker logs are parsed from a bounded head` });
      }
    }
  }
  const lines = binary ? 0 : chars === 0 ? 0 : newlines + 1 - (endsWithNewline ? 1 : 0);
  const shown = evidence.result();
  const text: EvidenceText = { path, kind, text: binary ? '' : shown.text };
  if (!binary && shown.lines < lines) text.truncated = { shownLines: shown.lines, totalLines: lines };
  return { entry: { path, kind, bytes, sha256: toHex(hasher.digest()), lines }, text, pieces, issues };
}

/** parseDockerLogs' checks and safeParse's schema check, for a summary fed line by line. */
function finishLogs(
  logs: { parser: Parser; summarizer: LogSummarizer | undefined; cliError: string | undefined; failure: string | undefined },
  nul: boolean,
): { value?: unknown; issues: ParseIssue[] } {
  if (nul) return { issues: [{ kind: 'binary', message: 'log capture contains NUL bytes: not text' }] };
  if (logs.cliError !== undefined) return { issues: [{ kind: 'error-output', message: `docker logs failed: ${logs.cliError}`, line: 1 }] };
  const failed = (message: string) => ({ issues: [{ kind: 'parse-failure' as const, message: `${logs.parser.id} failed: ${message}` }] });
  if (!logs.summarizer || logs.failure !== undefined) return failed(logs.failure ?? 'no summarizer');
  try {
    const value = logs.summarizer.finish();
    const checked = logs.parser.schema.safeParse(value);
    if (!checked.success) {
      return { issues: [...logs.summarizer.issues, { kind: 'parse-failure', message: `${logs.parser.id} produced an invalid model: ${checked.error.issues[0]?.message ?? 'schema mismatch'}` }] };
    }
    return { value: checked.data, issues: logs.summarizer.issues };
  } catch (err) {
    return failed(err instanceof Error ? err.message : String(err));
  }
}

/** Characters of one line kept for the summarizer; it reads at most 4096 of them. */
const MAX_LINE_CHARS = 64 * 1024;

interface LineSplitter {
  push(text: string): void;
  end(): void;
}

/** Lines of streamed text, split on \n exactly as the parsers' forEachLine does (no empty line after a final \n). */
function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  let partial = '';
  let partialFull = false;
  return {
    push(text) {
      let pos = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', pos)) {
        const piece = text.slice(pos, nl);
        onLine(partial === '' ? piece : partialFull ? partial : (partial + piece).slice(0, MAX_LINE_CHARS));
        partial = '';
        partialFull = false;
        pos = nl + 1;
      }
      if (pos < text.length && !partialFull) {
        partial += text.slice(pos);
        // A line without end (a binary-ish blob) must not grow without bound.
        if (partial.length > MAX_LINE_CHARS) {
          partial = partial.slice(0, MAX_LINE_CHARS);
          partialFull = true;
        }
      }
    },
    end() {
      if (partial !== '') onLine(partial);
      partial = '';
    },
  };
}

/** Redacts a file's text batch by batch, keeping hits and line numbers of one whole-text pass and the head of the result. */
function createEvidenceSink(redactor: Redactor | undefined, file: string, limits: StreamLimits) {
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
    if (redactor) keep(redactor.redactText(text, file, linesDone + 1).text);
    else keep(text);
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) linesDone++;
  };

  return {
    push(s: string) {
      if (!redactor && full) return;
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

