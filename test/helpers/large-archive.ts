// A bundle whose one docker log holds at least `bytes` of numbered lines, packed as a .tar.gz: large enough
// for analysis to take its large-bundle path (src/node/analyze-path.ts, WORKER_BYTES), while numbered lines
// keep gzip well under its bomb limit (200:1) and the archive small on disk.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `<dir>/<name>/raw/logs_tail_svc_big.txt` and `<dir>/<name>.tar.gz`; returns the archive and its lines. */
export function writeLargeLogArchive(dir: string, name: string, bytes: number): { archive: string; lines: number } {
  const bundle = join(dir, name);
  mkdirSync(join(bundle, 'raw'), { recursive: true });
  const fd = openSync(join(bundle, 'raw', 'logs_tail_svc_big.txt'), 'w');
  let [written, lines] = [0, 0];
  while (written < bytes) {
    const block: string[] = [];
    for (let i = 0; i < 10_000; i++, lines++) {
      block.push(
        `2025-12-24 04:55:45,${lines % 1000} - svc.backend - ERROR - order ${lines * 7919} failed: code=${lines % 97}`,
      );
    }
    written += writeSync(fd, `${block.join('\n')}\n`);
  }
  closeSync(fd);
  const archive = join(dir, `${name}.tar.gz`);
  execFileSync('tar', ['-czf', archive, '-C', dir, name]);
  return { archive, lines };
}
