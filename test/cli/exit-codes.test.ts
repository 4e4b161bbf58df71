// Issue 13: nothing usable must not exit 0, and `--fail-on P0` must not go green because the P0s vanished.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { unusableReason, coverageGaps, EXIT } from '../../src/core/run/exit-code.ts';
import { makeTar } from '../helpers/hostile-bundles.ts';
import { evidex, SAMPLE, spawnEvidex } from './run-cli.ts';

let tmp: string;
let tgz: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'evidex-exit-'));
  tgz = join(tmp, 'sample.tgz');
  execFileSync('tar', ['-czf', tgz, '-C', join(SAMPLE, '..'), 'quantum-trader-2025-12-24']);
});

describe('exit 3: evidence unusable', () => {
  it('an empty folder', () => {
    const dir = join(tmp, 'empty');
    mkdirSync(dir);
    const r = evidex(['analyze', dir, '--fail-on', 'P0']);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `evidex: Nothing in '${dir}' can be used as evidence: it holds no files. ` +
        'Check that it is a capture from the evidence script.\n',
    );
  });

  it('a folder of files no parser recognises', () => {
    const dir = join(tmp, 'random');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'call Bob about the disks\n');
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 0, 7]));
    const r = evidex(['analyze', dir, '--json']);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('none of its 2 file(s) is a capture evidex recognises (1 binary, 1 unrecognised)');
  });

  it('a tarball whose every entry is rejected', () => {
    const file = join(tmp, 'escape.tgz');
    writeFileSync(
      file,
      gzipSync(
        makeTar([
          { name: '../../etc/cron.d/x', data: 'x' },
          { name: '/abs/redis_info.txt', data: 'redis_version:7.0.15\n' },
        ]),
      ),
    );
    const r = evidex(['analyze', file]);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stderr).toContain('every entry was rejected (2 unsafe or over a limit)');
  });

  it('a tarball truncated before its first file', () => {
    const file = join(tmp, 'cut.tgz');
    writeFileSync(file, readFileSync(tgz).subarray(0, 100));
    const r = evidex(['analyze', file, '--fail-on', 'P0']);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stderr).toMatch(/^evidex: Could not read '.*cut\.tgz': the gzip or tar data is truncated/);
  });

  it('diff refuses an unusable side instead of calling every finding resolved', () => {
    const dir = join(tmp, 'empty-diff');
    mkdirSync(dir);
    expect(evidex(['diff', SAMPLE, dir, '--fail-on-new', 'P0']).code).toBe(EXIT.unusable);
  });
});

describe('partial coverage', () => {
  it('a truncated tarball is analysed as far as it goes, and says so first, on stderr', () => {
    const file = join(tmp, 'half.tgz');
    writeFileSync(file, readFileSync(tgz).subarray(0, 20_000));
    const r = evidex(['analyze', file, '--json', '--fail-on', 'P3']);
    expect(r.stderr).toMatch(
      // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
      /^evidex: partial evidence: 1 part\(s\) of the bundle could not be read\n  half: Archive is damaged after \d+ readable file/,
    );
    const audit = JSON.parse(r.stdout);
    expect(audit.files.length).toBeGreaterThan(0);
    // The damage is an evidence finding (P3), so it counts toward --fail-on P3.
    expect(audit.findings.some((f: { ruleId: string }) => f.ruleId === 'evidence/parse-failure')).toBe(true);
    expect(r.code).toBe(EXIT.findings);
  });

  it('unusableReason and coverageGaps on hand-built audits', () => {
    const file = (kind: string) => ({ path: `raw/${kind}.txt`, kind, bytes: 1, sha256: 'x', lines: 1 });
    expect(unusableReason({ files: [file('readme'), file('empty')], evidenceIssues: [] })).toMatch(
      /none of its 2 file/,
    );
    expect(unusableReason({ files: [file('readme'), file('redis-info')], evidenceIssues: [] })).toBeUndefined();
    expect(unusableReason({ files: [], evidenceIssues: [] })).toBe('it holds no files');
    // A folder holding the bundle's tarball names the file to analyze instead.
    const tarball = { ...file('binary'), path: 'bundle/host-2026-12-01.tar.gz' };
    expect(unusableReason({ files: [tarball], evidenceIssues: [] })).toBe(
      'none of its 1 file(s) is a capture evidex recognises (1 binary); it holds an archive ' +
        '(bundle/host-2026-12-01.tar.gz): analyze that file instead',
    );
    const two = [tarball, { ...tarball, path: 'b.TGZ' }, file('readme')];
    expect(unusableReason({ files: two, evidenceIssues: [] })).toMatch(
      /archives \(bundle\/host-2026-12-01\.tar\.gz, b\.TGZ\): analyze one of them instead$/,
    );
    const issues = [
      {
        file: 'b',
        kind: 'parse-failure' as const,
        message: 'Archive is damaged after 3 readable file(s)',
        archive: { state: 'damaged' as const },
      },
      // The words do not matter: a file's own parse failure that says "truncated" is not archive damage.
      { file: 'raw/x.txt', kind: 'parse-failure' as const, message: 'truncated JSON, damaged line' },
      { file: 'raw/y.txt', kind: 'encoding' as const, message: 'not UTF-8' },
    ];
    expect(coverageGaps({ evidenceIssues: issues }).map((i) => i.file)).toEqual(['b', 'raw/y.txt']);
  });
});

describe('a closed pipe', () => {
  function pipeIntoHead(args: string[]): Promise<{ code: number | null; stderr: string; got: number }> {
    return new Promise((resolve) => {
      const child = spawnEvidex(args);
      let stderr = '';
      let got = 0;
      child.stderr.on('data', (d) => (stderr += d));
      // Like `| head -c 100`: read one chunk, then close the read end while the CLI is still writing.
      child.stdout.once('data', (d: Buffer) => {
        got = d.length;
        child.stdout.destroy();
      });
      child.on('close', (code) => resolve({ code, stderr, got }));
    });
  }

  it('ends quietly with the exit code the command would have had', async () => {
    const clean = await pipeIntoHead(['analyze', SAMPLE, '--json']);
    expect(clean.got).toBeGreaterThan(0);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(EXIT.clean);
    const failing = await pipeIntoHead(['analyze', SAMPLE, '--json', '--fail-on', 'P0']);
    expect(failing.stderr).toBe('');
    expect(failing.code).toBe(EXIT.findings);
  });
});
