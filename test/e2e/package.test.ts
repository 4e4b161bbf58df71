// Issue 13, done-when: the package as a user gets it. `npm pack` (which compiles the CLI through
// prepack), install the tarball into a fresh prefix with Node 24, and run the installed `evidex` from
// outside the clone. Then the same installed entry point on the machine's old Node must refuse in one line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/core/run/exit-code.ts';
import { WORKER_BYTES } from '../../src/node/analyze-path.ts';
import { writeLargeLogArchive } from '../helpers/large-archive.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** The Node 24 of the `node` devDependency: what a user with a current Node has. */
const NODE24 = join(ROOT, 'node_modules', 'node', 'bin', 'node');
const FLOOR = [22, 19, 0];

/** An installed Node older than the floor (Debian's Node 20 on this machine), if there is one. */
function oldNode(): string | undefined {
  for (const candidate of ['/usr/local/bin/node', '/usr/bin/node', '/bin/node']) {
    if (!existsSync(candidate)) continue;
    const v = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' })
      .stdout.trim()
      .split('.')
      .map(Number);
    const older = v[0]! !== FLOOR[0]! ? v[0]! < FLOOR[0]! : v[1]! !== FLOOR[1]! ? v[1]! < FLOOR[1]! : v[2]! < FLOOR[2]!;
    if (older) return candidate;
  }
  return undefined;
}
const OLD_NODE = oldNode();

let tmp: string;
let prefix: string;
let outside: string;
let sampleTgz: string;
const { FORCE_COLOR: _force, ...inherited } = process.env;
const env24 = {
  ...inherited,
  PATH: `${dirname(NODE24)}${delimiter}${process.env.PATH}`,
  EVIDEX_REDACT_KEY: 'package-test',
  NO_COLOR: '1',
};

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'evidex-package-'));
  prefix = join(tmp, 'prefix');
  outside = join(tmp, 'work');
  mkdirSync(outside);
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], {
    cwd: ROOT,
    env: env24,
    encoding: 'utf8',
  });
  const tarball = join(tmp, packed.trim().split('\n').pop()!);
  execFileSync(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error', tarball],
    {
      cwd: tmp,
      env: { ...env24, EVIDEX_CACHE_DIR: join(tmp, 'cache') },
      encoding: 'utf8',
    },
  );
  sampleTgz = join(tmp, 'quantum-trader-2025-12-24.tgz');
  execFileSync('tar', ['-czf', sampleTgz, '-C', join(ROOT, 'evidence'), 'quantum-trader-2025-12-24']);
}, 600_000);

const installed = (args: string[], nodeEnv = env24) =>
  spawnSync(join(prefix, 'node_modules', '.bin', 'evidex'), args, {
    cwd: outside,
    env: { ...nodeEnv, EVIDEX_CACHE_DIR: join(tmp, 'cache') },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });

describe('the published package', () => {
  it('ships compiled JavaScript, the rule docs and the site sources, not the tests or the evidence', () => {
    const pkg = join(prefix, 'node_modules', 'evidex');
    expect(existsSync(join(pkg, 'dist', 'cli', 'evidex.cjs'))).toBe(true);
    expect(existsSync(join(pkg, 'content', 'rules', 'redis', 'maxmemory-noeviction.md'))).toBe(true);
    expect(existsSync(join(pkg, 'src', 'site', 'pages', 'index.astro'))).toBe(true);
    for (const absent of ['test', 'evidence', 'bench', 'node_modules/node'])
      expect(existsSync(join(pkg, absent))).toBe(false);
  });

  it('evidex --help', () => {
    const r = installed(['--help']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(EXIT.clean);
    expect(r.stdout).toMatch(/^evidex 0\.\d+\.\d+: /);
    expect(r.stdout).toContain('3  evidence unusable');
  });

  it('evidex analyze <sample tarball> --json', () => {
    const r = installed(['analyze', sampleTgz, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(EXIT.clean);
    const audit = JSON.parse(r.stdout);
    expect(audit.schemaVersion).toBe(1);
    expect(audit.containers).toHaveLength(33);
  });

  it('evidex export --format pdf, through the playwright-core it installs', () => {
    const pdf = join(tmp, 'sample.pdf');
    const r = installed(['export', sampleTgz, '--format', 'pdf', '--out', pdf]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(EXIT.clean);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 60_000);

  it('evidex analyze writes a code cache on its first run to the end (help apart), read on the next', () => {
    const cacheDir = join(tmp, 'compile-cache');
    const withCache = { ...env24, NODE_COMPILE_CACHE: cacheDir };
    // A usage error writes no cache; help writes its own, which the command's run does not take for its own.
    expect(installed(['analyze', '--bogus'], withCache).status).toBe(EXIT.usage);
    expect(installed(['analyze', '--help'], withCache).status).toBe(EXIT.clean);
    const first = installed(['analyze', sampleTgz, '--json'], withCache);
    // Beside Node's own entries, in the folder of this Node's version and flags.
    const caches = readdirSync(cacheDir, { recursive: true, encoding: 'utf8' })
      .filter((p) => p.includes('analyze'))
      .sort();
    expect(caches).toEqual([
      expect.stringMatching(/^v[^/]+\/evidex\/\d+\.\d+\.\d+-analyze-help@\d+-\d+$/),
      expect.stringMatching(/^v[^/]+\/evidex\/\d+\.\d+\.\d+-analyze@\d+-\d+$/),
    ]);
    const cache = join(cacheDir, caches[1]!);
    const written = statSync(cache).mtimeMs;
    const second = installed(['analyze', sampleTgz, '--json'], withCache);
    // Read and accepted: a cache V8 rejected would be written again.
    expect(statSync(cache).mtimeMs).toBe(written);
    expect([second.status, second.stderr, second.stdout]).toEqual([first.status, first.stderr, first.stdout]);
  });

  it('evidex analyze of a large .tar.gz, analyzed in the compiled worker', () => {
    const { archive, lines } = writeLargeLogArchive(tmp, 'large', WORKER_BYTES);
    const r = installed(['analyze', archive, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(EXIT.clean);
    expect(JSON.parse(r.stdout).logs[0].lines).toBe(lines);
  }, 60_000);

  it('evidex build from outside the clone writes only the site', () => {
    const r = installed(['build', sampleTgz, '--out', 'site']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(EXIT.clean);
    expect(existsSync(join(outside, 'site', 'index.html'))).toBe(true);
    expect(existsSync(join(outside, 'site', 'pagefind'))).toBe(true);
    expect(readdirSync(outside)).toEqual(['site']);
    expect(existsSync(join(prefix, 'node_modules', 'evidex', '.astro'))).toBe(false);
  }, 300_000);

  it.skipIf(!OLD_NODE)(`on an older Node (${OLD_NODE ?? 'none installed'}) it refuses in one line, exit 2`, () => {
    const r = spawnSync(
      OLD_NODE!,
      [join(prefix, 'node_modules', 'evidex', 'bin', 'evidex.cjs'), 'analyze', sampleTgz],
      {
        cwd: outside,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^evidex: needs Node\.js 22\.19\.0 or newer; this is Node\.js \d+\.\d+\.\d+\.\n$/);
  });
});
