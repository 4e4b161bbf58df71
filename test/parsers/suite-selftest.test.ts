// Issue 9 (item 6): the shared parser suite can fail. Each check of test/helpers/parser-suite.ts is run on a
// deliberately broken parser and must report it; a well-behaved parser must pass every check, so a check that
// always complains is caught too.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EvidenceRef } from '../../src/core/model/evidence.ts';
import { unameParser } from '../../src/core/parsers/uname.ts';
import { defineParser, refAt, splitLines, type Parser, type ParseResult } from '../../src/core/parsers/parser.ts';
import {
  checkEmpty,
  checkFixture,
  checkHasFixtures,
  checkNotes,
  fixturesOf,
  truncations,
  unexplained,
  type Fixture,
} from '../helpers/parser-suite.ts';

// A tiny `key=value` capture format: one record per line.
const Value = z.object({ entries: z.array(z.object({ key: z.string(), value: z.string(), evidence: EvidenceRef })) });
type Value = z.infer<typeof Value>;
type Entry = Value['entries'][number];

const TEXT = ['alpha=1', 'beta=22', 'gamma=333', 'delta=4444', 'epsilon=55555', 'zeta=666666', ''].join('\n');
const FIXTURE: Fixture = { path: 'inline/kv.txt', key: 'kv/kv.txt', name: 'kv.txt', text: TEXT };

/** The correct parser: empty input is an issue, a line without '=' is an issue, every record cites its line. */
function parseKv(text: string, ctx: { file: string; firstLine: number }): ParseResult<Value> {
  const lines = splitLines(text);
  if (lines.every((l) => l.trim() === '')) return { ok: false, issues: [{ kind: 'empty-capture', message: 'empty' }] };
  const entries: Entry[] = [];
  const issues: ParseResult<Value>['issues'] = [];
  lines.forEach((l, i) => {
    const eq = l.indexOf('=');
    if (eq <= 0) issues.push({ kind: 'parse-failure', message: `no '=' in '${l}'`, line: ctx.firstLine + i });
    else entries.push({ key: l.slice(0, eq), value: l.slice(eq + 1), evidence: refAt(ctx, i + 1) });
  });
  if (entries.length === 0) return { ok: false, issues };
  return { ok: true, value: { entries }, issues };
}

const good: Parser<Value> = defineParser({
  id: 'kv',
  description: 'key=value lines',
  command: 'env',
  fileNames: /env/i,
  detect: (text) => (/^\w+=/.test(text) ? 0.9 : 0),
  schema: Value,
  parse: parseKv,
});

/** `good` with its parse (or detect) replaced. */
const broken = (parse: Parser<Value>['parse'], detect = good.detect): Parser<Value> => ({ ...good, parse, detect });

const problemsOf = (parser: Parser<Value>): string[] => checkFixture(parser, FIXTURE);

describe('the parser suite passes a correct parser', () => {
  it('reports nothing for the well-behaved key=value parser', () => {
    expect(problemsOf(good)).toEqual([]);
    expect(checkEmpty(good)).toEqual([]);
  });

  it('cuts at line ends, mid-line and one line alone, never returning the whole text', () => {
    const cuts = truncations(TEXT);
    expect(cuts.map((c) => c.label)).toEqual([
      'first 1 line',
      'first 2 lines',
      'first 3 lines',
      'first 5 lines',
      'first 1 characters (cut in line 1)',
      'first 6 characters (cut in line 1)',
      'first 23 characters (cut in line 3)',
      'first 38 characters (cut in line 5)',
      'first 57 characters (cut in line 6)',
      'line 4 alone',
    ]);
    expect(cuts.every((c) => c.text !== TEXT && TEXT.includes(c.text))).toBe(true);
    expect(cuts.at(-1)).toEqual({ label: 'line 4 alone', text: 'delta=4444\n', firstLine: 4 });
  });
});

describe('the parser suite fails a broken parser', () => {
  it('reports a parser that throws on truncated copies, naming each cut', () => {
    const throwing = broken((text, ctx) => {
      if (text !== TEXT) throw new RangeError('unexpected end of input');
      return parseKv(text, ctx);
    });
    const problems = problemsOf(throwing);
    expect(problems.length).toBe(truncations(TEXT).length);
    expect(problems).toContain('first 2 lines: threw RangeError: unexpected end of input');
    expect(problems).toContain('first 23 characters (cut in line 3): threw RangeError: unexpected end of input');
    expect(problems).toContain('line 4 alone: threw RangeError: unexpected end of input');
  });

  it('reports a parser that throws on empty input', () => {
    const throwing = broken((text, ctx) => {
      if (text.trim() === '') throw new Error('nothing to read');
      return parseKv(text, ctx);
    });
    expect(checkEmpty(throwing)).toEqual([
      'empty input: threw Error: nothing to read',
      'a lone newline: threw Error: nothing to read',
    ]);
  });

  it('reports output that violates the schema', () => {
    const numeric = broken((text, ctx) => {
      const r = parseKv(text, ctx);
      if (!r.ok) return r;
      const entries = r.value.entries.map((e) => ({ ...e, value: Number(e.value) }));
      return { ...r, value: { entries } as unknown as Value };
    });
    const problems = problemsOf(numeric);
    expect(problems[0]).toMatch(/^whole file: value fails the schema: entries\.0\.value: Invalid input: expected str/);
    expect(problems.filter((p) => p.includes('value fails the schema')).length).toBeGreaterThan(5);
  });

  it('reports a record citing a line beyond the input', () => {
    const overreach = broken((text, ctx) => {
      const r = parseKv(text, ctx);
      if (!r.ok) return r;
      const longer = (e: Entry): Entry => {
        return { ...e, evidence: { ...e.evidence, endLine: Number(e.evidence.endLine) + 1 } };
      };
      const entries = r.value.entries.map(longer);
      return { ...r, value: { entries } };
    });
    const problems = problemsOf(overreach);
    expect(problems).toContain("whole file: value.entries[5].evidence.endLine = 7: outside the input's lines 1..6");
    expect(problems).toContain("first 2 lines: value.entries[1].evidence.endLine = 3: outside the input's lines 1..2");
  });

  it('reports an issue citing a line beyond the input, and citations of another file', () => {
    const wrong = broken((text, ctx) => {
      const r = parseKv(text, { ...ctx, file: 'elsewhere.txt' });
      const extra = { kind: 'limit-exceeded', message: 'too long', line: 999 } as const;
      const issues: ParseResult<Value>['issues'] = [...r.issues, extra];
      return { ...r, issues };
    });
    const problems = problemsOf(wrong);
    expect(problems).toContain("whole file: issue 'limit-exceeded' cites line 999, outside the input's lines 1..6");
    expect(problems).toContain("whole file: value.entries[0].evidence cites file 'elsewhere.txt', not 'raw/kv.txt'");
  });

  it('reports a parser that ignores ctx.firstLine (a section of a larger file)', () => {
    const unplaced = broken((text, ctx) => parseKv(text, { ...ctx, firstLine: 1 }));
    const problems = problemsOf(unplaced);
    expect(problems).toContain(
      "whole file as a section from line 41: value.entries[0].evidence.startLine = 1: outside the input's lines 41..46",
    );
    expect(problems).toContain("line 4 alone: value.entries[0].evidence.startLine = 1: outside the input's lines 4..4");
  });

  it('reports a parser that returns a value for empty input without an issue', () => {
    const silent = broken((text, ctx) => {
      return text.trim() === '' ? { ok: true, value: { entries: [] }, issues: [] } : parseKv(text, ctx);
    });
    expect(checkEmpty(silent)).toEqual(['empty input: silently gives a value']);
    // A lone newline may read as zero items (redis-cli's empty array), but not as something.
    const invented = broken((text, ctx) =>
      text.trim() === ''
        ? {
            ok: true,
            value: { entries: [{ key: 'k', value: 'v', evidence: { file: ctx.file, startLine: 1, endLine: 1 } }] },
            issues: [],
          }
        : parseKv(text, ctx),
    );
    expect(checkEmpty(invented)).toContain('a lone newline: silently gives a value');
  });

  it('reports ok:false without an issue', () => {
    const mute = broken((text, ctx) => (text === TEXT ? parseKv(text, ctx) : { ok: false, issues: [] }));
    expect(problemsOf(mute)).toContain('first 2 lines: ok:false without an issue saying why');
    expect(checkEmpty(mute)).toContain('empty input: ok:false without an issue saying why');
  });

  it('reports a truncated copy read silently as different records (a reading that depends on lines not there)', () => {
    // Pads values to the widest value in the input, as a table reader that sizes columns from every row would.
    const padded = broken((text, ctx) => {
      const r = parseKv(text, ctx);
      if (!r.ok) return r;
      const width = Math.max(...r.value.entries.map((e) => e.value.length));
      return { ...r, value: { entries: r.value.entries.map((e) => ({ ...e, value: e.value.padStart(width, '0') })) } };
    });
    const problems = problemsOf(padded);
    const alpha = '{"key":"alpha","value":"01","evidence":{"file":"raw/kv.txt","startLine":1,"endLine":1}}';
    expect(problems).toContain(`first 2 lines: silently gives a record the whole file does not: ${alpha}`);
    // A record on a line cut mid-way ('gamma=3') is exempt; the whole lines before it are not.
    const midLine = problems.filter((p) => p.startsWith('first 23 characters (cut in line 3): '));
    expect(midLine.map((p) => /"key":"(\w+)"/.exec(p)?.[1])).toEqual(['alpha', 'beta']);
  });

  it('reports a truncated copy that silently gives more records than the whole file', () => {
    const inventive = broken((text, ctx) => {
      const r = parseKv(text, ctx);
      if (!r.ok || text === TEXT) return r;
      return { ...r, value: { entries: [...r.value.entries, ...r.value.entries, ...r.value.entries] } };
    });
    expect(problemsOf(inventive)).toContain("first 3 lines: silently gives 9 records, more than the whole file's 6");
  });

  it('accepts a truncated copy that is flagged with an issue, and a smaller silent value', () => {
    const flagged = broken((text, ctx) => {
      const r = parseKv(text, ctx);
      if (text === TEXT) return r;
      return { ...r, issues: [...r.issues, { kind: 'parse-failure', message: 'capture looks cut' }] };
    });
    expect(problemsOf(flagged)).toEqual([]);
  });

  it('reports a parser that returns the whole-file value for every copy (cached or constant output)', () => {
    const whole = parseKv(TEXT, { file: 'raw/kv.txt', firstLine: 1 });
    const constant = broken((text, ctx) => (ctx.firstLine === 1 && text.trim() !== '' ? whole : parseKv(text, ctx)));
    const problem = "first 1 line: value.entries[1].evidence.startLine = 2: outside the input's lines 1..1";
    expect(problemsOf(constant)).toContain(problem);
  });

  it('reports a detector that misses its own fixture, and one that throws', () => {
    expect(problemsOf(broken(parseKv, () => 0.2))).toEqual(['detect scores its own fixture 0.2, below MIN_SCORE 0.5']);
    const throwing = broken(parseKv, () => {
      throw new TypeError('no');
    });
    expect(problemsOf(throwing)).toEqual(['detect threw no']);
  });

  it('requires a negative fixture to give ok:false or an issue, and exempts it from detection', () => {
    const notes = { 'kv/kv.txt': { negative: 'not key=value output' } };
    expect(checkFixture(good, FIXTURE, { notes })).toEqual([
      'whole file: a negative fixture (not key=value output) silently gives a value',
    ]);
    expect(
      checkFixture(
        broken(parseKv, () => 0),
        { ...FIXTURE, text: 'no equals here\n' },
        { notes },
      ),
    ).toEqual([]);
  });

  it('runs on real parsers and fixtures: uname made to throw on a cut line fails on its captured fixture', () => {
    const [fixture] = fixturesOf('uname').filter((f) => f.name === 'coreutils-9.1.txt');
    if (!fixture) throw new Error('test/fixtures/uname/coreutils-9.1.txt is missing');
    expect(checkFixture(unameParser, fixture)).toEqual([]);
    const fragile: Parser = {
      ...unameParser,
      parse: (text, ctx) => {
        if (!text.endsWith('\n')) throw new Error('line cut');
        return unameParser.parse(text, ctx);
      },
    };
    expect(checkFixture(fragile, fixture).filter((p) => p.endsWith('threw Error: line cut')).length).toBeGreaterThan(2);
  });
});

describe('the parser suite fails missing fixtures, stale notes and stale known problems', () => {
  it('reports a parser with no fixture folder', () => {
    expect(fixturesOf('no-such-parser')).toEqual([]);
    expect(checkHasFixtures('no-such-parser', [])).toEqual([
      'no fixture files in test/fixtures/no-such-parser/ or test/fixtures/public/no-such-parser/',
    ]);
    expect(checkHasFixtures('kv', [FIXTURE])).toEqual([]);
  });

  it('reports a note for a file that does not exist, or one without a reason', () => {
    expect(checkNotes([FIXTURE], { 'kv/gone.txt': { negative: 'x' }, 'kv/kv.txt': { undetectable: '' } })).toEqual([
      "note for 'kv/gone.txt', which is not a fixture",
      "note for 'kv/kv.txt' gives no reason",
    ]);
  });

  it('passes a case only while its problems are exactly the known ones', () => {
    expect(unexplained(['detect scores its own fixture 0.45, below MIN_SCORE 0.5'], [/^detect scores/])).toEqual([]);
    expect(unexplained(['first 2 lines: threw Error: x'], [/^detect scores/])).toEqual([
      'first 2 lines: threw Error: x',
      'known problem /^detect scores/ no longer happens: remove it from the known list',
    ]);
    expect(unexplained([])).toEqual([]);
  });
});
