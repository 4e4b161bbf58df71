import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleLimitError, BundleReadError, type Bundle, type BundleLimits } from '../../src/core/bundle/bundle.ts';
import { decodeText } from '../../src/core/bundle/decode.ts';
import { EvidexError } from '../../src/core/errors.ts';
import { readBundle } from '../../src/node/read-bundle.ts';
import { buildHostileCorpus, SAMPLE_DIR, type HostileCorpus } from '../helpers/hostile-bundles.ts';

let c: HostileCorpus;
let escapes: string[] = [];
let existedBefore: boolean[] = [];

beforeAll(async () => {
  escapes = [
    join(tmpdir(), 'evil.txt'),
    join(tmpdir(), 'evil'),
    '/tmp/evil',
    join(dirname(tmpdir()), 'evil.txt'),
    join(process.cwd(), 'evil.txt'),
    join(process.cwd(), '..', 'evil.txt'),
  ];
  existedBefore = escapes.map((p) => existsSync(p));
  c = await buildHostileCorpus();
  escapes.push(join(c.root, '..', 'evil.txt'), join(c.root, '..', 'evil'));
  existedBefore.push(existsSync(escapes.at(-2)!), existsSync(escapes.at(-1)!));
});

afterAll(() => {
  if (c) rmSync(c.root, { recursive: true, force: true });
});

/** Read with a deadline, so a hang fails the test instead of stalling the run. */
async function readWithin(path: string, limits: Partial<BundleLimits> = {}, ms = 15_000): Promise<Bundle | Error> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`timed out reading ${path}`)), ms)),
  );
  try {
    return await Promise.race([readBundle(path, limits), deadline]).catch((e: unknown) => {
      if (e instanceof Error && e.message.startsWith('timed out')) throw e;
      return e as Error;
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Every path under `dir`, without following symlinks (readdirSync's recursive mode follows them). */
function listNoFollow(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? [path, ...listNoFollow(dir, path)] : [path];
  });
}

const issueFiles = (b: Bundle) => b.issues.map((i) => [i.file, i.kind]);

describe('hostile archives', () => {
  it('skips traversal, absolute, drive-letter, link, device and FIFO entries and reports each', async () => {
    for (const path of [c.traversalTar, c.traversalTgz]) {
      const b = await readWithin(path);
      if (b instanceof Error) throw b;
      expect(b.files.map((f) => f.path)).toEqual(['raw/good.txt']);
      expect(new TextDecoder().decode(b.files[0]!.data)).toBe('fine\n');
      expect(issueFiles(b)).toEqual([
        ['../evil.txt', 'unsafe-entry'],
        ['bundle/a/../../evil', 'unsafe-entry'],
        ['/tmp/evil', 'unsafe-entry'],
        ['C:/evil.txt', 'unsafe-entry'],
        ['bundle\\..\\..\\evil.txt', 'unsafe-entry'],
        ['bundle/raw/passwd', 'unsafe-entry'],
        ['bundle/raw/hard', 'unsafe-entry'],
        ['bundle/raw/null', 'unsafe-entry'],
        ['bundle/raw/sda', 'unsafe-entry'],
        ['bundle/raw/pipe', 'unsafe-entry'],
      ]);
      expect(b.issues.map((i) => i.message)).toEqual([
        "Skipped file with unsafe name ('..' in path): entries must stay inside the bundle.",
        "Skipped file with unsafe name ('..' in path): entries must stay inside the bundle.",
        'Skipped file with unsafe name (absolute path): entries must stay inside the bundle.',
        'Skipped file with unsafe name (drive-letter path): entries must stay inside the bundle.',
        "Skipped file with unsafe name ('..' in path): entries must stay inside the bundle.",
        "Skipped symlink -> '/etc/passwd': links are never followed.",
        "Skipped hardlink -> '../../outside': links are never followed.",
        'Skipped character-device: only regular files are read.',
        'Skipped block-device: only regular files are read.',
        'Skipped FIFO: only regular files are read.',
      ]);
    }
  });

  it('skips a real FIFO archived by GNU tar', async () => {
    const b = await readWithin(c.fifoTar);
    if (b instanceof Error) throw b;
    expect(b.name).toBe('fifo');
    expect(b.files.map((f) => f.path)).toEqual(['raw/ok.txt']);
    expect(b.issues).toEqual([
      { file: 'fifo-src/raw/pipe', kind: 'unsafe-entry', message: 'Skipped FIFO: only regular files are read.' },
    ]);
  });

  it('skips symlinks and a FIFO in a folder bundle without following or opening them', async () => {
    const b = await readWithin(c.specialFolder);
    if (b instanceof Error) throw b;
    expect(b.files.map((f) => f.path)).toEqual(['raw/ok.txt']);
    expect(b.issues).toEqual([
      {
        file: 'raw/passwd',
        kind: 'unsafe-entry',
        message: "Skipped symlink -> '/etc/passwd': links are never followed.",
      },
      { file: 'raw/pipe', kind: 'unsafe-entry', message: 'Skipped FIFO: only regular files are read.' },
      { file: 'rootfs', kind: 'unsafe-entry', message: "Skipped symlink -> '/': links are never followed." },
    ]);
  });

  it('refuses a FIFO given as the bundle path without opening it', async () => {
    const err = await readWithin(c.fifoPath, {}, 5_000);
    expect(err).toBeInstanceOf(BundleReadError);
    expect((err as Error).message).toBe(
      `Could not read '${c.fifoPath}': not a folder or a .tar/.tar.gz bundle. ` +
        'Pass a bundle folder or a .tar/.tar.gz/.tgz capture.',
    );
  });

  it('stops a 2 GiB gzip bomb early on the ratio limit', async () => {
    const start = performance.now();
    const err = await readWithin(c.bombTgz, {}, 10_000);
    const ms = performance.now() - start;
    expect(err).toBeInstanceOf(BundleLimitError);
    expect((err as BundleLimitError).limit).toBe('maxCompressionRatio');
    expect((err as Error).message).toMatch(
      // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
      /^Stopped reading '.*bomb\.tgz': gzip expands \d+:1, over the ratio limit of 200:1 \(likely a decompression bomb\)\. If the bundle is trusted, raise the limit with --max-compression-ratio\.$/,
    );
    expect(ms).toBeLessThan(5_000);
  });

  it('refuses the bomb entry by its declared size before inflating it', async () => {
    const err = await readWithin(c.bombTgz, { maxCompressionRatio: 1e9, maxEntryBytes: 100 * 1024 ** 2 }, 10_000);
    expect((err as BundleLimitError).limit).toBe('maxEntryBytes');
  });

  it('stops raw gzipped zeros on the ratio, or on total output when the ratio is lifted', async () => {
    const ratio = await readWithin(c.zerosGz, {}, 10_000);
    expect((ratio as BundleLimitError).limit).toBe('maxCompressionRatio');
    const start = performance.now();
    const total = await readWithin(
      c.zerosGz,
      { maxCompressionRatio: 1e9, maxTotalBytes: 16 * 1024 ** 2, maxEntries: 10 },
      10_000,
    );
    expect(total).toBeInstanceOf(BundleLimitError);
    expect((total as BundleLimitError).limit).toBe('maxTotalBytes');
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it('accepts 20,000 tiny files by default and refuses them with maxEntries 10,000 (tar and folder)', async () => {
    const tar = await readWithin(c.manyTar);
    if (tar instanceof Error) throw tar;
    expect(tar.files).toHaveLength(20_000);
    expect(tar.files[0]!.path).toBe('f00000.txt');
    expect(tar.files.at(-1)!.path).toBe('f19999.txt');
    const folder = await readWithin(c.manyFolder);
    if (folder instanceof Error) throw folder;
    expect(folder.files.map((f) => f.path)).toEqual(tar.files.map((f) => f.path));

    for (const path of [c.manyTar, c.manyFolder]) {
      const err = await readWithin(path, { maxEntries: 10_000 });
      expect(err).toBeInstanceOf(BundleLimitError);
      expect((err as BundleLimitError).limit).toBe('maxEntries');
      expect((err as Error).message).toBe(
        `Stopped reading '${path}': more than 10000 entries (limit 10000). If the ` +
          'bundle is trusted, raise the limit with --max-entries.',
      );
    }
  });

  it('returns the files before the cut of a truncated tar, with a parse-failure issue', async () => {
    const b = await readWithin(c.truncatedTar);
    if (b instanceof Error) throw b;
    expect(b.files.length).toBeGreaterThan(0);
    expect(b.files.length).toBeLessThan(25);
    // What survived the cut is byte-identical to the capture on disk.
    for (const f of b.files)
      expect(Buffer.from(f.data).equals(readFileSync(join(SAMPLE_DIR, f.path))), f.path).toBe(true);
    expect(b.issues).toHaveLength(1);
    expect(b.issues[0]).toMatchObject({ file: 'truncated', kind: 'parse-failure' });
    expect(b.issues[0]!.message).toMatch(
      // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
      /^Archive is damaged after \d+ readable file\(s\); reading stopped at '.+': the tar data is truncated \(Tar archive is truncated\.\)\. Later files are missing\.$/,
    );
  });

  it('handles a truncated gzip: the files it got, plus a parse-failure issue', async () => {
    const b = await readWithin(c.truncatedTgz);
    if (b instanceof Error) throw b;
    expect(b.files.length).toBeGreaterThan(0);
    expect(b.files.length).toBeLessThan(25);
    expect(b.issues.map((i) => i.kind)).toEqual(['parse-failure']);
    expect(b.issues[0]!.message).toContain('truncated (unexpected end of file)');
    for (const f of b.files)
      expect(Buffer.from(f.data).equals(readFileSync(join(SAMPLE_DIR, f.path))), f.path).toBe(true);
  });

  it('refuses junk and empty files with a one-line BundleReadError naming the path', async () => {
    const junk = await readWithin(c.junk);
    expect(junk).toBeInstanceOf(BundleReadError);
    expect((junk as BundleReadError).reason).toBe('not-archive');
    expect((junk as Error).message).toBe(
      `Could not read '${c.junk}': not a folder or a .tar/.tar.gz bundle. ` +
        'Pass a bundle folder or a .tar/.tar.gz/.tgz capture.',
    );
    const empty = await readWithin(c.empty);
    expect((empty as Error).message).toBe(
      `Could not read '${c.empty}': the file is empty. Pass a bundle folder or a .tar/.tar.gz/.tgz capture.`,
    );
  });

  it('reports a missing path as BundleNotFound', async () => {
    const err = await readWithin(join(c.root, 'nope'));
    expect(err).toBeInstanceOf(EvidexError);
    expect((err as EvidexError).code).toBe('BundleNotFound');
  });

  it('reads odd encodings as bytes; decodeText flags each', async () => {
    const b = await readWithin(c.encodingFolder);
    if (b instanceof Error) throw b;
    const kinds = Object.fromEntries(b.files.map((f) => [f.path, decodeText(f.data).issue?.kind ?? 'ok']));
    expect(kinds).toEqual({
      'binary-gzip.bin': 'binary',
      'latin1-invalid-utf8.txt': 'encoding',
      'utf16be-bom.txt': 'ok',
      'utf16le-bom.txt': 'ok',
      'utf8-bom.txt': 'ok',
    });
  });

  it('returns a Bundle or throws its own errors for every artifact, within a deadline', async () => {
    const all = [
      c.traversalTar,
      c.traversalTgz,
      c.fifoTar,
      c.specialFolder,
      c.bombTgz,
      c.zerosGz,
      c.truncatedTar,
      c.truncatedTgz,
      c.junk,
      c.empty,
      c.fifoPath,
      c.encodingFolder,
      c.sampleTar,
      c.sampleTgz,
      c.sampleDotTgz,
    ];
    for (const path of all) {
      const out = await readWithin(path, {}, 10_000);
      const known =
        out instanceof BundleLimitError ||
        out instanceof BundleReadError ||
        (!(out instanceof Error) && Array.isArray(out.files));
      expect(known, `${path}: ${out instanceof Error ? `${out.name}: ${out.message}` : 'bundle'}`).toBe(true);
    }
  });

  it('wrote nothing outside its temp folder', () => {
    escapes.forEach((p, i) => expect(existsSync(p), p).toBe(existedBefore[i]));
    expect(listNoFollow(c.root).filter((n) => /evil|outside/.test(n))).toEqual([]);
  });
});
