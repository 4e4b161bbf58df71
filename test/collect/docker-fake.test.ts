// The Docker half of both collectors, with a stand-in `docker` that replays real outputs (the
// fixtures' `docker ps -a --format '{{json .}}'` from docker 26 here, an inspect and a log) and a
// hand-written `docker compose ls --format json` naming two compose files in the documented shape.
// Both collectors must run the same commands per container, read the compose files it names,
// probe each published port, and redact the compose file's password before writing.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, type Manifest } from '../../src/core/bundle/manifest.ts';
import { collect } from '../../src/node/collect/run.ts';
import { generateCollectorScript } from '../../src/node/collect/script.ts';
import { DEFAULT_OPTIONS, type CollectOptions } from '../../src/node/collect/table.ts';
import { packCapture } from '../../src/node/collect/write.ts';

const FIX = join(import.meta.dirname, '..', 'fixtures');
const hasDash = spawnSync('dash', ['-c', 'exit 0']).status === 0;
const SECRET = 'compose-pw-9f3k2';

function bin(work: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'evidex-collect-bin-'));
  const tools = ['dash', 'sh', 'sed', 'awk', 'od', 'tr', 'cut', 'wc', 'sha256sum', 'tar', 'gzip', 'mktemp', 'date'];
  tools.push('uname', 'cat', 'free', 'df', 'uptime', 'nproc', 'timeout', 'grep', 'head', 'sort', 'mv', 'rm', 'mkdir');
  tools.push('curl', 'printf');
  for (const t of tools) {
    const found = spawnSync('sh', ['-c', `command -v ${t}`], { encoding: 'utf8' }).stdout.trim();
    if (found.startsWith('/')) symlinkSync(found, join(dir, t));
  }
  const compose = JSON.stringify([
    { Name: 'demo', Status: 'running(2)', ConfigFiles: `${work}/compose.yaml,${work}/compose.override.yaml` },
  ]);
  const docker = [
    '#!/bin/sh',
    'case "$1" in',
    `  ps) cat '${FIX}/docker-ps/ps-a-json-lines.txt';;`,
    `  inspect) cat '${FIX}/docker-inspect/inspect-ports.json';;`,
    `  logs) cat '${FIX}/docker-logs/docker_logs_ev_mixedlogs.log'; echo ` +
      '"2026-11-24T08:25:30.000000000Z to stderr from $5" >&2;;',
    `  compose) printf '%s\\n' '${compose}';;`,
    '  *) exit 1;;',
    'esac',
  ].join('\n');
  writeFileSync(join(dir, 'docker'), `${docker}\n`);
  chmodSync(join(dir, 'docker'), 0o755);
  return dir;
}

describe.skipIf(!hasDash)('collect with a docker that replays real outputs', () => {
  const got: Partial<Record<'node' | 'sh', { manifest: Manifest; files: Map<string, string> }>> = {};
  const names = readFileSync(join(FIX, 'docker-ps/ps-a-json-lines.txt'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { Names: string }).Names);

  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'evidex-collect-docker-'));
    writeFileSync(
      join(work, 'compose.yaml'),
      `services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${SECRET}\n`,
    );
    writeFileSync(join(work, 'compose.override.yaml'), 'services:\n  db:\n    restart: always\n');
    const options: CollectOptions = { ...DEFAULT_OPTIONS, redis: false, logTail: 50, timeoutSeconds: 20 };
    const env = { HOME: work, LC_ALL: 'C', PATH: bin(work), TMPDIR: work };
    const capture = await collect(options, { env });
    writeFileSync(join(work, 'node.tar.gz'), await packCapture(capture));
    writeFileSync(join(work, 'collect.sh'), generateCollectorScript(options));
    const sh = spawnSync('dash', [join(work, 'collect.sh'), join(work, 'sh.tar.gz')], { env, encoding: 'utf8' });
    if (sh.status !== 0) throw new Error(`collect.sh failed (${sh.status}): ${sh.stderr}`);
    for (const who of ['node', 'sh'] as const) {
      const dir = mkdtempSync(join(work, `${who}-`));
      expect(spawnSync('tar', ['-xzf', join(work, `${who}.tar.gz`), '-C', dir]).status).toBe(0);
      const list = spawnSync('tar', ['-tzf', join(work, `${who}.tar.gz`)], { encoding: 'utf8' }).stdout.split('\n');
      const files = new Map(
        list.filter((n) => n && !n.endsWith('/')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]),
      );
      const parsed = parseManifest(files.get('manifest.json')!);
      if (!parsed.ok) throw new Error(parsed.issue.message);
      got[who] = { manifest: parsed.manifest, files };
    }
  }, 240_000);

  it.each(['node', 'sh'] as const)('%s: inspect and logs of every container, with the container named', (who) => {
    const { manifest } = got[who]!;
    for (const name of names) {
      expect(manifest.files.find((f) => f.path === `docker/inspect/${name}.json`)).toEqual(
        expect.objectContaining({ argv: ['docker', 'inspect', name], container: name, parser: 'docker-inspect' }),
      );
      const log = manifest.files.find((f) => f.path === `docker/logs/${name}.log`);
      expect(log).toEqual(
        expect.objectContaining({ argv: ['docker', 'logs', '-t', '--tail', '50', name], container: name }),
      );
      // stderr of docker logs is the container's stderr: part of the capture.
      expect(got[who]!.files.get(log!.path)).toContain(`to stderr from ${name}`);
    }
  });

  it.each(['node', 'sh'] as const)('%s: the compose files compose ls names, redacted before writing', (who) => {
    const { manifest, files } = got[who]!;
    const compose = manifest.files.filter((f) => f.kind === 'compose-file');
    expect(compose.map((f) => f.argv[1]!.split('/').pop())).toEqual(['compose.yaml', 'compose.override.yaml']);
    for (const f of compose) expect(f.path).toMatch(/^docker\/compose\/%2f[A-Za-z0-9_%-]+$/);
    for (const [path, text] of files) expect(text.includes(SECRET), path).toBe(false);
    expect(files.get(compose[0]!.path)).toContain('POSTGRES_PASSWORD=');
  });

  it.each(['node', 'sh'] as const)('%s: every published TCP port is probed once, tied to its container', (who) => {
    const probes = [...got[who]!.manifest.files, ...got[who]!.manifest.notCollected].filter((x) => x.url !== undefined);
    expect(probes.map((p) => [p.url, p.container])).toEqual([
      ['http://127.0.0.1:18080/health', 'ev_ports'],
      ['http://127.0.0.1:18000/health', 'ev_ports'],
      ['http://127.0.0.1:18001/health', 'ev_ports'],
    ]);
  });

  it('both collectors run the same commands into the same files, and miss the same things', () => {
    const shape = (m: Manifest) => m.files.map((f) => [f.path, f.argv, f.parser ?? f.kind, f.container ?? '']);
    expect(shape(got.sh!.manifest)).toEqual(shape(got.node!.manifest));
    const gaps = (m: Manifest) => m.notCollected.map((n) => [n.what, n.reason]);
    expect(gaps(got.sh!.manifest)).toEqual(gaps(got.node!.manifest));
  });
});
