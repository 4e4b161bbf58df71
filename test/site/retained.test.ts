// The model keeps the first 1,000 citations of a finding (run/retain.ts) and counts them all in
// `evidenceTotal`; a page that shows the cut list says how many there were. Built from the real sample
// with one finding's total raised as retain.ts would set it for a finding of many citations.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/core/index.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';
import { buildSite } from '../../src/node/build-site.ts';

const tmp = mkdtempSync(join(tmpdir(), 'evidex-retained-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.html'))
    .map((p) => join(dir, p));
}

describe('cut lists on the site', () => {
  it("says 'the first N of M citations' on the finding whose citations were cut, and nowhere else", async () => {
    let cut: { fingerprint: string; kept: number } | undefined;
    const analyze = async (path: string): Promise<Analysis> => {
      const analysis = await analyzePath(path);
      const f = analysis.audit.findings[0]!;
      f.evidenceTotal = f.evidence.length + 4321;
      cut = { fingerprint: f.fingerprint, kept: f.evidence.length };
      return analysis;
    };
    const outDir = join(tmp, 'site');
    await buildSite({
      inputs: ['evidence/quantum-trader-2025-12-24'],
      outDir,
      cacheDir: join(tmp, 'cache'),
      search: false,
      analyze,
    });
    // The sample's first finding cites evidence, so the note has a kept count to state.
    expect(cut?.kept).toBeGreaterThan(0);
    const note = `The report keeps the first ${cut!.kept} of ${cut!.kept + 4321} citations.`;
    const withNote = htmlFiles(outDir).filter((p) => readFileSync(p, 'utf8').includes(note));
    // The finding's own page, and the backlog that shows its card.
    expect(withNote.length).toBeGreaterThanOrEqual(1);
    expect(withNote.some((p) => p.includes(`${join('findings', '')}`))).toBe(true);
    const anyOther = htmlFiles(outDir).filter((p) =>
      /The report keeps the first \d+ of \d+ citations/.test(readFileSync(p, 'utf8')),
    );
    expect(anyOther).toEqual(withNote);
  }, 400_000);
});
