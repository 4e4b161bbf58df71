// Incremental site builds on real bundles (copies of evidence/): an analysis is reused exactly when the
// bundle's bytes, its manual findings, the config, the redaction key and evidex's version are unchanged,
// and a build whose output is up to date does nothing. The data step is tested without rendering; one
// pair of real Astro builds checks the whole path (no Chromium).
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/core/index.ts';
import { TOOL_VERSION } from '../../src/core/index.ts';
import { analysisKey, hashConfig, TreeDigests } from '../../src/node/analysis-cache.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';
import { buildSite, prepareSiteData } from '../../src/node/build-site.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const LATER = 'evidence/quantum-trader-2025-12-31';

let tmp: string;
let savedKey: string | undefined;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'evidex-incremental-'));
  savedKey = process.env['EVIDEX_REDACT_KEY'];
  process.env['EVIDEX_REDACT_KEY'] = 'incremental-test-key';
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  if (savedKey === undefined) delete process.env['EVIDEX_REDACT_KEY'];
  else process.env['EVIDEX_REDACT_KEY'] = savedKey;
});

/** An analyzer that records which bundles it analyzed (the real one underneath). */
function countingAnalyzer() {
  const calls: string[] = [];
  const analyze = (path: string): Promise<Analysis> => {
    calls.push(path);
    return analyzePath(path);
  };
  return { calls, analyze };
}

/** Every file under dir, relative path → bytes as text. */
function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** A fresh evidence folder with copies of both sample bundles (or the first only), and a fresh cache. */
function setup(name: string, both = true) {
  const root = join(tmp, name);
  const evidence = join(root, 'evidence');
  mkdirSync(evidence, { recursive: true });
  const a = join(evidence, 'quantum-trader-2025-12-24');
  const b = join(evidence, 'quantum-trader-2025-12-31');
  cpSync(SAMPLE, a, { recursive: true });
  if (both) cpSync(LATER, b, { recursive: true });
  return { root, evidence, a, b, cacheDir: join(root, 'cache') };
}

describe('analysis cache (data step, no rendering)', () => {
  it('reuses unchanged analyses, re-analyses exactly the changed bundle, and writes identical data', async () => {
    const s = setup('data');
    const { calls, analyze } = countingAnalyzer();
    const run = (dataDir: string, extra: { cache?: boolean } = {}) =>
      prepareSiteData({
        inputs: [s.evidence],
        dataDir: join(s.root, dataDir),
        cacheDir: s.cacheDir,
        analyze,
        ...extra,
      });

    const first = await run('d1');
    expect(first.analyzed).toBe(2);
    expect(calls).toEqual([s.a, s.b]);

    calls.length = 0;
    const second = await run('d2');
    expect(second.analyzed).toBe(0);
    expect(calls).toEqual([]);
    expect(second.bundles).toEqual(first.bundles);
    // The pages read these files: cached data is byte-identical to a fresh analysis.
    const fresh = await run('d3', { cache: false });
    expect(fresh.analyzed).toBe(2);
    expect(readTree(second.dataDir)).toEqual(readTree(first.dataDir));
    expect(readTree(fresh.dataDir)).toEqual(readTree(first.dataDir));

    // Touched but not changed: the stat pre-check misses, the sha256 decides, nothing is analyzed.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(s.a, 'raw', 'docker_ps.txt'), later, later);
    calls.length = 0;
    expect((await run('d4')).analyzed).toBe(0);

    // One file of one bundle changed: only that bundle is analyzed again.
    appendFileSync(join(s.b, 'raw', 'logs_tail_quantum_backend.txt'), '2025-12-31T05:00:00Z ERROR changed line\n');
    calls.length = 0;
    const changed = await run('d5');
    expect(changed.analyzed).toBe(1);
    expect(calls).toEqual([s.b]);
    expect(readFileSync(join(changed.dataDir, 'quantum-trader-2025-12-24.json'), 'utf8')).toBe(
      readFileSync(join(first.dataDir, 'quantum-trader-2025-12-24.json'), 'utf8'),
    );
    expect(readFileSync(join(changed.dataDir, 'quantum-trader-2025-12-31.json'), 'utf8')).not.toBe(
      readFileSync(join(first.dataDir, 'quantum-trader-2025-12-31.json'), 'utf8'),
    );

    // A manual finding beside one bundle is part of its key.
    mkdirSync(`${s.a}.findings`);
    appendFileSync(
      join(`${s.a}.findings`, 'note.md'),
      '---\ntitle: Checked by hand\npriority: P3\nsubject: host\n---\nSeen on the console.\n',
    );
    calls.length = 0;
    expect((await run('d6')).analyzed).toBe(1);
    expect(calls).toEqual([s.a]);
  }, 120_000);

  it('analyzes again when the config or the redaction key changes', async () => {
    const s = setup('settings');
    const { calls, analyze } = countingAnalyzer();
    const base = { inputs: [s.evidence], cacheDir: s.cacheDir, analyze };
    expect((await prepareSiteData({ ...base, dataDir: join(s.root, 'd1') })).analyzed).toBe(2);
    const config = { rules: { 'host/disk-usage': 'off' as const } };
    expect((await prepareSiteData({ ...base, dataDir: join(s.root, 'd2'), config })).analyzed).toBe(2);
    // The same config again, its keys in another order: from the cache.
    expect((await prepareSiteData({ ...base, dataDir: join(s.root, 'd3'), config: { ...config } })).analyzed).toBe(0);
    process.env['EVIDEX_REDACT_KEY'] = 'another-key';
    try {
      expect((await prepareSiteData({ ...base, dataDir: join(s.root, 'd4'), config })).analyzed).toBe(2);
    } finally {
      process.env['EVIDEX_REDACT_KEY'] = 'incremental-test-key';
    }
    expect(calls).toHaveLength(6);
  }, 120_000);

  it('keys change with every part: inputs, version, config, redaction key, code', () => {
    const parts = { inputs: 'a', toolVersion: TOOL_VERSION, config: hashConfig(undefined), redactKey: 'k', code: 'c' };
    const key = analysisKey(parts);
    expect(analysisKey({ ...parts })).toBe(key);
    expect(analysisKey({ ...parts, inputs: 'b' })).not.toBe(key);
    expect(analysisKey({ ...parts, toolVersion: `${TOOL_VERSION}-next` })).not.toBe(key);
    expect(analysisKey({ ...parts, config: hashConfig({}) })).not.toBe(key);
    expect(analysisKey({ ...parts, redactKey: 'k2' })).not.toBe(key);
    expect(analysisKey({ ...parts, code: 'c2' })).not.toBe(key);
    expect(hashConfig({ rules: { a: 'off', b: 'off' } })).toBe(hashConfig({ rules: { b: 'off', a: 'off' } }));
  });

  it('hashes a tree from its bytes once, then from its stat until an entry changes', () => {
    const s = setup('digest');
    const index = join(s.root, 'digests.json');
    const first = new TreeDigests(index);
    const sha = first.digest(s.a);
    expect(first.hashed).toBeGreaterThan(10);
    first.save();
    const second = new TreeDigests(index);
    expect(second.digest(s.a)).toBe(sha);
    expect(second.hashed).toBe(0);
    appendFileSync(join(s.a, 'raw', 'redis_slowlog.txt'), 'x');
    const third = new TreeDigests(index);
    expect(third.digest(s.a)).not.toBe(sha);
    expect(third.hashed).toBeGreaterThan(10);
    expect(new TreeDigests().digest(join(s.root, 'missing'))).toBe('absent');
  });
});

describe('site build', () => {
  it('keeps an up-to-date output without rendering, and renders cached analyses to the same pages', async () => {
    const s = setup('site', false);
    const outDir = join(s.root, 'site');
    const { calls, analyze } = countingAnalyzer();
    const options = { inputs: [s.evidence], outDir, cacheDir: s.cacheDir, search: false, analyze };
    const first = await buildSite(options);
    expect(first).toMatchObject({ analyzed: 1, upToDate: false });
    expect(first.pages).toBeGreaterThan(50);
    const pages = readTree(outDir);

    const started = process.cpuUsage();
    const again = await buildSite(options);
    const cpu = process.cpuUsage(started);
    expect(again).toMatchObject({ analyzed: 0, upToDate: true, pages: first.pages, bundles: first.bundles });
    // No Astro: a stamp check (generous bound for a loaded machine; the bench measures it).
    expect((cpu.user + cpu.system) / 1e6).toBeLessThan(3);

    calls.length = 0;
    const forced = await buildSite({ ...options, force: true });
    expect(forced).toMatchObject({ analyzed: 0, upToDate: false, pages: first.pages });
    expect(calls).toEqual([]);
    expect(readTree(outDir)).toEqual(pages);
  }, 400_000);
});

describe('incremental rendering', () => {
  it('renders and indexes only a changed audit (and its diffs), keeps the others, matches a full build', async () => {
    const s = setup('render');
    const outDir = join(s.root, 'site');
    const options = { inputs: [s.evidence], outDir, cacheDir: s.cacheDir, search: true };
    const first = await buildSite(options);
    expect(first.bundles).toHaveLength(2);
    const ino = (page: string) => statSync(join(outDir, page)).ino;
    const [early, late] = ['quantum-trader-2025-12-24', 'quantum-trader-2025-12-31'];
    const pair = join('hosts', readdirSync(join(outDir, 'hosts'))[0]!, 'diff', `${early}...${late}`, 'index.html');
    const before = { early: ino(join(early, 'backlog', 'index.html')), late: ino(join(late, 'backlog', 'index.html')) };
    const diffBefore = ino(pair);
    const entry = (audit: string) => join('pagefind', 'audits', audit, 'pagefind-entry.json');
    const indexBefore = { early: ino(entry(early)), late: ino(entry(late)) };
    expect(JSON.parse(readFileSync(join(outDir, 'pagefind', 'evidex-audits.json'), 'utf8'))).toEqual([early, late]);
    // A merged index carries no scripts of its own: the search page loads the primary bundle's.
    expect(
      readdirSync(join(outDir, 'pagefind', 'audits', early)).filter((f) => /\.(js|css|pagefind)$/.test(f)),
    ).toEqual([]);

    // Only the later capture changes: its pages and the diff page are rendered again, the earlier one's kept.
    appendFileSync(join(s.b, 'raw', 'logs_tail_quantum_backend.txt'), '2025-12-31T05:00:00Z ERROR changed line\n');
    const logs: string[] = [];
    const second = await buildSite({ ...options, log: (l) => logs.push(l) });
    expect(second).toMatchObject({ analyzed: 1, upToDate: false, pages: first.pages });
    expect(logs).toContain("kept 1 of 3 audits' and diffs' pages");
    expect(ino(join(early, 'backlog', 'index.html'))).toBe(before.early);
    expect(ino(join(late, 'backlog', 'index.html'))).not.toBe(before.late);
    expect(ino(pair)).not.toBe(diffBefore);
    // The search index of the unchanged audit is kept; the changed audit's is written again.
    expect(logs).toContain('indexing for search (pagefind): 1 of 2 audits');
    expect(ino(entry(early))).toBe(indexBefore.early);
    expect(ino(entry(late))).not.toBe(indexBefore.late);
    expect(readFileSync(join(outDir, late, 'logs', 'index.html'), 'utf8')).toContain('changed line');
    expect(existsSync(join(outDir, 'evidex-render.json'))).toBe(false);
    expect(readdirSync(s.root).filter((f) => f.includes('evidex-'))).toEqual([]);

    // The merged output is the output a full build of the same inputs writes.
    const full = join(s.root, 'full');
    await buildSite({ ...options, outDir: full, force: true });
    const merged = readTree(outDir);
    const fresh = readTree(full);
    for (const t of [merged, fresh]) t.delete('.evidex-build.json');
    expect([...merged.keys()].sort()).toEqual([...fresh.keys()].sort());
    expect(merged).toEqual(fresh);
  }, 600_000);
});
