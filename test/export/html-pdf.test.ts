// The single-file HTML report opened from file:// in headless Chromium with the network blocked, and
// the PDF printed from it read back with pdftotext: on the sample and on redis-multi.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTime, type Analysis } from '../../src/core/index.ts';
import { exportHtml, exportPdf } from '../../src/node/export/render.ts';
import { launchChromium, requireChromium } from '../helpers/browser.ts';
import { BUNDLES, SAMPLE, analyzeAll } from './helpers.ts';

const hasChromium = requireChromium('export html/pdf tests');
const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

describe.skipIf(!hasChromium)('the HTML export in Chromium, network blocked', () => {
  let analyses: Map<string, Analysis>;
  let browser: Browser;
  let tmp: string;

  beforeAll(async () => {
    analyses = await analyzeAll();
    browser = await launchChromium();
    tmp = mkdtempSync(join(tmpdir(), 'evidex-export-html-'));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Open a file from file:// with every other request aborted; report each request and failure. */
  async function open(file: string) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const requests: string[] = [];
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      return url.startsWith('file:') ? route.continue() : route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // The inlined-Mermaid file runs a 5.5 MB script while loading: slow on a busy machine.
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 150_000 });
    return { context, page, requests, problems };
  }

  describe.each(BUNDLES)('%s', (bundle) => {
    it(
      'one file that loads nothing else, draws the flow diagram as SVG ' +
        'and shows the P0 findings on the first screen',
      async () => {
        const a = analyses.get(bundle)!;
        const { html, diagram } = await exportHtml(a, 'auto', browser);
        expect(diagram).toBe('svg');
        const file = join(tmp, `${bundle.replace(/\W+/g, '-')}.html`);
        writeFileSync(file, html);
        const { context, page, requests, problems } = await open(file);
        try {
          expect(problems).toEqual([]);
          // The document itself is the only request: no stylesheet, script, font or image is fetched.
          expect(requests).toEqual([pathToFileURL(file).href]);
          expect(await page.locator('script').count()).toBe(0);
          // The diagram is an SVG inside the flow section, with the graph's nodes drawn.
          const svg = page.locator('#flow svg');
          expect(await svg.count()).toBe(1);
          expect(await page.locator('#flow svg g.node').count()).toBeGreaterThan(0);
          // Host, capture time, bundle sha256, evidex and rules version on the first page.
          const first = (await page.locator('header.first').innerText()).replace(/\s+/g, ' ');
          expect(first).toContain(a.audit.bundle.sha256);
          expect(first).toContain(formatTime(a.audit.bundle.capturedAt));
          expect(first).toContain(`evidex ${a.audit.tool.version} · rules version ${a.audit.tool.rulesVersion}`);
          if (a.audit.host.hostname) expect(first).toContain(a.audit.host.hostname);
          // Every P0 finding's entry lies within the first 1280×720 screen.
          const p0 = a.audit.findings.filter((f) => f.priority === 'P0' && !f.accepted);
          const items = page.locator('#p0 li');
          expect(await items.count()).toBe(p0.length);
          for (let i = 0; i < p0.length; i++) {
            expect(await items.nth(i).innerText()).toContain(p0[i]!.title);
            const box = await items.nth(i).boundingBox();
            expect(box).not.toBeNull();
            expect(box!.y + box!.height).toBeLessThanOrEqual(720);
          }
          if (p0.length === 0) expect(await page.locator('#p0').innerText()).toContain('No P0 finding');
          const p0box = await page.locator('#p0').boundingBox();
          expect(p0box!.y).toBeLessThan(720);
        } finally {
          await context.close();
        }
      },
      180_000,
    );
  });

  it('without a pre-drawn SVG, the inlined Mermaid draws the diagram from file:// with nothing fetched', async () => {
    const { html, diagram } = await exportHtml(analyses.get(SAMPLE)!, 'script');
    expect(diagram).toBe('script');
    const file = join(tmp, 'script.html');
    writeFileSync(file, html);
    const { context, page, requests, problems } = await open(file);
    try {
      await page.waitForSelector('#flow-diagram[data-rendered="svg"] svg', { timeout: 120_000 });
      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it.skipIf(!hasPdftotext)(
    'the PDF holds host, capture time, bundle sha256 and the P0 findings as text',
    async () => {
      const a = analyses.get(SAMPLE)!;
      const started = performance.now();
      const pdf = await exportPdf(a);
      const ms = Math.round(performance.now() - started);
      expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const file = join(tmp, 'report.pdf');
      writeFileSync(file, pdf);
      const first = spawnSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
      expect(first.status).toBe(0);
      const page1 = first.stdout.replace(/\s+/g, ' ');
      expect(page1).toContain(a.audit.host.hostname!);
      expect(page1).toContain(formatTime(a.audit.bundle.capturedAt));
      expect(page1).toContain(a.audit.bundle.sha256);
      expect(page1).toContain(`rules version ${a.audit.tool.rulesVersion}`);
      for (const f of a.audit.findings.filter((x) => x.priority === 'P0'))
        expect(page1).toContain(f.title.replace(/\s+/g, ' ').slice(0, 40));
      console.info(`[export] sample PDF: ${pdf.length} bytes in ${ms} ms`);
    },
    180_000,
  );
});
