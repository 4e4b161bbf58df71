// Issue 14, "Open a bundle": the /open/ page in headless Chromium. A tarball of the sample is dropped
// (set on the file input), the core analyzes it in the page's Web Worker, and the rendered backlog and
// flow show the P0 lag; no request leaves the page's own origin. A later capture of the same host
// shows the diff, a picked folder gives the same findings, and the JSON button saves the Audit.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/index.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';
import { createStaticServer, listen } from '../../src/cli/serve.ts';
import { launchChromium, requireChromium } from '../helpers/browser.ts';
import { LATER, SAMPLE, getSharedSite, packBundle } from '../helpers/site-build.ts';

const ARTIFACTS = 'test/artifacts';
const hasChromium = requireChromium('open a bundle');

describe.skipIf(!hasChromium)('/open/ analyzes a dropped bundle in the browser', () => {
  let tmp: string;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let sampleTar: string;
  let laterTar: string;
  let expected: Audit;
  /** Every request any page of the context made, and every page error or console error. */
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'evidex-open-'));
    sampleTar = await packBundle(SAMPLE, join(tmp, 'quantum-trader-2025-12-24.tar.gz'));
    laterTar = await packBundle(LATER, join(tmp, 'quantum-trader-2025-12-31.tar.gz'));
    // What the CLI finds in the same tarball; the browser has no hand-written findings (content/findings).
    const cli = (await analyzePath(sampleTar)).audit;
    expected = { ...cli, findings: cli.findings.filter((f) => f.source === 'rule') };
    const { outDir } = await getSharedSite();
    server = createStaticServer(outDir);
    origin = `http://127.0.0.1:${await listen(server, 0)}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    context.on('request', (r) => requests.push(r.url()));
    context.on('page', (p) => {
      p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      p.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function openAndDrop(file: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${origin}/open/`);
    await page.locator('#open-file').setInputFiles(file);
    await page.waitForSelector('#open-backlog', { timeout: 60_000 });
    return page;
  }

  /** Requests to anything but the page's own origin (blob: downloads and data: URLs stay in the page). */
  const leaving = () => requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(blob|data):/.test(u));

  it('shows the P0 lag on the backlog with its cited lines, and lag on the flow diagram', async () => {
    const page = await openAndDrop(sampleTar);
    const ms = Number(await page.locator('#open-progress').getAttribute('data-ms'));
    console.info(`[open] worker analyzed the sample tarball in ${ms} ms`);
    expect(ms).toBeGreaterThan(0);

    const lag = expected.findings.find((f) => f.ruleId === 'stream/consumer-group-lag' && f.priority === 'P0');
    expect(lag, 'the sample has a P0 consumer-group lag').toBeDefined();
    const card = page.locator('#open-backlog article[data-rule="stream/consumer-group-lag"][data-priority="P0"]');
    expect(await card.count()).toBeGreaterThan(0);
    const text = await card.first().innerText();
    expect(text).toContain(lag!.title);
    expect(text).toContain('10014');
    // The cited lines of the dropped file are shown under the evidence link, as text.
    const ref = lag!.evidence.find((e) => e.startLine)!;
    const cited = card.first().locator('.open-cited .line').first();
    const fileLines = readFileSync(join(SAMPLE, 'raw', ref.file.replace(/^raw\//, '')), 'utf8').split('\n');
    expect((await cited.locator('.tx').innerText()).trim()).toBe(fileLines[ref.startLine! - 1]!.trim());

    // The browser found what the CLI finds in the same tarball: same rules, priorities and subjects.
    const key = (f: { ruleId: string; priority: string; subject: string }) => `${f.priority} ${f.ruleId} ${f.subject}`;
    const shown = await page
      .locator('#open-backlog article')
      .evaluateAll((els) =>
        els.map(
          (e) =>
            `${e.getAttribute('data-priority')} ${e.getAttribute('data-rule')} ` +
            `${e.querySelector('.meta code')?.textContent}`,
        ),
      );
    expect(shown.sort()).toEqual(expected.findings.map(key).sort());
    expect(await page.locator('#open-overview .counts .count-P0 .n').innerText()).toBe(
      String(expected.findings.filter((f) => f.priority === 'P0' && !f.accepted).length),
    );

    await page.waitForSelector('#open-flow-diagram[data-rendered="true"] svg', { timeout: 30_000 });
    const labels = await page.locator('#open-flow-diagram svg .edgeLabel').allTextContents();
    expect(labels.some((l) => l.includes('lag 10014'))).toBe(true);
    expect(await page.locator('#open-flow-lag').innerText()).toContain('lag 10014');

    await page.screenshot({ path: join(ARTIFACTS, 'open-laptop.png'), fullPage: false });
    await page.locator('#open-backlog').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'open-laptop-backlog.png'), fullPage: false });
    await page.locator('#open-flow').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'open-laptop-flow.png'), fullPage: false });

    // An evidence link opens the dropped file with the cited lines highlighted.
    await card.first().locator('a.evidence-link').first().click();
    await page.waitForSelector('#open-file-text .line.hl');
    expect(await page.locator('#open-file-name').innerText()).toBe(ref.file);
    expect(await page.locator(`#open-L${ref.startLine}`).getAttribute('class')).toMatch(/\bhl\b/);

    expect(leaving()).toEqual([]);
    expect(requests.some((u) => /open-worker[^/]*\.js$/.test(u))).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows the diff when a later capture of the same host is dropped', async () => {
    const page = await openAndDrop(sampleTar);
    await page.locator('#open-file').setInputFiles(laterTar);
    await page.waitForSelector('#open-diff', { timeout: 60_000 });
    const summary = await page.locator('#open-diff-summary').innerText();
    expect(summary).toMatch(/\d+ new · \d+ resolved/);
    const group = page.locator('#open-diff-groups tr', { hasText: 'quantum:group:execution:trade.intent' });
    expect(await group.locator('td').nth(1).innerText()).toBe('10014 → 12');
    expect(await page.locator('#open-title').innerText()).toBeTruthy();
    expect(leaving()).toEqual([]);
    await page.close();
  }, 120_000);

  it('saves the analysis JSON and reads a picked folder the same way', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/open/`);
    await page.locator('#open-folder').setInputFiles(SAMPLE);
    await page.waitForSelector('#open-backlog', { timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#open-save').click()]);
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Audit;
    expect(saved.bundle.name).toBe('quantum-trader-2025-12-24');
    expect(saved.bundle.sha256).toBe(expected.bundle.sha256);
    expect(saved.findings.map((f) => `${f.priority} ${f.ruleId} ${f.subject}`).sort()).toEqual(
      expected.findings.map((f) => `${f.priority} ${f.ruleId} ${f.subject}`).sort(),
    );
    expect(leaving()).toEqual([]);
    await page.close();
  }, 120_000);

  it('fits a phone screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await page.goto(`${origin}/open/`);
    await page.locator('#open-file').setInputFiles(sampleTar);
    await page.waitForSelector('#open-flow-diagram[data-rendered]', { timeout: 60_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(ARTIFACTS, 'open-phone.png'), fullPage: false });
    await page.locator('#open-backlog').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'open-phone-backlog.png'), fullPage: false });
    await phone.close();
  }, 120_000);

  it('shows hostile evidence as text: no dialog, no injected element, the diagram still renders', async () => {
    const XSS = '<img src=x onerror=alert(1)>';
    const dir = join(tmp, 'hostile-bundle');
    cpSync(SAMPLE, dir, { recursive: true });
    const edit = (file: string, fn: (t: string) => string) =>
      writeFileSync(join(dir, 'raw', file), fn(readFileSync(join(dir, 'raw', file), 'utf8')));
    // Same column width, so `docker ps` still parses; a stream key and a log line carry markup too.
    edit('docker_ps.txt', (t) =>
      t.replace('quantum_market_publisher', XSS.padEnd('quantum_market_publisher'.length, ' ')),
    );
    edit('redis_stream_keys.txt', (t) => `${t.trimEnd()}\nquantum:stream:${XSS}\n`);
    edit(
      'logs_tail_quantum_backend.txt',
      (t) => `${t.trimEnd()}\n04:55:45 - ERROR - ${XSS} <script>alert(2)</script>\n`,
    );
    const tar = await packBundle(dir, join(tmp, 'hostile-bundle.tar.gz'));
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${origin}/open/`);
    await page.locator('#open-file').setInputFiles(tar);
    await page.waitForSelector('#open-flow-diagram[data-rendered]', { timeout: 60_000 });
    await page.locator('#open-files a', { hasText: 'logs_tail_quantum_backend.txt' }).click();
    await page.waitForSelector('#open-file-text');
    expect(await page.locator('#open-report').innerText()).toContain(XSS);
    const injected = await page.evaluate(
      () => document.querySelectorAll('img[src="x"], [onerror], #open-report script').length,
    );
    expect(injected).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await page.locator('#open-flow-diagram').getAttribute('data-rendered')).toBe('true');
    await page.close();
  }, 120_000);

  it('rejects a file that is not a bundle with a message, not a crash', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/open/`);
    await page
      .locator('#open-file')
      .setInputFiles({ name: 'notes.tar.gz', mimeType: 'application/gzip', buffer: Buffer.from('not gzip at all') });
    await page.waitForSelector('#open-error:not([hidden])', { timeout: 30_000 });
    expect(await page.locator('#open-error').innerText()).toMatch(/could not be analyzed/);
    await page
      .locator('#open-file')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    expect(await page.locator('#open-error').innerText()).toMatch(/not a \.tar/);
    await page.close();
  }, 60_000);
});
