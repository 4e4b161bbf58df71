// Whole-process CPU (user + system) of `evidex analyze` on the sample, against `node -e 0` measured in
// the same run: the issue 13 startup target is at most 0.5 s and at most 5x `node -e 0`. Runs the
// compiled CLI (dist/, built first when missing), as an installed user gets it, and the TypeScript
// sources for comparison. Usage: node scripts/startup-cpu.mjs [repeats] (median of each is reported).
// Meant to be called from bench/run.ts; prints JSON on stdout.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist/cli/index.js')))
  spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const repeats = Number(process.argv[2] ?? 7);
const tmp = mkdtempSync(join(tmpdir(), 'evidex-startup-'));
// Preloaded into each measured process: its own CPU since it started, written when it exits.
const probe = join(tmp, 'probe.mjs');
writeFileSync(
  probe,
  `import { writeFileSync } from 'node:fs';
process.on('exit', () => { const u = process.cpuUsage(); writeFileSync(process.env.EVIDEX_CPU_OUT, String((u.user + u.system) / 1e6)); });\n`,
);
const sample = join(root, 'evidence/quantum-trader-2025-12-24');
const cases = {
  'node -e 0': ['-e', '0'],
  'evidex --help': [join(root, 'dist/cli/index.js'), '--help'],
  'evidex rules': [join(root, 'dist/cli/index.js'), 'rules'],
  'evidex analyze <sample>': [join(root, 'dist/cli/index.js'), 'analyze', sample],
  'evidex analyze <sample> (TypeScript sources)': [join(root, 'src/cli/index.ts'), 'analyze', sample],
};
const runs = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < repeats; i++) {
  // Interleaved, so load from other work on the machine falls on every case alike.
  for (const [name, args] of Object.entries(cases)) {
    const out = join(tmp, 'cpu');
    const r = spawnSync(process.execPath, ['--import', probe, ...args], {
      env: { ...process.env, EVIDEX_CPU_OUT: out, EVIDEX_REDACT_KEY: 'bench', NO_COLOR: '1' },
      stdio: 'ignore',
    });
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}`);
    runs[name].push(Number(readFileSync(out, 'utf8')));
  }
}
rmSync(tmp, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpu = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, Number(median(v).toFixed(3))]));
const analyze = cpu['evidex analyze <sample>'];
const ratio = Number((analyze / cpu['node -e 0']).toFixed(1));
console.log(
  JSON.stringify(
    {
      repeats,
      cpuSeconds: cpu,
      analyzeOverNode: ratio,
      targets: { maxSeconds: 0.5, maxRatio: 5 },
      met: analyze <= 0.5 && ratio <= 5,
    },
    null,
    2,
  ),
);
