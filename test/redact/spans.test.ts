// The redactor runs each line pattern's regex without the `d` flag (patterns.ts LINE_SCANS) and finds
// the secret's span from the group's text and the pattern's `trail`: the spans must be the ones the
// indices of the `d` regex give, match for match.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSecretSpan, getSecretSpanOf, LINE_PATTERNS, LINE_SCANS } from '../../src/core/redact/patterns.ts';
import { adversaries } from '../security/adversarial-fragments.ts';
import { Gen, KINDS } from '../security/red-team/generator.ts';

type Found = [number, number, number, number] | [number, number, 'none'];

function withIndices(p: number, line: string): Found[] {
  const re = LINE_PATTERNS[p]!.re;
  const out: Found[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    if (m[0].length === 0) re.lastIndex++;
    const s = getSecretSpan(m);
    out.push(s ? [m.index, m[0].length, s[0], s[1]] : [m.index, m[0].length, 'none']);
  }
  return out;
}

function without(p: number, line: string): Found[] {
  const re = LINE_SCANS[p]!;
  const out: Found[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    if (m[0].length === 0) re.lastIndex++;
    const s = getSecretSpanOf(LINE_PATTERNS[p]!, m);
    out.push(s ? [m.index, m[0].length, s[0], s[1]] : [m.index, m[0].length, 'none']);
  }
  return out;
}

function check(line: string): void {
  for (let p = 0; p < LINE_PATTERNS.length; p++) expect(without(p, line), `pattern ${p}`).toEqual(withIndices(p, line));
}

const SECRETS = join(import.meta.dirname, '../fixtures/secrets');

describe('secret spans without indices', () => {
  it('the scans are the patterns without `d`', () => {
    expect(LINE_SCANS.length).toBe(LINE_PATTERNS.length);
    LINE_SCANS.forEach((re, i) => {
      expect(re.source).toBe(LINE_PATTERNS[i]!.re.source);
      expect(re.hasIndices).toBe(false);
    });
  });

  it('the secrets corpus, red-team tokens and adversarial lines', () => {
    const texts = readdirSync(SECRETS)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(SECRETS, f), 'utf8'));
    const g = new Gen(3);
    texts.push(KINDS.map((k) => `x ${k.make(g)} "auth" "u" "pw1" AUTH pw2  \n`).join(''));
    for (const a of adversaries()) texts.push(a.build(2048));
    let matched = 0;
    for (const t of texts) {
      for (const line of t.split('\n')) {
        check(line);
        matched += LINE_PATTERNS.filter((_, p) => withIndices(p, line).length > 0).length;
      }
    }
    expect(matched).toBeGreaterThan(500);
  });

  it('random lines of pattern pieces', () => {
    const piece = fc.constantFrom(
      ...['AUTH ', 'auth ', '"auth" ', '"u" ', 'pw1', ' ', '  ', '"', "'", '\\', '@', 'redis://u:', 'x://', 'p@h'],
      ...['--password ', '-a ', 'redis-cli ', 'mysql ', '-pXy1z', '"--requirepass",', ' "v1" ', '=', ':', 'tok3n'],
      ...['Authorization: ', 'Bearer ', 'abc.def/ghi9', '?token=', '&sig=', 'api_key=', 'eyJhbGciOi.eyJzdWIi.x'],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (parts) => check(parts.join(''))),
      { numRuns: 3000 },
    );
  });
});
