// Site build benchmark (issue 16): `evidex build` of the sample alone, of N audits of one host cold,
// again with nothing changed, and again with one audit changed. The CLI runs as a user installs it
// (bench/startup.ts installedCopy: the package's files, the compiled CLI, run from an empty folder); the
// sample is also built once from the clone's TypeScript sources, for comparison. The N audits are
// copies of the sample with the capture date moved a day per copy (every timestamp in the files) and
// the stream lengths varied, so each is a distinct bundle of the same host. CPU seconds (user+sys of the CLI and its
// descendants: the build process, esbuild, Pagefind, sampled from /proc), and wall seconds.
//
// Called from bench/run.ts (skipped with BENCH_SITE=0); `node bench/site.ts` runs it alone and writes
// its section into BENCHMARKS.md (BENCH_OUT), replacing the previous one.
// Settings: BENCH_SITE_AUDITS (default 50), BENCH_TMP.
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedCopy } from './startup.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const SAMPLE_DAY = '2025-12-24';

export interface SiteTarget {
  what: string;
  value: number;
  bound: number;
  kind: 'min' | 'max';
}

interface Run {
  cpu: number;
  wall: number;
  rssMiB: number;
}

const TICK = 100; // clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux)

/** utime+stime in seconds, parent pid and peak RSS (MiB) of a live process, from /proc; undefined once gone. */
function procSample(pid: number): { cpu: number; ppid: number; hwmMiB: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: state ppid … utime(14) stime(15).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return { cpu: (Number(f[11]) + Number(f[12])) / TICK, ppid: Number(f[1]), hwmMiB: Number(hwm ?? 0) / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user+sys) of a command and every process it starts, wall seconds, and the largest
 * peak RSS among them. `evidex build` leaves esbuild's service to be ended with its process group, so
 * no parent waits for it and GNU time would not count it: every descendant is sampled from /proc
 * instead, every 50 ms, keeping each one's last figures (a process's last < 50 ms may be missed).
 */
async function measure(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Run> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env, ...(cwd ? { cwd } : {}) });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + String(d)).slice(-4000)));
  const seen = new Map<number, { cpu: number; hwmMiB: number }>();
  const poll = () => {
    for (const name of readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      const known = seen.has(pid);
      const s = procSample(pid);
      if (!s) continue;
      if (!known && pid !== child.pid && !seen.has(s.ppid)) continue;
      // A process that has exited but is not reaped yet has no VmHWM any more: keep the largest seen.
      const prev = seen.get(pid);
      seen.set(pid, { cpu: Math.max(prev?.cpu ?? 0, s.cpu), hwmMiB: Math.max(prev?.hwmMiB ?? 0, s.hwmMiB) });
    }
  };
  const timer = setInterval(poll, 50);
  poll();
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  clearInterval(timer);
  poll();
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0) throw new Error(`evidex ${args.join(' ')} failed (${code}): ${stderr}`);
  const runs = [...seen.values()];
  const run = { cpu: runs.reduce((n, r) => n + r.cpu, 0), wall, rssMiB: Math.max(...runs.map((r) => r.hwmMiB)) };
  process.stderr.write(
    `site bench: ${args.slice(1).join(' ')}: ${run.cpu.toFixed(2)} CPU s, ${runs.length} processes\n`,
  );
  return run;
}

const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);

/** N bundles of the sample's host, one a day from 2026-01-01, each with its own stream lengths. */
export function generateAudits(dir: string, n: number): string[] {
  const files = readdirSync(join(SAMPLE, 'raw'));
  const made: string[] = [];
  for (let i = 0; i < n; i++) {
    const bundle = join(dir, `quantum-trader-${day(i)}`);
    mkdirSync(join(bundle, 'raw'), { recursive: true });
    for (const f of files) {
      let text = readFileSync(join(SAMPLE, 'raw', f), 'utf8').replaceAll(SAMPLE_DAY, day(i));
      if (f === 'redis_streams_lengths.txt') text = text.replace(/\d+/g, (v) => String(Number(v) + i * 7));
      writeFileSync(join(bundle, 'raw', f), text);
    }
    made.push(bundle);
  }
  return made;
}

const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

/** Run the site bench; returns its Markdown section and its targets. */
export async function siteBench(options: { tmp?: string; audits?: number; env?: NodeJS.ProcessEnv } = {}): Promise<{
  md: string[];
  targets: SiteTarget[];
}> {
  const n = options.audits ?? 50;
  const root = mkdtempSync(join(options.tmp ?? tmpdir(), 'evidex-bench-site-'));
  try {
    const env = {
      ...(options.env ?? process.env),
      EVIDEX_REDACT_KEY: 'bench',
      EVIDEX_CACHE_DIR: join(root, 'cache'),
      NO_COLOR: '1',
    };
    const evidence = join(root, 'evidence');
    const bundles = generateAudits(evidence, n);
    const bin = installedCopy(root);
    // The installed CLI runs where its user is, outside the clone; its compile cache starts empty.
    const work = join(root, 'work');
    mkdirSync(work);
    const installedEnv = { ...env, NODE_COMPILE_CACHE: join(root, 'compile-cache') };
    const sampleDir = join(process.cwd(), SAMPLE);
    const build = (input: string, out: string, cache = join(root, 'cache')) =>
      measure([bin, 'build', input, '--out', out], { ...installedEnv, EVIDEX_CACHE_DIR: cache }, work);
    const sample = await build(sampleDir, join(root, 'site-sample'), join(root, 'cache-sample'));
    const sampleAgain = await build(sampleDir, join(root, 'site-sample-2'), join(root, 'cache-sample-2'));
    const fromSources = await measure(
      ['src/cli/index.ts', 'build', SAMPLE, '--out', join(root, 'site-sample-sources')],
      { ...env, EVIDEX_CACHE_DIR: join(root, 'cache-sources') },
    );
    const site = join(root, 'site');
    const cold = await build(evidence, site);
    const unchanged = await build(evidence, site);
    appendFileSync(
      join(bundles[Math.floor(n / 2)]!, 'raw', 'logs_tail_quantum_backend.txt'),
      `${day(Math.floor(n / 2))}T05:00:00Z ERROR bench: one audit changed\n`,
    );
    const oneChanged = await build(evidence, site);
    // Five other audits changed at once: what each changed audit adds beyond the first, and the fixed part.
    const others = [...new Set([1, 2, 3, 4, 5].map((k) => (Math.floor(n / 2) + Math.ceil((k * n) / 6)) % n))];
    for (const i of others) {
      appendFileSync(
        join(bundles[i]!, 'raw', 'logs_tail_quantum_backend.txt'),
        `${day(i)}T05:00:00Z ERROR bench: changed\n`,
      );
    }
    const someChanged = await build(evidence, site);
    const perAudit = (someChanged.cpu - oneChanged.cpu) / Math.max(1, others.length - 1);
    const pages = existsSync(join(site, '.evidex-build.json'))
      ? (JSON.parse(readFileSync(join(site, '.evidex-build.json'), 'utf8')) as { pages?: number }).pages
      : undefined;
    const md = [
      `## Site build (evidex build, search index on; ${n} audits of one host = ${pages ?? '?'} pages)`,
      '',
      '| build | CPU s | wall s | peak RSS MiB (largest process) |',
      '|---|---|---|---|',
      ...(
        [
          ['the sample alone (1 audit), cold cache, first run (compile cache empty)', sample],
          ['the sample alone again, cold cache (a new output and cache folder), compile cache warm', sampleAgain],
          ["the sample alone, cold cache, from the clone's TypeScript sources", fromSources],
          [`${n} audits, cold cache`, cold],
          [`${n} audits again, nothing changed`, unchanged],
          [`${n} audits, one audit changed`, oneChanged],
          [`${n} audits, ${others.length} other audits changed`, someChanged],
        ] as const
      ).map(([what, r]) => `| ${what} | ${f2(r.cpu)} | ${f1(r.wall)} | ${f1(r.rssMiB)} |`),
      '',
      `One changed audit is analyzed again and its pages and diff pages rendered again (the other ${n - 1} come from`,
      `the analysis cache and keep their pages; the audit list, host and rule pages and the search index are redone):`,
      `the changed-one build costs ${f2(oneChanged.cpu / cold.cpu)} of the ` +
        `cold one. With ${others.length} changed, each`,
      `changed audit beyond the first adds ${f2(perAudit)} CPU s; what a build with changes costs whatever their`,
      `number (Astro's own start and route generation, the shared pages, the primary index) is about`,
      `${f2(oneChanged.cpu - perAudit)} s. The audits are copies of`,
      `${SAMPLE} with every ${SAMPLE_DAY} moved to one day each from ${day(0)} and the stream lengths varied.`,
      '',
    ];
    const targets: SiteTarget[] = [
      { what: 'site: the sample alone, CPU s', value: sample.cpu, bound: 10, kind: 'max' },
      { what: `site: ${n} audits cold, CPU s`, value: cold.cpu, bound: 120, kind: 'max' },
      { what: 'site: rebuild with nothing changed, CPU s', value: unchanged.cpu, bound: 5, kind: 'max' },
    ];
    return { md, targets };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Replace the site section of an existing report (or add it before the targets). */
function spliceSection(report: string, section: string[]): string {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => l.startsWith('## Site build'));
  if (start >= 0) {
    const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
    lines.splice(start, (end < 0 ? lines.length : end) - start, ...section);
  } else {
    const at = lines.findIndex((l) => l.startsWith('## Targets'));
    lines.splice(at < 0 ? lines.length : at, 0, ...section);
  }
  return lines.join('\n');
}

if (import.meta.main) {
  const audits = Number(process.env['BENCH_SITE_AUDITS'] ?? 50);
  const { md, targets } = await siteBench({
    audits: Number.isInteger(audits) && audits > 0 ? audits : 50,
    ...(process.env['BENCH_TMP'] ? { tmp: process.env['BENCH_TMP'] } : {}),
  });
  const section = [
    ...md,
    '| target | measured | bound | |',
    '|---|---|---|---|',
    ...targets.map((t) => {
      const ok = t.kind === 'min' ? t.value >= t.bound : t.value <= t.bound;
      return `| ${t.what} | ${f2(t.value)} | ${t.kind === 'min' ? '≥' : '≤'} ${t.bound} | ${ok ? 'met' : 'MISSED'} |`;
    }),
    '',
  ];
  const out = process.env['BENCH_OUT'] ?? 'BENCHMARKS.md';
  writeFileSync(out, spliceSection(existsSync(out) ? readFileSync(out, 'utf8') : '# Benchmarks\n', section));
  console.log(section.join('\n'));
}
