// `npm run bench`: speed and memory of `evidex analyze` on generated bundles, each figure a ratio against plain tools
// measured in the same run on the same files (so the figures travel between machines), written to BENCHMARKS.md. CPU
// seconds (user+sys, GNU time) rather than wall time: the machine is shared, and CPU time is what another process
// steals least. Every command runs BENCH_REPEAT times (default 1, to keep the default run near 5 minutes), interleaved
// so load beside the bench slows all of them alike; the least CPU time and the median peak RSS of each are kept.
//
// Settings (environment):
//   BENCH_LOG_MIB    size of the docker log of the log bundle (default 256)
//   BENCH_GROWTH     extra log sizes in MiB for the growth table, e.g. "512,1000,3000" (default none; a log
//                    over 1 GiB is analysed with --max-entry-bytes and --max-total-bytes raised to fit it)
//   BENCH_REPEAT     runs per command (default 1; 3 gives steadier figures on a busy machine)
//   BENCH_OUT        report path (default BENCHMARKS.md)
//   BENCH_TMP        folder for generated bundles (default the OS temp folder); all are deleted after
//   BENCH_STARTUP    runs of each startup case (default 7; 0 skips the startup section)
//   BENCH_ADVERSARIAL 0 skips the adversarial 1 MiB lines of issue 12 (bench/adversarial.ts, several
//                    minutes: hundreds of lines, each analysed in process up to 3 times)
//   BENCH_SITE       0 skips the site build section (bench/site.ts); BENCH_SITE_AUDITS audits of one host (default 50)
//   BENCH_WORDY_MIB  size of the second log shape, lines that carry secret-sounding names (default 128; BENCH_WORDY=0
//                    skips it; with a BENCH_GROWTH size of 1000 or more, it is also measured at the largest)
//   BENCH_REAL_MIB   size of the third, the public corpus's real docker logs repeated (default 128; BENCH_REAL=0
//                    skips it)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADVERSARIAL_BOUND, adversarialBench, adversarialMarkdown } from './adversarial.ts';
import { generateBundle, GENERATOR_LINES, type Scale, WORDY_LINES } from './generate.ts';
import { siteBench } from './site.ts';
import { summarizerPair } from './summarizer.ts';
import { ANALYZE_CASE, installedCopy, measureStartup } from './startup.ts';

const env = (key: string, fallback: number) => {
  const v = Number(process.env[key]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const LOG_MIB = env('BENCH_LOG_MIB', 256);
const GROWTH = (process.env['BENCH_GROWTH'] ?? '')
  .split(',')
  .map(Number)
  .filter((n) => Number.isFinite(n) && n > 0);
const REPEAT = Math.floor(env('BENCH_REPEAT', 1));
const OUT = process.env['BENCH_OUT'] ?? 'BENCHMARKS.md';
const TMP = process.env['BENCH_TMP'] ?? tmpdir();
const MiB = 2 ** 20;
const node = process.execPath;
/** Every folder the bench makes, removed on exit even when a command fails. */
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(TMP, prefix));
  made.push(dir);
  return dir;
};
const ENV = { ...process.env, EVIDEX_REDACT_KEY: 'bench', HOME: tempDir('evidex-bench-home-') };

interface Run {
  /** user+sys CPU seconds of the command and its children. */
  cpu: number;
  wall: number;
  rssMiB: number;
}

const hasGnuTime = spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/**
 * CPU time, wall time and peak RSS of a command, via GNU time. Its output goes to a pipe this process reads and
 * drops, never to /dev/null: GNU grep (3.x) notices a standard output of /dev/null and stops at the first match, so
 * `grep -c` measured that way reads a few kilobytes of the log, not the log.
 */
function measure(cmd: string, args: string[]): Run {
  const start = process.hrtime.bigint();
  if (!hasGnuTime) {
    spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], env: ENV, maxBuffer: 256 * MiB });
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    return { cpu: wall, wall, rssMiB: NaN };
  }
  const r = spawnSync('/usr/bin/time', ['-f', 'BENCH %U %S %M', cmd, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: ENV,
    encoding: 'utf8',
    maxBuffer: 256 * MiB,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const line =
    r.stderr
      .trim()
      .split('\n')
      .reverse()
      .find((l) => l.startsWith('BENCH ')) ?? '';
  const [, user, sys, rss] = line.split(' ').map(Number);
  return { cpu: (user ?? NaN) + (sys ?? NaN), wall, rssMiB: (rss ?? NaN) / 1024 };
}

/** Run every command REPEAT times, interleaved; keep the least CPU time and the median RSS of each. */
function measureAll<K extends string>(commands: Record<K, [string, string[]]>): Record<K, Run> {
  const runs = {} as Record<K, Run[]>;
  for (const key of Object.keys(commands) as K[]) runs[key] = [];
  for (let i = 0; i < REPEAT; i++)
    for (const key of Object.keys(commands) as K[]) runs[key].push(measure(commands[key][0], commands[key][1]));
  const out = {} as Record<K, Run>;
  for (const key of Object.keys(commands) as K[]) {
    const rss = runs[key].map((r) => r.rssMiB).sort((a, b) => a - b);
    out[key] = {
      cpu: Math.min(...runs[key].map((r) => r.cpu)),
      wall: Math.min(...runs[key].map((r) => r.wall)),
      rssMiB: rss[Math.floor(rss.length / 2)] ?? NaN,
    };
  }
  return out;
}

/** A level histogram in awk: the first field that is a level word, counted (what a shell user writes first). */
const AWK_HISTOGRAM =
  '{ for (i = 1; i <= NF && i <= 8; i++) if ($i ~ ' +
  '/^\\[?(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL)\\]?:?$/) { ' +
  'n[$i]++; break } } ' +
  'END { for (k in n) print k, n[k] }';
const LNAV_COUNT = ';SELECT log_level, count(*) AS n FROM all_logs GROUP BY log_level';

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');

interface Target {
  what: string;
  value: number;
  bound: number;
  kind: 'min' | 'max';
}
const targets: Target[] = [];
const target = (what: string, value: number, bound: number, kind: 'min' | 'max') =>
  targets.push({ what, value, bound, kind });

const md: string[] = [];
const started = new Date();
md.push(
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` (bench/run.ts) on ${started.toISOString().slice(0, 16)}Z; node ${process.version}, ` +
    `${REPEAT} interleaved run(s) per command, least CPU seconds (user+sys) and median peak RSS kept. ` +
    'Every ratio compares commands measured in this same run on the same files.',
  '',
);

// ---------------------------------------------------------------------------------------------
// Startup (issue 13): the whole process of `evidex analyze` on the sample, installed as a user has it.

const STARTUP_REPEAT = Math.floor(Number(process.env['BENCH_STARTUP'] ?? 7));
if (STARTUP_REPEAT > 0) {
  const s = measureStartup(STARTUP_REPEAT);
  md.push(
    `## Startup: \`evidex analyze\` on the sample, whole process (median of ${s.repeats} interleaved runs)`,
    '',
    '| command | CPU s (median) | CPU s (least) | × node -e 0 |',
    '|---|---|---|---|',
    ...Object.keys(s.cpuSeconds).map(
      (k) =>
        `| ${k} | ${f2(s.cpuSeconds[k]!)} | ${f2(s.bestSeconds[k]!)} ` +
        `| ${f1(s.cpuSeconds[k]! / s.cpuSeconds['node -e 0']!)} |`,
    ),
    '',
    "Installed: the package's files (bin/evidex.cjs, the compiled dist/cli, the site sources) copied into a folder",
    "without src/cli, as `npm install -g evidex` lays them out; the bin turns on Node's compile cache and writes",
    'its own code cache of the compiled CLI after a command first runs, both filled by one run before the measured',
    "ones (no compile cache: NODE_DISABLE_COMPILE_CACHE=1, neither). CPU is each process's own (user + system,",
    "every thread), written at exit by a preloaded probe. Installed cases run in an empty folder, as a user's",
    "would; run in the clone, analyze also reads the clone's content/findings/ (manual findings for the sample,",
    'in YAML frontmatter), and that loads the YAML library.',
    '',
  );
  target(`issue 13: CPU s of ${ANALYZE_CASE}`, s.cpuSeconds[ANALYZE_CASE]!, 0.5, 'max');
  target('issue 13: that CPU / node -e 0 CPU', s.analyzeOverNode, 5, 'max');
}

// ---------------------------------------------------------------------------------------------
// Logs: one big docker log in a small bundle, folder and .tar.gz, against plain tools.

const LOG_SCALE = (mib: number): Scale => ({
  containers: 40,
  redisClients: 100,
  streamEntries: 50,
  logBytes: mib * MiB,
});
interface LogRow {
  mib: number;
  runs: Record<string, Run>;
}
const logRows: LogRow[] = [];
const lnav = has('lnav');
// evidex as a user runs it: the installed package (bin/evidex.cjs and the compiled dist/cli, laid out as
// bench/startup.ts does). From the clone's TypeScript sources Node strips types as each module loads, and the
// analysis worker of a large bundle strips them again: a cost of the clone, not of evidex.
const installed = installedCopy(tempDir('evidex-bench-installed-'));
for (const [index, mib] of [LOG_MIB, ...GROWTH].entries()) {
  const dir = tempDir('evidex-bench-log-');
  const bundle = join(dir, 'bundle');
  await generateBundle(bundle, LOG_SCALE(mib));
  const log = join(bundle, 'raw', 'logs_tail_svc_1.txt');
  const tgz = join(dir, 'bundle.tar.gz');
  execFileSync('tar', ['-czf', tgz, '-C', dir, 'bundle']);
  // The same bundle without its log: evidex's fixed cost (imports, the other files, rules), subtracted
  // to give what the log itself costs.
  const empty = join(dir, 'nolog');
  await generateBundle(empty, LOG_SCALE(0));
  // The default caps (1 GiB a file, 2 GiB a bundle) stop a larger log: raised to fit it, as a user would.
  const fit = `${Math.ceil(mib / 1024) + 1}GiB`;
  const limits = mib > 1000 ? ['--max-entry-bytes', fit, '--max-total-bytes', fit] : [];
  const commands: Record<string, [string, string[]]> = {
    nodeStart: [node, ['-e', '0']],
    noLog: [node, [installed, 'analyze', empty, '--json']],
    awk: ['awk', [AWK_HISTOGRAM, log]],
    grep: ['grep', ['-c', 'ERROR', log]],
    gunzip: ['sh', ['-c', `gzip -dc '${tgz}' | wc -l`]],
    folder: [node, [installed, 'analyze', bundle, '--json', ...limits]],
    tarball: [node, [installed, 'analyze', tgz, '--json', ...limits]],
  };
  // lnav parses at ~45 MiB/s: measured on the first size only, to keep the run short.
  if (lnav && index === 0) commands['lnav'] = ['lnav', ['-n', '-c', LNAV_COUNT, log]];
  logRows.push({ mib: statSync(log).size / MiB, runs: measureAll(commands) });
  rmSync(dir, { recursive: true, force: true });
}

{
  const { mib, runs } = logRows[0]!;
  const work = (r: Run) => Math.max(0.01, r.cpu - runs['nodeStart']!.cpu);
  const folder = work(runs['folder']!);
  const tarball = work(runs['tarball']!);
  const logOnly = Math.max(0.01, runs['folder']!.cpu - runs['noLog']!.cpu);
  const grepTime = Math.max(0.01, runs['grep']!.cpu);
  md.push(
    `## ${f0(mib)} MiB docker log (analyze --json, redaction on)`,
    '',
    '| command | CPU s | MiB/s | peak RSS MiB | evidex vs it |',
    '|---|---|---|---|---|',
    `| evidex analyze folder (minus node start) | ${f2(folder)} | ${f1(mib / folder)} ` +
      `| ${f0(runs['folder']!.rssMiB)} | — |`,
    `| the log's share (folder minus the same bundle without it) | ${f2(logOnly)} | ${f1(mib / logOnly)} | — | — |`,
    `| evidex analyze .tar.gz (minus node start) | ${f2(tarball)} | ${f1(mib / tarball)} ` +
      `| ${f0(runs['tarball']!.rssMiB)} | — |`,
    `| evidex analyze of the bundle without its log | ${f2(runs['noLog']!.cpu)} ` +
      `| — | ${f0(runs['noLog']!.rssMiB)} | — |`,
    `| awk level histogram | ${f2(runs['awk']!.cpu)} | ${f1(mib / runs['awk']!.cpu)} | ${f0(runs['awk']!.rssMiB)} ` +
      `| ${f2(folder / runs['awk']!.cpu)}× its time |`,
    ...(runs['lnav']
      ? [
          `| lnav -n headless SQL level count | ${f2(runs['lnav'].cpu)} | ${f1(mib / runs['lnav'].cpu)} | ` +
            `${f0(runs['lnav'].rssMiB)} | ${f2(folder / runs['lnav'].cpu)}× its time |`,
        ]
      : []),
    `| grep -c ERROR | ${f2(grepTime)} | ${f1(mib / grepTime)} ` +
      `| ${f0(runs['grep']!.rssMiB)} | ${f1(folder / grepTime)}× its time |`,
    `| gzip -dc \\| wc -l (the .tar.gz) | ${f2(runs['gunzip']!.cpu)} | ${f1(mib / runs['gunzip']!.cpu)} ` +
      `| ${f0(runs['gunzip']!.rssMiB)} ` +
      `| .tar.gz analyze ${f2(tarball / runs['gunzip']!.cpu)}× its time |`,
    `| node -e 0 | ${f2(runs['nodeStart']!.cpu)} | — | ${f0(runs['nodeStart']!.rssMiB)} | — |`,
    '',
    'The evidex figures are the installed package (bin/evidex.cjs, compiled) analysing the whole bundle: decode,',
    'SHA-256, classification, the log summary (levels, HTTP statuses, repeated messages, stack traces), redaction',
    'of the evidence text, rules and JSON output.',
    'The baselines only count: they are the floor a single-purpose tool reaches on the same bytes.',
    '',
  );
  target('analyze folder time / awk level histogram time', folder / runs['awk']!.cpu, 1, 'max');
  if (runs['lnav']) target('analyze folder time / lnav headless count time', folder / runs['lnav'].cpu, 0.25, 'max');
  target('analyze folder time / grep -c time', folder / grepTime, 10, 'max');
  target('analyze .tar.gz time / gzip -dc \\| wc -l time', tarball / runs['gunzip']!.cpu, 1.5, 'max');
  target("the log's share of analyze time / awk level histogram time", logOnly / runs['awk']!.cpu, 1, 'max');
}

if (logRows.length > 1) {
  md.push(
    '## Growth with the log size',
    '',
    '| log MiB | folder CPU s | folder MiB/s | folder peak RSS MiB | .tar.gz ' +
      'CPU s | .tar.gz peak RSS MiB | gzip -dc\\|wc -l CPU s |',
    '|---|---|---|---|---|---|---|',
  );
  for (const { mib, runs } of logRows) {
    const work = (r: Run) => Math.max(0.01, r.cpu - runs['nodeStart']!.cpu);
    md.push(
      `| ${f0(mib)} | ${f2(work(runs['folder']!))} | ${f1(mib / work(runs['folder']!))} ` +
        `| ${f0(runs['folder']!.rssMiB)} ` +
        `| ${f2(work(runs['tarball']!))} | ${f0(runs['tarball']!.rssMiB)} | ${f2(runs['gunzip']!.cpu)} |`,
    );
  }
  md.push('');
  const last = logRows.at(-1)!;
  if (last.mib >= 1000) {
    target(`peak RSS MiB, ${f0(last.mib)} MiB log, folder`, last.runs['folder']!.rssMiB, 300, 'max');
    target(`peak RSS MiB, ${f0(last.mib)} MiB log, .tar.gz`, last.runs['tarball']!.rssMiB, 300, 'max');
  }
}

// ---------------------------------------------------------------------------------------------
// A second log shape: lines that carry the names redaction looks for (WORDY_LINES), so every line passes its
// gate and is read by its patterns, where the generator's lines never are. The same targets apply to it.

if (process.env['BENCH_WORDY'] !== '0') {
  const dir = tempDir('evidex-bench-wordy-');
  const bundle = join(dir, 'bundle');
  await generateBundle(bundle, { ...LOG_SCALE(env('BENCH_WORDY_MIB', 128)), logLines: WORDY_LINES });
  const log = join(bundle, 'raw', 'logs_tail_svc_1.txt');
  const runs = measureAll({
    nodeStart: [node, ['-e', '0']],
    awk: ['awk', [AWK_HISTOGRAM, log]],
    folder: [node, [installed, 'analyze', bundle, '--json']],
  });
  const mib = statSync(log).size / MiB;
  rmSync(dir, { recursive: true, force: true });
  const folder = Math.max(0.01, runs.folder.cpu - runs.nodeStart.cpu);
  md.push(
    `## ${f0(mib)} MiB docker log whose lines carry secret-sounding names (analyze --json, redaction on)`,
    '',
    '| command | CPU s | MiB/s | peak RSS MiB | evidex vs it |',
    '|---|---|---|---|---|',
    `| evidex analyze folder (minus node start) | ${f2(folder)} | ${f1(mib / folder)} ` +
      `| ${f0(runs.folder.rssMiB)} | — |`,
    `| awk level histogram | ${f2(runs.awk.cpu)} | ${f1(mib / runs.awk.cpu)} | ${f0(runs.awk.rssMiB)} ` +
      `| ${f2(folder / runs.awk.cpu)}× its time |`,
    '',
    'The log repeats these lines, `{n}` a running number: one line in six holds a distinct password, one a',
    'webhook name, and every line a name redaction reads (session, token, key, auth, signature), so each passes',
    "the gate that passes over the generator's lines and is read by the line patterns.",
    '',
    ...WORDY_LINES.map((l) => `    ${l}`),
    '',
  );
  target('secret-sounding log: analyze folder time / awk level histogram time', folder / runs.awk.cpu, 1, 'max');

  // The memory target is for a 1 GiB bundle: with a growth size of 1000 MiB or more, this shape is measured at
  // the largest too (the folder alone: each run takes minutes). From the clone's sources, the analysis worker
  // strips the types of every module a second time: 322 MiB there against 248 installed (1000 MiB).
  const big = Math.max(0, ...GROWTH);
  if (big >= 1000) {
    const bigDir = tempDir('evidex-bench-wordy-big-');
    const bigBundle = join(bigDir, 'bundle');
    await generateBundle(bigBundle, { ...LOG_SCALE(big), logLines: WORDY_LINES });
    const bigMib = statSync(join(bigBundle, 'raw', 'logs_tail_svc_1.txt')).size / MiB;
    const fit = `${Math.ceil(big / 1024) + 1}GiB`;
    const limits = big > 1000 ? ['--max-entry-bytes', fit, '--max-total-bytes', fit] : [];
    const bigRun = measureAll({ folder: [node, [installed, 'analyze', bigBundle, '--json', ...limits]] });
    rmSync(bigDir, { recursive: true, force: true });
    const work = Math.max(0.01, bigRun.folder.cpu - runs.nodeStart.cpu);
    md.push(
      `The same shape at ${f0(bigMib)} MiB, folder: ${f2(work)} CPU s (minus node start), ` +
        `${f1(bigMib / work)} MiB/s, ` +
        `peak RSS ${f0(bigRun.folder.rssMiB)} MiB.`,
      '',
    );
    target(`peak RSS MiB, ${f0(bigMib)} MiB secret-sounding log, folder`, bigRun.folder.rssMiB, 300, 'max');
  }
}

// ---------------------------------------------------------------------------------------------
// A third log shape, not made here: the real docker logs of the public corpus (test/fixtures/public/docker-logs,
// written by others: Java, Python, Go, Node, Rust, .NET, Ruby, PHP and Elixir apps, databases, proxies, brokers),
// concatenated and repeated to the size. The generator's lines come from one capture; these hold stack traces,
// JSON, logfmt, continuation lines and secret-sounding words as the services printed them.

if (process.env['BENCH_REAL'] !== '0') {
  const dir = tempDir('evidex-bench-real-');
  const bundle = join(dir, 'bundle');
  mkdirSync(join(bundle, 'raw'), { recursive: true });
  const logsDir = new URL('../test/fixtures/public/docker-logs', import.meta.url).pathname;
  const corpus = readdirSync(logsDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(logsDir, f), 'utf8');
      return text.endsWith('\n') ? text : `${text}\n`;
    })
    .join('');
  const want = env('BENCH_REAL_MIB', 128) * MiB;
  const log = join(bundle, 'raw', 'logs_tail_public.txt');
  writeFileSync(log, corpus.repeat(Math.ceil(want / Buffer.byteLength(corpus))));
  const commands: Record<string, [string, string[]]> = {
    nodeStart: [node, ['-e', '0']],
    awk: ['awk', [AWK_HISTOGRAM, log]],
    grep: ['grep', ['-c', 'ERROR', log]],
    folder: [node, [installed, 'analyze', bundle, '--json']],
  };
  if (lnav) commands['lnav'] = ['lnav', ['-n', '-c', LNAV_COUNT, log]];
  const runs = measureAll(commands);
  const awk = runs['awk']!;
  const grep = runs['grep']!;
  const lnavRun = runs['lnav'];
  const mib = statSync(log).size / MiB;
  rmSync(dir, { recursive: true, force: true });
  const folder = Math.max(0.01, runs['folder']!.cpu - runs['nodeStart']!.cpu);
  const row = (what: string, r: Run) =>
    `| ${what} | ${f2(r.cpu)} | ${f1(mib / r.cpu)} | ${f0(r.rssMiB)} | ${f2(folder / r.cpu)}× its time |`;
  md.push(
    `## ${f0(mib)} MiB of real docker logs (the public corpus's ${corpus.split('\n').length - 1} lines, repeated)`,
    '',
    '| command | CPU s | MiB/s | peak RSS MiB | evidex vs it |',
    '|---|---|---|---|---|',
    `| evidex analyze folder (minus node start) | ${f2(folder)} | ${f1(mib / folder)} ` +
      `| ${f0(runs['folder']!.rssMiB)} | — |`,
    row('awk level histogram', awk),
    ...(lnavRun ? [row('lnav -n headless SQL level count', lnavRun)] : []),
    row('grep -c ERROR', grep),
    '',
    "The logs of test/fixtures/public/docker-logs (SOURCES.md names each one's source), each ended by a line",
    "break, joined in file-name order and repeated: evidex's log path on the shapes real services print, beside",
    "the generator's four lines of one capture above.",
    '',
  );
  target('real logs: analyze folder time / awk level histogram time', folder / awk.cpu, 1, 'max');
  if (lnavRun) target('real logs: analyze folder time / lnav headless count time', folder / lnavRun.cpu, 0.25, 'max');
  target('real logs: analyze folder time / grep -c time', folder / Math.max(0.01, grep.cpu), 10, 'max');
}

// ---------------------------------------------------------------------------------------------
// Model-heavy bundle: many containers and Redis clients, a small log. Measured as a user runs evidex: the
// installed package (package.json's files: bin/evidex.cjs, the compiled dist/cli, no TypeScript CLI sources;
// as bench/startup.ts lays it out, as the log sections run it), compile cache warm; that row is the target. The
// clone's TypeScript sources are a second row: Node's type stripping alone adds 35-40 MiB to their RSS.

{
  const scale: Scale = { containers: 500, redisClients: 20_000, streamEntries: 20_000, logBytes: 1 * MiB };
  const dir = tempDir('evidex-bench-model-');
  const bundle = join(dir, 'bundle');
  const bytes = await generateBundle(bundle, scale);
  const bin = installed;
  // The bin turns V8's compile cache on (in the OS temp folder): one run fills it, as a user's first run does.
  measure(node, [bin, 'analyze', bundle, '--json']);
  const runs = measureAll({
    nodeStart: [node, ['-e', '0']],
    installed: [node, [bin, 'analyze', bundle, '--json']],
    sources: [node, ['src/cli/index.ts', 'analyze', bundle, '--json']],
  });
  rmSync(dir, { recursive: true, force: true });
  const mib = bytes / MiB;
  const perMiB = (r: Run) => r.rssMiB / mib;
  const aboveNode = (r: Run) => (r.rssMiB - runs.nodeStart.rssMiB) / mib;
  md.push(
    `## Model-heavy bundle (${scale.containers} containers, ${scale.redisClients} Redis ` +
      `clients, ${scale.streamEntries} stream entries, ${f1(mib)} MiB)`,
    '',
    '| evidex analyze --json | CPU s (minus node start) | peak RSS MiB | ' +
      'peak RSS per MiB of input | above node -e 0, per MiB |',
    '|---|---|---|---|---|',
    `| installed (bin/evidex.cjs, compiled; the target) | ${f2(runs.installed.cpu - runs.nodeStart.cpu)} ` +
      `| ${f0(runs.installed.rssMiB)} ` +
      `| ${f1(perMiB(runs.installed))} | ${f1(aboveNode(runs.installed))} |`,
    `| clone, TypeScript sources (node src/cli/index.ts) | ${f2(runs.sources.cpu - runs.nodeStart.cpu)} ` +
      `| ${f0(runs.sources.rssMiB)} ` +
      `| ${f1(perMiB(runs.sources))} | ${f1(aboveNode(runs.sources))} |`,
    `| node -e 0 | ${f2(runs.nodeStart.cpu)} | ${f0(runs.nodeStart.rssMiB)} | — | — |`,
    '',
    'Installed is the package as `npm install -g evidex` lays it out (as in the startup section), the compile',
    'cache its bin turns on filled by one run before the measured ones; the target is its row. The sources row',
    'runs the clone as the other sections do: Node strips the TypeScript types as it loads each module, which',
    "costs memory of its own, not the analysis'.",
    '',
  );
  target('peak RSS MiB per MiB of model-heavy input (installed)', perMiB(runs.installed), 20, 'max');
}

// ---------------------------------------------------------------------------------------------
// The log summarizer alone, in process: the regex version it replaced against the scanner.

{
  const pair = summarizerPair(Math.min(64, LOG_MIB), REPEAT + 1);
  md.push(
    `## docker-logs summarizer alone (in process, ${f0(pair.mib)} MiB of generated lines, best of ${REPEAT + 1})`,
    '',
    '| version | CPU s | MiB/s |',
    '|---|---|---|',
    `| regex summarizer (before issue 16, test/parsers/reference) | ${f2(pair.before)} ` +
      `| ${f1(pair.mib / pair.before)} |`,
    `| scanner summarizer | ${f2(pair.after)} | ${f1(pair.mib / pair.after)} |`,
    '',
    `Speed-up ${f2(pair.before / pair.after)}×; both gave ${pair.identical ? 'identical' : 'DIFFERENT'} summaries.`,
    '',
  );
}

// ---------------------------------------------------------------------------------------------
// The report site: one audit, N audits of one host cold, unchanged, one changed (bench/site.ts).

if (process.env['BENCH_SITE'] !== '0') {
  const site = await siteBench({ tmp: TMP, audits: Math.floor(env('BENCH_SITE_AUDITS', 50)), env: ENV });
  md.push(...site.md);
  for (const t of site.targets) target(t.what, t.value, t.bound, t.kind);
}

// ---------------------------------------------------------------------------------------------
// Adversarial lines (issue 12): every pattern's worst case as a 1 MiB line, against an ordinary one.

if (process.env['BENCH_ADVERSARIAL'] !== '0') {
  const repeat = Math.max(3, REPEAT);
  const adv = await adversarialBench(repeat);
  md.push(...adversarialMarkdown(adv, repeat));
  const worst = Math.max(...adv.rows.map((r) => r.ratio));
  target('worst adversarial 1 MiB line / ordinary 1 MiB line (issue 12)', worst, ADVERSARIAL_BOUND, 'max');
}

// ---------------------------------------------------------------------------------------------

md.push('## Targets (issues 12, 13, 16)', '', '| target | measured | bound | |', '|---|---|---|---|');
let missed = 0;
for (const t of targets) {
  const ok = Number.isNaN(t.value) || (t.kind === 'min' ? t.value >= t.bound : t.value <= t.bound);
  if (!ok) missed++;
  const verdict = Number.isNaN(t.value) ? 'not measured' : ok ? 'met' : 'MISSED';
  md.push(`| ${t.what} | ${f2(t.value)} | ${t.kind === 'min' ? '≥' : '≤'} ${t.bound} | ${verdict} |`);
}
md.push(
  '',
  '## Generator settings',
  '',
  `Log bundles: ${JSON.stringify(LOG_SCALE(LOG_MIB))} (bench/generate.ts); ` +
    `growth sizes ${GROWTH.length ? GROWTH.join(', ') : 'none (set BENCH_GROWTH)'} MiB.`,
  'The log repeats these lines, each with a running `#n` suffix:',
  '',
  ...GENERATOR_LINES.map((l) => `    ${l}`),
  '',
  `Tarballs are \`tar -czf\` of the same folder. Temporary files under ${TMP}, deleted ` +
    `after. Total bench time ${f0((Date.now() - started.getTime()) / 1000)} s.`,
  '',
);
writeFileSync(OUT, md.join('\n'));
rmSync(ENV.HOME, { recursive: true, force: true });
console.log(md.join('\n'));
process.exitCode = missed > 0 ? 1 : 0;
