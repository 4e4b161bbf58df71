// `evidex add`: a capture is filed as <host>-<time>/ under the evidence folder, where `build` finds it
// as one bundle; the same capture twice, or one whose files differ from its manifest, is refused.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packTar } from 'modern-tar';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/core/bundle/manifest.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { findBundles } from '../../src/node/build-site.ts';
import { addCapture } from '../../src/node/collect/add.ts';
import type { Capture } from '../../src/node/collect/run.ts';
import { packCapture } from '../../src/node/collect/write.ts';
import { readBundle } from '../../src/node/read-bundle.ts';

// Real outputs: uname -a and nproc on this machine (Debian 12), XLEN of a stream of 3 entries.
const FILES: Record<string, { argv: string[]; text: string; parser?: string; kind?: string; streamHex?: string }> = {
  'system/uname.txt': {
    argv: ['uname', '-a'],
    text: 'Linux vm 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n',
    parser: 'uname',
  },
  'system/nproc.txt': { argv: ['nproc'], text: '2\n', kind: 'nproc' },
  'redis/streams/a%20b/xlen.txt': {
    argv: ['redis-cli', '--raw', '-h', '127.0.0.1', '-p', '6379', 'XLEN', 'a b'],
    text: '3\n',
    parser: 'redis-xlen',
    streamHex: Buffer.from('a b').toString('hex'),
  },
};

function capture(capturedAt = '2026-12-01T10:20:30.000Z'): Capture {
  const files = new Map<string, Uint8Array>();
  const listed: Manifest['files'] = [];
  for (const [path, f] of Object.entries(FILES)) {
    const data = new TextEncoder().encode(f.text);
    files.set(path, data);
    listed.push({
      path,
      argv: f.argv,
      exitCode: 0,
      durationMs: 3,
      bytes: data.byteLength,
      sha256: createHash('sha256').update(data).digest('hex'),
      ...(f.parser ? { parser: f.parser } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.streamHex ? { streamHex: f.streamHex } : {}),
    });
  }
  const manifest: Manifest = {
    format: 'evidex-capture/1',
    collector: { name: 'evidex collect', version: '0.1.0', runtime: 'node' },
    hostname: 'vm',
    capturedAt,
    files: listed,
    notCollected: [{ what: 'docker', reason: 'absent', detail: 'docker: not found' }],
  };
  return { manifest, files };
}

describe('evidex add', () => {
  it('files a capture as <host>-<time>/, found by build as one bundle, read exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-add-'));
    const tar = join(dir, 'capture.tar.gz');
    writeFileSync(tar, await packCapture(capture()));
    const evidence = join(dir, 'evidence');
    const added = await addCapture(tar, evidence);
    expect(added).toEqual({ dir: join(evidence, 'vm-20261201T102030Z'), files: 4 });
    expect(readdirSync(added.dir).sort()).toEqual(['manifest.json', 'redis', 'system']);
    expect(readFileSync(join(added.dir, 'system/nproc.txt'), 'utf8')).toBe('2\n');
    expect(await findBundles([evidence])).toEqual([added.dir]);
    const { audit } = await analyzeBundle(await readBundle(added.dir), { redactKey: 'k' });
    expect(audit.bundle.capturedAt).toBe('2026-12-01T10:20:30.000Z');
    expect(audit.redis.streams.map((s) => [s.key, s.length])).toEqual([['a b', 3]]);
    expect(audit.evidenceIssues.filter((i) => i.kind === 'not-collected').map((i) => i.file)).toEqual(['docker']);

    // The same capture again: refused by its manifest's sha256, nothing written.
    await expect(addCapture(tar, evidence)).rejects.toThrow(/already filed as .*vm-20261201T102030Z/);
    expect(readdirSync(evidence)).toEqual(['vm-20261201T102030Z']);
    // A later capture of the same host gets its own folder.
    const later = join(dir, 'later.tar.gz');
    writeFileSync(later, await packCapture(capture('2026-12-01T11:00:00.000Z')));
    expect((await addCapture(later, evidence)).dir).toBe(join(evidence, 'vm-20261201T110000Z'));
  });

  it('refuses a capture whose file differs from its manifest, or one without a manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-add-'));
    const c = capture();
    c.files.set('system/nproc.txt', new TextEncoder().encode('64\n'));
    writeFileSync(join(dir, 'changed.tar.gz'), await packCapture(c));
    await expect(addCapture(join(dir, 'changed.tar.gz'), join(dir, 'evidence'))).rejects.toThrow(
      /system\/nproc.txt' does not match its sha256/,
    );
    // A tarball of captures without manifest.json is not a collect capture: refused, nothing written.
    const body = new TextEncoder().encode(FILES['system/uname.txt']!.text);
    const tar = await packTar([{ header: { name: 'system/uname.txt', size: body.byteLength, type: 'file' }, body }]);
    writeFileSync(join(dir, 'plain.tar.gz'), gzipSync(tar));
    await expect(addCapture(join(dir, 'plain.tar.gz'), join(dir, 'evidence'))).rejects.toThrow(
      /holds no manifest.json/,
    );
    expect(() => readdirSync(join(dir, 'evidence'))).toThrow();
  });
});
