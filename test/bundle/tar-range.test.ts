import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleReadError, isStreamed } from '../../src/core/bundle/bundle.ts';
import { streamBytes } from '../../src/core/bundle/gunzip.ts';
import { readTarSource } from '../../src/core/bundle/tar.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { readBundle } from '../../src/node/read-bundle.ts';
import { makeTar, bytesOfOpen } from '../helpers/hostile-bundles.ts';

// Issue 16: a plain tar's streamed entries are read at their offset in the archive (one decoding pass
// in all), checked against the bytes that pass saw; a .tar.gz is decoded again, as before.

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const KEY = 'tar-range-key';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evidex-tar-range-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A folder of files with long names (GNU 'L' or PAX 'x' headers), odd sizes and a link between them. */
function makeTree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const put = (rel: string, data: Buffer) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), data);
    files.set(rel, data);
  };
  put('raw/a.txt', Buffer.from('alpha line\n'.repeat(20_000)));
  put(`raw/${'long-name-'.repeat(15)}.txt`, Buffer.from('long\n'.repeat(777)));
  put('raw/one-byte.txt', Buffer.from('x'));
  put('raw/exact-block.txt', Buffer.alloc(1024, 0x41));
  put(`deep/${'sub/'.repeat(30)}z.txt`, Buffer.from('zulu\n'.repeat(3001)));
  execFileSync('ln', ['-s', 'a.txt', join(root, 'raw', 'link.txt')]);
  return files;
}

describe('plain tar entries read at their offset', () => {
  for (const format of ['gnu', 'posix', 'ustar'] as const) {
    it(`a tar made by the system tar (--format=${format}): every streamed entry gives its exact bytes`, async () => {
      const root = join(dir, `tree-${format}`);
      const files = makeTree(root);
      const tar = join(dir, `tree-${format}.tar`);
      // ustar has no long names (the deep one fits its 155-byte prefix) and no links: it gets the rest.
      const ustar = ['raw/a.txt', 'raw/one-byte.txt', 'raw/exact-block.txt', 'deep'];
      const names = format === 'ustar' ? ustar : ['raw', 'deep'];
      execFileSync('tar', [`--format=${format}`, '-cf', tar, '-C', root, ...names]);
      const b = await readBundle(tar, {}, { streamAbove: 0 });
      const streamed = b.files.filter(isStreamed);
      expect(streamed.length).toBe(b.files.length);
      expect(b.files.length).toBe(format === 'ustar' ? 4 : files.size);
      // In archive order (the way analyzeBundle reads), then backwards, then one abandoned half-way.
      for (const f of streamed) expect(await bytesOfOpen(f), f.path).toEqual(files.get(f.path));
      for (const f of [...streamed].reverse()) expect(await bytesOfOpen(f), f.path).toEqual(files.get(f.path));
      for await (const _ of streamed[0]!.open()) break;
      expect(await bytesOfOpen(streamed[0]!)).toEqual(files.get(streamed[0]!.path));
      // The same bytes from memory, counting passes: the long-name and PAX headers kept the offsets right.
      const bytes = readFileSync(tar);
      let passes = 0;
      const source = () => (passes++, streamBytes(bytes, 4096));
      const range = async function* (offset: number, size: number) {
        yield bytes.subarray(offset, offset + size);
      };
      const mem = await readTarSource(source, bytes.subarray(0, 512), 't', {}, { streamAbove: 0, range });
      for (const f of mem.files) expect(await bytesOfOpen(f), f.path).toEqual(files.get(f.path));
      expect(passes).toBe(1);
    });
  }

  it('reads each streamed entry through the range once, never decoding the archive again', async () => {
    const tar = makeTar([
      { name: 'b/raw/a.txt', data: 'alpha\n'.repeat(1000) },
      { name: 'b/raw/small.txt', data: 'tiny' },
      { name: 'b/raw/z.txt', data: 'zulu\n'.repeat(3000) },
    ]);
    let passes = 0;
    const ranges: [number, number][] = [];
    const source = () => {
      passes++;
      return streamBytes(tar, 1000);
    };
    const range = async function* (offset: number, size: number) {
      ranges.push([offset, size]);
      for (let at = offset; at < offset + size; at += 700) yield tar.slice(at, Math.min(at + 700, offset + size));
    };
    const b = await readTarSource(source, tar.subarray(0, 512), 'b', {}, { streamAbove: 100, range });
    expect(b.files.map((f) => [f.path, isStreamed(f)])).toEqual([
      ['raw/a.txt', true],
      ['raw/small.txt', false],
      ['raw/z.txt', true],
    ]);
    expect((await bytesOfOpen(b.files[2]!)).toString()).toBe('zulu\n'.repeat(3000));
    expect((await bytesOfOpen(b.files[0]!)).toString()).toBe('alpha\n'.repeat(1000));
    expect(passes).toBe(1);
    // a.txt's body follows its header; z.txt's follows a.txt (6000 bytes, padded to 6144), small.txt and its header.
    expect(ranges).toEqual([
      [512 + 6144 + 1024 + 512, 15000],
      [512, 6000],
    ]);
  });

  it('an archive changed after it was read fails with a clear error instead of giving other bytes', async () => {
    const data = { head: 'alpha\n'.repeat(5000), tail: 'omega\n'.repeat(5000) };
    const tar = makeTar([{ name: 'raw/a.txt', data: data.head + data.tail }]);
    const cases: [string, (t: Buffer) => Buffer][] = [
      ['its head', (t) => Buffer.from(t).fill(0x42, 600, 601)],
      ['its tail', (t) => Buffer.from(t).fill(0x42, 512 + 59_000, 512 + 59_001)],
      ['cut short', (t) => t.subarray(0, 512 + 30_000)],
    ];
    for (const [label, change] of cases) {
      const path = join(dir, 'changed.tar');
      writeFileSync(path, tar);
      const b = await readBundle(path, {}, { streamAbove: 0 });
      writeFileSync(path, change(Buffer.from(tar)));
      const err = await bytesOfOpen(b.files[0]!).catch((e: unknown) => e);
      expect(err, label).toBeInstanceOf(BundleReadError);
      expect((err as Error).message, label).toMatch(/changed while it was read: entry 1 \('raw\/a.txt'\)/);
    }
  });

  it('the sample as a .tar on disk, every entry streamed, analyzes exactly like the folder', async () => {
    const tar = join(dir, 'quantum-trader-2025-12-24.tar');
    execFileSync('tar', ['-cf', tar, '-C', 'evidence', 'quantum-trader-2025-12-24']);
    const folder = await analyzeBundle(await readBundle(SAMPLE), { redactKey: KEY });
    const disk = await readBundle(tar, {}, { streamAbove: 0 });
    expect(disk.files.filter(isStreamed).length).toBe(disk.files.length - 1);
    const tarball = await analyzeBundle(disk, { redactKey: KEY });
    expect(JSON.stringify(tarball.audit)).toBe(JSON.stringify(folder.audit));
    expect(tarball.evidence).toEqual(folder.evidence);
    expect(readFileSync(tar).length).toBeGreaterThan(100_000);
  });
});
