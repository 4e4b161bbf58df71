import type { EvidenceIssue } from '../model/evidence.ts';
import { safeParse, type Parser } from '../parsers/parser.ts';
import { splitSections } from '../parsers/sections.ts';
import { toPiece, type ParsedPiece } from './assemble.ts';
import { classify, findErrorOutput, type Claim } from './classify.ts';

/** An evidence file's text as it may be shown: redacted unless redaction was turned off. */
export interface EvidenceText {
  path: string;
  kind: string;
  text: string;
  /** Set when only the first `shownLines` of the file's `totalLines` are in `text` (large streamed files). */
  truncated?: { shownLines: number; totalLines: number };
}

/** The bundle's own description (who captured it, how): shown with the evidence, never parsed as evidence. */
export const isReadme = (path: string): boolean => /^README(\.(md|txt))?$/i.test(path);

/** Lines of `text`, counted in place: splitting a large log only to count it would copy it line by line. */
export function countLines(text: string): number {
  if (text === '') return 0;
  let newlines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) newlines++;
  return newlines + 1 - (text.endsWith('\n') ? 1 : 0);
}

/**
 * Parse one file (or its `---` sections) into pieces, with the evidence issues found on the way.
 * `claim` is the whole file's classification when the caller already made it from the same head
 * (`null`: no parser claimed it); omitted, the file is classified here.
 */
export function parseFile(
  parsers: readonly Parser[],
  path: string,
  text: string,
  claim?: Claim | null,
): { kind: string; pieces: ParsedPiece[]; issues: EvidenceIssue[] } {
  const name = path.split('/').pop() ?? path;
  const issues: EvidenceIssue[] = [];
  const pieces: ParsedPiece[] = [];
  const run = (parser: Parser, part: string, firstLine: number) => {
    const result = safeParse(parser, part, { file: path, firstLine });
    for (const i of result.issues)
      issues.push({ file: path, kind: i.kind, message: i.message, ...(i.line ? { line: i.line } : {}) });
    if (result.ok) pieces.push(toPiece(parser, path, firstLine, result.value));
  };
  const whole = claim === undefined ? classify(parsers, text, name) : (claim ?? undefined);
  if (whole) {
    run(whole.parser, text, 1);
    return { kind: whole.parser.id, pieces, issues };
  }
  const sections = splitSections(text);
  if (sections.length > 1) {
    const kinds: string[] = [];
    for (const section of sections) {
      if (section.text.trim() === '') continue;
      const claim = classify(parsers, section.text, name);
      if (claim) {
        run(claim.parser, section.text, section.firstLine);
        kinds.push(claim.parser.id);
      } else {
        issues.push({
          file: path,
          kind: 'unrecognised',
          line: section.firstLine,
          message:
            `section starting at line ${section.firstLine} matches no known capture: ` +
            `'${section.text.trim().split('\n')[0]?.slice(0, 80)}'`,
        });
      }
    }
    if (kinds.length > 0) return { kind: [...new Set(kinds)].join('+'), pieces, issues };
  }
  const error = findErrorOutput(text);
  if (error) {
    issues.push({
      file: path,
      kind: 'error-output',
      line: error.line,
      message: `command failed instead of capturing data: '${error.message}'`,
    });
    return { kind: 'error-output', pieces, issues };
  }
  issues.push({
    file: path,
    kind: 'unrecognised',
    message: `no parser recognises ${path}; it is listed but not analyzed`,
  });
  return { kind: 'unrecognised', pieces, issues };
}

/** What an empty file was probably meant to hold, from its name: words for the evidence issue. */
export function emptyMeaning(name: string): string {
  const n = name.toLowerCase();
  if (n.includes('slowlog')) return "SLOWLOG output is empty: 'no slow commands' cannot be told from 'not captured'";
  if (n.includes('compose'))
    return 'the compose/orchestration file listing is empty: no compose files were found or the command failed';
  return 'the capture is empty: the command printed nothing or was not run';
}
