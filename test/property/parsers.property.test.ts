// Issue 5: parsers and the pipeline never throw and always finish, on random and mutated real input.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsers } from '../../src/core/parsers/index.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw';
const real = readdirSync(RAW)
  .sort()
  .map((name) => ({ name, text: readFileSync(join(RAW, name), 'utf8') }))
  .filter((f) => f.text.length > 0);

/**
 * A real capture, mutated the ways captures really break: cut short, bytes flipped, lines dropped or doubled, junk
 * spliced in.
 */
const mutated = fc
  .record({
    file: fc.constantFrom(...real),
    cut: fc.double({ min: 0, max: 1, noNaN: true }),
    flips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ minLength: 1, maxLength: 3 })), {
      maxLength: 8,
    }),
    dropLine: fc.option(fc.nat()),
    junk: fc.option(
      fc.oneof(
        fc.string(),
        fc.constantFrom('\u0000\u0001\u0002', '\r\n\r\n', '---', '[', '{"', '1) "x"', '(integer) ', '\ufeff', '\ud800'),
      ),
    ),
  })
  .map(({ file, cut, flips, dropLine, junk }) => {
    let text = file.text.slice(0, Math.floor(file.text.length * (0.2 + cut * 0.8)));
    for (const [at, s] of flips) {
      const i = Math.floor(at * text.length);
      text = text.slice(0, i) + s + text.slice(i + s.length);
    }
    if (dropLine !== null) {
      const lines = text.split('\n');
      lines.splice(dropLine % Math.max(1, lines.length), 1);
      text = lines.join('\n');
    }
    if (junk !== null) text = junk + text + junk;
    return { name: file.name, text };
  });

describe('parsers never throw', () => {
  it.each(parsers.map((p) => [p.id, p] as const))(
    '%s: detect and parse survive mutated real captures',
    (_id, parser) => {
      fc.assert(
        fc.property(mutated, ({ name, text }) => {
          const score = parser.detect(text, name);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          const result = parser.parse(text, { file: `raw/${name}`, firstLine: 1 });
          expect(typeof result.ok).toBe('boolean');
          if (result.ok) expect(parser.schema.safeParse(result.value).success).toBe(true);
        }),
        { numRuns: 150 },
      );
    },
  );

  it.each(parsers.map((p) => [p.id, p] as const))('%s: survives arbitrary strings', (_id, parser) => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 30 }), (text, name) => {
        parser.detect(text, name);
        const result = parser.parse(text, { file: 'x', firstLine: 1 });
        expect(Array.isArray(result.issues)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the pipeline never throws', () => {
  it('analyzes any bundle of mutated captures and reports, rather than loses, what it cannot read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutated, { minLength: 1, maxLength: 6 }), async (files) => {
        const bundle = {
          name: 'fuzz',
          issues: [],
          files: files.map((f, i) => ({ path: `raw/${i}-${f.name}`, data: new TextEncoder().encode(f.text) })),
        };
        const { audit } = await analyzeBundle(bundle, { redactKey: 'k' });
        expect(audit.files).toHaveLength(files.length);
        expect(audit.rules.every((r) => r.status !== 'error')).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
