// `npm run bench`: speed and memory of `evidex analyze` on generated bundles, as ratios against
// plain tools measured in the same run on the same machine (so the numbers travel between machines).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
    spawnSync(cmd, args, { maxBuffer: 256 * 2 ** 20 });
    return { ms: Number(process.hrtime.bigint() - s) / 1e6, maxRssKiB: NaN };
  }
  const rss = Number(r.stderr.trim().split('\n').pop());
  return { ms, maxRssKiB: rss };
}

const scales: Record<string, Scale> = {
  small: { containers: 40, redisClients: 100, streamEntries: 50, logBytes: 1 * 2 ** 20 },
  large: { containers: 500, redisClients: 20_000, streamEntries: 20_000, logBytes: 64 * 2 ** 20 },
};

const node = process.execPath;
const rows: string[] = [];
const targets: Array<[string, number, number]> = [];
for (const [name, scale] of Object.entries(scales)) {
  const dir = mkdtempSync(join(tmpdir(), `evidex-bench-${name}-`));
  const bytes = await generateBundle(dir, scale);
  const tgz = join(dir, '..', `${name}-${process.pid}.tgz`);
  execFileSync('tar', ['-czf', tgz, '-C', dir, '.']);
  const grep = measure('grep', ['-rc', 'ERROR', join(dir, 'raw')]);
  const gunzip = measure('sh', ['-c', `gzip -dc '${tgz}' | wc -l`]);
  const nodeStart = measure(node, ['-e', '0']);
  const folder = measure(node, ['src/cli/index.ts', 'analyze', dir, '--json']);
  const tar = measure(node, ['src/cli/index.ts', 'analyze', tgz, '--json']);
  const mib = bytes / 2 ** 20;
  const work = (r: Run) => Math.max(1, r.ms - nodeStart.ms);
  rows.push(
    `${name}: ${mib.toFixed(1)} MiB, ${scale.containers} containers, ${scale.redisClients} clients, ${scale.streamEntries} stream entries`,
    `  analyze folder ${folder.ms.toFixed(0)} ms (${(mib / (work(folder) / 1000)).toFixed(1)} MiB/s) · tarball ${tar.ms.toFixed(0)} ms · grep -rc ${grep.ms.toFixed(0)} ms · gzip -dc|wc -l ${gunzip.ms.toFixed(0)} ms · node startup ${nodeStart.ms.toFixed(0)} ms`,
    `  ratio analyze/grep ${(work(folder) / grep.ms).toFixed(1)}× · analyze(tgz)/gunzip ${(work(tar) / gunzip.ms).toFixed(1)}× · peak RSS ${(folder.maxRssKiB / 1024).toFixed(0)} MiB = ${(folder.maxRssKiB / 1024 / mib).toFixed(2)}× bundle size`,
  );
  if (name === 'large') {
    targets.push(['analyze/grep time ratio', work(folder) / grep.ms, 150]);
    targets.push(['peak RSS / bundle size', folder.maxRssKiB / 1024 / mib, 12]);
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(tgz, { force: true });
}
console.log(rows.join('\n'));
let missed = 0;
for (const [what, value, max] of targets) {
  const ok = value <= max;
  if (!ok) missed++;
  console.log(`target ${what}: ${value.toFixed(2)} (≤ ${max}) ${ok ? 'met' : 'MISSED'}`);
}
process.exitCode = missed > 0 ? 1 : 0;
