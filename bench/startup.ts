// Issue 13's startup target: `evidex analyze` on the sample, whole process, at most 0.5 s of CPU and at
// most 5× the CPU of `node -e 0`, measured in the same run. The CLI runs as a user installs it: the
// package's "files" (bin/evidex.cjs, the compiled dist/cli, the site sources) copied into a folder
// without the TypeScript CLI sources, so the bin takes the compiled path (and V8's compile cache, which
// the bin turns on).
// Each process's own CPU (user + system, every thread) is written by a preloaded probe when it exits.
// `node bench/startup.ts [repeats]` prints the result as JSON; bench/run.ts calls measureStartup().
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

export interface StartupResult {
  repeats: number;
  /** Median CPU seconds of each case. */
  cpuSeconds: Record<string, number>;
  /** Least CPU seconds of each case. */
  bestSeconds: Record<string, number>;
  analyzeOverNode: number;
  targets: { maxSeconds: number; maxRatio: number };
  met: boolean;
}

export const ANALYZE_CASE = 'evidex analyze <sample> (installed, compile cache warm)';

let compiled = false;

/**
 * The installed shape of the package in a temporary folder: every path of package.json's "files" (the
 * compiled CLI, the site sources `build` needs, the rule docs), and package.json, as npm lays them out.
 * The TypeScript CLI sources are not among them, so the bin takes the compiled path.
 */
export function installedCopy(dir: string): string {
  // One bench run lays the package out for several sections: the CLI is compiled once.
  if (!compiled) spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  compiled = true;
  const pkg = join(dir, 'evidex');
  mkdirSync(pkg, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
  for (const entry of [...manifest.files, 'package.json']) {
    const path = entry.replace(/\/$/, '');
    cpSync(join(root, path), join(pkg, path), { recursive: true });
  }
  // The dependencies the compiled CLI leaves external (fast-glob, astro) resolve as in an install.
  symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
  return join(pkg, 'bin/evidex.cjs');
}

export function measureStartup(repeats = 7): StartupResult {
  const tmp = mkdtempSync(join(tmpdir(), 'evidex-startup-'));
  try {
    const bin = installedCopy(tmp);
    const probe = join(tmp, 'probe.mjs');
    writeFileSync(
      probe,
      `import { writeFileSync } from 'node:fs';
process.on('exit', () => { const u = process.cpuUsage(); ` +
        'writeFileSync(process.env.EVIDEX_CPU_OUT, String((u.user + u.system) / 1e6)); });\n',
    );
    const sample = join(root, 'evidence/quantum-trader-2025-12-24');
    const cache = join(tmp, 'compile-cache');
    // An installed evidex runs where its user is, outside the clone: there the clone's content/findings/
    // (manual findings for the sample, read with the YAML library) do not apply. One case runs it in the clone.
    const outside = join(tmp, 'work');
    mkdirSync(outside);
    const cases: Record<string, { args: string[]; env?: Record<string, string>; cwd?: string }> = {
      'node -e 0': { args: ['-e', '0'] },
      'evidex --help': { args: [bin, '--help'], env: { NODE_COMPILE_CACHE: cache } },
      [ANALYZE_CASE]: { args: [bin, 'analyze', sample], env: { NODE_COMPILE_CACHE: cache } },
      'evidex analyze <sample> --json (installed)': {
        args: [bin, 'analyze', sample, '--json'],
        env: { NODE_COMPILE_CACHE: cache },
      },
      'evidex analyze <sample> (installed, no compile cache)': {
        args: [bin, 'analyze', sample],
        env: { NODE_DISABLE_COMPILE_CACHE: '1' },
      },
      'evidex analyze <sample> (installed, run in the clone: + its manual findings)': {
        args: [bin, 'analyze', sample],
        env: { NODE_COMPILE_CACHE: cache },
        cwd: root,
      },
      'evidex analyze <sample> (clone, TypeScript sources)': {
        args: [join(root, 'src/cli/index.ts'), 'analyze', sample],
        cwd: root,
      },
    };
    const runs: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    const out = join(tmp, 'cpu');
    const run = (name: string) => {
      const c = cases[name]!;
      const r = spawnSync(process.execPath, ['--import', probe, ...c.args], {
        cwd: c.cwd ?? outside,
        env: { ...process.env, ...c.env, EVIDEX_CPU_OUT: out, EVIDEX_REDACT_KEY: 'bench', NO_COLOR: '1' },
        stdio: 'ignore',
      });
      if (r.status !== 0) throw new Error(`${name} exited ${r.status}`);
      return Number(readFileSync(out, 'utf8'));
    };
    // The first run fills the compile cache, as a user's first run does.
    run(ANALYZE_CASE);
    for (let i = 0; i < repeats; i++) {
      // Interleaved, so load from other work on the machine falls on every case alike.
      for (const name of Object.keys(cases)) runs[name]!.push(run(name));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const round = (n: number) => Number(n.toFixed(3));
    const cpuSeconds = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, round(median(v))]));
    const bestSeconds = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, round(Math.min(...v))]));
    const analyze = cpuSeconds[ANALYZE_CASE]!;
    const analyzeOverNode = Number((analyze / cpuSeconds['node -e 0']!).toFixed(1));
    const targets = { maxSeconds: 0.5, maxRatio: 5 };
    return {
      repeats,
      cpuSeconds,
      bestSeconds,
      analyzeOverNode,
      targets,
      met: analyze <= targets.maxSeconds && analyzeOverNode <= targets.maxRatio,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(join(root, 'evidence/quantum-trader-2025-12-24'))) throw new Error('the sample is missing');
  console.log(JSON.stringify(measureStartup(Number(process.argv[2] ?? 7)), null, 2));
}
