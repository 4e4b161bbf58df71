// The flow page with an auditor's topology file, in a real headless Chromium: build the sample bundle
// with test/fixtures/topology as the topology folder, then check the declared-only edge is drawn
// distinctly and the edge table says where each edge comes from.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import { buildSite } from '../../src/node/build-site.ts';
import { createStaticServer, listen } from '../../src/cli/serve.ts';
import { launchChromium, openPage, requireChromium } from '../helpers/browser.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const TOPOLOGY_DIR = 'test/fixtures/topology';
const ARTIFACTS = 'test/artifacts';
const SOURCE = 'topology file test/fixtures/topology/quantumtrader-prod-1.yaml';

const hasChromium = requireChromium('flow topology tests');

describe.skipIf(!hasChromium)('flow page with a topology file, in Chromium', () => {
  let tmp: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let slug: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'evidex-flow-topology-'));
    const outDir = join(tmp, 'site');
    const dataDir = join(tmp, 'data');
    await buildSite({ inputs: [SAMPLE], outDir, dataDir, topologyDir: TOPOLOGY_DIR, search: false });
    const file = readdirSync(dataDir).find((f) => f.endsWith('.json'))!;
    const { audit } = JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as { audit: Audit };
    slug = audit.bundle.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
    server = createStaticServer(outDir);
    base = `http://127.0.0.1:${await listen(server, 0)}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('says in the edge table which edges are declared only, confirmed, or evidence only', async () => {
    const { page, problems } = await openPage(context, `${base}/${slug}/flow/`);
    await expect(page.locator('#flow-topology').textContent()).resolves.toContain(
      `Declared topology used: ${SOURCE}. 2 declared edges not seen in this capture.`,
    );
    const journal = page.locator('#flow-edges tbody tr', { hasText: 'quantum_trade_journal' });
    await expect(journal.count()).resolves.toBe(1);
    await expect(journal.getAttribute('data-basis')).resolves.toBe('declared');
    const journalText = (await journal.locator('td').allTextContents()).map((t) => t.trim());
    expect(journalText.slice(0, 4)).toEqual([
      'quantum:group:journal:trade.closed',
      'quantum_trade_journal',
      'declared only',
      `declared in ${SOURCE} (declared only: not seen in this capture)`,
    ]);
    await expect(journal.locator('td strong').textContent()).resolves.toBe(`declared in ${SOURCE}`);

    const bot = page
      .locator('#flow-edges tbody tr', { hasText: 'quantum_trading_bot' })
      .filter({ hasText: 'quantum:stream:trade.intent' });
    await expect(bot.getAttribute('data-basis')).resolves.toBe('both');
    await expect(bot.locator('td').nth(3).textContent()).resolves.toBe(
      `declared in ${SOURCE}, confirmed by evidence: payload source field 'trading-bot' → container ` +
        'quantum_trading_bot; CLIENT LIST cmd=xadd from 172.18.0.29 → quantum_trading_bot',
    );
    const unmapped = page.locator('#flow-edges tbody tr', { hasText: '172.18.0.33' });
    await expect(unmapped.getAttribute('data-basis')).resolves.toBe('evidence');
    await expect(unmapped.locator('td').nth(3).textContent()).resolves.toBe(
      'inferred from evidence: CLIENT LIST cmd=xadd from 172.18.0.33 (no container with this IP)',
    );
    expect(problems).toEqual([]);
  });

  it(
    'draws the declared-only edges grey and long-dashed in the ' + 'SVG, unlike the inferred and confirmed ones',
    async () => {
      const { page, problems } = await openPage(context, `${base}/${slug}/flow/`);
      await page.waitForSelector('#flow-diagram svg', { timeout: 20_000 });
      const labels = (await page.locator('#flow-diagram svg g.edgeLabel').allTextContents()).map((t) => t.trim());
      expect(labels.filter((t) => t === 'declared only')).toHaveLength(2);
      // Each rendered edge path with its computed stroke and dash pattern, in edge order.
      const edges = await page.locator('#flow-diagram svg .flowchart-link').evaluateAll((paths) =>
        paths.map((p) => {
          const s = getComputedStyle(p);
          return { id: p.id, stroke: s.stroke, dash: s.strokeDasharray };
        }),
      );
      const declared = edges.filter((e) => e.stroke === 'rgb(128, 128, 128)');
      expect(declared.map((e) => e.dash)).toEqual(['8px', '8px']);
      // Mermaid names edge paths after their endpoints: the two declared edges are the trade.closed ones.
      const src = await page.locator('#flow-src').textContent();
      const declaredPairs = [...(src ?? '').matchAll(/ {2}(n\d+) -\.->\|"declared only"\| (n\d+)/g)].map(
        (m) => `${m[1]}_${m[2]}`,
      );
      expect(declaredPairs).toHaveLength(2);
      for (const pair of declaredPairs) expect(declared.some((e) => e.id.includes(`_${pair}_`))).toBe(true);
      // No other edge shares that look: inferred edges are dotted, confirmed ones solid or red.
      expect(edges.filter((e) => e.dash === '8px')).toHaveLength(2);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'flow-topology.png'), fullPage: true });
      expect(problems).toEqual([]);
    },
  );
});
