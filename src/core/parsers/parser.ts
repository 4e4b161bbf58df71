import type { z } from 'zod';
import type { EvidenceIssueKind, EvidenceRef } from '../model/evidence.ts';

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

/** One parser per evidence kind, named for the command that produced it. Pure: no I/O, no globals. */
export interface Parser<T = unknown> {
  /** Stable kebab-case id named after the command: 'docker-ps', 'redis-info'. */
  id: string;
  description: string;
  /** The capture command this parser expects, for docs and `evidex kinds`. */
  command: string;
  /**
   * How sure the parser is that `text` is its kind, 0 (no) … 1 (certain), from content first.
   * `name` is the file's base name, a weak hint only (people rename files).
   */
  detect: (text: string, name: string) => number;
  schema: z.ZodType<T>;
  parse: (text: string, ctx: ParseContext) => ParseResult<T>;
}

/** Typed identity helper for parser modules. */
export const defineParser = <T>(p: Parser<T>): Parser<T> => p;

/** Build an evidence reference for 1-based lines `start..end` counted within the parsed text. */
export function refAt(ctx: ParseContext, start: number, end: number = start): EvidenceRef {
  return { file: ctx.file, startLine: ctx.firstLine + start - 1, endLine: ctx.firstLine + end - 1 };
}

/** Absolute file line for a 1-based line within the parsed text. */
export function lineAt(ctx: ParseContext, line: number): number {
  return ctx.firstLine + line - 1;
}

/** Split text into lines, tolerating CRLF (Redis sends it) and a trailing newline. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Run a parse function and turn any unexpected exception into a parse-failure issue (belt and braces). */
export function safeParse<T>(parser: Parser<T>, text: string, ctx: ParseContext): ParseResult<T> {
  try {
    const result = parser.parse(text, ctx);
    if (!result.ok) return result;
    const checked = parser.schema.safeParse(result.value);
    if (!checked.success) {
      return {
        ok: false,
        issues: [...result.issues, { kind: 'parse-failure', message: `${parser.id} produced an invalid model: ${checked.error.issues[0]?.message ?? 'schema mismatch'}` }],
      };
    }
    return { ok: true, value: checked.data, issues: result.issues };
  } catch (err) {
    return { ok: false, issues: [{ kind: 'parse-failure', message: `${parser.id} failed: ${err instanceof Error ? err.message : String(err)}` }] };
  }
}
