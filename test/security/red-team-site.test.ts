// Issue 12, the site's half: the red team's planted bundle (red-team/generator.ts) is built into a report
// site, and every file the build leaves behind is scanned — the pages, the search index (Pagefind's
// fragments and index chunks are gzip; they are inflated before the scan), the per-bundle site data and
// Astro's build cache. No planted value may appear whole, nor any 8-character part of one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/node/build-site.ts';
import { findLeaks, ordinaryText, plantRedTeam, windows, type Planted, type RedTeam } from './red-team/generator.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';

/** A file's text for the scan: inflated first when it is gzip (Pagefind writes its index that way). */
function readForScan(file: string): string {
  const bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString('utf8');
    } catch {
      return bytes.toString('latin1');
    }
  }
  return bytes.toString('utf8');
}

describe('red team: no planted secret reaches the site, its search index or the build caches', () => {
  let dir: string;
  let team: RedTeam;
  let wins: Map<string, Planted>;
  let roots: Record<string, string>;

  beforeAll(async () => {
    process.env.EVIDEX_REDACT_KEY ??= 'red-team-key';
    dir = mkdtempSync(join(tmpdir(), 'evidex-red-team-site-'));
    const bundle = join(dir, 'bundles', 'planted');
    team = plantRedTeam(SAMPLE, bundle);
    // The site ships evidex's own code (the /open/ page runs the core, redaction patterns included):
    // a provider prefix such as 'dckr_pat_' in that code is not a leak, so windows of it do not count.
    const code = fg
      .sync('src/core/**/*.ts')
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    wins = windows(team.planted, `${ordinaryText(SAMPLE)}\n${code}`);
    roots = { site: join(dir, 'site'), data: join(dir, 'data'), cache: join(dir, 'cache') };
    await buildSite({ inputs: [bundle], outDir: roots.site!, dataDir: roots.data!, cacheDir: roots.cache! });
  }, 600_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('built pages, a search index and site data to scan (the scan has something to fail on)', () => {
    const site = fg.sync('**/*', { cwd: roots.site!, dot: true });
    expect(site.some((f) => f.endsWith('.html'))).toBe(true);
    const fragments = site.filter((f) => f.startsWith('pagefind/') && f.endsWith('.pf_fragment'));
    expect(fragments.length).toBeGreaterThan(0);
    // Inflated, the index holds the pages' words: evidence text is there to be found.
    const index = fragments.map((f) => readForScan(join(roots.site!, f))).join('\n');
    expect(index).toContain('quantum_ai_engine');
    expect(fg.sync('*.json', { cwd: roots.data! }).length).toBeGreaterThan(0);
    // The same scan finds the planted values in the bundle the site was built from.
    const raw = fg
      .sync('**/*', { cwd: join(dir, 'bundles'), absolute: true })
      .map(readForScan)
      .join('\n');
    expect(findLeaks(raw, team.planted, wins).length).toBeGreaterThan(team.kinds.length);
  });

  it('every file under the site, the site data and the cache', { timeout: 300_000 }, () => {
    const leaks: string[] = [];
    for (const [name, root] of Object.entries(roots)) {
      for (const f of fg.sync('**/*', { cwd: root, absolute: true, dot: true })) {
        for (const l of findLeaks(readForScan(f), team.planted, wins))
          leaks.push(`${name}/${f.slice(root.length + 1)}: ${l}`);
      }
    }
    expect(leaks.slice(0, 50)).toEqual([]);
  });
});
