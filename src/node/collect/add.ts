// `evidex add`: file a capture tarball under the evidence folder, as a folder named by host and
// capture time (what `build` finds as one bundle), after checking every file against its manifest.
// The same capture twice (same manifest.json sha256) is refused. Written atomically, never partially.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvidexError, isStreamed, type BundleFile, type ErrorData } from '../../core/index.ts';
import { MANIFEST_PATH, parseManifest } from '../../core/bundle/manifest.ts';
import { readBundle } from '../read-bundle.ts';
import { stageDir } from '../write-output.ts';
import { captureFolderName } from './write.ts';

export const CaptureInvalid = {
  name: 'CaptureInvalid',
  title: 'Not a capture from evidex collect.',
  message: (file: string, why: string) =>
    `'${file}' cannot be filed: ${why}. Pass a tarball written by 'evidex collect' or the 'evidex collector' script.`,
} satisfies ErrorData<[string, string]>;

export const CaptureDuplicate = {
  name: 'CaptureDuplicate',
  title: 'Capture already filed.',
  message: (file: string, existing: string) =>
    `'${file}' is already filed as '${existing}' (same manifest.json sha256); nothing was written.`,
} satisfies ErrorData<[string, string]>;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function bytesOf(f: BundleFile): Promise<Uint8Array> {
  if (!isStreamed(f)) return f.data;
  const parts: Uint8Array[] = [];
  for await (const c of f.open()) parts.push(c);
  return Buffer.concat(parts);
}

/** What `add` did: the folder written and how many files it holds. */
export interface Added {
  dir: string;
  files: number;
}

/** File `capture` (a tarball or folder) under `to`. Throws CaptureInvalid, CaptureDuplicate or output errors. */
export async function addCapture(capture: string, to: string): Promise<Added> {
  const bundle = await readBundle(capture);
  const unsafe = bundle.issues.filter((i) => i.kind === 'unsafe-entry' || i.kind === 'limit-exceeded');
  if (unsafe.length > 0)
    throw new EvidexError(CaptureInvalid, capture, `${unsafe.length} entr(ies) were rejected (${unsafe[0]!.message})`);
  const files = new Map<string, Uint8Array>();
  for (const f of bundle.files) files.set(f.path, await bytesOf(f));
  const raw = files.get(MANIFEST_PATH);
  if (!raw) throw new EvidexError(CaptureInvalid, capture, 'it holds no manifest.json');
  const parsed = parseManifest(new TextDecoder().decode(raw));
  if (!parsed.ok) throw new EvidexError(CaptureInvalid, capture, parsed.issue.message);
  for (const m of parsed.manifest.files) {
    const data = files.get(m.path);
    if (!data) throw new EvidexError(CaptureInvalid, capture, `'${m.path}' is in manifest.json but not in the archive`);
    if (sha256(data) !== m.sha256)
      throw new EvidexError(CaptureInvalid, capture, `'${m.path}' does not match its sha256 in manifest.json`);
  }
  const id = sha256(raw);
  if (existsSync(to)) {
    for (const d of readdirSync(to, { withFileTypes: true })) {
      const other = join(to, d.name, MANIFEST_PATH);
      if (d.isDirectory() && existsSync(other) && sha256(readFileSync(other)) === id)
        throw new EvidexError(CaptureDuplicate, capture, join(to, d.name));
    }
  }
  const base = captureFolderName(parsed.manifest);
  let dir = join(to, base);
  for (let n = 2; existsSync(dir); n++) dir = join(to, `${base}-${n}`);
  const staged = stageDir(dir);
  try {
    for (const [path, data] of files) staged.write(path, data);
    staged.commit();
  } catch (err) {
    staged.abort();
    throw err;
  }
  return { dir, files: files.size };
}
