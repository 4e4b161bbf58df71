// Issue 9: no source line over 120 characters. ESLint's @stylistic/max-len holds .ts and .js files to it; this covers
// what ESLint does not lint (Astro components, the build scripts, the bin, the root config files).
import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';

const MAX = 120;
const files = fg.sync(['{src,scripts,bin}/**/*.{astro,mjs,cjs}', '*.config.{ts,js,mjs}'], {
  ignore: ['**/node_modules/**'],
});

/** `file:line: length` for every line longer than MAX code points (a tab counts as one, as in the editors' ruler). */
function longLines(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => {
    const length = [...line].length;
    return length > MAX ? [`${file}:${i + 1}: ${length}`] : [];
  });
}

describe('line length', () => {
  it('has Astro components, scripts and the bin to check', () => {
    expect(files.filter((f) => f.endsWith('.astro')).length).toBeGreaterThan(10);
    expect(files).toContain('bin/evidex.cjs');
    expect(files).toContain('scripts/build.mjs');
  });

  it('counts code points, not UTF-16 units, and names file and line', () => {
    expect(longLines('a.astro', `${'é'.repeat(MAX)}\n${'😀'.repeat(MAX)}\nok`)).toEqual([]);
    expect(longLines('a.astro', `ok\n${'x'.repeat(MAX + 1)}`)).toEqual([`a.astro:2: ${MAX + 1}`]);
  });

  it(`keeps every line of ${files.length} files not linted by ESLint at ${MAX} characters or fewer`, () => {
    expect(files.flatMap((f) => longLines(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});
