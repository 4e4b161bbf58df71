import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/core/bundle/bundle.ts';
import { readTarBundle } from '../../src/core/bundle/tar.ts';
import { readBundle, readBundleFromBytes } from '../../src/node/read-bundle.ts';
import { SAMPLE_DIR } from '../helpers/hostile-bundles.ts';

const RAW_NAMES = readdirSync(join(SAMPLE_DIR, 'raw')).sort();
let tmp = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'evidex-sample-'));
  const evidence = join(SAMPLE_DIR, '..');
  execFileSync('tar', ['-cf', join(tmp, 'quantum-trader-2025-12-24.tar'), '-C', evidence, 'quantum-trader-2025-12-24']);
  execFileSync('tar', [
    '-czf',
    join(tmp, 'quantum-trader-2025-12-24.tar.gz'),
    '-C',
    evidence,
    'quantum-trader-2025-12-24',
  ]);
  execFileSync('tar', ['-czf', join(tmp, 'dot-layout.tgz'), '-C', SAMPLE_DIR, '.']);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Path and bytes of every file, for comparing bundles read different ways. */
const snapshot = (b: Bundle) => b.files.map((f) => [f.path, Buffer.from(f.data).toString('base64')]);

describe('readBundle on the real sample', () => {
  it('reads the folder: the 24 files under raw/', async () => {
    const b = await readBundle(SAMPLE_DIR);
    expect(b.name).toBe('quantum-trader-2025-12-24');
    expect(b.issues).toEqual([]);
    expect(RAW_NAMES).toHaveLength(24);
    expect(b.files.filter((f) => f.path.startsWith('raw/')).map((f) => f.path)).toEqual(
      RAW_NAMES.map((n) => `raw/${n}`),
    );
    expect(b.files).toHaveLength(25);
    expect(b.files[0]?.path).toBe('README.md');
    const ps = b.files.find((f) => f.path === 'raw/docker_ps.txt');
    expect(Buffer.from(ps!.data).equals(readFileSync(join(SAMPLE_DIR, 'raw', 'docker_ps.txt')))).toBe(true);
    expect(b.files.find((f) => f.path === 'raw/compose_files.txt')?.data.byteLength).toBe(0);
  });

  it('gives identical files and order from the folder, a .tar and a .tar.gz made by the system tar', async () => {
    const folder = await readBundle(SAMPLE_DIR);
    const tar = await readBundle(join(tmp, 'quantum-trader-2025-12-24.tar'));
    const tgz = await readBundle(join(tmp, 'quantum-trader-2025-12-24.tar.gz'));
    expect(tar.name).toBe('quantum-trader-2025-12-24');
    expect(tgz.name).toBe('quantum-trader-2025-12-24');
    expect(tar.issues).toEqual([]);
    expect(tgz.issues).toEqual([]);
    expect(snapshot(tar)).toEqual(snapshot(folder));
    expect(snapshot(tgz)).toEqual(snapshot(folder));
  });

  it('reads a tarball made from inside the bundle (./raw/…) the same way', async () => {
    const folder = await readBundle(SAMPLE_DIR);
    const dot = await readBundle(join(tmp, 'dot-layout.tgz'));
    expect(dot.name).toBe('dot-layout');
    expect(snapshot(dot)).toEqual(snapshot(folder));
  });

  it('core readTarBundle and readBundleFromBytes agree with readBundle', async () => {
    const bytes = new Uint8Array(readFileSync(join(tmp, 'quantum-trader-2025-12-24.tar.gz')));
    const core = await readTarBundle(bytes, 'q');
    const viaBytes = await readBundleFromBytes(bytes, 'q');
    expect(core.name).toBe('q');
    expect(snapshot(core)).toEqual(snapshot(await readBundle(SAMPLE_DIR)));
    expect(snapshot(viaBytes)).toEqual(snapshot(core));
  });

  it('takes the bundle name from the resolved path when given "."', async () => {
    const b = await readBundle(join(SAMPLE_DIR, 'raw', '.'));
    expect(b.name).toBe('raw');
    expect(b.files.map((f) => f.path)).toEqual(RAW_NAMES);
  });
});
