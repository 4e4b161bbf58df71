// "Copy as Markdown" on the site's finding cards, in a real headless Chromium: build the sample's
// site, click the button on a finding's permalink page, and read the clipboard back.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFindingMarkdown, type Audit, type EvidenceText } from '../../src/core/index.ts';
import { buildSite } from '../../src/node/build-site.ts';
import { createStaticServer, listen } from '../../src/cli/serve.ts';
import { findingSlug, slugify } from '../../src/core/text/slug.ts';
import { launchChromium, requireChromium } from '../helpers/browser.ts';
import { SAMPLE } from './helpers.ts';

const hasChromium = requireChromium('copy as Markdown tests');

describe.skipIf(!hasChromium)('copy as Markdown on a finding card', () => {
  let tmp: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let data: { audit: Audit; evidence: EvidenceText[] };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'evidex-copy-md-'));
    const outDir = join(tmp, 'site');
    const dataDir = join(tmp, 'data');
    await buildSite({ inputs: [SAMPLE], outDir, dataDir, search: false });
    const file = readdirSync(dataDir).find((f) => f.endsWith('.json'))!;
    data = JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as typeof data;
    server = createStaticServer(outDir);
    base = `http://127.0.0.1:${await listen(server, 0)}`;
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('copies the finding as the export writes it, with its absolute permalink', async () => {
    const f = data.audit.findings.find((x) => x.priority === 'P0')!;
    const url = `${base}/${slugify(data.audit.bundle.name)}/findings/${findingSlug(f.fingerprint)}/`;
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page.locator('article.finding button.copy-md').first().click();
      await page.waitForFunction(() => document.querySelector('.copy-md-status')?.textContent === 'Copied');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const expected = formatFindingMarkdown(f, data);
      expect(copied).toBe(`${expected.trimEnd()}\n\n[Permalink](<${url}>)\n`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
