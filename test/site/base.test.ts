// Issue 14: a site built with `--base /reports/` browsed where it is served, under that sub-path, by
// `evidex serve` (the real command, one process for the file): styles, navigation, the flow diagram's
// script chunks, search results and the /open/ page's worker all load from /reports/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from 'citty';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import serveCommand from '../../src/cli/commands/serve.ts';
import { normalizeBase } from '../../src/node/site-links.ts';
import { launchChromium, requireChromium } from '../helpers/browser.ts';
import { SAMPLE, getSharedSite, packBundle } from '../helpers/site-build.ts';

const hasChromium = requireChromium('site under --base');

describe('evidex serve and --base arguments', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'evidex-serve-args-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const serve = (...rawArgs: string[]) => runCommand(serveCommand, { rawArgs });

  it('refuses a missing folder, a folder that is no site, a non-loopback host and a bad port', async () => {
    await expect(serve(join(tmp, 'none'))).rejects.toThrow(/No folder at/);
    await expect(serve(tmp)).rejects.toThrow(/holds no index\.html: not a built site/);
    writeFileSync(join(tmp, 'index.html'), '<p>site</p>');
    await expect(serve(tmp, '--host', '0.0.0.0')).rejects.toThrow(/not a loopback address.*--allow-remote/);
    await expect(serve(tmp, '--host', '192.168.1.10')).rejects.toThrow(/--allow-remote/);
    await expect(serve(tmp, '--port', '70000')).rejects.toThrow(/--port must be a number/);
    await expect(serve(tmp, '--port', '-1')).rejects.toMatchObject({ name: 'UsageInvalid', exitCode: 2 });
    await expect(serve(tmp, '--base', '/../x/')).rejects.toThrow(/--base must be a URL path/);
  });

  it('takes a base as a plain sub-path only', () => {
    expect(normalizeBase('/reports/')).toBe('/reports/');
    expect(normalizeBase('reports')).toBe('/reports/');
    expect(normalizeBase('/a/b')).toBe('/a/b/');
    expect(normalizeBase('/')).toBe('/');
    for (const bad of ['/../x/', '/a b/', '/x?y/', 'https://host/x/', '/a//b/', '/<x>/'])
      expect(normalizeBase(bad)).toBeUndefined();
  });
});

describe.skipIf(!hasChromium)('a site built with --base /reports/, served under /reports/', () => {
  let tmp: string;
  let child: ChildProcess;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  const bad: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'evidex-base-'));
    const { outDir } = await getSharedSite('/reports/');
    child = spawn(process.execPath, ['src/cli/index.ts', 'serve', outDir, '--base', '/reports/', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    origin = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (m) done(m[0]);
      });
      child.on('exit', (code) => fail(new Error(`evidex serve exited with ${code}`)));
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on('request', (r) => requests.push(r.url()));
    context.on('page', (p) => {
      p.on('pageerror', (e) => bad.push(`pageerror: ${e.message}`));
      p.on('console', (m) => {
        if (m.type() === 'error') bad.push(`console: ${m.text()}`);
      });
      p.on('response', (r) => {
        if (r.status() >= 400) bad.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      p.on('requestfailed', (r) => {
        if (r.failure()?.errorText !== 'net::ERR_ABORTED') bad.push(`failed: ${r.url()}`);
      });
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const open = async (path: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${origin}${path}`);
    return page;
  };

  it('is styled and navigates from the audit list to the backlog and the flow diagram', async () => {
    const page = await open('/reports/');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontFamily)).toContain('system-ui');
    await page.locator('main a', { hasText: 'quantumtrader-prod-1' }).last().click();
    await page.waitForURL(/\/reports\/quantum-trader-2025-12-24\/index\.html$/);
    await page.locator('nav[aria-label=Audit] a', { hasText: 'Backlog' }).click();
    await page.waitForURL(/\/reports\/quantum-trader-2025-12-24\/backlog\/index\.html$/);
    expect(await page.locator('article.finding.P0').count()).toBeGreaterThan(0);
    expect(await page.locator('nav[aria-label=Site] a[aria-current=page]').count()).toBe(0);
    await page.locator('nav[aria-label=Audit] a', { hasText: 'Event flow' }).click();
    await page.waitForSelector('#flow-diagram[data-rendered="true"] svg', { timeout: 30_000 });
    const labels = await page.locator('#flow-diagram svg .edgeLabel').allTextContents();
    expect(labels.some((l) => l.includes('lag 10014'))).toBe(true);
    await page.locator('header a', { hasText: 'Rules' }).click();
    await page.waitForURL(/\/reports\/rules\/index\.html$/);
    expect(await page.locator('nav[aria-label=Site] a[aria-current=page]').innerText()).toBe('Rules');
    await page.close();
  }, 90_000);

  it('finds with search and links results under /reports/', async () => {
    const page = await open('/reports/search/index.html?q=trade.intent');
    await page.waitForSelector('.pagefind-ui__result a', { timeout: 30_000 });
    const hrefs = await page
      .locator('.pagefind-ui__result a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const h of hrefs) expect(h).toMatch(/^\/reports\//);
    await page.close();
  }, 60_000);

  it('analyzes a dropped bundle on /reports/open/ with the worker served from /reports/', async () => {
    const tar = await packBundle(SAMPLE, join(tmp, 'sample.tar.gz'));
    const page = await open('/reports/open/index.html');
    await page.locator('#open-file').setInputFiles(tar);
    await page.waitForSelector('#open-backlog article[data-priority="P0"]', { timeout: 60_000 });
    expect(requests.some((u) => /\/reports\/_astro\/open-worker[^/]*\.js$/.test(u))).toBe(true);
    await page.close();
  }, 90_000);

  it('redirects the bare prefix to the base and finds nothing outside it', async () => {
    const res = await fetch(`${origin}/reports`, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([301, '/reports/']);
    expect((await fetch(`${origin}/index.html`)).status).toBe(404);
    expect((await fetch(`${origin}/reports/index.html`)).status).toBe(200);
    expect((await fetch(`${origin}/reports/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });

  it('made no request outside /reports/ and met no error', () => {
    const outside = requests.filter((u) => !u.startsWith(`${origin}/reports/`) && !/^(blob|data):/.test(u));
    expect(outside).toEqual([]);
    expect(bad).toEqual([]);
  });
});
