// One path for every bundle file, held in memory or too large to hold: read once, chunk by chunk
// (an in-memory file is one chunk), hashed, decoded, counted and redacted as it passes. A parser
// that reads line by line (`Parser.read`) gets the file as lines, whatever its size; any other
// capture is parsed from a bounded buffer. The same bytes give the same result either way.
import { isStreamed, type BundleFile } from '../bundle/bundle.ts';
import { createStreamDecoder } from '../bundle/decode.ts';
import type { EvidenceIssue, FileEntry } from '../model/evidence.ts';
import { checkResult, failure, safeParse, type LineReader, type ParseResult, type Parser } from '../parsers/parser.ts';
import { isEmptyArrayReply } from '../parsers/redis-reply.ts';
import { webPlatform, type Platform } from '../bundle/platform.ts';
import { toHex } from '../redact/hmac.ts';
import type { Redactor } from '../redact/redact.ts';
import { toPiece, type ParsedPiece } from './assemble.ts';
import { classify, DETECT_HEAD_CHARS, type Claim } from './classify.ts';
import { createEvidenceSink } from './evidence-sink.ts';
import { countLines, emptyMeaning, isReadme, parseFile, type EvidenceText } from './parse-file.ts';

/** What is kept of one file; everything else passes through once and is dropped. */
export interface StreamLimits {
  /** Lines of its (redacted) text kept for the report's evidence page. */
  maxEvidenceLines: number;
  /** Characters of that text kept. */
  maxEvidenceChars: number;
  /** Characters of a capture without a line reader held to be parsed whole; beyond, only this head is parsed. */
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

/** Bytes decoded at once; see analyzeFile. */
const DECODE_BYTES = 64 * 1024;

/**
 * What manifest.json says a file is (its command succeeded): the parser that reads it, or, for a
 * file no parser reads (nproc, a compose file, the manifest itself), its kind; and what an empty
 * file means. Replaces detection by content and name for that file.
 */
export interface DeclaredFile {
  parser?: Parser;
  kind?: string;
  /** Words for the 'empty-capture' issue: the command ran and printed nothing. */
  empty?: string;
}

/** What one file adds to the audit. */
export interface FileResult {
  entry: FileEntry;
  text: EvidenceText;
  pieces: ParsedPiece[];
  issues: EvidenceIssue[];
}

/** The bytes of a bundle file as chunks: its stream, or its bytes as the one chunk. */
async function* chunksOf(file: BundleFile): AsyncIterable<Uint8Array> {
  // Each chunk is hashed and decoded (copied) before the next is asked for: none is kept.
  if (isStreamed(file)) yield* file.open({ transient: true });
  else yield file.data;
}

/** A line reader whose exceptions become the parser's parse failure instead of the run's. */
function guardedReader(parser: Parser, reader: LineReader<unknown>): LineReader<unknown> {
  let failed: ParseResult<never> | undefined;
  return {
    add(line) {
      if (failed) return;
      try {
        reader.add(line);
      } catch (err) {
        failed = failure(parser, err);
      }
    },
    finish() {
      if (failed) return failed;
      try {
        return checkResult(parser, reader.finish());
      } catch (err) {
        return failure(parser, err);
      }
    },
  };
}

/**
 * Analyse one bundle file: hash, decode, count and redact it chunk by chunk; classify it from its
 * head; feed it line by line to a parser that can read lines, or parse it (and its `---` sections)
 * from a buffer of at most `limits.maxParseChars`. The evidence text stops at the stream limits.
 * `onBytes` hears the bytes read so far after each chunk.
 */
export async function analyzeFile(
  file: BundleFile,
  parsers: readonly Parser[],
  redactor: Redactor | undefined,
  limits: StreamLimits,
  platform: Platform = webPlatform,
  declared: DeclaredFile = {},
  onBytes?: (read: number) => void,
): Promise<FileResult> {
  const path = file.path;
  const name = path.split('/').pop() ?? path;
  const readme = isReadme(path);
  const hasher = platform.sha256();
  const decoder = createStreamDecoder();
  let bytes = 0;
  let chars = 0;
  let newlines = 0;
  let endsWithNewline = false;
  let content = false;
  // pending: head not yet classified; lines: fed to a parser's reader; buffer: held for parseFile; skip: README.
  const declaredKind = declared.parser ? undefined : declared.kind;
  let mode: 'pending' | 'lines' | 'buffer' | 'skip' = readme || declaredKind ? 'skip' : 'pending';
  let buffer = '';
  let overflow = false;
  let reading: { parser: Parser; reader: LineReader<unknown>; lines: LineSplitter } | undefined;
  // The head's claim, kept so that parsing a held file does not classify the same head again.
  let claimed: Claim | undefined;

  const decide = () => {
    const claim = declared.parser ? { parser: declared.parser, score: 1 } : classify(parsers, buffer, name);
    claimed = claim;
    if (claim?.parser.read) {
      const reader = guardedReader(claim.parser, claim.parser.read({ file: path, firstLine: 1 }));
      reading = { parser: claim.parser, reader, lines: createLineSplitter((line) => reader.add(line)) };
      mode = 'lines';
      reading.lines.push(buffer);
      buffer = '';
    } else {
      mode = 'buffer';
      if (buffer.length > limits.maxParseChars) overflow = true;
    }
  };

  // Parsers read the redacted text (redacted whole lines, in order), never the raw one.
  const onShown = (s: string) => {
    if (mode === 'pending') {
      buffer += s;
      if (buffer.length > DETECT_HEAD_CHARS) decide();
    } else if (mode === 'lines') {
      reading?.lines.push(s);
    } else if (mode === 'buffer' && !overflow) {
      buffer += s;
      if (buffer.length > limits.maxParseChars) overflow = true;
    }
  };
  const evidence = createEvidenceSink(redactor, path, limits, onShown);

  const onText = (s: string) => {
    if (s === '') return;
    chars += s.length;
    for (let at = s.indexOf('\n'); at >= 0; at = s.indexOf('\n', at + 1)) newlines++;
    endsWithNewline = s.endsWith('\n');
    if (!content && /\S/.test(s)) content = true;
    evidence.push(s);
  };

  for await (const chunk of chunksOf(file)) {
    bytes += chunk.byteLength;
    hasher.update(chunk);
    // Decoded in views of at most DECODE_BYTES: the text of a larger one is a string V8 allocates as a
    // large object, and decoding 256 KiB pieces (a gunzip's output) costs ~50x more than 64 KiB ones.
    for (let at = 0; at < chunk.byteLength; at += DECODE_BYTES)
      onText(decoder.push(chunk.subarray(at, at + DECODE_BYTES)));
    onBytes?.(bytes);
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
  } else if (declaredKind) {
    kind = declaredKind;
  } else if (binary) {
    kind = 'binary';
  } else if (!content && !(isEmptyArrayReply(buffer) && classify(parsers, buffer, name))) {
    // One line break is raw redis-cli's empty array (zero slow commands, a stream with no groups) when the
    // file says it holds such a reply; anything else without a printing character is an empty capture.
    kind = 'empty';
    issues.push({ file: path, kind: 'empty-capture', message: declared.empty ?? emptyMeaning(name) });
  } else {
    if (mode === 'pending') decide();
    // decide() may have moved on; the compiler cannot see that through the closure.
    const read = reading as typeof reading | undefined;
    if (read) {
      kind = read.parser.id;
      read.lines.end();
      const result = read.reader.finish();
      for (const i of result.issues)
        issues.push({ file: path, kind: i.kind, message: i.message, ...(i.line ? { line: i.line } : {}) });
      if (result.ok) pieces.push(toPiece(read.parser, path, 1, result.value));
    } else {
      let text = buffer;
      if (overflow) {
        const cut = buffer.lastIndexOf('\n', limits.maxParseChars);
        text = buffer.slice(0, cut > 0 ? cut + 1 : limits.maxParseChars);
      }
      const parsed = declared.parser
        ? parseDeclared(declared.parser, path, text)
        : parseFile(parsers, path, text, claimed ?? null);
      kind = parsed.kind;
      pieces.push(...parsed.pieces);
      issues.push(...parsed.issues);
      if (overflow) {
        issues.push({
          file: path,
          kind: 'limit-exceeded',
          message:
            `only the first ${text.length} characters (${countLines(text)} lines) of this ${bytes}-byte file ` +
            'were parsed: captures read whole are parsed from a bounded head',
        });
      }
    }
  }
  const lines = binary ? 0 : chars === 0 ? 0 : newlines + 1 - (endsWithNewline ? 1 : 0);
  const shown = evidence.result();
  const text: EvidenceText = { path, kind, text: binary ? '' : shown.text };
  if (!binary && shown.lines < lines) text.truncated = { shownLines: shown.lines, totalLines: lines };
  return { entry: { path, kind, bytes, sha256: toHex(hasher.digest()), lines }, text, pieces, issues };
}

/** Parse a whole file with the parser manifest.json names for it (no detection, no sections). */
function parseDeclared(parser: Parser, path: string, text: string): ReturnType<typeof parseFile> {
  const result = safeParse(parser, text, { file: path, firstLine: 1 });
  const issues: EvidenceIssue[] = result.issues.map((i) => ({
    file: path,
    kind: i.kind,
    message: i.message,
    ...(i.line ? { line: i.line } : {}),
  }));
  return { kind: parser.id, pieces: result.ok ? [toPiece(parser, path, 1, result.value)] : [], issues };
}

/** Characters of one line kept for a line reader; the log summarizer reads at most 4096 of them. */
const MAX_LINE_CHARS = 64 * 1024;

interface LineSplitter {
  push(text: string): void;
  end(): void;
}

/** Lines of streamed text, split on \n as `forEachLine` does (no empty line after a final \n). */
function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  let partial = '';
  let partialFull = false;
  return {
    push(text) {
      let pos = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', pos)) {
        const piece = text.slice(pos, nl);
        onLine(
          partial === ''
            ? piece.slice(0, MAX_LINE_CHARS)
            : partialFull
              ? partial
              : (partial + piece).slice(0, MAX_LINE_CHARS),
        );
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
