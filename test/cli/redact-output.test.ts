// Issue 13: `redact B --out B` overwrote the evidence; --out merged into old folders and followed links.
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { EvidexError } from '../../src/core/errors.ts';
import { stageDir, writeFileAtomic } from '../../src/node/write-output.ts';
import { evidex, SAMPLE } from './run-cli.ts';

/** sha256 over every file of a folder: proof that nothing in it changed. */
function digest(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true }).sort((a, b) =>
    join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)),
  )) {
    const p = join(f.parentPath, f.name);
    h.update(p.slice(dir.length));
    if (f.isFile()) h.update(readFileSync(p));
  }
  return h.digest('hex');
}

let tmp: string;
let bundle: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'evidex-redact-'));
  bundle = join(tmp, 'bundle');
  cpSync(SAMPLE, bundle, { recursive: true });
});

describe('redact --out refuses to harm evidence', () => {
  it('never writes into its input, nor the input into the output, and touches nothing when refusing', () => {
    const before = digest(bundle);
    for (const out of [bundle, join(bundle, 'redacted'), tmp]) {
      const r = evidex(['redact', bundle, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^evidex: Refusing to write into '.*': it overlaps the bundle/);
    }
    // Through a link to the bundle as well.
    symlinkSync(bundle, join(tmp, 'alias'));
    expect(evidex(['redact', join(tmp, 'alias'), '--out', join(bundle, 'x')]).code).toBe(2);
    expect(digest(bundle)).toBe(before);
  });

  it('refuses a non-empty folder without --force, and --force replaces it whole (no stale files)', () => {
    const out = join(tmp, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'stale-secret.txt'), 'password=hunter2\n');
    const refused = evidex(['redact', bundle, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists and is not empty');
    expect(readdirSync(out)).toEqual(['stale-secret.txt']);
    const forced = evidex(['redact', bundle, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(existsSync(join(out, 'stale-secret.txt'))).toBe(false);
    expect(readdirSync(join(out, 'raw')).length).toBe(readdirSync(join(bundle, 'raw')).length);
    expect(readdirSync(tmp).filter((n) => n.includes('evidex-tmp'))).toEqual([]);
  });

  it('never writes through a symlink', () => {
    const elsewhere = join(tmp, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(tmp, 'link'));
    const r = evidex(['redact', bundle, '--out', join(tmp, 'link'), '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a symbolic link');
    expect(readdirSync(elsewhere)).toEqual([]);
    symlinkSync(join(tmp, 'victim.json'), join(tmp, 'map-link.json'));
    const m = evidex([
      'redact',
      bundle,
      '--out',
      join(tmp, 'o2'),
      '--obfuscate',
      '--mapping',
      join(tmp, 'map-link.json'),
      '--force',
    ]);
    expect(m.code).toBe(2);
    expect(existsSync(join(tmp, 'victim.json'))).toBe(false);
  });

  it('keeps the obfuscation mapping out of the shareable copy', () => {
    const out = join(tmp, 'share');
    const r = evidex(['redact', bundle, '--out', out, '--obfuscate', '--mapping', join(out, 'map.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('inside --out');
    expect(existsSync(out)).toBe(false);
  });
});

describe('atomic writes', () => {
  it('a failure half-way leaves neither the output nor a temporary folder', () => {
    const out = join(tmp, 'atomic');
    const staged = stageDir(out);
    staged.write('raw/a.txt', 'one');
    // A file where a folder must go: the second write fails after the first succeeded.
    expect(() => staged.write('raw/a.txt/b.txt', 'two')).toThrow(EvidexError);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.includes('evidex-tmp'))).toEqual([]);
  });

  it('the folder appears only on commit, complete', () => {
    const out = join(tmp, 'atomic2');
    const staged = stageDir(out);
    staged.write('raw/a.txt', 'one');
    staged.write('raw/b.txt', 'two');
    expect(existsSync(out)).toBe(false);
    staged.commit();
    expect(readdirSync(join(out, 'raw')).sort()).toEqual(['a.txt', 'b.txt']);
    expect(lstatSync(out).isDirectory()).toBe(true);
  });

  it('writeFileAtomic refuses an existing file without force and replaces it with force', () => {
    const file = join(tmp, 'map.json');
    writeFileAtomic(file, '{}\n');
    expect(() => writeFileAtomic(file, '[]\n')).toThrow(/already exists/);
    writeFileAtomic(file, '[]\n', { force: true });
    expect(readFileSync(file, 'utf8')).toBe('[]\n');
  });
});
