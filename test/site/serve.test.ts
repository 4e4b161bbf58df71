import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticServer, listen, resolveRequestPath } from '../../src/cli/serve.ts';

/** A raw GET that sends the path exactly as given (fetch would normalise '..'). */
function get(
  port: number,
  path: string,
): Promise<{ status: number; type: string | undefined; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          location: res.headers.location,
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static server', () => {
  let dir: string;
  let root: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidex-serve-'));
    root = join(dir, 'site');
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    mkdirSync(join(root, '_astro'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><p>home</p>');
    writeFileSync(join(root, 'a', 'b', 'index.html'), '<p>nested</p>');
    writeFileSync(join(root, '_astro', 'x.js'), 'console.log(1)');
    writeFileSync(join(root, '_astro', 'x.css'), 'p{}');
    writeFileSync(join(dir, 'secret.txt'), 'do not serve');
    symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
    server = createStaticServer(root);
    port = await listen(server, 0);
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html for folders and the right content types', async () => {
    expect(await get(port, '/')).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><p>home</p>',
    });
    expect(await get(port, '/a/b/')).toMatchObject({ status: 200, body: '<p>nested</p>' });
    expect(await get(port, '/_astro/x.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(await get(port, '/_astro/x.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
  });

  it('redirects a folder without its trailing slash, keeping the query', async () => {
    expect(await get(port, '/a/b?q=1')).toMatchObject({ status: 301, location: '/a/b/?q=1' });
  });

  it('never serves files outside the root', async () => {
    for (const path of [
      '/../secret.txt',
      '/a/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/a/%00',
      '/%E0%A4%A',
    ]) {
      const res = await get(port, path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain('do not serve');
    }
    // A symlink inside the root that points outside it is not followed.
    expect((await get(port, '/link.txt')).status).toBe(404);
    expect((await get(port, '/missing/')).status).toBe(404);
  });

  it('maps request paths inside the root only', () => {
    expect(resolveRequestPath(root, '/a/b/index.html?x#y')).toBe(join(root, 'a', 'b', 'index.html'));
    expect(resolveRequestPath(root, '/../x')).toBeUndefined();
    expect(resolveRequestPath(root, '/%2e%2e/x')).toBeUndefined();
    expect(resolveRequestPath(root, '/a\\..\\..\\x')).toBeUndefined();
  });

  it('moves to the next port when the wanted one is taken', async () => {
    const other = createStaticServer(root);
    const used = await listen(other, port);
    expect(used).toBe(port + 1);
    await new Promise((done) => other.close(done));
  });
});
