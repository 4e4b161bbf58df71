import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeTar } from '../helpers/hostile-bundles.ts';
import { evidex } from './run-cli.ts';

// A tarball entry over the streaming threshold (16 MiB) has no bytes to hand over whole: redact
// must read it through its stream (it failed with "read it with open()" before).
describe('redact on a tarball with an entry read as a stream', () => {
  it('redacts every line of a 17 MiB log and writes the copy', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'evidex-redact-big-'));
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < 17 * 1024 ** 2; i++) {
      // Random ids keep gzip under its 200:1 bomb limit.
      const line =
        `2025-12-24T04:55:00Z INFO req ${i} id=${randomBytes(16).toString('hex')} ` +
        `token=ghp_${randomBytes(27).toString('base64url').slice(0, 36)}\n`;
      lines.push(line);
      size += line.length;
    }
    const file = join(tmp, 'big.tgz');
    writeFileSync(file, gzipSync(makeTar([{ name: 'big/raw/logs_tail_api.txt', data: lines.join('') }])));
    const r = evidex(['redact', file, '--out', join(tmp, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = readFileSync(join(tmp, 'out', 'raw', 'logs_tail_api.txt'), 'utf8');
    expect(out.split('\n').length - 1).toBe(lines.length);
    expect(out).not.toContain('ghp_');
  }, 120_000);
});
