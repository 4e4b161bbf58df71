// Headless Chromium for the exports that need a browser: drawing the flow diagram to SVG at export
// time (Mermaid needs a DOM) and printing the HTML report to PDF. Debian's /usr/bin/chromium driven by
// playwright-core; nothing is downloaded, and every request the page makes is aborted.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { Browser, BrowserType, Page } from 'playwright-core';
import { EvidexError, ExportNeedsChromium } from '../../core/index.ts';
import { resolveModule } from '../resolve-module.ts';

/** Where Chromium is looked for, after EVIDEX_CHROMIUM. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** The flags headless Chromium runs with here: no sandbox (containers run as root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** The Chromium binary to use, or why there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const set = env['EVIDEX_CHROMIUM'];
  if (set)
    return existsSync(set) ? { path: set } : { missing: `EVIDEX_CHROMIUM points at '${set}', which does not exist` };
  const found = CANDIDATES.find((p) => existsSync(p));
  return found ? { path: found } : { missing: `no Chromium binary was found (looked for ${CANDIDATES.join(', ')})` };
}

/** The first line of an error's message. */
const messageLine = (err: unknown): string => String((err as Error | undefined)?.message ?? err).split('\n')[0]!;

/** Launch headless Chromium, or throw ExportNeedsChromium naming what is missing (exit code 2). */
export async function launchChromium(format: string): Promise<Browser> {
  const where = findChromium();
  if ('missing' in where) throw new EvidexError(ExportNeedsChromium, format, where.missing);
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    // Missing (an optional dependency, left out by `npm install --omit=optional`), or present and broken.
    const code = (err as { code?: string }).code;
    const first = messageLine(err);
    // Not a file that playwright-core itself cannot find: the package.
    const missing = code === 'ERR_MODULE_NOT_FOUND' && first.includes("'playwright-core'");
    throw new EvidexError(
      ExportNeedsChromium,
      format,
      missing
        ? "the npm package 'playwright-core' is not installed"
        : `the npm package 'playwright-core' did not load (${first})`,
    );
  }
  try {
    return await chromium.launch({ executablePath: where.path, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (err) {
    const first = messageLine(err);
    throw new EvidexError(ExportNeedsChromium, format, `Chromium at ${where.path} did not start (${first})`);
  }
}

/** A page that can reach nothing: every request but the document itself is aborted. */
export async function closedPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ offline: true, javaScriptEnabled: true });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    return url.startsWith('data:') || url === 'about:blank' ? route.continue() : route.abort('blockedbyclient');
  });
  return context.newPage();
}

/** Mermaid's single-file browser bundle (the same version the site draws with). */
export function readMermaidBundle(): string {
  const core = resolveModule('mermaid');
  return readFileSync(core.replace(/mermaid\.core\.mjs$/, 'mermaid.min.js'), 'utf8');
}

/**
 * The inline script of an HTML export without a pre-drawn SVG: Mermaid's bundle travels as a JSON
 * string with every '<' written \u003c (so the script holds no '<' and nothing in it can end the
 * element), runs from that string, then draws #flow-src into #flow-diagram with securityLevel 'strict'.
 */
export function mermaidInlineScript(bundle: string = readMermaidBundle()): string {
  const source = JSON.stringify(bundle)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return [
    `(function(){var src=${source};`,
    'var s=document.createElement("script");s.text=src;document.head.appendChild(s);',
    'var t=document.getElementById("flow-diagram"),m=document.getElementById("flow-src");',
    'if(!t||!m||!window.mermaid){return;}',
    'window.mermaid.initialize({startOnLoad:false,securityLevel:"strict",',
    'theme:"default",flowchart:{htmlLabels:false}});',
    'window.mermaid.render("flow-svg",m.textContent||"").then(',
    'function(r){t.innerHTML=r.svg;t.setAttribute("data-rendered","svg");},',
    'function(e){t.textContent="The diagram could not be drawn: "+e;t.setAttribute("data-rendered","error");});})();',
  ].join('');
}

/** A made-up origin the drawing page is served from; the route below answers it from Mermaid's dist folder. */
const MERMAID_ORIGIN = 'http://mermaid.evidex.invalid';

/**
 * Draw Mermaid source to an SVG string in the page, with securityLevel 'strict' (labels sanitised,
 * no click handlers) and plain SVG text labels (no HTML inside foreignObject), so the SVG shows the
 * same in any viewer and in print. Mermaid's ES module build is served from node_modules to the page
 * (only the chunks a flowchart needs load, a fraction of the 5.5 MB single-file bundle); any other
 * request is aborted.
 */
export async function renderMermaidSvg(page: Page, source: string): Promise<string> {
  const dist = dirname(resolveModule('mermaid'));
  await page.route(`${MERMAID_ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/draw.html')
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><body></body>' });
    const file = resolve(dist, `.${decodeURIComponent(path)}`);
    if (!file.startsWith(dist + sep) || !/\.m?js$/.test(file) || !existsSync(file))
      return route.abort('blockedbyclient');
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file) });
  });
  await page.goto(`${MERMAID_ORIGIN}/draw.html`);
  // Passed as source text, not a function: a bundler or test runner that rewrites `import()` in this
  // file (vitest does) must not rewrite the page's own dynamic import.
  const options = {
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'default',
    flowchart: { htmlLabels: false, useMaxWidth: true },
    maxTextSize: 200_000,
  };
  const svg = await page.evaluate<string>(
    `(async () => {
      const { default: m } = await import(${JSON.stringify(`${MERMAID_ORIGIN}/mermaid.esm.min.mjs`)});
      m.initialize(${JSON.stringify(options)});
      const { svg } = await m.render('flow-svg', ${JSON.stringify(source)});
      return svg;
    })()`,
  );
  // With SVG text labels Mermaid leaves its entity escapes (#183; → '&#183;') as literal text, which the
  // serialiser writes as '&amp;#183;'. A numeric character reference is character data, never markup.
  return svg.replace(/&amp;#(\d{1,7});/g, (m, n: string) => (Number(n) <= 0x10ffff ? `&#${n};` : m));
}

/** Print an HTML document to PDF (A4, backgrounds on, the document's @page rules honoured). */
export async function printPdf(page: Page, html: string): Promise<Uint8Array> {
  await page.setContent(html, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, outline: true, tagged: true });
}
