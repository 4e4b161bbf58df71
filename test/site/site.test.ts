// The report site in a real headless Chromium: build the sample bundle plus a hostile one once,
// serve the output with our static server, then check pages as a person would use them.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import { getBacklog } from '../../src/core/incidents/backlog.ts';
import { buildSite } from '../../src/node/build-site.ts';
import { createStaticServer, listen } from '../../src/cli/serve.ts';
import { launchChromium, openPage, requireChromium } from '../helpers/browser.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const ARTIFACTS = 'test/artifacts';

const XSS_IMG = '<img src=x onerror=alert(1)>';
const XSS_SCRIPT = '<script>alert(1)</script>';
const MERMAID_INIT = '%%{init: {"securityLevel":"loose"}}%%';
const JS_URL = 'javascript:alert(1)';
const MERMAID_CLICK = 'click n1 call alert()';

const hasChromium = requireChromium('site tests');

/** A copy of the sample bundle with attacker-controlled strings where evidence text reaches the report. */
function makeHostileBundle(dir: string): void {
  const src = join(SAMPLE, 'raw');
  cpSync(existsSync(src) ? src : SAMPLE, dir, { recursive: true });
  const edit = (file: string, fn: (text: string) => string) =>
    writeFileSync(join(dir, file), fn(readFileSync(join(dir, file), 'utf8')));
  // Container name: same column width so `docker ps` still parses.
  edit('docker_ps.txt', (t) =>
    t.replace('quantum_market_publisher', XSS_SCRIPT.padEnd('quantum_market_publisher'.length, ' ')),
  );
  // Stream keys and producers named by stream entries (they become Mermaid labels).
  edit(
    'redis_stream_keys.txt',
    (t) => `${t.trimEnd()}\nquantum:stream:${XSS_IMG}\n${MERMAID_INIT}\n${MERMAID_CLICK}\n`,
  );
  let n = 0;
  const sources = [XSS_IMG, MERMAID_INIT, `${MERMAID_CLICK} ${JS_URL}`];
  edit('redis_sample_trade_intent.txt', (t) => t.replace(/^trading-bot$/gm, () => sources[n++ % sources.length]!));
  // A log line and a health body.
  edit(
    'logs_tail_quantum_backend.txt',
    (t) => `${t.trimEnd()}\n04:55:45 - ERROR - ${XSS_SCRIPT} ${XSS_IMG} ${JS_URL} ${MERMAID_INIT}\n`,
  );
  writeFileSync(
    join(dir, 'http_health_backend.txt'),
    JSON.stringify({ status: XSS_IMG, service: 'backend', detail: XSS_SCRIPT, link: JS_URL, note: MERMAID_INIT }) +
      '\n',
  );
}

describe.skipIf(!hasChromium)('report site in Chromium', () => {
  let tmp: string;
  let outDir: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let sample: { slug: string; audit: Audit };
  let hostile: { slug: string; audit: Audit };
  const dialogs: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'evidex-site-'));
    outDir = join(tmp, 'site');
    const hostileDir = join(tmp, 'bundles', 'hostile-bundle');
    mkdirSync(hostileDir, { recursive: true });
    makeHostileBundle(hostileDir);
    const dataDir = join(tmp, 'data');
    await buildSite({ inputs: [SAMPLE, hostileDir], outDir, dataDir });
    const load = (name: string) => {
      const file = readdirSync(dataDir).find((f) => f.startsWith(name));
      const { audit } = JSON.parse(readFileSync(join(dataDir, file!), 'utf8')) as { audit: Audit };
      return { slug: audit.bundle.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'), audit };
    };
    sample = load('quantum-trader');
    hostile = load('hostile-bundle');
    server = createStaticServer(outDir);
    base = `http://127.0.0.1:${await listen(server, 0)}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const open = (path: string) => openPage(context, `${base}${path}`);

  it('builds every page type for both bundles', async () => {
    const pages = await fg('**/index.html', { cwd: outDir });
    for (const a of [sample, hostile]) {
      for (const p of [
        '',
        'backlog/',
        'flow/',
        'timeline/',
        'containers/',
        'redis/',
        'logs/',
        'health/',
        'evidence/',
      ]) {
        expect(pages).toContain(`${a.slug}/${p}index.html`);
      }
      expect(pages.filter((p) => p.startsWith(`${a.slug}/findings/`))).toHaveLength(a.audit.findings.length);
    }
    expect(pages).toContain('index.html');
    expect(pages).toContain('rules/index.html');
    expect(pages).toContain('search/index.html');
    expect(existsSync(join(outDir, 'pagefind', 'pagefind-ui.js'))).toBe(true);
  });

  it('shows the timeline: the 08:31 stall first but the boot, the capture last, hostile names as text', () => {
    const page = (slug: string) => readFileSync(join(outDir, slug, 'timeline', 'index.html'), 'utf8');
    const html = page(sample.slug);
    const times = [...html.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]);
    expect(times.slice(1, 2)).toEqual(['2025-12-20T08:31:18.937Z']);
    expect(times.at(-1)).toBe('2025-12-24T04:56:41.856Z');
    expect(html).toContain('quantum_redis restarted');
    // The nav marks the Timeline tab as the current page (links are relative: see file-url.test.ts).
    expect(html).toMatch(/<a href="[^"]*"[^>]*aria-current="page"[^>]*>\s*Timeline/);
    const hostileHtml = page(hostile.slug);
    expect(hostileHtml).not.toContain(XSS_SCRIPT);
    expect(hostileHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('ships no inline script and the CSP meta on every page', async () => {
    const pages = await fg('**/*.html', { cwd: outDir, ignore: ['pagefind/**'] });
    for (const p of pages) {
      const html = readFileSync(join(outDir, p), 'utf8');
      expect(html, p).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'`,
      );
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, p).toMatch(/\ssrc="[^"]+\.js"/);
      // No Mermaid code outside the flow page.
      if (!p.includes('/flow/')) expect(html, p).not.toMatch(/mermaid/i);
    }
  });

  it('loads every page with no console error, failed request or dialog', async () => {
    const pages = (await fg('**/index.html', { cwd: outDir, ignore: ['pagefind/**'] })).map(
      (p) => `/${p.replace(/index\.html$/, '')}`,
    );
    const bad: string[] = [];
    let current = '';
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') bad.push(`${current}: console: ${m.text()}`);
    });
    page.on('pageerror', (e) => bad.push(`${current}: pageerror: ${e.message}`));
    // ERR_ABORTED is a request cut short by the next navigation (e.g. the favicon); a missing file shows as an HTTP
    // error.
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED')
        bad.push(`${current}: failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) bad.push(`${current}: HTTP ${r.status()}: ${r.url()}`);
    });
    for (const path of pages) {
      current = path;
      await page.goto(`${base}${path}`, { waitUntil: 'load' });
      if (path.endsWith('/flow/')) await page.waitForSelector('#flow-diagram[data-rendered]', { timeout: 20_000 });
      if (path.startsWith('/search/')) await page.waitForSelector('.pagefind-ui', { timeout: 10_000 });
    }
    await page.close();
    expect(bad).toEqual([]);
    expect(pages.length).toBeGreaterThan(20);
  }, 240_000);

  // Issue 11: the overview's P0 banner lists backlog items — an incident once, by its cause — not every finding.
  it('puts the P0 items at the top of the overview, incidents by their cause', async () => {
    const { page } = await open(`/${sample.slug}/`);
    const p0 = getBacklog(sample.audit).items.filter((i) => i.priority === 'P0');
    const banner = page.locator('.alert-p0');
    expect(p0.length).toBeGreaterThan(0);
    if (p0.length > 0) {
      expect(await banner.locator('li').count()).toBe(p0.length);
      const first = p0[0]!;
      expect(await banner.locator('li').first().innerText()).toContain(first.finding.title);
      if (first.incident && first.symptoms.length > 0)
        expect(await banner.locator('li').first().innerText()).toContain(`Incident: ${first.incident.title}`);
      const box = await banner.boundingBox();
      expect(box!.y).toBeLessThan(200);
      expect(await banner.locator('h2').innerText()).toContain('P0');
    }
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
    await page.close();
  });

  // Issue 11: incidents first with their symptoms folded (in the page, closed), evidence-quality notes in their
  // own section; every finding is still on the page, and the filter works on what is shown.
  it('saves backlog screenshots, folds symptoms under incidents, and filters by priority', async () => {
    const { page } = await open(`/${sample.slug}/backlog/`);
    await page.screenshot({ path: join(ARTIFACTS, 'backlog.png'), fullPage: false });
    const backlog = getBacklog(sample.audit);
    expect(await page.locator('.finding').count()).toBe(sample.audit.findings.length);
    const shown = page.locator('.prio-group .finding:visible');
    const all = await shown.count();
    expect(all).toBe(backlog.items.length + backlog.accepted.length);
    const incident = backlog.items.find((i) => i.incident !== undefined && i.symptoms.length > 0);
    expect(incident).toBeDefined();
    const section = page.locator(`#${incident!.incident!.id}`);
    expect(await section.locator('.role-cause').count()).toBe(1);
    expect(await section.locator('h4').first().innerText()).toContain(incident!.finding.title);
    await section.locator('details.symptoms > summary').click();
    expect(await section.locator('.finding:visible').count()).toBe(1 + incident!.symptoms.length);
    const notes = page.locator('.evidence-quality .finding');
    expect(await notes.count()).toBe(backlog.notes.length);
    expect(backlog.notes.every((f) => f.ruleId.startsWith('evidence/'))).toBe(true);
    await page.locator('input[name=priority][value=P0]').uncheck();
    const p0 = backlog.items.filter((i) => i.finding.priority === 'P0').length;
    // The opened incident's P2 symptom stays visible with its P0 cause filtered out.
    expect(await shown.count()).toBe(all + incident!.symptoms.length - p0);
    expect(page.url()).toContain('p=P1%2CP2%2CP3');
    await page.close();
  });

  it('renders the flow diagram as SVG with lag 10014 on the trade.intent edge', async () => {
    const { page, problems } = await open(`/${sample.slug}/flow/`);
    await page.waitForSelector('#flow-diagram svg', { timeout: 20_000 });
    const svgText = await page.locator('#flow-diagram svg').textContent();
    expect(svgText).toContain('quantum:stream:trade.intent');
    expect(svgText).toContain('quantum:group:execution:trade.intent');
    // The edge label between the stream and its group.
    const labels = await page.locator('#flow-diagram svg .edgeLabel').allTextContents();
    expect(labels.some((l) => l.includes('lag 10014'))).toBe(true);
    const row = page
      .locator('#flow-edges tr', { hasText: 'quantum:group:execution:trade.intent' })
      .filter({ hasText: 'lag 10014' });
    expect(await row.first().innerText()).toContain('quantum:stream:trade.intent');
    await page.screenshot({ path: join(ARTIFACTS, 'flow.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens a finding permalink and its evidence link lands on the highlighted lines', async () => {
    const finding = [...sample.audit.findings]
      .sort((a, b) => a.priority.localeCompare(b.priority))
      .find((f) => f.evidence.some((e) => e.startLine));
    expect(finding?.priority).toBe('P0');
    const permalink = `/${sample.slug}/findings/${finding!.fingerprint
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')}/`;
    const { page } = await open(permalink);
    expect(await page.locator('h1').innerText()).toBe(finding!.title);
    const ref = finding!.evidence.find((e) => e.startLine)!;
    const link = page
      .locator('.finding a.evidence-link')
      .filter({ hasText: `${ref.file}:${ref.startLine}` })
      .first();
    await link.click();
    await page.waitForURL(/#L\d+/);
    const target = page.locator(`#L${ref.startLine}`);
    expect(await target.getAttribute('class')).toMatch(/\bhl\b/);
    const bg = await target.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
    if (ref.endLine && ref.endLine > ref.startLine!)
      expect(await page.locator(`#L${ref.endLine}`).getAttribute('class')).toMatch(/\bhl\b/);
    const after = page.locator(`#L${(ref.endLine ?? ref.startLine!) + 1}`);
    if ((await after.count()) > 0) expect(await after.getAttribute('class')).not.toMatch(/\bhl\b/);
    await page.close();
  });

  it('finds "trade.intent" with the Pagefind search', async () => {
    const { page, problems } = await open('/search/?q=trade.intent');
    await page.waitForSelector('.pagefind-ui__result', { timeout: 20_000 });
    const results = await page.locator('.pagefind-ui__result').allTextContents();
    expect(results.length).toBeGreaterThan(0);
    expect(results.join('\n')).toMatch(/trade\.intent/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows hostile evidence as text: no dialog, no injected element, diagram still renders', async () => {
    const paths = ['', 'backlog/', 'containers/', 'redis/', 'logs/', 'health/', 'evidence/', 'flow/'].map(
      (p) => `/${hostile.slug}/${p}`,
    );
    paths.push(
      '/',
      `/${hostile.slug}/evidence/http_health_backend.txt/`,
      `/${hostile.slug}/evidence/logs_tail_quantum_backend.txt/`,
    );
    for (const path of paths) {
      const { page, problems } = await open(path);
      if (path.endsWith('/flow/')) {
        await page.waitForSelector('#flow-diagram svg', { timeout: 20_000 });
        const svg = page.locator('#flow-diagram svg');
        const text = (await svg.textContent()) ?? '';
        expect(text).toContain(XSS_IMG);
        expect(text).toContain(MERMAID_INIT);
        expect(await svg.locator('img, script, iframe, a').count()).toBe(0);
        await page.screenshot({ path: join(ARTIFACTS, 'flow-hostile.png'), fullPage: true });
      }
      await page.waitForTimeout(150);
      const injected = await page.evaluate(() => ({
        imgs: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
        scripts: [...document.scripts].filter((s) => !s.src || (s.textContent ?? '').includes('alert')).length,
        jsLinks: [...document.querySelectorAll('a[href]')].filter((a) =>
          /^\s*javascript:/i.test(a.getAttribute('href') ?? ''),
        ).length,
      }));
      expect(injected, path).toEqual({ imgs: 0, scripts: 0, jsLinks: 0 });
      expect(problems, path).toEqual([]);
      if (path.endsWith('/containers/')) expect(await page.locator('main').innerText()).toContain(XSS_SCRIPT);
      if (path.endsWith('/health/')) expect(await page.locator('main').innerText()).toContain(XSS_IMG);
      await page.close();
    }
    expect(dialogs).toEqual([]);
  }, 120_000);
});
