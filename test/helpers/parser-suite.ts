// One shared suite for every parser (issue 9, item 6), in the shape of unstorage's `testDriver`: the checks are
// plain functions that return the problems they find, so they can be run on deliberately broken parsers
// (test/parsers/suite-selftest.test.ts) as well as registered as vitest cases (test/parsers/suite.test.ts).
//
// Every check calls `parser.parse` itself. The only try/catch is `runParse`, and it turns a throw into a problem.
//
// What the suite demands of a parser, for every fixture file of it:
//  (a) parse never throws: on the whole file, on truncated copies of it (see `truncations`) and on empty input.
//  (b) an ok result passes `parser.schema`; an ok:false result carries at least one issue.
//  (c) every cited line exists in the input: any object in the value with a string `file` and a numeric
//      `startLine`/`endLine`/`line` must cite `ctx.file` with ctx.firstLine <= line <= ctx.firstLine + lines - 1
//      (and startLine <= endLine); so must every number of a `lines` map (key -> line) and every issue's `line`.
//      The whole file is also parsed as a section starting at line SECTION_LINE, so a parser that ignores
//      `ctx.firstLine` fails.
//  (d) empty input ('' and a lone newline) gives ok:false or an issue: "nothing was captured" is never silent.
//      A truncated copy gives ok:false, or an ok value with an issue (the parser noticed), or silently a valid
//      smaller value. "Smaller" is checked, not assumed (`checkTruncated`):
//        - it has no more records than the whole file's value (a record is a non-root object with `evidence`);
//        - every record is, field for field, a record the whole file gives: lines that were not cut must be read
//          the same way, and a complete line is a complete one-line record. Exempt are only records that reach
//          the copy's last line when that line was cut mid-way (a parser cannot tell a cut line from a file
//          without a final newline; a cut path or key is still a well-formed one), and multi-line records that
//          end on the copy's last whole line (redis-cli's tty arrays, for one, give no sign of where a reply ends);
//        - every `lines` map entry on a whole line is the whole file's entry for that key.
//      A parser that reads a cut row, section or block as if it were whole, or invents records, fails here.
//      Parsers whose records aggregate over the whole input (counts of repeated log lines) declare
//      `truncation: 'summary'`: for them only the record count and `lines` maps are compared.
//  Negative fixtures (documented as not a capture this parser can read: errors, cut files, other commands' output)
//  must give ok:false or an issue on the whole file, and need not be detected.
//  Detection: `detect` scores each of its own positive fixtures >= MIN_SCORE, unless the fixture is documented as
//  impossible to recognise from content (a blank line).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { it } from 'vitest';
import { EvidenceIssueKind } from '../../src/core/model/evidence.ts';
import type { ParseContext, Parser, ParseResult } from '../../src/core/parsers/parser.ts';
import { MIN_SCORE } from '../../src/core/run/classify.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** Folders a parser's fixtures live in: `<dir>/<parser id>/`. The public one may not exist yet. */
export const FIXTURE_DIRS = ['test/fixtures', 'test/fixtures/public'];
/** Files in a fixture folder that describe the fixtures rather than being one. */
const NOT_FIXTURES = /^(README|SOURCES)\.md$|^\./;
/** First line used when the whole file is parsed as a section of a larger file. */
export const SECTION_LINE = 41;

/** One fixture file of a parser. */
export interface Fixture {
  /** Repository-relative path, e.g. 'test/fixtures/df/df-h.txt'. */
  path: string;
  /** Path below test/fixtures/, e.g. 'df/df-h.txt': the key of notes and known problems. */
  key: string;
  /** Base name, passed to `detect` as the file name hint. */
  name: string;
  text: string;
}

/** How the suite treats one fixture, from its folder's README. */
export interface FixtureNote {
  /** Not a capture the parser can read: the whole file must give ok:false or an issue; detection is not required. */
  negative?: string;
  /** A capture the parser reads, but which no content detector can recognise; why. */
  undetectable?: string;
}

export interface SuiteOptions {
  /** 'records' (default): records of a truncated copy must be records of the whole file. See (d) above. */
  truncation?: 'records' | 'summary';
  /** Notes by fixture key ('df/df-i.txt'). */
  notes?: Record<string, FixtureNote>;
}

/** Every fixture file of parser `id`, from each of FIXTURE_DIRS that has a folder for it (sorted, README excluded). */
export function fixturesOf(id: string, dirs: readonly string[] = FIXTURE_DIRS): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of dirs) {
    const abs = join(ROOT, dir, id);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) {
      if (NOT_FIXTURES.test(name) || !statSync(join(abs, name)).isFile()) continue;
      const path = `${dir}/${id}/${name}`;
      out.push({ path, key: path.slice('test/fixtures/'.length), name, text: readFileSync(join(abs, name), 'utf8') });
    }
  }
  return out;
}

/** Lines of `text` as the bundle counts them (a final newline ends the last line; '' has none). */
export function lineCount(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return newlines + (text.endsWith('\n') ? 0 : 1);
}

/** Call `parser.parse` itself; a throw is returned as a problem, never swallowed. */
export function runParse<T>(
  parser: Parser<T>,
  text: string,
  ctx: ParseContext,
): { result?: ParseResult<T>; problem?: string } {
  try {
    const result = parser.parse(text, ctx);
    if (result === null || typeof result !== 'object' || !Array.isArray(result.issues)) {
      return { problem: `returned ${JSON.stringify(result)} instead of a ParseResult` };
    }
    return { result };
  } catch (err) {
    return { problem: `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` };
  }
}

const KINDS = new Set<string>(EvidenceIssueKind.options);

/** (b) and (c) for one result of parsing `text` with `ctx`. */
export function checkResult<T>(parser: Parser<T>, text: string, ctx: ParseContext, result: ParseResult<T>): string[] {
  const problems: string[] = [];
  const first = ctx.firstLine;
  const last = ctx.firstLine + lineCount(text) - 1;
  const inRange = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= first && n <= last;
  const range = `lines ${first}..${last}`;
  for (const issue of result.issues) {
    if (!KINDS.has(issue.kind)) problems.push(`issue of unknown kind '${issue.kind}'`);
    if (typeof issue.message !== 'string' || issue.message === '') {
      problems.push(`issue '${issue.kind}' without a message`);
    }
    if (issue.line !== undefined && !inRange(issue.line)) {
      problems.push(`issue '${issue.kind}' cites line ${issue.line}, outside the input's ${range}`);
    }
  }
  if (!result.ok) {
    if (result.issues.length === 0) problems.push('ok:false without an issue saying why');
    return problems;
  }
  const checked = parser.schema.safeParse(result.value);
  if (!checked.success) {
    const first3 = checked.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    problems.push(`value fails the schema: ${first3.join('; ')}`);
  }
  for (const cite of citations(result.value)) {
    if (cite.file !== undefined && cite.file !== ctx.file) {
      problems.push(`${cite.at} cites file '${cite.file}', not '${ctx.file}'`);
    }
    for (const [key, n] of cite.lines) {
      if (!inRange(n)) problems.push(`${cite.at}.${key} = ${String(n)}: outside the input's ${range}`);
    }
    const start = cite.lines.find(([k]) => k === 'startLine')?.[1];
    const end = cite.lines.find(([k]) => k === 'endLine')?.[1];
    if (typeof start === 'number' && typeof end === 'number' && start > end) {
      problems.push(`${cite.at} runs backwards: startLine ${start} > endLine ${end}`);
    }
  }
  return problems;
}

interface Citation {
  at: string;
  file?: string;
  lines: Array<[string, unknown]>;
}

const LINE_KEYS = ['startLine', 'endLine', 'line'];

/** Every line citation in `value`: objects with a string `file` and line keys, and `lines` maps of numbers. */
export function citations(value: unknown, at = 'value'): Citation[] {
  const out: Citation[] = [];
  const visit = (v: unknown, path: string): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${path}[${i}]`));
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const lineKeys = LINE_KEYS.filter((k) => k in o && o[k] !== undefined);
    if (typeof o['file'] === 'string' && lineKeys.length > 0) {
      out.push({ at: path, file: o['file'], lines: lineKeys.map((k) => [k, o[k]]) });
    }
    for (const [k, x] of Object.entries(o)) {
      if (k === 'lines' && isLineMap(x)) out.push({ at: `${path}.lines`, lines: Object.entries(x) });
      else visit(x, `${path}.${k}`);
    }
  };
  visit(value, at);
  return out;
}

function isLineMap(v: unknown): v is Record<string, number> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.values(v).every((n) => typeof n === 'number');
}

/** Records of a value: every object below the root that carries an `evidence` object, with the lines it cites. */
export function records(value: unknown): Array<{ record: unknown; firstLine: number; lastLine: number }> {
  const out: Array<{ record: unknown; firstLine: number; lastLine: number }> = [];
  const visit = (v: unknown, root: boolean): void => {
    if (Array.isArray(v)) return v.forEach((x) => visit(x, false));
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (!root && o['evidence'] !== null && typeof o['evidence'] === 'object') {
      const lines = citations(o)
        .flatMap((c) => c.lines.map(([, n]) => n))
        .filter((n) => typeof n === 'number');
      out.push({ record: o, firstLine: Math.min(...lines), lastLine: Math.max(0, ...lines) });
    }
    for (const x of Object.values(o)) visit(x, false);
  };
  visit(value, true);
  return out;
}

function lineMaps(value: unknown): Array<Record<string, number>> {
  const out: Array<Record<string, number>> = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'lines' && isLineMap(x)) out.push(x);
      else visit(x);
    }
  };
  visit(value);
  return out;
}

/** A truncated copy of a fixture. */
export interface Cut {
  label: string;
  text: string;
  /** Line of the fixture the copy starts at: a line from the middle is parsed as the section it is. */
  firstLine: number;
}

/**
 * Truncated copies of `text`: the first line alone, prefixes at line ends (a third, half, all but the last line),
 * prefixes cut mid-line at several character offsets (one character; 10, 37, 61, 90 % of the text), and one line
 * from the middle on its own.
 */
export function truncations(text: string): Cut[] {
  const cuts: Cut[] = [];
  const ends: number[] = [];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) ends.push(at + 1);
  if (ends.at(-1) === text.length) ends.pop();
  const n = ends.length;
  const lines = n + 1;
  const ks = [1, Math.floor(lines / 3), Math.floor(lines / 2), lines - 1].filter((k) => k >= 1 && k <= n);
  for (const k of new Set(ks)) {
    cuts.push({ label: `first ${k} line${k === 1 ? '' : 's'}`, text: text.slice(0, ends[k - 1]), firstLine: 1 });
  }
  const offsets = [1, ...[0.1, 0.37, 0.61, 0.9].map((f) => Math.round(text.length * f))];
  for (let o of new Set(offsets)) {
    while (o < text.length && (text[o - 1] === '\n' || text[o - 1] === '\r')) o++;
    if (o <= 0 || o >= text.length) continue;
    const lineNo = text.slice(0, o).split('\n').length;
    cuts.push({ label: `first ${o} characters (cut in line ${lineNo})`, text: text.slice(0, o), firstLine: 1 });
  }
  if (n >= 2) {
    const mid = Math.floor(lines / 2);
    const line = text.slice(ends[mid - 1], ends[mid] ?? text.length);
    cuts.push({ label: `line ${mid + 1} alone`, text: line, firstLine: mid + 1 });
  }
  const seen = new Set<string>();
  return cuts.filter((c) => c.text !== text && !seen.has(c.text) && seen.add(c.text));
}

/** Prefixes of `text` cut every `step` characters, from the empty one on: dense truncation for one parser's tests. */
export function cutsEvery(text: string, step: number): Cut[] {
  const cuts: Cut[] = [];
  for (let at = 0; at < text.length; at += step) {
    cuts.push({ label: `first ${at} characters`, text: text.slice(0, at), firstLine: 1 });
  }
  return cuts;
}

/** The ok value of `parser.parse(text)` (called directly); throws with the issues otherwise. */
export function parseWhole<T>(parser: Parser<T>, text: string, file: string): T {
  const result = parser.parse(text, { file, firstLine: 1 });
  if (!result.ok) throw new Error(`${parser.id} cannot read the whole text: ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** (d) for one truncated copy, given the whole file's ok value (or undefined when the whole file is not ok). */
export function checkTruncated<T>(
  parser: Parser<T>,
  cut: Cut,
  file: string,
  whole: T | undefined,
  options: SuiteOptions = {},
): string[] {
  const ctx = { file, firstLine: cut.firstLine };
  const run = runParse(parser, cut.text, ctx);
  if (!run.result) return [`${cut.label}: ${run.problem}`];
  const result = run.result;
  const problems = checkResult(parser, cut.text, ctx, result).map((p) => `${cut.label}: ${p}`);
  if (!result.ok || result.issues.length > 0 || whole === undefined || problems.length > 0) return problems;
  // Silent ok value: it must be a smaller value of the same reading.
  const mine = records(result.value);
  const theirs = records(whole);
  if (mine.length > theirs.length) {
    problems.push(`${cut.label}: silently gives ${mine.length} records, more than the whole file's ${theirs.length}`);
  }
  const lastLine = ctx.firstLine + lineCount(cut.text) - 1;
  const lastLineCut = !cut.text.endsWith('\n');
  /** The copy's last line that was not cut. */
  const lastWhole = lastLineCut ? lastLine - 1 : lastLine;
  if (options.truncation !== 'summary') {
    for (const { record, firstLine: from, lastLine: at } of mine) {
      if ((lastLineCut && at >= lastLine) || (from < at && at >= lastWhole)) continue;
      if (!theirs.some((t) => isDeepStrictEqual(t.record, record))) {
        problems.push(`${cut.label}: silently gives a record the whole file does not: ${short(record)}`);
      }
    }
  }
  const wholeMaps = lineMaps(whole);
  for (const map of lineMaps(result.value)) {
    for (const [key, n] of Object.entries(map)) {
      if (n > lastWhole) continue;
      if (!wholeMaps.some((m) => m[key] === n)) {
        problems.push(`${cut.label}: silently puts '${key}' at line ${n}, the whole file does not`);
      }
    }
  }
  return problems;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** (d) for empty input: '' and a lone newline must give ok:false or an issue. */
export function checkEmpty<T>(parser: Parser<T>, file = 'raw/empty.txt'): string[] {
  const problems: string[] = [];
  for (const [label, text] of [
    ['empty input', ''],
    ['a lone newline', '\n'],
  ] as const) {
    const ctx = { file, firstLine: 1 };
    const run = runParse(parser, text, ctx);
    if (!run.result) {
      problems.push(`${label}: ${run.problem}`);
      continue;
    }
    problems.push(...checkResult(parser, text, ctx, run.result).map((p) => `${label}: ${p}`));
    // A lone newline is how redis-cli prints an empty array (issue 10): zero items is a correct
    // reading of it, but only zero. A 0-byte input stays ambiguous and must say so.
    const r = run.result;
    if (r.ok && r.issues.length === 0 && (text === '' || !isEmptyValue(r.value)))
      problems.push(`${label}: silently gives a value`);
  }
  return problems;
}

/** A value that holds nothing: an empty list, or an object whose lists are all empty and that has no other data. */
function isEmptyValue(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (v === null || typeof v !== 'object') return false;
  return Object.entries(v).every(([k, x]) => (Array.isArray(x) ? x.length === 0 : k === 'kind' || k === 'evidence'));
}

/** Detection: `detect` does not throw and scores the parser's own fixture >= MIN_SCORE. */
export function checkDetect(parser: Parser, fixture: Fixture): string[] {
  let score: number;
  try {
    score = parser.detect(fixture.text, fixture.name);
  } catch (err) {
    return [`detect threw ${err instanceof Error ? err.message : String(err)}`];
  }
  if (!(score >= MIN_SCORE)) return [`detect scores its own fixture ${score}, below MIN_SCORE ${MIN_SCORE}`];
  return [];
}

/** Every check for one fixture of `parser`: whole file (at line 1 and as a later section), truncations, detection. */
export function checkFixture<T>(parser: Parser<T>, fixture: Fixture, options: SuiteOptions = {}): string[] {
  const note = options.notes?.[fixture.key] ?? {};
  const problems: string[] = [];
  const ctx = { file: `raw/${fixture.name}`, firstLine: 1 };
  let whole: T | undefined;
  for (const c of [ctx, { file: `bundle/${fixture.name}`, firstLine: SECTION_LINE }]) {
    const label = c.firstLine === 1 ? 'whole file' : `whole file as a section from line ${SECTION_LINE}`;
    const run = runParse(parser, fixture.text, c);
    if (!run.result) {
      problems.push(`${label}: ${run.problem}`);
      continue;
    }
    problems.push(...checkResult(parser, fixture.text, c, run.result).map((p) => `${label}: ${p}`));
    if (c === ctx && run.result.ok) whole = run.result.value;
    if (c !== ctx) continue;
    if (note.negative !== undefined && run.result.ok && run.result.issues.length === 0) {
      problems.push(`${label}: a negative fixture (${note.negative}) silently gives a value`);
    }
    if (note.negative === undefined && !run.result.ok) {
      problems.push(`${label}: ok:false on its own fixture: ${run.result.issues.map((i) => i.message).join('; ')}`);
    }
  }
  for (const cut of truncations(fixture.text)) problems.push(...checkTruncated(parser, cut, ctx.file, whole, options));
  if (note.negative === undefined && note.undetectable === undefined) {
    problems.push(...checkDetect(parser as Parser, fixture));
  }
  return problems;
}

/** Problems with the notes themselves: a note must name an existing fixture and say why. */
export function checkNotes(fixtures: readonly Fixture[], notes: Record<string, FixtureNote> = {}): string[] {
  const names = new Set(fixtures.map((f) => f.key));
  const problems: string[] = [];
  for (const [name, note] of Object.entries(notes)) {
    if (!names.has(name)) problems.push(`note for '${name}', which is not a fixture`);
    if (note.negative === '' || note.undetectable === '') problems.push(`note for '${name}' gives no reason`);
  }
  return problems;
}

/** The parser has at least one fixture file: every parser is tested on real captures. */
export function checkHasFixtures(id: string, fixtures: readonly Fixture[]): string[] {
  if (fixtures.length > 0) return [];
  return [`no fixture files in ${FIXTURE_DIRS.map((d) => `${d}/${id}/`).join(' or ')}`];
}

/**
 * What is wrong with a case whose known problems are `expected`: problems no pattern explains, and patterns that
 * no longer match (a fixed bug whose entry must go). Empty when the problems are exactly the known ones.
 */
export function unexplained(problems: readonly string[], expected: readonly RegExp[] = []): string[] {
  return [
    ...problems.filter((p) => !expected.some((re) => re.test(p))),
    ...expected
      .filter((re) => !problems.some((p) => re.test(p)))
      .map((re) => `known problem ${re} no longer happens: remove it from the known list`),
  ];
}

/**
 * Register the suite's cases for one parser inside the caller's `describe`: one case per fixture, plus
 * "has fixture files", "notes" and "empty input". `known` lists, by case (fixture key, or 'has fixture files',
 * 'notes', 'empty input'), problems it is known to have today (real parser bugs, each reported): the case passes
 * only while its problems are exactly those, so a fixed bug fails it too and its entry must go.
 */
export function parserSuite(parser: Parser, options: SuiteOptions = {}, known: Record<string, RegExp[]> = {}): void {
  const fixtures = fixturesOf(parser.id);
  const expectProblems = (name: string, problems: string[]): void => {
    const lines = unexplained(problems, known[name]);
    if (lines.length > 0) throw new Error(`${parser.id} ${name}:\n  ${lines.join('\n  ')}`);
  };
  it('has fixture files', () => expectProblems('has fixture files', checkHasFixtures(parser.id, fixtures)));
  it('notes name real fixtures', () => {
    const cases = new Set(['has fixture files', 'notes', 'empty input', ...fixtures.map((f) => f.key)]);
    const stale = Object.keys(known)
      .filter((k) => !cases.has(k))
      .map((k) => `known problems for '${k}', no such case`);
    expectProblems('notes', [...checkNotes(fixtures, options.notes), ...stale]);
  });
  it('empty input gives ok:false or an issue', () => expectProblems('empty input', checkEmpty(parser)));
  for (const fixture of fixtures) {
    it(fixture.path, () => expectProblems(fixture.key, checkFixture(parser, fixture, options)));
  }
}
