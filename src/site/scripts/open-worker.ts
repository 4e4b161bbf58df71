// The /open/ page's Web Worker: the same core as the CLI reads a dropped tarball (its own tar reader,
// the platform gunzip) or a picked folder's files and analyzes them here, in the browser. It receives
// bytes and posts { type: 'status' | 'error' | 'result' }; it makes no request of any kind.
import {
  analyzeBundle,
  bundleNameFrom,
  createBundle,
  normalizeEntryPath,
  readTarBundle,
  webPlatform,
  type Analysis,
  type EvidenceIssue,
  type RawBundleFile,
} from '../../core/index.ts';

/** What the page sends: a tarball's bytes, or a folder's files with paths relative to the picked folder's parent. */
export type OpenRequest =
  | { type: 'tarball'; fileName: string; bytes: ArrayBuffer; redactKey: string }
  | { type: 'folder'; files: Array<{ path: string; bytes: ArrayBuffer }>; redactKey: string };

/** What the worker answers. */
export type OpenResponse =
  | { type: 'status'; phase: 'reading' | 'analyzing'; done: number; total: number; file?: string }
  | { type: 'error'; message: string }
  | { type: 'result'; analysis: Analysis; ms: number };

const post = (m: OpenResponse) => (self as unknown as { postMessage: (m: OpenResponse) => void }).postMessage(m);

self.addEventListener('message', (event: MessageEvent<OpenRequest>) => {
  void handle(event.data);
});

async function handle(req: OpenRequest): Promise<void> {
  const started = performance.now();
  try {
    post({ type: 'status', phase: 'reading', done: 0, total: 1 });
    const bundle =
      req.type === 'tarball'
        ? await readTarBundle(new Uint8Array(req.bytes), bundleNameFrom(req.fileName), {}, { platform: webPlatform })
        : readFolder(req.files);
    const analysis = await analyzeBundle(bundle, {
      redactKey: req.redactKey,
      platform: webPlatform,
      onProgress: (done, total, file) => post({ type: 'status', phase: 'analyzing', done, total, file }),
    });
    post({ type: 'result', analysis, ms: Math.round(performance.now() - started) });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * A picked folder as the Node adapter reads one: the folder itself is the bundle (its name is the
 * bundle name) and paths are relative to it. Unsafe paths are skipped and reported, as in a tarball.
 */
function readFolder(files: ReadonlyArray<{ path: string; bytes: ArrayBuffer }>) {
  const issues: EvidenceIssue[] = [];
  const raw: RawBundleFile[] = [];
  const name = files[0]?.path.split('/')[0] ?? 'bundle';
  for (const f of files) {
    const inside = f.path.split('/').slice(1).join('/');
    const checked = normalizeEntryPath(inside);
    if (!checked.ok) {
      issues.push({ file: inside, kind: 'unsafe-entry', message: `Skipped: ${checked.reason}.` });
      continue;
    }
    raw.push({ path: checked.path, data: new Uint8Array(f.bytes) });
  }
  return createBundle(name, raw, issues, { stripTopLevel: false });
}
