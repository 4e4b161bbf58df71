// Issue 13: `build` on a bad path printed "internal error" and a stack; caches landed in the cwd.
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../src/node/build-site.ts';
import { evidex, ROOT } from './run-cli.ts';

describe('build reports bad inputs in one line', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'evidex-build-cwd-'));

  it('a missing input: exit 2, one line, no stack, nothing written to the working directory', () => {
    const r = evidex(['build', 'no/such/folder', '--out', join(cwd, 'site')], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "evidex: No folder or file at 'no/such/folder'. Pass an evidence " +
        'folder, a bundle folder or a .tar/.tar.gz/.tgz bundle.\n',
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('no bundles in the input: exit 3 (nothing usable)', () => {
    const empty = join(cwd, 'empty');
    mkdirSync(empty);
    const r = evidex(['build', empty, '--out', join(cwd, 'site')], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('No bundles found in');
  });

  it('an output folder inside the evidence or over the sources is refused', () => {
    const inEvidence = evidex(['build', join(ROOT, 'evidence'), '--out', join(ROOT, 'evidence', 'site')]);
    expect(inEvidence.code).toBe(2);
    expect(inEvidence.stderr).toMatch(/^evidex: Refusing to write the site to '.*': it overlaps the evidence/);
    const over = evidex(['build', join(ROOT, 'evidence'), '--out', join(ROOT, 'src')]);
    expect(over.code).toBe(2);
    expect(over.stderr).not.toContain('internal error');
  });

  it('--help documents the inputs', () => {
    const r = evidex(['build', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Each input is an evidence folder');
    expect(r.stdout).toContain('INPUT');
  });

  it('caches live in the user cache folder', () => {
    expect(defaultCacheDir({ EVIDEX_CACHE_DIR: '/c/e' })).toBe('/c/e');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/evidex');
    expect(defaultCacheDir({ HOME: '/h' })).toMatch(/\/\.cache\/evidex$/);
  });
});

describe('build cleans up its children', () => {
  it('an interrupted build leaves no process behind', async () => {
    const { spawn, execFileSync } = await import('node:child_process');
    const out = mkdtempSync(join(tmpdir(), 'evidex-build-int-'));
    const env: NodeJS.ProcessEnv = { ...process.env, EVIDEX_REDACT_KEY: 'k', EVIDEX_CACHE_DIR: join(out, 'cache') };
    const parent = spawn(
      process.execPath,
      [join(ROOT, 'src/cli/index.ts'), 'build', join(ROOT, 'evidence'), '--out', join(out, 'site')],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // Wait until Astro is rendering (its esbuild service is up), then interrupt the command.
    await new Promise<void>((resolve) =>
      parent.stderr.on('data', (d: Buffer) => String(d).includes('rendering pages') && resolve()),
    );
    const workers = execFileSync('ps', ['-o', 'pid=', '--ppid', String(parent.pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(workers.length).toBe(1);
    const code = await new Promise<number | null>((resolve) => {
      parent.on('exit', (c) => resolve(c));
      parent.kill('SIGTERM');
    });
    expect(code).toBe(143);
    // The worker led its own process group: nothing in that group may survive.
    await new Promise((r) => setTimeout(r, 500));
    expect(() => process.kill(-workers[0]!, 0)).toThrow(/ESRCH/);
  }, 120_000);
});
