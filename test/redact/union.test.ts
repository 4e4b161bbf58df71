// unionOf factors an alternation by first character; it must match exactly where the plain union of
// the same sources matches, and for the line trigger (read with exec) at the same first index.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LINE_PATTERNS,
  LINE_TRIGGER,
  LINE_TRIGGER_SOURCES,
  OTHER_NEED,
  PROVIDER_NEED,
} from '../../src/core/redact/patterns.ts';
import { alternativesOf, flatAlternatives, unionOf } from '../../src/core/redact/union.ts';
import { adversaries } from '../security/adversarial-fragments.ts';

const plain = (sources: readonly string[], flags: string) =>
  new RegExp(sources.map((s) => `(?:${s})`).join('|'), flags);

const UNIONS = [
  { name: 'the line trigger', sources: LINE_TRIGGER_SOURCES, flags: LINE_TRIGGER.flags, built: LINE_TRIGGER },
  {
    name: 'the provider needs',
    sources: LINE_PATTERNS.filter((p) => p.provider).map((p) => p.need.source),
    flags: PROVIDER_NEED.flags,
    built: PROVIDER_NEED,
  },
  {
    name: 'the other needs',
    sources: LINE_PATTERNS.filter((p) => !p.provider).map((p) => p.need.source),
    flags: OTHER_NEED.flags,
    built: OTHER_NEED,
  },
];

/** First match index of `re` in `text` from 0, or -1 (lastIndex reset for global ones). */
function firstIndex(re: RegExp, text: string): number {
  const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  r.lastIndex = 0;
  return r.exec(text)?.index ?? -1;
}

const noise = fc.string({
  unit: fc.constantFrom(...'ab Z0_-./:="\'\\)(\n\r\t…'.split(''), 'key', 'sk', '----', 'x.abcdef.', '/', 'pass'),
  maxLength: 40,
});

describe('unionOf', () => {
  it('splits a source into its top-level alternatives, and opens whole-alternative groups', () => {
    expect(alternativesOf('a|(?:b|c)|[|]|\\|')).toEqual(['a', '(?:b|c)', '[|]', '\\|']);
    expect(flatAlternatives('a|(?:b|(?:c|d))|(?:e)f|(?:g)?')).toEqual(['a', 'b', 'c', 'd', '(?:e)f', '(?:g)?']);
  });

  it('groups alternatives by a first character no quantifier applies to', () => {
    expect(unionOf(['sk-|secret', 'gh[pousr]_', 'x?y', '\\.abc', 'S[0-9]'], '').source).toBe(
      's(?:k-|ecret)|gh[pousr]_|S[0-9]|(?:x?y)|(?:\\.abc)',
    );
    expect(unionOf(['AKIA', 'auth', 'Auth'], 'i').source).toBe('a(?:KIA|uth)');
  });

  it('refuses a source with a backreference', () => {
    expect(() => unionOf(['(a)\\1'], '')).toThrow(/backreference/);
  });

  for (const u of UNIONS) {
    const reference = plain(u.sources, u.flags);
    const alts = u.sources.flatMap(flatAlternatives);

    it(`${u.name}: is unionOf its sources`, () => {
      expect(u.built.source).toBe(unionOf(u.sources, u.flags).source);
      expect(alts.length).toBeGreaterThan(5);
    });

    it(`${u.name}: matches where the plain union does, at the same first index, on generated text`, () => {
      const arb = fc.oneof(...alts.map((a) => fc.stringMatching(new RegExp(a), { maxLength: 60 })));
      fc.assert(
        fc.property(fc.array(fc.oneof(noise, arb), { maxLength: 6 }), (parts) => {
          const text = parts.join('');
          expect(firstIndex(u.built, text)).toBe(firstIndex(reference, text));
        }),
        { numRuns: 3000 },
      );
    });

    it(`${u.name}: matches where the plain union does on the corpora and the adversarial lines`, () => {
      const dirs = ['../fixtures/secrets', '../security/red-team'].map((d) => join(import.meta.dirname, d));
      const texts = dirs.flatMap((dir) =>
        readdirSync(dir, { withFileTypes: true, recursive: true })
          .filter((e) => e.isFile())
          .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8')),
      );
      texts.push(...adversaries().map((a) => a.build(2048)));
      expect(texts.length).toBeGreaterThan(100);
      for (const text of texts) {
        for (const line of text.split('\n')) expect(firstIndex(u.built, line)).toBe(firstIndex(reference, line));
      }
    });
  }
});
