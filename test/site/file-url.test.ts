// Issue 14: the built site opened from disk (a zip of the site mailed to a colleague). Every link and
// asset is relative with index.html explicit, so it is styled from file:// and a reader follows links
// from the audit list to the backlog and on to an evidence line without reaching chrome-error://.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fg from 'fast-glob';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relativizeHtml } from '../../src/node/site-links.ts';
import { launchChromium, requireChromium } from '../helpers/browser.ts';
import { getSharedSite } from '../helpers/site-build.ts';

const hasChromium = requireChromium('site from file://');

describe('relative links', () => {
  const folders = new Set(['a/evidence/raw--x.txt']);
  const rel = (html: string, page: string, base = '/') => relativizeHtml(html, page, base, (p) => folders.has(p));

  it('makes root links relative to the page, with index.html for folders, keeping query and hash', () => {
    expect(rel('<a href="/">x</a>', 'a/backlog/index.html')).toBe('<a href="../../index.html">x</a>');
    expect(rel('<a href="/a/evidence/raw--x.txt/#L3-L5">x</a>', 'a/backlog/index.html')).toBe(
      '<a href="../evidence/raw--x.txt/index.html#L3-L5">x</a>',
    );
    expect(rel('<a href="/a/evidence/raw--x.txt">x</a>', 'index.html')).toBe(
      '<a href="a/evidence/raw--x.txt/index.html">x</a>',
    );
    expect(rel('<form action="/search/" method="get">', 'rules/index.html')).toBe(
      '<form action="../search/index.html" method="get">',
    );
    expect(rel("<link href='/_astro/x.css'>", 'index.html')).toBe("<link href='_astro/x.css'>");
  });

  it('strips the base from asset paths and leaves other URLs alone', () => {
    expect(rel('<script type="module" src="/reports/_astro/a.js"></script>', 'x/index.html', '/reports/')).toBe(
      '<script type="module" src="../_astro/a.js"></script>',
    );
    expect(rel('<a href="/x/">x</a>', 'index.html', '/reports/')).toBe('<a href="x/index.html">x</a>');
    for (const kept of [
      '<a href="#main">',
      '<a href="https://example.com/">',
      '<a href="//example.com/x">',
      '<a href="index.html">',
      '<p>evidence text: href=&quot;/x/&quot; src=&#34;/y&#34;</p>',
      '<a data-href="/x/">',
    ])
      expect(rel(kept, 'a/index.html')).toBe(kept);
  });
});

describe.skipIf(!hasChromium)('the built site from file://', () => {
  let outDir: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ outDir } = await getSharedSite());
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('has no root-relative link left, and every relative link names a file of the site', async () => {
    const pages = await fg('**/*.html', { cwd: outDir, ignore: ['pagefind/**'] });
    expect(pages.length).toBeGreaterThan(20);
    const broken: string[] = [];
    for (const page of pages) {
      const html = readFileSync(join(outDir, page), 'utf8');
      for (const m of html.matchAll(/\s(?:href|src|action)=["']([^"']*)["']/g)) {
        const url = m[1]!;
        if (/^(#|[a-z][a-z0-9+.-]*:)/i.test(url)) continue;
        if (url.startsWith('/')) broken.push(`${page}: root-relative ${url}`);
        const path = decodeURIComponent(url.split(/[?#]/)[0]!);
        if (!existsSync(join(outDir, dirname(page), path)) || path.endsWith('/'))
          broken.push(`${page}: ${url} names no file`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('is styled, and links lead from the audit list to the backlog and an evidence line', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const navigations: string[] = [];
    const missing: string[] = [];
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations.push(f.url());
    });
    // A module script cannot run from file:// (Chromium refuses it without CORS); every other file must load.
    page.on('requestfailed', (r) => {
      if (r.resourceType() !== 'script') missing.push(`${r.url()} ${r.failure()?.errorText ?? ''}`);
    });
    await page.goto(pathToFileURL(join(outDir, 'index.html')).href);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontFamily)).toContain('system-ui');
    expect(await page.locator('link[rel=stylesheet]').count()).toBeGreaterThan(0);

    await page.locator('main a', { hasText: 'quantumtrader-prod-1' }).first().click();
    await page.waitForURL(/\/quantum-trader-2025-12-3?\d\/index\.html$/);
    await page.locator('nav[aria-label=Audit] a', { hasText: 'Backlog' }).click();
    await page.waitForURL(/\/backlog\/index\.html$/);
    expect(await page.locator('h1').innerText()).toBe('Backlog');
    expect(await page.locator('article.finding').count()).toBeGreaterThan(0);

    const link = page.locator('article.finding.P0 a.evidence-link', { hasText: /:\d+/ }).first();
    const label = await link.innerText();
    const line = Number(/:(\d+)/.exec(label)![1]);
    await link.click();
    await page.waitForURL(/\/evidence\/[^/]+\/index\.html#L\d+/);
    const target = page.locator(`#L${line}`);
    expect(await target.evaluate((el) => el.matches(':target'))).toBe(true);
    expect(await target.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.locator('h1').innerText()).toBe(label.replace(/:\d.*$/, ''));

    // Back up through the breadcrumb to the evidence list, and to the rules: still files, still styled.
    await page.locator('main a', { hasText: 'Evidence files' }).click();
    await page.waitForURL(/\/evidence\/index\.html$/);
    await page.locator('header a', { hasText: 'Rules' }).click();
    await page.waitForURL(/\/rules\/index\.html$/);

    expect(navigations.every((u) => u.startsWith('file://'))).toBe(true);
    expect(missing).toEqual([]);
    await context.close();
  }, 60_000);
});
