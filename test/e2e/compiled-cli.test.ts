// The compiled CLI (scripts/build.mjs, what the package ships) against the TypeScript sources: the build's
// rewrites (ASCII-only output) and the analyze-time V8 settings must not change a byte of a report.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE24 = join(ROOT, 'node_modules', 'node', 'bin', 'node');
const SAMPLE = join(ROOT, 'evidence', 'quantum-trader-2025-12-24');
const env = { ...process.env, EVIDEX_REDACT_KEY: 'compiled-test', NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: '1' };

let out: string;
/** The package's layout: dist/cli/ the build, bin/evidex.cjs the entry point that loads it. */
let cli: string;
let bin: string;

beforeAll(() => {
  // Inside the clone, so the dependencies the build leaves external resolve as they do from dist/cli.
  const parent = join(ROOT, 'node_modules', '.cache');
  mkdirSync(parent, { recursive: true });
  out = mkdtempSync(join(parent, 'evidex-compiled-'));
  cli = join(out, 'dist', 'cli');
  bin = join(out, 'bin', 'evidex.cjs');
  execFileSync(NODE24, [join(ROOT, 'scripts', 'build.mjs'), cli], { cwd: ROOT, env });
  mkdirSync(join(out, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'evidex.cjs'), bin);
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const run = (entry: string, args: string[]) =>
  execFileSync(NODE24, [entry, 'analyze', SAMPLE, ...args], { cwd: ROOT, env, encoding: 'utf8' });

describe('compiled CLI', () => {
  it('is ASCII-only, so Node reads each file without a UTF-8 decode into a two-byte string', () => {
    const files = readdirSync(cli).filter((n) => n.endsWith('.cjs'));
    expect(files.sort()).toEqual(['analyze-worker.cjs', 'evidex.cjs', 'yaml.cjs']);
    const nonAscii = files.filter((n) => /[^\x00-\x7f]/.test(readFileSync(join(cli, n), 'utf8')));
    expect(nonAscii).toEqual([]);
  });

  it('holds no import() of its own, which a vm.Script lacks (but one in the string of a page script)', () => {
    const code = readFileSync(join(cli, 'evidex.cjs'), 'utf8');
    const left = [...code.matchAll(/(?<![\w$])import\(/g)].map((m) => code.slice(m.index, m.index + 30));
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^import\(\$\{JSON\.stringify\(/);
    expect(code).toContain('__evidexImport("astro")');
  });

  it.each([[['--json']], [['--format', 'markdown']], [[]]])(
    'analyze %j of the sample matches the sources',
    (args) => {
      expect(run(bin, args)).toBe(run(join(ROOT, 'src', 'cli', 'index.ts'), args));
    },
    60_000,
  );

  it('analyze loads the YAML library only when there is a config file or a manual finding to read', () => {
    // The YAML library is a file of its own beside the bundle, and nothing else holds it.
    const yamlFiles = readdirSync(cli).filter((n) => readFileSync(join(cli, n), 'utf8').includes('YAMLParseError'));
    expect(yamlFiles).toEqual(['yaml.cjs']);
    // A preloaded hook records every module the process loads.
    const hook = join(out, 'record-loads.mjs');
    const log = join(out, 'loads.txt');
    writeFileSync(
      hook,
      `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ load(url, ctx, next) { ` +
        `appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, ctx); } });\n`,
    );
    const config = join(out, 'evidex.config.yaml');
    writeFileSync(config, 'rules:\n  container/privileged: off\n');
    // The clone's content/findings/ holds manual findings for the sample (YAML frontmatter); elsewhere there are none.
    const elsewhere = mkdtempSync(join(out, 'cwd-'));
    const loads = (args: string[], cwd = elsewhere): string[] => {
      rmSync(log, { force: true });
      execFileSync(NODE24, ['--import', hook, bin, 'analyze', SAMPLE, ...args], { cwd, env });
      return readFileSync(log, 'utf8').split('\n');
    };
    const yamlLoaded = (urls: string[]) => urls.some((u) => u.endsWith('/dist/cli/yaml.cjs'));
    const plain = loads(['--json']);
    expect(plain.some((u) => u.endsWith('/bin/evidex.cjs'))).toBe(true);
    expect(yamlLoaded(plain)).toBe(false);
    expect(yamlLoaded(loads(['--json', '--config', config]))).toBe(true);
    expect(yamlLoaded(loads(['--json'], ROOT))).toBe(true);
  }, 60_000);
});
