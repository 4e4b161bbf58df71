import { readFileSync } from 'node:fs';
import type { Bundle, BundleFile } from '../../src/core/bundle/bundle.ts';

/**
 * A streamed copy of an in-memory file whose stream yields chunks of the given sizes in turn (bytes split anywhere,
 * even inside a UTF-8 sequence).
 */
export function streamedCopy(file: BundleFile, chunkSizes: readonly number[]): BundleFile {
  const data = file.data;
  return {
    path: file.path,
    size: data.byteLength,
    async *open() {
      let at = 0;
      for (let i = 0; at < data.length; i++) {
        const n = Math.max(1, chunkSizes[i % chunkSizes.length]!);
        yield data.slice(at, at + n);
        at += n;
      }
    },
    get data(): Uint8Array {
      throw new Error(`${file.path}: a streamed file was read whole`);
    },
  };
}

/** The same bundle with every non-empty file streamed in chunks of `chunkSizes`. */
export function streamAll(bundle: Bundle, chunkSizes: readonly number[]): Bundle {
  return {
    ...bundle,
    files: bundle.files.map((f) => (f.data.byteLength > 0 ? streamedCopy(f, chunkSizes) : f)),
    issues: [...bundle.issues],
  };
}

/** Bytes of a file under the repository root. */
export function bytesOf(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
