import { baseName } from '../parsers/parser.ts';
import type { Parser } from '../parsers/parser.ts';
import { severalSections } from '../parsers/sections.ts';

/** A parser's claim on a piece of text. */
export interface Claim {
  parser: Parser;
  score: number;
}

/** Below this, a detector's guess is not trusted: the text is reported as unrecognised. */
export const MIN_SCORE = 0.5;

/** Detectors judge a file by its head: enough for any capture's shape, and constant time on a 1 GiB log. */
export const DETECT_HEAD_CHARS = 64 * 1024;

/**
 * The parser most sure it owns `text` (content first; the file name is only a hint), or undefined: the first of
 * the highest score, so parsers after one that is certain (1) are not asked. When none
 * is sure enough, a {@link Parser.namedFallback} parser whose file names `name` matches and whose detector did
 * not refuse the text owns it, unless the text is several commands' outputs (read section by section then).
 */
export function classify(parsers: readonly Parser[], fullText: string, name: string): Claim | undefined {
  // Cut at a line end so no detector sees half a line; a first line longer than the head is cut at
  // the head (every detector judges a line by its start), so a 1 GiB line costs what 64 KiB does.
  let text = fullText;
  if (fullText.length > DETECT_HEAD_CHARS) {
    const cut = fullText.lastIndexOf('\n', DETECT_HEAD_CHARS);
    text = fullText.slice(0, cut > 0 ? cut + 1 : DETECT_HEAD_CHARS);
  }
  let best: Claim | undefined;
  let fallback: Claim | undefined;
  for (const parser of parsers) {
    let score = 0;
    try {
      score = parser.detect(text, name);
    } catch {
      score = 0;
    }
    if (score >= MIN_SCORE && (best === undefined || score > best.score)) {
      best = { parser, score };
      // Certain (scores stop at 1): no later parser can score higher, and a tie goes to the earlier one.
      if (score >= 1) break;
    } else if (score > 0 && fallback === undefined && parser.namedFallback && parser.fileNames.test(baseName(name)))
      fallback = { parser, score };
  }
  // A multi-command capture (`---` or `$ cmd` sections) under a log's name is read section by section instead.
  return best ?? (fallback && severalSections(text) === undefined ? fallback : undefined);
}

/** Lines that mean a command failed instead of printing data. */
const ERROR_LINE = [
  /^Error response from daemon:/,
  /^Error: No such (object|container)/,
  /^invalid container name or ID/,
  /^Cannot connect to the Docker daemon/,
  /^permission denied while trying to connect/i,
  /^Could not connect to Redis/,
  /^\(error\) /,
  /^(ERR|NOAUTH|WRONGTYPE|NOPERM) /,
  /^curl: \(\d+\)/,
  /: command not found$/,
  /^sh: \d+: .*: not found$/,
  /: No such file or directory$/,
];

/** The first line of `text` that reads as a failed command's error output, with its 1-based number. */
export function findErrorOutput(text: string): { line: number; message: string } | undefined {
  const lines = text.split(/\r?\n/, 200);
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] ?? '').trim();
    if (ERROR_LINE.some((re) => re.test(l))) return { line: i + 1, message: l.slice(0, 200) };
  }
  return undefined;
}
