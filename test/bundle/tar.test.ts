import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BundleLimitError, BundleReadError, bundleNameFrom, normalizeEntryPath } from '../../src/core/bundle/bundle.ts';
import { readTarBundle } from '../../src/core/bundle/tar.ts';
import { makeTar } from '../helpers/hostile-bundles.ts';

const text = (data: Uint8Array) => new TextDecoder().decode(data);
const paths = (b: { files: { path: string }[] }) => b.files.map((f) => f.path);

describe('normalizeEntryPath', () => {
  it('normalises ./, doubled and trailing slashes', () => {
    expect(normalizeEntryPath('./raw//docker_ps.txt')).toEqual({ ok: true, path: 'raw/docker_ps.txt', dotSlash: true });
    expect(normalizeEntryPath('bundle/raw/')).toEqual({ ok: true, path: 'bundle/raw', dotSlash: false });
    expect(normalizeEntryPath('./')).toEqual({ ok: true, path: '', dotSlash: true });
  });

  it('refuses .., absolute, drive-letter and backslash escapes', () => {
    expect(normalizeEntryPath('../evil.txt')).toEqual({ ok: false, reason: "'..' in path" });
    expect(normalizeEntryPath('a/../../evil')).toEqual({ ok: false, reason: "'..' in path" });
    expect(normalizeEntryPath('a/../b')).toEqual({ ok: false, reason: "'..' in path" });
    expect(normalizeEntryPath('/tmp/evil')).toEqual({ ok: false, reason: 'absolute path' });
    expect(normalizeEntryPath('\\\\server\\share')).toEqual({ ok: false, reason: 'absolute path' });
    expect(normalizeEntryPath('C:/evil.txt')).toEqual({ ok: false, reason: 'drive-letter path' });
    expect(normalizeEntryPath('c:evil')).toEqual({ ok: false, reason: 'drive-letter path' });
    expect(normalizeEntryPath('x\\..\\..\\evil')).toEqual({ ok: false, reason: "'..' in path" });
  });

  it('keeps names that merely contain dots', () => {
    expect(normalizeEntryPath('raw/..hidden/a...b')).toEqual({ ok: true, path: 'raw/..hidden/a...b', dotSlash: false });
  });
});

describe('bundleNameFrom', () => {
  it('drops .tar, .tar.gz and .tgz only', () => {
    expect(bundleNameFrom('quantum-trader-2025-12-24.tar.gz')).toBe('quantum-trader-2025-12-24');
    expect(bundleNameFrom('q.tgz')).toBe('q');
    expect(bundleNameFrom('q.TAR')).toBe('q');
    expect(bundleNameFrom('capture.v2')).toBe('capture.v2');
  });
});

describe('readTarBundle', () => {
  it('strips one wrapper folder shared by every file', async () => {
    const tar = makeTar([
      { name: 'bundle/', type: 'dir' },
      { name: 'bundle/raw/x.txt', data: 'x' },
      { name: 'bundle/raw/y.txt', data: 'y' },
      { name: 'bundle/top.txt', data: 't' },
    ]);
    const b = await readTarBundle(tar, 'b');
    expect(paths(b)).toEqual(['raw/x.txt', 'raw/y.txt', 'top.txt']);
    expect(b.issues).toEqual([]);
  });

  it('strips exactly one folder, even when two are shared', async () => {
    const b = await readTarBundle(
      makeTar([
        { name: 'bundle/raw/x.txt', data: 'x' },
        { name: 'bundle/raw/y.txt', data: 'y' },
      ]),
      'b',
    );
    expect(paths(b)).toEqual(['raw/x.txt', 'raw/y.txt']);
  });

  it('does not strip when files sit at different top levels', async () => {
    const b = await readTarBundle(
      makeTar([
        { name: 'raw/x.txt', data: 'x' },
        { name: 'notes.txt', data: 'n' },
      ]),
      'b',
    );
    expect(paths(b)).toEqual(['notes.txt', 'raw/x.txt']);
  });

  it('does not strip a folder of a ./-rooted archive (tar -C bundle .)', async () => {
    const b = await readTarBundle(
      makeTar([
        { name: './', type: 'dir' },
        { name: './raw/x.txt', data: 'x' },
      ]),
      'b',
    );
    expect(paths(b)).toEqual(['raw/x.txt']);
  });

  it('keeps the last of duplicate paths and reports it', async () => {
    const b = await readTarBundle(
      makeTar([
        { name: 'b/a.txt', data: 'first' },
        { name: 'b/./a.txt', data: 'second' },
      ]),
      'b',
    );
    expect(paths(b)).toEqual(['a.txt']);
    expect(text(b.files[0]!.data)).toBe('second');
    expect(b.issues).toEqual([
      {
        file: 'a.txt',
        kind: 'unsafe-entry',
        message:
          'Duplicate entry in the archive: 2 copies; the last copy (entry 2 of the ' +
          'archive, 6 bytes) was used, as tar extraction would.',
      },
    ]);
  });

  it('reads an empty archive (only end blocks) as an empty bundle', async () => {
    const b = await readTarBundle(new Uint8Array(10240), 'empty');
    expect(b).toEqual({ name: 'empty', files: [], issues: [] });
  });

  it('enforces maxEntries, maxEntryBytes and maxTotalBytes with one-line messages', async () => {
    const tar = makeTar([
      { name: 'a.txt', data: 'a'.repeat(100) },
      { name: 'b.txt', data: 'b'.repeat(100) },
      { name: 'c.txt', data: 'c' },
    ]);
    const entries = await readTarBundle(tar, 'x', { maxEntries: 2 }).catch((e: unknown) => e);
    expect(entries).toBeInstanceOf(BundleLimitError);
    expect((entries as BundleLimitError).limit).toBe('maxEntries');
    expect((entries as Error).message).toBe(
      "Stopped reading 'x': more than 2 entries (limit 2). If the bundle " +
        'is trusted, raise the limit with --max-entries.',
    );

    const one = await readTarBundle(tar, 'x', { maxEntryBytes: 99 }).catch((e: unknown) => e);
    expect((one as BundleLimitError).limit).toBe('maxEntryBytes');
    expect((one as Error).message).toBe(
      "Stopped reading 'x': an entry of 100 B is over the per-file limit of 99 B. If " +
        'the bundle is trusted, raise the limit with --max-entry-bytes.',
    );

    const total = await readTarBundle(gzipSync(tar), 'x', { maxTotalBytes: 150 }).catch((e: unknown) => e);
    expect((total as BundleLimitError).limit).toBe('maxTotalBytes');
    expect((total as Error).message).toContain('--max-total-bytes');
    expect((total as Error).message).not.toContain('\n');
  });

  it('recognises gzip by magic bytes, not by name', async () => {
    const b = await readTarBundle(gzipSync(makeTar([{ name: 'a.txt', data: 'hello' }])), 'plain-name.tar');
    expect(paths(b)).toEqual(['a.txt']);
    expect(text(b.files[0]!.data)).toBe('hello');
  });

  it('says a gzip of something else is not a tar archive', async () => {
    const err = await readTarBundle(gzipSync(new TextEncoder().encode('not a tar, just text\n'.repeat(40))), 'x').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BundleReadError);
    expect((err as BundleReadError).reason).toBe('not-archive');
    expect((err as Error).message).toBe(
      "Could not read 'x': the gzip data is not a tar archive. Pass a bundle folder or a .tar/.tar.gz/.tgz capture.",
    );
  });

  it('keeps messages on one line whatever the name holds', async () => {
    const err = await readTarBundle(new Uint8Array(3), 'evil\nname').catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      "Could not read 'evil\\x0aname': not a folder or a .tar/.tar.gz bundle (too short for a " +
        'tar header). Pass a bundle folder or a .tar/.tar.gz/.tgz capture.',
    );
  });

  it('never throws anything but its own errors on mutated archives (fuzz)', async () => {
    const base = makeTar([
      { name: 'bundle/raw/a.txt', data: 'alpha\n'.repeat(100) },
      { name: 'bundle/raw/b.json', data: '{"b":1}' },
      { name: 'bundle/raw/link', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'bundle/raw/c.txt', data: 'gamma' },
    ]);
    const gz = gzipSync(base);
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.option(fc.nat()),
        async (useGzip, flips, cut) => {
          const src = useGzip ? gz : base;
          let bytes: Uint8Array = new Uint8Array(src);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          if (cut !== null) bytes = bytes.subarray(0, cut % (bytes.length + 1));
          try {
            const b = await readTarBundle(bytes, 'fuzz', { maxTotalBytes: 1 << 20 });
            for (const f of b.files) expect(normalizeEntryPath(f.path)).toMatchObject({ ok: true, path: f.path });
          } catch (err) {
            if (!(err instanceof BundleReadError) && !(err instanceof BundleLimitError)) throw err;
          }
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
