// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/**
 * Without Chromium, browser tests skip with a message locally and fail in CI (CI installs it).
 * Call once per test file, at top level; returns whether the browser suite should run.
 */
export function requireChromium(suite: string): boolean {
  if (!hasChromium && process.env['CI']) {
    describe(suite, () => {
      it('needs Chromium at /usr/bin/chromium', () => {
        throw new Error(
          `Chromium is missing at ${CHROMIUM}. CI installs it with 'apt-get install ` +
            `chromium' (see .ci/run); the browser tests cannot run without it.`,
        );
      });
    });
  } else if (!hasChromium) {
    console.warn(
      `[${suite}] skipped: no Chromium at ${CHROMIUM} (install it with ` +
        `'apt-get install chromium'; in CI this fails instead).`,
    );
  }
  return hasChromium;
}

/** Headless Chromium with the flags this machine needs (root, no GPU, closed network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Open a page and collect console errors, page errors, failed and non-2xx requests, and dialogs. */
export async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}
