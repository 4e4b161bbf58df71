// A capture, packed as the tarball `evidex collect --out` writes: manifest.json first (readers that
// stream the archive meet it before the files it describes), then the files in path order.
import { gzipSync } from 'node:zlib';
import { packTar } from 'modern-tar';
import { MANIFEST_PATH } from '../../core/bundle/manifest.ts';
import type { Capture } from './run.ts';
import { compareText } from '../../core/text/compare.ts';

/** The capture as .tar.gz bytes. Every entry is a plain file (mode 0644) stamped with the capture time. */
export async function packCapture(capture: Capture): Promise<Uint8Array> {
  const mtime = new Date(Date.parse(capture.manifest.capturedAt));
  const manifest = new TextEncoder().encode(`${JSON.stringify(capture.manifest, null, 2)}\n`);
  const entries = [[MANIFEST_PATH, manifest] as const, ...[...capture.files].sort(([a], [b]) => compareText(a, b))].map(
    ([name, body]) => ({
      header: { name, size: body.byteLength, type: 'file' as const, mode: 0o644, mtime },
      body,
    }),
  );
  return gzipSync(await packTar(entries));
}

/** A default tarball name from the manifest: host and capture time, safe for any file system. */
export function defaultCaptureName(capture: Pick<Capture, 'manifest'>): string {
  return `${captureFolderName(capture.manifest)}.tar.gz`;
}

/** `<host>-<YYYYMMDDTHHMMSSZ>`, with anything but [A-Za-z0-9._-] in the host name replaced. */
export function captureFolderName(m: { hostname: string; capturedAt: string }): string {
  const host =
    m.hostname
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^\.+/, '_')
      .slice(0, 64) || 'host';
  const at = m.capturedAt.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `${host}-${at}`;
}
