// `npm run bench`: speed and memory of `evidex analyze` on generated bundles, as ratios against
// plain tools measured in the same run on the same machine (so the numbers travel between machines).
// Every command runs BENCH_REPEAT times (default 3), interleaved so a build running beside the bench
// slows all of them alike; the fastest time and the median peak RSS of each are reported.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBundle, type Scale } from './generate.ts';

interface Run {
  ms: number;
  maxRssKiB: number;
}

/** Wall time and peak RSS of a command, via GNU time when present, else wall time only. */
function measure(cmd: string, args: string[]): Run {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20, env: { ...process.env, EVIDEX_REDACT_KEY: 'bench' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) {
    const s = process.hrtime.bigint();
    spawnSync(cmd, args, { maxBuffer: 256 * 2 ** 20, env: { ...process.env, EVIDEX_REDACT_KEY: 'bench' } });
    return { ms: Number(process.hrtime.bigint() - s) / 1e6, maxRssKiB: NaN };
  }
  const rss = Number(r.stderr.trim().split('\n').pop());
  return { ms, maxRssKiB: rss };
}

/** Fastest time (least disturbed by other work) and median peak RSS of several runs. */
function summarize(runs: Run[]): Run {
  const rss = runs.map((r) => r.maxRssKiB).sort((a, b) => a - b);
  return { ms: Math.min(...runs.map((r) => r.ms)), maxRssKiB: rss[Math.floor(rss.length / 2)] ?? NaN };
}

const scales: Record<string, Scale> = {
  small: { containers: 40, redisClients: 100, streamEntries: 50, logBytes: 1 * 2 ** 20 },
  large: { containers: 500, redisClients: 20_000, streamEntries: 20_000, logBytes: 64 * 2 ** 20 },
};

/**
 * What the large bundle must reach: measured values (2 cores, 2025-12) plus a margin for noise.
 * Measured: ~15 MiB/s, tarball analyze ~23× `gzip -dc | wc -l`, peak RSS ~10.3–10.9× the bundle
 * when the 64 MiB log was loaded whole, ~8.7× now that it is streamed (folder; the tarball still
 * loads it: ~11×). Most of that RSS is the Audit of 20,000 Redis clients and stream entries (a 9 MiB
 * model-only bundle peaks near 650 MiB).
 * The 256 MiB log bundle (streamed): peak RSS ~0.87× the log, of which ~121 MiB is node and the rest of
 * the analysis; the log itself costs ~0.39× its size (it cost ~3× when held and decoded whole).
 */
const TARGETS = { minMiBPerSecond: 10, maxTarOverGunzip: 35, maxRssOverBundle: 12, maxRssOverLog: 1, maxRssGrowthOverLog: 0.5 };

/** Issue 2: a bundle whose bulk is one 256 MiB docker log, which is streamed (files over 16 MiB in folder bundles). */
const LOG_SCALE: Scale = { containers: 40, redisClients: 100, streamEntries: 50, logBytes: 256 * 2 ** 20 };

const repeat = Math.max(1, Number(process.env['BENCH_REPEAT'] ?? 3) || 3);
const node = process.execPath;
const rows: string[] = [];
const targets: Array<[string, number, number, 'min' | 'max']> = [];
for (const [name, scale] of Object.entries(scales)) {
  const dir = mkdtempSync(join(tmpdir(), `evidex-bench-${name}-`));
  const bytes = await generateBundle(dir, scale);
  const tgz = join(dir, '..', `${name}-${process.pid}.tgz`);
  execFileSync('tar', ['-czf', tgz, '-C', dir, '.']);
  const commands = {
    grep: ['grep', ['-rc', 'ERROR', join(dir, 'raw')]],
    gunzip: ['sh', ['-c', `gzip -dc '${tgz}' | wc -l`]],
    nodeStart: [node, ['-e', '0']],
    folder: [node, ['src/cli/index.ts', 'analyze', dir, '--json']],
    tar: [node, ['src/cli/index.ts', 'analyze', tgz, '--json']],
  } satisfies Record<string, [string, string[]]>;
  const runs: Record<keyof typeof commands, Run[]> = { grep: [], gunzip: [], nodeStart: [], folder: [], tar: [] };
  for (let i = 0; i < repeat; i++) {
    for (const key of Object.keys(commands) as (keyof typeof commands)[]) runs[key].push(measure(...commands[key]));
  }
  const grep = summarize(runs.grep);
  const gunzip = summarize(runs.gunzip);
  const nodeStart = summarize(runs.nodeStart);
  const folder = summarize(runs.folder);
  const tar = summarize(runs.tar);
  const mib = bytes / 2 ** 20;
  const work = (r: Run) => Math.max(1, r.ms - nodeStart.ms);
  const mibPerSecond = mib / (work(folder) / 1000);
  const rssOverBundle = folder.maxRssKiB / 1024 / mib;
  rows.push(
    `${name}: ${mib.toFixed(1)} MiB, ${scale.containers} containers, ${scale.redisClients} clients, ${scale.streamEntries} stream entries (best of ${repeat})`,
    `  analyze folder ${folder.ms.toFixed(0)} ms (${mibPerSecond.toFixed(1)} MiB/s) · tarball ${tar.ms.toFixed(0)} ms · grep -rc ${grep.ms.toFixed(0)} ms · gzip -dc|wc -l ${gunzip.ms.toFixed(0)} ms · node startup ${nodeStart.ms.toFixed(0)} ms`,
    `  ratio analyze/grep ${(work(folder) / grep.ms).toFixed(1)}× · analyze(tgz)/gunzip ${(work(tar) / gunzip.ms).toFixed(1)}× · peak RSS ${(folder.maxRssKiB / 1024).toFixed(0)} MiB = ${rssOverBundle.toFixed(2)}× bundle size (tarball ${(tar.maxRssKiB / 1024).toFixed(0)} MiB)`,
  );
  if (name === 'large') {
    targets.push(['analyze throughput, MiB/s', mibPerSecond, TARGETS.minMiBPerSecond, 'min']);
    targets.push(['analyze(tgz) / gzip -dc|wc -l time ratio', work(tar) / gunzip.ms, TARGETS.maxTarOverGunzip, 'max']);
    targets.push(['peak RSS / bundle size', rssOverBundle, TARGETS.maxRssOverBundle, 'max']);
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(tgz, { force: true });
}
{
  // Peak RSS against the log's size, and against the same bundle without its log (node, imports and the
  // rest of the analysis), so the part the log costs is seen on its own. Folder only: tarball entries are
  // still loaded whole.
  const dir = mkdtempSync(join(tmpdir(), 'evidex-bench-log-'));
  const base = mkdtempSync(join(tmpdir(), 'evidex-bench-nolog-'));
  await generateBundle(dir, LOG_SCALE);
  await generateBundle(base, { ...LOG_SCALE, logBytes: 0 });
  const logBytes = statSync(join(dir, 'raw', 'logs_tail_svc_1.txt')).size;
  const runs: { log: Run[]; base: Run[] } = { log: [], base: [] };
  for (let i = 0; i < repeat; i++) {
    runs.log.push(measure(node, ['src/cli/index.ts', 'analyze', dir, '--json']));
    runs.base.push(measure(node, ['src/cli/index.ts', 'analyze', base, '--json']));
  }
  const withLog = summarize(runs.log);
  const without = summarize(runs.base);
  const logMiB = logBytes / 2 ** 20;
  const rssOverLog = withLog.maxRssKiB / 1024 / logMiB;
  const growthOverLog = (withLog.maxRssKiB - without.maxRssKiB) / 1024 / logMiB;
  rows.push(
    `log: ${logMiB.toFixed(0)} MiB docker log in a small folder bundle, streamed (best of ${repeat})`,
    `  analyze ${withLog.ms.toFixed(0)} ms (${(logMiB / (withLog.ms / 1000)).toFixed(1)} MiB/s) · peak RSS ${(withLog.maxRssKiB / 1024).toFixed(0)} MiB = ${rssOverLog.toFixed(2)}× log size · ${(without.maxRssKiB / 1024).toFixed(0)} MiB without the log, so the log costs ${growthOverLog.toFixed(2)}× its size`,
  );
  targets.push(['peak RSS / log size (256 MiB log)', rssOverLog, TARGETS.maxRssOverLog, 'max']);
  targets.push(['peak RSS growth from the log / log size', growthOverLog, TARGETS.maxRssGrowthOverLog, 'max']);
  rmSync(dir, { recursive: true, force: true });
  rmSync(base, { recursive: true, force: true });
}
console.log(rows.join('\n'));
let missed = 0;
for (const [what, value, bound, kind] of targets) {
  // NaN (no GNU time here) is reported, never counted as met or missed.
  const ok = Number.isNaN(value) || (kind === 'min' ? value >= bound : value <= bound);
  if (!ok) missed++;
  console.log(`target ${what}: ${value.toFixed(2)} (${kind === 'min' ? '≥' : '≤'} ${bound}) ${Number.isNaN(value) ? 'not measured' : ok ? 'met' : 'MISSED'}`);
}
process.exitCode = missed > 0 ? 1 : 0;
