import type { z } from 'zod';
import type { EvidenceIssueKind, EvidenceRef } from '../model/evidence.ts';
import { severalSections } from './sections.ts';

/** Where the text being parsed sits in the bundle: file path and the line its first line has. */
export interface ParseContext {
  /** Bundle-relative POSIX path. */
  file: string;
  /** 1-based line number of the text's first line within the file (sections of multi-command files start later). */
  firstLine: number;
}

/** A problem found while parsing; `line` is 1-based within the file (already offset). */
export interface ParseIssue {
  kind: EvidenceIssueKind;
  message: string;
  line?: number;
}

/** Parsers return, never throw: bad input yields `ok: false` with issues, or `ok: true` with warnings. */
export type ParseResult<T> = { ok: true; value: T; issues: ParseIssue[] } | { ok: false; issues: ParseIssue[] };

/**
 * A line-by-line reader of one capture. Parsers of captures that can be huge (container logs) provide
 * one, and their `parse` is derived from it (see {@link parseByLines}), so the streamed and in-memory
 * paths give the same value by construction.
 */
export interface LineReader<T> {
  /** Add the next line of the text (without its newline). */
  add(line: string): void;
  /** Close the reader and return what the lines held; call once, after the last `add`. */
  finish(): ParseResult<T>;
}

/** One parser per evidence kind, named for the command that produced it. Pure: no I/O, no globals. */
export interface Parser<T = unknown, Id extends string = string> {
  /** Stable kebab-case id named after the command: 'docker-ps', 'redis-info'. */
  id: Id;
  description: string;
  /** The capture command this parser expects, for docs and `evidex kinds`. */
  command: string;
  /**
   * Base names capture scripts give this kind of file. Only a hint: detection is by content first.
   * "Not evaluated" reasons use it to name the files that could have supplied a missing fact.
   */
  fileNames: RegExp;
  /**
   * How sure the parser is that `text` is its kind, 0 (no) … 1 (certain), from content first.
   * `name` is the file's base name, a weak hint only (people rename files).
   */
  detect: (text: string, name: string) => number;
  /**
   * Set for a kind whose file name alone says what a file is when its content says nothing else: a file under
   * one of `fileNames` that no parser claims, and that `detect` does not refuse (scores above 0), is read as this
   * kind. A container that prints plain lines (no time, no level) still wrote a log, and `docker logs` captured it.
   */
  namedFallback?: true;
  schema: z.ZodType<T>;
  parse: (text: string, ctx: ParseContext) => ParseResult<T>;
  /** Present when the capture can be read line by line without holding it: any size then streams. */
  read?: (ctx: ParseContext) => LineReader<T>;
}

/**
 * What a parser module declares: a {@link Parser}, plus the reading policies it opts into, which {@link defineParser}
 * applies around its `detect` and `parse` so that each parser says only what is its own.
 */
export type ParserSpec<T, Id extends string> = Omit<Parser<T, Id>, 'parse' | 'detect'> & {
  /** {@link Parser.detect}, also told whether `fileNames` matches the file's base name (`named`). */
  detect: (text: string, name: string, named: boolean) => number;
  parse: (text: string, ctx: ParseContext) => ParseResult<NoInfer<T>>;
  /**
   * Set for kinds that are one command's output: a capture made of several sections (see {@link severalSections})
   * is this kind as a whole only if every section is, so `detect` scores it as its least likely section and sees
   * one section's text at a time. A capture script that glued `uname -a`, `free -m` and `uptime` together did
   * not print one `free` output.
   */
  eachSection?: true;
  /** Set where a byte-order mark (some editors and PowerShell redirections write one) is dropped before reading. */
  dropBom?: true;
  /**
   * The issue of a capture without one non-blank line, where that is a failure rather than a valid empty
   * output: such a capture is not this kind (`detect` scores it 0) and `parse` refuses it with this issue, so
   * both see only captures that hold something.
   */
  empty?: string;
};

/**
 * The reading policies of a plain-text capture of one command (uname, free, df …), which such parsers set
 * together: several sections are read one by one, a byte-order mark is dropped, and a capture holding nothing is
 * refused with the issue `empty`.
 */
export const oneCommandText = (empty: string) => ({ eachSection: true, dropBom: true, empty }) as const;

/** Typed helper for parser modules: keeps the literal id, which the fact map is keyed by. */
export const defineParser = <const Id extends string, T>(spec: ParserSpec<T, Id>): Parser<T, Id> => {
  const { eachSection, dropBom, empty, ...parser } = spec;
  const own = { detect: parser.detect, parse: parser.parse };
  const clean = (text: string): string => (dropBom ? text.replace(/^\uFEFF/, '') : text);
  const detect = (text: string, name: string): number => {
    const several = eachSection ? severalSections(text) : undefined;
    if (several) return Math.min(...several.map((part) => detect(part, name)));
    const t = clean(text);
    if (empty !== undefined && !/\S/.test(t)) return 0;
    return own.detect(t, name, parser.fileNames.test(baseName(name)));
  };
  const parse = (text: string, ctx: ParseContext): ParseResult<T> => {
    const t = clean(text);
    if (empty !== undefined && !/\S/.test(t)) return { ok: false, issues: [{ kind: 'empty-capture', message: empty }] };
    return own.parse(t, ctx);
  };
  return { ...parser, detect, parse };
};

/** Base name of a path, lower-cased, for detect() hints. */
export function baseName(name: string): string {
  const i = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return name.slice(i + 1).toLowerCase();
}

/** Lines of `text` split on \n exactly as a streamed file is (no empty line after a final \n). */
export function forEachLine(text: string, fn: (line: string) => void): void {
  let pos = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', pos)) {
    fn(text.slice(pos, nl));
    pos = nl + 1;
  }
  if (pos < text.length) fn(text.slice(pos));
}

/** `parse` for a parser that reads line by line: feed every line of `text` to a fresh reader. */
export function parseByLines<T>(
  read: (ctx: ParseContext) => LineReader<T>,
  text: string,
  ctx: ParseContext,
): ParseResult<T> {
  const reader = read(ctx);
  forEachLine(text, (line) => reader.add(line));
  return reader.finish();
}

/** Build an evidence reference for 1-based lines `start..end` counted within the parsed text. */
export function refAt(ctx: ParseContext, start: number, end: number = start): EvidenceRef {
  return { file: ctx.file, startLine: ctx.firstLine + start - 1, endLine: ctx.firstLine + end - 1 };
}

/** An issue about 1-based line `line` within the parsed text. */
export function issueAt(ctx: ParseContext, kind: EvidenceIssueKind, message: string, line: number): ParseIssue {
  return { kind, message, line: lineAt(ctx, line) };
}

/** Absolute file line for a 1-based line within the parsed text. */
export function lineAt(ctx: ParseContext, line: number): number {
  return ctx.firstLine + line - 1;
}

/** Split text into lines, tolerating CRLF (Redis sends it) and a trailing newline. */
export function splitLines(text: string): string[] {
  // Classification asks every detector about the same text in turn: split it once, hand each a copy.
  if (text !== lastSplit.text) {
    const lines = text.split(/\r?\n/);
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    lastSplit = { text, lines };
  }
  return lastSplit.lines.slice();
}
let lastSplit: { text: string; lines: readonly string[] } = { text: '', lines: [] };

/** The lines of `text` that hold more than white space, as printed. */
export function contentLines(text: string): string[] {
  return splitLines(text).filter((l) => l.trim() !== '');
}

/** The lines of `text` that hold more than white space, trimmed. */
export function trimmedLines(text: string): string[] {
  return splitLines(text)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/**
 * Check a parser's result against its own schema: a value that does not match is a parse failure of
 * that file, never a model the rules would trust. Exceptions are not caught here: the analysis runner
 * contains them per file (see run/analyze-file.ts), and tests call parsers directly.
 */
export function checkResult<T>(parser: Parser<T>, result: ParseResult<T>): ParseResult<T> {
  if (!result.ok) return result;
  const checked = parser.schema.safeParse(result.value);
  if (checked.success) return { ok: true, value: checked.data, issues: result.issues };
  const message = `${parser.id} produced an invalid model: ${checked.error.issues[0]?.message ?? 'schema mismatch'}`;
  return { ok: false, issues: [...result.issues, { kind: 'parse-failure', message }] };
}

/** A thrown error as a parse-failure issue of `parser`: one broken file never stops the analysis. */
export function failure(parser: { id: string }, err: unknown): ParseResult<never> {
  return {
    ok: false,
    issues: [
      { kind: 'parse-failure', message: `${parser.id} failed: ${err instanceof Error ? err.message : String(err)}` },
    ],
  };
}

/** Parse and check, containing any exception as a parse failure (the runner's one call into a parser). */
export function safeParse<T>(parser: Parser<T>, text: string, ctx: ParseContext): ParseResult<T> {
  try {
    return checkResult(parser, parser.parse(text, ctx));
  } catch (err) {
    return failure(parser, err);
  }
}
