import { describe, expect, it } from 'vitest';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import type { BundleFile, StreamedBundleFile } from '../../src/core/bundle/bundle.ts';

// AnalyzeOptions.onBytes: after each chunk of a file, the bytes read so far and the file's size.
const encoder = new TextEncoder();
const LOG = encoder.encode('2025-12-24 04:55:45,171 - svc - ERROR - failed\n'.repeat(20_000));

/** A streamed file whose bytes come in chunks of `chunk` (`data` is never read when a file streams). */
function streamed(path: string, data: Uint8Array, chunk: number): StreamedBundleFile {
  return {
    path,
    size: data.byteLength,
    get data(): Uint8Array {
      throw new Error('a streamed file is read through open()');
    },
    open: async function* () {
      for (let at = 0; at < data.byteLength; at += chunk) yield data.subarray(at, at + chunk);
    },
  };
}

describe('onBytes', () => {
  it('hears every chunk of a streamed file, rising to its size, and a held file once', async () => {
    const heard: Array<[string, number, number]> = [];
    const held = encoder.encode('CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES\n');
    await analyzeBundle(
      {
        name: 'bytes',
        issues: [],
        files: [
          { path: 'raw/docker_ps.txt', data: held } satisfies BundleFile,
          streamed('raw/logs_tail_svc.txt', LOG, 65_536),
        ],
      },
      { redactKey: 'k', onBytes: (file, read, size) => heard.push([file, read, size]) },
    );
    const log = heard.filter(([f]) => f === 'raw/logs_tail_svc.txt');
    expect(log.length).toBe(Math.ceil(LOG.byteLength / 65_536));
    expect(log.every(([, , size]) => size === LOG.byteLength)).toBe(true);
    expect(log.map(([, read]) => read)).toEqual([...log.map(([, read]) => read)].sort((a, b) => a - b));
    expect(log.at(-1)![1]).toBe(LOG.byteLength);
    expect(heard.filter(([f]) => f === 'raw/docker_ps.txt')).toEqual([
      ['raw/docker_ps.txt', held.byteLength, held.byteLength],
    ]);
  });
});
