import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Parser, ParseResult } from '../../src/core/parsers/parser.ts';
import { safeParse, splitLines } from '../../src/core/parsers/parser.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Text of a fixture under test/fixtures/<dir>/. */
export function fixture(dir: string, name: string): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', dir, name), 'utf8');
}

/** Text of a file of the real sample bundle. */
export function sample(name: string): string {
  return readFileSync(join(ROOT, 'evidence', 'quantum-trader-2025-12-24', 'raw', name), 'utf8');
}

/** Parse through safeParse (schema-checked) as bundle file `file`, starting at `firstLine`. */
export function run<T>(parser: Parser<T>, text: string, file = 'raw/capture.txt', firstLine = 1): ParseResult<T> {
  return safeParse(parser, text, { file, firstLine });
}

/** The value of an ok result; fails the test otherwise. */
export function okValue<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got issues: ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** Every EvidenceRef in a value cites lines that exist in the text (offset by firstLine). */
export function expectCitedLinesExist(value: unknown, text: string, firstLine = 1): void {
  const last = firstLine + Math.max(1, splitLines(text).length) - 1;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o['file'] === 'string' && typeof o['startLine'] === 'number') {
      expect(o['startLine']).toBeGreaterThanOrEqual(firstLine);
      expect(o['endLine'] ?? o['startLine']).toBeLessThanOrEqual(last);
    }
    Object.values(o).forEach(visit);
  };
  visit(value);
}

/** Kinds of the issues of a result. */
export function issueKinds(result: ParseResult<unknown>): string[] {
  return result.issues.map((i) => i.kind);
}

/** Input that is not text at all. */
export const BINARY_JUNK = '\u0000\u0001\u0002PK\u0003\u0004\u0000\u0000\uFFFD\uFFFD\u0007\u0000 ustar\u0000';
/** What redis-cli (tty) prints for a command the server does not know. */
export const TTY_UNKNOWN_COMMAND = "(error) ERR unknown command 'XINFOO', with args beginning with: 'GROUPS' \n";
