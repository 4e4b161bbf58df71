// With no P0 the overview's banner is the first P1 items (amber), not an all-clear: a container crash-looping at
// P1 is still the first thing an on-call engineer sees, on a laptop and on a phone. A two-container bundle built
// here: `api` restarting with a Go panic in its log, `web` up and publishing port 80. The banner quotes the panic.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import { getBacklog } from '../../src/core/incidents/backlog.ts';
import { buildSite } from '../../src/node/build-site.ts';
import { createStaticServer, listen } from '../../src/cli/serve.ts';
import { launchChromium, openPage, requireChromium } from '../helpers/browser.ts';

const hasChromium = requireChromium('site P1 banner test');
const row = (...cells: string[]) =>
  `${cells[0]!.padEnd(10)}${cells[1]!.padEnd(17)}${cells[2]!.padEnd(32)}${cells[3] ?? ''}`.trimEnd();

describe.skipIf(!hasChromium)('overview banner without a P0', () => {
  let tmp: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let audit: Audit;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'evidex-p1-'));
    const bundle = join(tmp, 'bundles', 'shop-api');
    mkdirSync(bundle, { recursive: true });
    writeFileSync(
      join(bundle, 'docker_ps.txt'),
      [
        row('NAMES', 'IMAGE', 'STATUS', 'PORTS'),
        row('api', 'shop/api:1.4', 'Restarting (2) 8 seconds ago'),
        row('web', 'nginx:1.25', 'Up 2 hours', '0.0.0.0:80->80/tcp'),
        '',
      ].join('\n'),
    );
    copyFileSync(
      'test/fixtures/public/docker-logs/go1.9-pouch-panic-signal-sigsegv.txt',
      join(bundle, 'logs_tail_api.txt'),
    );
    writeFileSync(join(bundle, 'logs_tail_web.txt'), 'Listening on :80\nGET /health 200\n');
    const dataDir = join(tmp, 'data');
    await buildSite({ inputs: [bundle], outDir: join(tmp, 'site'), dataDir });
    const file = readdirSync(dataDir).find((f) => f.startsWith('shop-api'));
    audit = (JSON.parse(readFileSync(join(dataDir, file!), 'utf8')) as { audit: Audit }).audit;
    server = createStaticServer(join(tmp, 'site'));
    base = `http://127.0.0.1:${await listen(server, 0)}`;
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  for (const [device, viewport] of [
    ['laptop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`shows the first P1 item, its incident and cause, at the top on a ${device}`, async () => {
      const items = getBacklog(audit).items;
      expect(items.some((i) => i.priority === 'P0')).toBe(false);
      const first = items.find((i) => i.priority === 'P1')!;
      expect(first.incident?.title).toContain('api');
      const context = await browser.newContext({ viewport });
      try {
        const { page, problems } = await openPage(context, `${base}/shop-api/`);
        expect(await page.locator('.alert-p0, .alert-ok').count()).toBe(0);
        const banner = page.locator('.alert-p1');
        expect(await banner.locator('h2').innerText()).toMatch(/^No P0 · 1 P1 item: next$/);
        const text = await banner.locator('li').first().innerText();
        expect(text).toContain(`Incident: ${first.incident!.title}`);
        expect(text).toContain(first.finding.title);
        // Why it crashes, in its own words, under the cause: the panic its log ends with, linked to its line.
        const quote = banner.locator('li').first().locator('.quote');
        expect(await quote.locator('.quote-text').innerText()).toBe(
          'panic: runtime error: invalid memory address or nil pointer dereference',
        );
        expect(await quote.locator('.quote-label').innerText()).toBe('last error logged');
        expect(await quote.locator('a').getAttribute('href')).toMatch(/logs.tail.api.*#L1(-L\d+)?$/);
        const box = await banner.boundingBox();
        expect(box!.y + box!.height).toBeLessThan(viewport.height);
        // The banner's item is not repeated under "Next up".
        expect(await page.locator('body').innerText()).not.toMatch(
          new RegExp(`Next up[\\s\\S]*Incident: ${first.incident!.title}`),
        );
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
