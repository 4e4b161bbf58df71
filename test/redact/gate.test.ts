// The line gate (src/core/redact/gate.ts) may only pass over lines on which no match of the line
// trigger starts: then redactText gives the same result with it as without it. Checked against the
// trigger itself, searched in the whole text (a match that starts on a line may end on a later one, so these
// are more lines than redactText, which reads the trigger on each line alone, needs the gate to pass):
// strings generated from each of its alternatives, with case changed at random and set among random text,
// and the secrets corpus, the red-team texts and the adversarial lines.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayTrigger } from '../../src/core/redact/gate.ts';
import { LINE_TRIGGER, LINE_TRIGGER_SOURCES } from '../../src/core/redact/patterns.ts';
import { flatAlternatives, unionOf } from '../../src/core/redact/union.ts';
import { createRedactor } from '../../src/core/redact/redact.ts';
import { adversaries } from '../security/adversarial-fragments.ts';
import { GENERATOR_LINES } from '../../bench/generate.ts';
import { triggeredAcrossLines } from './trigger-lines.ts';

/** The lines the trigger flags that the gate would pass over (none, if the gate is right). */
function missed(text: string): string[] {
  return triggeredAcrossLines(text)
    .filter(({ start, end }) => !mayTrigger(text, start, end))
    .map(({ line }) => JSON.stringify(line.slice(0, 200)));
}

/** Each ASCII letter upper or lower case as `flips` says: the trigger ignores case. */
const recase = (s: string, flips: boolean[]): string =>
  [...s]
    .map((c, i) => (flips[i % flips.length] ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c))
    .join('');

const noise = fc.string({
  unit: fc.constantFrom(...'ab Z0_-./:="\'\\)(\n\r\t…'.split(''), 'key', 'sk', '----', 'x.abcdef.', '/'),
  maxLength: 40,
});

const SECRETS = join(import.meta.dirname, '../fixtures/secrets');
const RED_TEAM = join(import.meta.dirname, '../security/red-team');

function textsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/\.(txt|json|log|md|ts)$/.test(e.name)) continue;
    out.push(readFileSync(join(e.parentPath, e.name), 'utf8'));
  }
  return out;
}

describe('line gate', () => {
  // Every alternative of every source the trigger is the union of, each wrapping group opened.
  const alts = LINE_TRIGGER_SOURCES.flatMap(flatAlternatives);

  it('reads the trigger as its alternatives', () => {
    expect(alts.length).toBeGreaterThan(50);
    expect(unionOf(alts, LINE_TRIGGER.flags).source).toBe(LINE_TRIGGER.source);
  });

  it.each(alts.map((a, i) => [i, a]))('passes every line where alternative %i starts: %s', (_i, alt) => {
    // Generated without the `i` flag (fast-check cannot), then with letters flipped at random.
    const arb = fc.stringMatching(new RegExp(alt, 'm'), { maxLength: 200 });
    fc.assert(
      fc.property(noise, arb, noise, fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), (a, s, b, flips) => {
        const text = `${a}${recase(s, flips)}${b}`;
        expect(missed(text)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('passes every line where the trigger starts in random text', () => {
    fc.assert(
      fc.property(fc.array(noise, { maxLength: 8 }), (parts) => {
        expect(missed(parts.join(''))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('passes every triggered line of the secrets corpus, the red-team texts and the adversarial lines', () => {
    const texts = [...textsUnder(SECRETS), ...textsUnder(RED_TEAM), ...adversaries().map((a) => a.build(4096))];
    expect(texts.length).toBeGreaterThan(100);
    for (const t of texts) expect(missed(t)).toEqual([]);
  });

  it('passes over ordinary log lines (what it is for)', () => {
    for (const line of GENERATOR_LINES) expect(mayTrigger(line, 0, line.length)).toBe(false);
    // And the redactor still finds what they would hide.
    const r = createRedactor({ key: 'k' });
    const text = `${GENERATOR_LINES.join('\n')}\nuser password=Zq81xLm!a\n`;
    expect(r.redactText(text, 'f').text).toContain('password=[REDACTED:named-secret:');
  });
});
