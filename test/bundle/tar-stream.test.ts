import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleReadError, isStreamed, type Bundle, type BundleFile } from '../../src/core/bundle/bundle.ts';
import { webPlatform } from '../../src/core/bundle/platform.ts';
import { readTarBundle } from '../../src/core/bundle/tar.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { nodePlatform } from '../../src/node/platform.ts';
import { readBundle } from '../../src/node/read-bundle.ts';
import { makeTar, tarHeader, bytesOfOpen } from '../helpers/hostile-bundles.ts';

// Issue 16: tarball entries go through the same streamed path as large folder files, the archive is
// never held whole, multi-member gzip is read to its end, and hostile archive shapes give one clear line.

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const KEY = 'tar-stream-key';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evidex-tar-stream-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A PAX header entry ('g' global or 'x' local) carrying `records`. */
function paxEntry(type: 'g' | 'x', records: Record<string, string>): Uint8Array {
  let body = '';
  for (const [k, v] of Object.entries(records)) {
    const rest = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(rest) + 1;
    while (String(len).length + Buffer.byteLength(rest) !== len) len = String(len).length + Buffer.byteLength(rest);
    body += `${len}${rest}`;
  }
  const data = Buffer.from(body);
  const header = tarHeader({ name: type === 'g' ? 'pax_global_header' : 'PaxHeaders/x' }, data.length);
  header[156] = type.charCodeAt(0);
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.set(Buffer.from(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return Buffer.concat([header, data, new Uint8Array(-data.length & 511)]);
}

/** A tar of raw parts followed by the end blocks. */
const tarOf = (...parts: Uint8Array[]) => Buffer.concat([...parts, new Uint8Array(1024)]);
/** makeTar without its end blocks, to splice PAX headers between entries. */
const entries = (...e: Parameters<typeof makeTar>[0]) => makeTar(e, { end: false });

describe('tar entries read as streams', () => {
  const files = [
    { name: 'b/raw/a.txt', data: 'alpha\n'.repeat(100) },
    { name: 'b/raw/small.txt', data: 'tiny' },
    { name: 'b/raw/z.txt', data: 'zulu\n'.repeat(300) },
  ];
  for (const [label, bytes] of [
    ['tar', makeTar(files)],
    ['tar.gz', gzipSync(makeTar(files))],
  ] as const) {
    it(
      `${label}: entries over streamAbove get open(), yield their ` + 'exact bytes in any order, and refuse data',
      async () => {
        const b = await readTarBundle(bytes, 'b', {}, { streamAbove: 100 });
        expect(b.files.map((f) => [f.path, isStreamed(f)])).toEqual([
          ['raw/a.txt', true],
          ['raw/small.txt', false],
          ['raw/z.txt', true],
        ]);
        const [a, , z] = b.files as [BundleFile, BundleFile, BundleFile];
        expect(a.size).toBe(600);
        // In archive order (one pass serves both), then backwards (a new pass), then the same one twice.
        expect(text(await bytesOfOpen(a))).toBe(files[0]!.data);
        expect(text(await bytesOfOpen(z))).toBe(files[2]!.data);
        expect(text(await bytesOfOpen(a))).toBe(files[0]!.data);
        expect(text(await bytesOfOpen(a))).toBe(files[0]!.data);
        expect(() => a.data).toThrow(BundleReadError);
      },
    );
  }

  it('a memory budget streams the entries past it', async () => {
    const b = await readTarBundle(makeTar(files), 'b', {}, { memoryBudget: 700 });
    expect(b.files.map((f) => [f.path, isStreamed(f)])).toEqual([
      ['raw/a.txt', false],
      ['raw/small.txt', false],
      ['raw/z.txt', true],
    ]);
  });

  it('an entry abandoned half-read leaves the next open() correct', async () => {
    const b = await readTarBundle(gzipSync(makeTar(files)), 'b', {}, { streamAbove: 0 });
    const a = b.files[0]!;
    for await (const chunk of a.open!()) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(text(await bytesOfOpen(b.files[2]!))).toBe(files[2]!.data);
    expect(text(await bytesOfOpen(a))).toBe(files[0]!.data);
  });

  it('the sample as a .tar.gz on disk, every entry streamed, analyzes exactly like the folder', async () => {
    const tgz = join(dir, 'quantum-trader-2025-12-24.tar.gz');
    execFileSync('tar', ['-czf', tgz, '-C', 'evidence', 'quantum-trader-2025-12-24']);
    const folder = await analyzeBundle(await readBundle(SAMPLE), { redactKey: KEY });
    const disk = await readBundle(tgz, {}, { streamAbove: 0 });
    expect(disk.files.filter(isStreamed).length).toBe(disk.files.length - 1);
    const tarball = await analyzeBundle(disk, { redactKey: KEY });
    expect(JSON.stringify(tarball.audit)).toBe(JSON.stringify(folder.audit));
    expect(tarball.evidence).toEqual(folder.evidence);
    expect(folder.audit.logs.length).toBe(4);
  });

  it(
    'from disk (input arriving asynchronously), entries read out of ' + 'order and abandoned half-way stay correct',
    async () => {
      const tgz = join(dir, 'quantum-trader-2025-12-24.tar.gz');
      const b = await readBundle(tgz, {}, { streamAbove: 0 });
      const expected = await readBundle(SAMPLE);
      const byPath = new Map(expected.files.map((f) => [f.path, Buffer.from(f.data)]));
      const streamed = b.files.filter(isStreamed);
      expect(streamed.length).toBeGreaterThan(20);
      for (const f of [...streamed].reverse()) expect(await bytesOfOpen(f), f.path).toEqual(byPath.get(f.path));
      for await (const _ of streamed[3]!.open()) break;
      for (const f of streamed.slice(2, 6)) expect(await bytesOfOpen(f), f.path).toEqual(byPath.get(f.path));
    },
  );

  it('the same with the default settings: small entries held, within the memory budget', async () => {
    const tgz = join(dir, 'quantum-trader-2025-12-24.tar.gz');
    const b = await readBundle(tgz);
    expect(b.files.filter(isStreamed)).toEqual([]);
    expect(JSON.stringify((await analyzeBundle(b, { redactKey: KEY })).audit)).toBe(
      JSON.stringify((await analyzeBundle(await readBundle(SAMPLE), { redactKey: KEY })).audit),
    );
  });
});

describe('multi-member gzip', () => {
  const tar = makeTar([
    { name: 'b/one.txt', data: 'one\n'.repeat(2000) },
    { name: 'b/two.txt', data: 'two\n'.repeat(2000) },
  ]);
  // Cut inside the first entry's body: the second member carries the rest, as pigz or `cat` makes.
  const twoMembers = Buffer.concat([gzipSync(tar.subarray(0, 3000)), gzipSync(tar.subarray(3000))]);

  it('is read to its end by the Node platform (native zlib), on disk and in memory', async () => {
    const path = join(dir, 'multi.tgz');
    writeFileSync(path, twoMembers);
    for (const b of [await readBundle(path), await readTarBundle(twoMembers, 'b', {}, { platform: nodePlatform })]) {
      expect(b.files.map((f) => [f.path, f.data.length])).toEqual([
        ['one.txt', 8000],
        ['two.txt', 8000],
      ]);
      expect(b.issues).toEqual([]);
    }
  });

  it('says what it is on the web platform, whose DecompressionStream stops after the first member', async () => {
    const err = await readTarBundle(twoMembers, 'b', {}, { platform: webPlatform }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleReadError);
    expect((err as Error).message).toMatch(/several members/);
  });
});

describe('hostile archive shapes give one clear line each', () => {
  it('a PAX global header that renames every later entry: those are skipped, in one issue', async () => {
    const bytes = tarOf(
      entries({ name: 'raw/a.txt', data: 'a' }),
      paxEntry('g', { path: 'raw/evil.txt' }),
      entries({ name: 'raw/b.txt', data: 'b' }, { name: 'raw/c.txt', data: 'c' }),
    );
    for (const b of [await readTarBundle(bytes, 'x'), await readTarBundle(gzipSync(bytes), 'x')]) {
      // Every kept file sits under raw/, so that wrapper folder is stripped.
      expect(b.files.map((f) => f.path)).toEqual(['a.txt']);
      expect(b.issues).toEqual([
        {
          file: 'x',
          kind: 'unsafe-entry',
          message:
            'The archive has a PAX global header that renames every later entry ' +
            "('raw/evil.txt'); the 2 entries after it were skipped.",
        },
      ]);
    }
  });

  it('a PAX global header without a path (GNU tar writes mtime ones) changes nothing', async () => {
    const bytes = tarOf(
      paxEntry('g', { comment: 'made by tar' }),
      entries({ name: 'raw/a.txt', data: 'a' }, { name: 'raw/b.txt', data: 'b' }),
    );
    const b = await readTarBundle(bytes, 'x');
    expect(b.files.map((f) => f.path)).toEqual(['a.txt', 'b.txt']);
    expect(b.issues).toEqual([]);
  });

  it('a local PAX size override keeps the watch in step (no false global rename later)', async () => {
    const bytes = tarOf(
      paxEntry('x', { path: 'raw/long-name.txt' }),
      entries({ name: 'raw/short', data: 'x'.repeat(700) }, { name: 'raw/b.txt', data: 'b' }),
    );
    const b = await readTarBundle(bytes, 'x');
    expect(b.files.map((f) => f.path)).toEqual(['b.txt', 'long-name.txt']);
    expect(b.issues).toEqual([]);
  });

  it('every entry rejected: each says why, and one line says nothing could be used', async () => {
    const b = await readTarBundle(
      makeTar([
        { name: '../evil.txt', data: 'x' },
        { name: '/etc/x', data: 'y' },
      ]),
      'x',
    );
    expect(b.files).toEqual([]);
    expect(b.issues.map((i) => i.message)).toEqual([
      "Skipped file with unsafe name ('..' in path): entries must stay inside the bundle.",
      'Skipped file with unsafe name (absolute path): entries must stay inside the bundle.',
      'No entry of the archive could be used: all 2 were skipped (see the issues above).',
    ]);
  });

  it('duplicate names: one line per name, saying which copy was used', async () => {
    const b = await readTarBundle(
      makeTar([
        { name: 'a.txt', data: '1' },
        { name: 'a.txt', data: '22' },
        { name: './a.txt', data: '333' },
      ]),
      'x',
    );
    expect(text(b.files[0]!.data)).toBe('333');
    expect(b.issues).toEqual([
      {
        file: 'a.txt',
        kind: 'unsafe-entry',
        message:
          'Duplicate entry in the archive: 3 copies; the last copy (entry 3 of the ' +
          'archive, 3 bytes) was used, as tar extraction would.',
      },
    ]);
  });

  it('over-long and very deep names are skipped with a short line, never an internal error', async () => {
    const long = `raw/${'n'.repeat(5000)}.txt`;
    const deep = `${'d/'.repeat(100)}f.txt`;
    const bytes = tarOf(
      paxEntry('x', { path: long }),
      entries({ name: 'placeholder', data: 'x' }),
      paxEntry('x', { path: deep }),
      entries({ name: 'p2', data: 'y' }, { name: 'raw/ok.txt', data: 'ok' }),
    );
    const b = await readTarBundle(bytes, 'x');
    expect(b.files.map((f) => f.path)).toEqual(['ok.txt']);
    expect(b.issues.map((i) => i.message)).toEqual([
      'Skipped file with unsafe name (name of 5008 characters, over 4096): entries must stay inside the bundle.',
      'Skipped file with unsafe name (101 levels deep, over 64): entries must stay inside the bundle.',
    ]);
    expect(b.issues[0]!.file.length).toBeLessThan(260);
  });

  it('a folder bundle nested deeper than the limit stops there with one line', async () => {
    const root = join(dir, 'deep');
    let p = join(root, 'raw');
    for (let i = 0; i < 70; i++) p = join(p, 'd');
    mkdirSync(p, { recursive: true });
    writeFileSync(join(p, 'x.txt'), 'x');
    writeFileSync(join(root, 'raw', 'ok.txt'), 'ok');
    const b: Bundle = await readBundle(root);
    expect(b.files.map((f) => f.path)).toEqual(['raw/ok.txt']);
    expect(b.issues).toHaveLength(1);
    expect(b.issues[0]!.message).toBe('Skipped folder: it is 64 levels deep, over 64; nothing under it was read.');
    expect(readFileSync(join(p, 'x.txt'), 'utf8')).toBe('x');
  });
});
