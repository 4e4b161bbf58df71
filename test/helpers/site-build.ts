// One site build of the evidence folder shared by the browser tests that only read it (open, file://):
// built once into the temp folder and reused while its build stamp (inputs, site sources, rule docs,
// tool version) is fresh. A lock folder keeps two test files from building it at the same time.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { packTar } from 'modern-tar/fs';
import { buildSite, getUpToDateBuild } from '../../src/node/build-site.ts';

export const EVIDENCE = 'evidence';
export const SAMPLE = 'evidence/quantum-trader-2025-12-24';
export const LATER = 'evidence/quantum-trader-2025-12-31';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * The built site of evidence/ for `base` ('/' by default), in `<tmp>/evidex-test-site/<key>/site`
 * (`<key>/root/<base>` for a sub-path, so a server of `<key>/root` serves it under that path).
 * Returns the site folder and the folder to serve.
 */
export async function getSharedSite(base = '/'): Promise<{ outDir: string; serveRoot: string }> {
  const key = createHash('sha256')
    .update(`${resolve('.')}\0${base}`)
    .digest('hex')
    .slice(0, 12);
  const dir = join(tmpdir(), 'evidex-test-site', key);
  const serveRoot = join(dir, 'root');
  const outDir = join(serveRoot, ...base.split('/').filter(Boolean));
  const lock = join(dir, 'lock');
  mkdirSync(dir, { recursive: true });
  // The build's own up-to-date check: inputs, sources, settings, redaction key and data folder.
  const options = { inputs: [EVIDENCE], outDir, dataDir: join(dir, 'data'), base };
  for (;;) {
    if (await getUpToDateBuild(options)) return { outDir, serveRoot };
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is building: wait for it (a lock older than 10 minutes is left from a crash).
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 600_000) rmSync(lock, { force: true, recursive: true });
      await sleep(1000);
      continue;
    }
    try {
      if (!(await getUpToDateBuild(options))) await buildSite(options);
      return { outDir, serveRoot };
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** A .tar.gz of a bundle folder, written with the tar packer the project reads with (modern-tar). */
export async function packBundle(folder: string, file: string): Promise<string> {
  await pipeline(packTar(resolve(folder)), createGzip(), createWriteStream(file));
  return file;
}
