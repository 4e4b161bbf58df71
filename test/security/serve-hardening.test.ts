// Issue 12: the local report server (`npm start`), attacked over real HTTP on 127.0.0.1: DNS
// rebinding, open redirects, symlinks out of the site, build-internal files, and its headers.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticServer, isLoopbackHost, listen } from '../../src/cli/serve.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET that sends the path and Host exactly as given. */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A request written byte for byte on a socket (absolute-form targets, no Host at all). */
function raw(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(head));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (out += c));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('local server hardening (running on 127.0.0.1)', () => {
  let dir: string;
  let root: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidex-serve-sec-'));
    root = join(dir, 'site');
    mkdirSync(join(root, '_astro'), { recursive: true });
    mkdirSync(join(root, 'pagefind'));
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><p>home</p>');
    writeFileSync(join(root, '404.html'), '<!doctype html><p>not here</p>');
    writeFileSync(join(root, '_astro', 'a.js'), 'export {}');
    writeFileSync(join(root, 'pagefind', 'pagefind.js'), 'export {}');
    writeFileSync(join(root, '.evidex-build.json'), '{"inputs":["/home/someone/private/evidence"]}');
    mkdirSync(join(root, '.cache'));
    writeFileSync(join(root, '.cache', 'data.json'), 'INTERNAL');
    writeFileSync(join(dir, 'outside', 'secret.txt'), 'OUTSIDE-SECRET');
    symlinkSync(join(dir, 'outside', 'secret.txt'), join(root, 'file-link.txt'));
    symlinkSync(join(dir, 'outside'), join(root, 'dir-link'));
    server = createStaticServer(root);
    port = await listen(server, 0);
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers to loopback Host names and refuses every other (DNS rebinding)', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      'localhost',
      `[::1]:${port}`,
      `app.localhost:${port}`,
      'LOCALHOST.',
    ]) {
      expect((await get(port, '/', host)).status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `127.0.0.1.evil.example:${port}`,
      `localhost.evil.example`,
      '10.0.0.1',
      '[::2]',
      `0.0.0.0:${port}`,
      'localhost@evil.example',
    ]) {
      const res = await get(port, '/', host);
      expect(res.status, host).toBe(421);
      expect(res.body).not.toContain('home');
    }
    expect(await raw(port, 'GET / HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 421 /);
  });

  it('never redirects off the site', async () => {
    for (const path of [
      '//evil.example/..%2f_astro',
      '//evil.example/%2e%2e/_astro',
      '/%2fevil.example/..%2f_astro',
      '/%5cevil.example/..%2f_astro',
      '///evil.example/_astro',
    ]) {
      const res = await get(port, path);
      const location = res.headers.location;
      if (location !== undefined) expect(location, path).toMatch(/^\/(?![/\\])/);
      expect(res.status, path).not.toBe(200);
    }
    // An ordinary folder redirect stays a same-site path and keeps the query.
    expect(await get(port, '/_astro?x=1')).toMatchObject({ status: 301, headers: { location: '/_astro/?x=1' } });
    expect((await get(port, '/%2fevil.example/..%2f_astro')).headers.location).toBe('/_astro/');
    // Absolute-form targets are refused.
    expect(await raw(port, `GET http://evil.example/_astro HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 400 /,
    );
  });

  it('follows no symlink out of the site, file or folder', async () => {
    for (const path of ['/file-link.txt', '/dir-link/secret.txt', '/dir-link/']) {
      const res = await get(port, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('OUTSIDE-SECRET');
    }
  });

  it('never serves build-internal files', async () => {
    for (const path of [
      '/.evidex-build.json',
      '/.cache/data.json',
      '/%2eevidex-build.json',
      '/_astro/../.evidex-build.json',
    ]) {
      const res = await get(port, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toMatch(/private|INTERNAL/);
    }
    expect((await get(port, '/pagefind/pagefind.js')).status).toBe(200);
  });

  it('sends CSP with frame-ancestors none, nosniff and no-referrer on every answer', async () => {
    for (const path of ['/', '/_astro/a.js', '/missing', '/_astro', '/.evidex-build.json']) {
      const { headers } = await get(port, path);
      expect(headers['content-security-policy'], path).toMatch(/frame-ancestors 'none'/);
      expect(headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(headers['content-security-policy']).toMatch(/object-src 'none'/);
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
    }
    expect((await get(port, '/', 'evil.example')).headers['x-content-type-options']).toBe('nosniff');
  });

  it('isLoopbackHost reads Host headers strictly', () => {
    expect(isLoopbackHost('127.5.6.7:80')).toBe(true);
    expect(isLoopbackHost('[0:0:0:0:0:0:0:1]:4321')).toBe(true);
    expect(isLoopbackHost(undefined)).toBe(false);
    expect(isLoopbackHost('127.0.0.256')).toBe(false);
    expect(isLoopbackHost('127.0.0.1:80:80')).toBe(false);
    expect(isLoopbackHost('[::1')).toBe(false);
  });
});
