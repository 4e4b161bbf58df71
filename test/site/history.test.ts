// Host history and diff pages in a real headless Chromium: build both captures of the sample host
// once, serve them with our static server, and check the pages as a person would read them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import fg from 'fast-glob';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/node/build-site.ts';
import { createStaticServer, listen } from '../../src/cli/serve.ts';
import { launchChromium, openPage, requireChromium } from '../helpers/browser.ts';

const ARTIFACTS = 'test/artifacts';
const HOST = '/hosts/quantumtrader-prod-1/';
const DIFF = `${HOST}diff/quantum-trader-2025-12-24...quantum-trader-2025-12-31/`;

const hasChromium = requireChromium('history tests');

describe.skipIf(!hasChromium)('host history pages in Chromium', () => {
  let tmp: string;
  let outDir: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'evidex-history-'));
    outDir = join(tmp, 'site');
    await buildSite({ inputs: ['evidence'], outDir, dataDir: join(tmp, 'data'), search: false });
    server = createStaticServer(outDir);
    base = `http://127.0.0.1:${await listen(server, 0)}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const open = (path: string) => openPage(context, `${base}${path}`);

  it('builds one history page and one diff page for the host, with no inline script', async () => {
    const pages = await fg('hosts/**/index.html', { cwd: outDir });
    expect(pages.sort()).toEqual([`${DIFF.slice(1)}index.html`, `${HOST.slice(1)}index.html`].sort());
    for (const p of pages) {
      const html = readFileSync(join(outDir, p), 'utf8');
      expect(html).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'`,
      );
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, p).toMatch(/\ssrc="[^"]+\.js"/);
    }
    // The chart script (and with it the Mermaid chunks) is loaded by the history page only.
    expect(readFileSync(join(outDir, DIFF.slice(1), 'index.html'), 'utf8')).not.toMatch(/<script\b/);
  });

  it('gives a host with one capture a history page that says a second capture enables diffs', async () => {
    const single = join(tmp, 'single');
    // A separate process: a second Astro build in this one would reuse the first build's page modules.
    const script =
      `import { buildSite } from ${JSON.stringify(resolve('src/node/build-site.ts'))};
      await buildSite({ inputs: ['evidence/quantum-trader-2025-12-24'], outDir: ${JSON.stringify(single)}, ` +
      `dataDir: ${JSON.stringify(join(tmp, 'data-single'))}, search: false });`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' });
    expect(await fg('hosts/**/index.html', { cwd: single })).toEqual([`${HOST.slice(1)}index.html`]);
    const html = readFileSync(join(single, HOST.slice(1), 'index.html'), 'utf8');
    expect(html).toContain('Only one capture of this host so far');
    expect(html).not.toContain('data-chart');
    expect(readFileSync(join(single, 'quantum-trader-2025-12-24', 'index.html'), 'utf8')).not.toContain(
      'Compare with previous capture',
    );
  }, 180_000);

  it('links the audit overview and the audit list to the history and the diff', async () => {
    // Links are relative to the page (the site works from file:// and under a sub-path).
    const from = (page: string, target: string) =>
      `href="${posix.relative(posix.dirname(page), `${target.slice(1)}index.html`)}"`;
    const overview = readFileSync(join(outDir, 'quantum-trader-2025-12-31', 'index.html'), 'utf8');
    expect(overview).toContain(from('quantum-trader-2025-12-31/index.html', HOST));
    expect(overview).toContain(from('quantum-trader-2025-12-31/index.html', DIFF));
    const older = readFileSync(join(outDir, 'quantum-trader-2025-12-24', 'index.html'), 'utf8');
    expect(older).toContain(from('quantum-trader-2025-12-24/index.html', HOST));
    expect(older).not.toContain('Compare with previous capture');
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).toContain(from('index.html', DIFF));
  });

  it('shows the history: captures newest first, trend charts as SVG, the finding timeline', async () => {
    const { page, problems } = await open(HOST);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.chart-target')].every((t) => t instanceof HTMLElement && t.dataset['rendered']),
      undefined,
      { timeout: 20_000 },
    );
    const captures = await page.locator('main table').first().locator('tbody tr td:nth-child(2)').allTextContents();
    expect(captures).toEqual(['quantum-trader-2025-12-31', 'quantum-trader-2025-12-24']);
    const captions = await page.locator('.history-chart figcaption').allTextContents();
    expect(captions).toEqual([
      'P0 findings',
      'P1 findings',
      'Memory used (%)',
      'Worst disk use (%)',
      'Total stream lag',
      'Containers',
    ]);
    expect(await page.locator('.chart-target[data-rendered="true"] svg').count()).toBe(6);
    expect(await page.locator('.chart-target[data-rendered="error"]').count()).toBe(0);
    const lag = page.locator('.history-chart', { hasText: 'Total stream lag' }).locator('.chart-values tbody');
    expect((await lag.innerText()).replace(/\s+/g, ' ').trim()).toBe('2025-12-24 10014 2025-12-31 12');

    const row = (title: string | RegExp) =>
      page.locator('table.timeline tbody tr', { has: page.locator('th', { hasText: title }) });
    const publisher = row('quantum_market_publisher is restarting');
    expect(await publisher.locator('td').allInnerTexts()).toEqual(['—\nabsent', 'P1', '2025-12-31', 'open']);
    const nginx = row(/quantum_nginx .* is unhealthy/);
    expect(await nginx.locator('td').allInnerTexts()).toEqual(['P0', '—\nabsent', '2025-12-24', '2025-12-31']);
    // A manual finding cannot be re-assessed in a later capture: not evaluable, not resolved.
    const manual = row('No git repository for the deployment');
    expect((await manual.locator('td').allInnerTexts()).map((t) => t.split('\n')[0])).toEqual([
      'P2',
      'n/e',
      '2025-12-24',
      'unknown',
    ]);
    expect(await publisher.locator('a').evaluate((a) => (a as HTMLAnchorElement).pathname)).toMatch(
      /^\/quantum-trader-2025-12-31\/findings\/[a-z0-9._-]+\/index\.html$/,
    );

    await page.screenshot({ path: join(ARTIFACTS, 'history.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('shows the diff: new P1, removed container, lag and disk before → after', async () => {
    const { page, problems } = await open(DIFF);
    expect(await page.locator('.rules-changed').count()).toBe(0);
    const summary = (await page.locator('#diff-summary').innerText()).replace(/\s+/g, ' ');
    expect(summary).toContain('1 new');
    expect(summary).toContain('7 resolved');
    expect(summary).toContain('1 not evaluable');

    const added = page.locator('#new-list li');
    expect(await added.count()).toBe(1);
    expect(await added.locator('.prio').innerText()).toBe('P1');
    const link = added.locator('a', { hasText: 'quantum_market_publisher is restarting' });
    const pathOf = (a: Element) => (a as HTMLAnchorElement).pathname;
    const href = await link.evaluate(pathOf);
    expect(href).toMatch(/^\/quantum-trader-2025-12-31\/findings\//);
    expect(await page.locator('#resolved-list a', { hasText: 'quantum_nginx' }).evaluate(pathOf)).toMatch(
      /^\/quantum-trader-2025-12-24\/findings\//,
    );
    expect(await page.locator('#not-evaluable-list').innerText()).toContain('manual finding');

    const removed = page.locator('#diff-containers tr', { hasText: 'quantum_federation_stub' });
    expect(await removed.locator('td').nth(1).innerText()).toBe('removed');
    expect(await page.locator('#diff-containers tr', { hasText: 'quantum_market_publisher' }).innerText()).toContain(
      'running → restarting',
    );

    const group = page.locator('#diff-groups tr', { hasText: 'quantum:group:execution:trade.intent' });
    expect(await group.locator('td').nth(1).innerText()).toBe('10014 → 12');
    expect(await group.locator('td').nth(1).getAttribute('class')).toContain('state-ok');

    const disk = page.locator('#diff-metrics tr[data-metric="host.disk[/].usePercent"] td');
    expect(await disk.allInnerTexts()).toEqual(['Disk use /', '74%', '84%', '▲ worse']);
    const lag = page.locator('#diff-metrics tr[data-metric="redis.streams.totalLag"] td');
    expect(await lag.allInnerTexts()).toEqual(['Total stream lag', '10014', '12', '▼ better']);
    const mem = page.locator('#diff-metrics tr[data-metric="host.memory.usedPercent"] td');
    expect(await mem.allInnerTexts()).toEqual(['Memory used', '80%', '62.7%', '▼ better']);

    // The finding permalink exists in the later audit.
    const target = await context.newPage();
    const res = await target.goto(`${base}${href}`);
    expect(res?.status()).toBe(200);
    expect(await target.locator('h1').innerText()).toContain('quantum_market_publisher');
    await target.close();

    await page.screenshot({ path: join(ARTIFACTS, 'diff.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
