// Issue 14, "Collect": against Debian's redis-server on loopback, capture with `evidex collect`
// (the function) and, separately, with the generated POSIX script under dash; Docker is not there
// (a docker that cannot reach its daemon for the Node run, no docker at all for the script). Each
// bundle's Audit must hold exactly what the test created, and its manifest every command run.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, type Manifest } from '../../src/core/bundle/manifest.ts';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { collect } from '../../src/node/collect/run.ts';
import { generateCollectorScript } from '../../src/node/collect/script.ts';
import { DEFAULT_OPTIONS, type CollectOptions } from '../../src/node/collect/table.ts';
import { packCapture } from '../../src/node/collect/write.ts';
import { readBundle } from '../../src/node/read-bundle.ts';
import { hasRedis, startRedis, type TestRedis } from './redis-server.ts';

const hasDash = spawnSync('dash', ['-c', 'exit 0']).status === 0;
if (!hasRedis && process.env['CI']) {
  describe('collect', () => {
    it('needs redis-server and redis-cli', () => {
      throw new Error("redis-server/redis-cli are missing: 'apt-get install redis-server redis-tools' (see .ci/run)");
    });
  });
}

const PORT = 17000 + (process.pid % 1000);
const CLOSED_PORT = PORT + 1;
const PASSWORD = 'pw-Zq81-collect-secret';
const DSN_SECRET = 'hunter2-dsn-secret';
const SPACED = 'events with spaces';
const ODD = 'odd\tkey:é';

/** What the test creates: per stream, its length and groups (name → consumers, pending, lag, consumer → pending). */
const CREATED = {
  'orders:stream': {
    length: 10,
    groups: {
      billing: { consumers: 2, pending: 5, entriesRead: 6, lag: 4, consumerPending: { 'worker-1': 3, 'worker-2': 2 } },
      audit: { consumers: 1, pending: 0, entriesRead: null, lag: 10, consumerPending: { 'idle-consumer': 0 } },
    },
  },
  [SPACED]: {
    length: 3,
    groups: { 'my group': { consumers: 1, pending: 1, entriesRead: 1, lag: 2, consumerPending: { 'c 1': 1 } } },
  },
  'nogroup:stream': { length: 2, groups: {} },
  [ODD]: { length: 1, groups: {} },
} as const;

function seed(r: TestRedis): void {
  for (let i = 1; i <= 10; i++) {
    const extra = i === 10 ? ['dsn', `postgres://app:${DSN_SECRET}@db:5432/app`] : [];
    r.cli('XADD', 'orders:stream', `${1700000000000 + i}-0`, 'order', String(i), ...extra);
  }
  r.cli('XGROUP', 'CREATE', 'orders:stream', 'billing', '0');
  const read = r.cli('XREADGROUP', 'GROUP', 'billing', 'worker-1', 'COUNT', '4', 'STREAMS', 'orders:stream', '>');
  expect(read).toContain('1700000000001-0');
  r.cli('XACK', 'orders:stream', 'billing', '1700000000001-0');
  r.cli('XREADGROUP', 'GROUP', 'billing', 'worker-2', 'COUNT', '2', 'STREAMS', 'orders:stream', '>');
  r.cli('XGROUP', 'CREATE', 'orders:stream', 'audit', '0');
  r.cli('XGROUP', 'CREATECONSUMER', 'orders:stream', 'audit', 'idle-consumer');
  for (let i = 1; i <= 3; i++) r.cli('XADD', SPACED, `${1700000100000 + i}-0`, 'n', String(i));
  r.cli('XGROUP', 'CREATE', SPACED, 'my group', '0');
  r.cli('XREADGROUP', 'GROUP', 'my group', 'c 1', 'COUNT', '1', 'STREAMS', SPACED, '>');
  r.cli('XADD', 'nogroup:stream', '*', 'a', '1');
  r.cli('XADD', 'nogroup:stream', '*', 'a', '2');
  r.cli('XADD', ODD, '*', 'b', '1');
  r.cli('SET', 'plain:string', 'not a stream');
}

/** A PATH of only the tools the collectors use, so the machine's own docker (if any) is never found. */
function toolsDir(fakeDocker: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'evidex-collect-bin-'));
  const tools = [
    'dash',
    'sh',
    'sed',
    'awk',
    'od',
    'tr',
    'cut',
    'wc',
    'sha256sum',
    'tar',
    'gzip',
    'mktemp',
    'date',
    'uname',
    'hostname',
    'cat',
    'free',
    'df',
    'uptime',
    'nproc',
    'timeout',
    'redis-cli',
    'grep',
    'head',
    'sort',
    'mv',
    'rm',
    'mkdir',
    'curl',
    'printf',
  ];
  for (const t of tools) {
    const found = spawnSync('sh', ['-c', `command -v ${t}`], { encoding: 'utf8' }).stdout.trim();
    if (found.startsWith('/')) symlinkSync(found, join(dir, t));
  }
  if (fakeDocker) {
    const docker = join(dir, 'docker');
    writeFileSync(
      docker,
      '#!/bin/sh\necho "Cannot connect to the Docker daemon at ' +
        'unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1\n',
    );
    chmodSync(docker, 0o755);
  }
  return dir;
}

interface Captured {
  audit: Audit;
  manifest: Manifest;
  files: Map<string, Buffer>;
  tarBytes: number;
  ms: number;
}

/** The files of a .tar.gz (regular files only), read with tar itself: an independent reader. */
function untar(path: string): Map<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'evidex-collect-x-'));
  expect(spawnSync('tar', ['-xzf', path, '-C', dir]).status).toBe(0);
  const list = spawnSync('tar', ['-tzf', path], { encoding: 'utf8' }).stdout.split('\n');
  const out = new Map<string, Buffer>();
  for (const name of list) if (name && !name.endsWith('/')) out.set(name, readFileSync(join(dir, name)));
  return out;
}

async function read(path: string, ms: number): Promise<Captured> {
  const files = untar(path);
  const parsed = parseManifest(files.get('manifest.json')!.toString('utf8'));
  if (!parsed.ok) throw new Error(parsed.issue.message);
  const audit = (await analyzeBundle(await readBundle(path), { redactKey: 'k' })).audit;
  return { audit, manifest: parsed.manifest, files, tarBytes: readFileSync(path).byteLength, ms };
}

describe.skipIf(!hasRedis || !hasDash)('collect on a host with Redis and no Docker', () => {
  let redis: TestRedis;
  const got: Partial<Record<'node' | 'sh', Captured>> = {};
  const options: CollectOptions = {
    ...DEFAULT_OPTIONS,
    redisPort: PORT,
    health: [`http://127.0.0.1:${CLOSED_PORT}/health`],
    timeoutSeconds: 20,
  };

  beforeAll(async () => {
    redis = await startRedis(PORT, PASSWORD);
    seed(redis);
    const work = mkdtempSync(join(tmpdir(), 'evidex-collect-'));
    // The environment holds the password only as REDISCLI_AUTH, as on a real host.
    const base = { HOME: work, LC_ALL: 'C', REDISCLI_AUTH: PASSWORD };

    let t = performance.now();
    const capture = await collect(options, { env: { ...base, PATH: toolsDir(true) } });
    const nodeMs = performance.now() - t;
    writeFileSync(join(work, 'node.tar.gz'), await packCapture(capture));
    got.node = await read(join(work, 'node.tar.gz'), nodeMs);

    writeFileSync(join(work, 'collect.sh'), generateCollectorScript(options));
    t = performance.now();
    const sh = spawnSync('dash', [join(work, 'collect.sh'), join(work, 'sh.tar.gz')], {
      env: { ...base, PATH: toolsDir(false), TMPDIR: work },
      encoding: 'utf8',
    });
    const shMs = performance.now() - t;
    if (sh.status !== 0) throw new Error(`collect.sh failed (${sh.status}): ${sh.stderr}`);
    got.sh = await read(join(work, 'sh.tar.gz'), shMs);
    console.log(
      `[collect] node: ${Math.round(nodeMs)} ms, ${got.node.tarBytes} bytes; ` +
        `sh: ${Math.round(shMs)} ms, ${got.sh.tarBytes} bytes`,
    );
  }, 240_000);

  afterAll(() => redis?.stop());

  describe.each(['node', 'sh'] as const)('%s collector', (who) => {
    const c = () => got[who]!;

    it('the Audit holds exactly the streams created, with their lengths', () => {
      const lengths = Object.fromEntries(c().audit.redis.streams.map((s) => [s.key, s.length]));
      expect(lengths).toEqual(Object.fromEntries(Object.entries(CREATED).map(([k, v]) => [k, v.length])));
    });

    it('each stream has exactly its groups, value by value: consumers, pending, lag, entries read', () => {
      for (const s of c().audit.redis.streams) {
        const want = CREATED[s.key as keyof typeof CREATED].groups as Record<
          string,
          {
            consumers: number;
            pending: number;
            entriesRead: number | null;
            lag: number;
            consumerPending: Record<string, number>;
          }
        >;
        expect(s.groups.map((g) => g.name).sort(), s.key).toEqual(Object.keys(want).sort());
        for (const g of s.groups) {
          const w = want[g.name]!;
          expect(
            { consumers: g.consumers, pending: g.pending, lag: g.lag, entriesRead: g.entriesRead },
            `${s.key}/${g.name}`,
          ).toEqual({
            consumers: w.consumers,
            pending: w.pending,
            lag: w.lag,
            entriesRead: w.entriesRead,
          });
          expect(Object.fromEntries((g.consumerList ?? []).map((x) => [x.name, x.pending]))).toEqual(w.consumerPending);
          expect(g.pendingSummary?.count).toBe(w.pending);
          const byConsumer = Object.fromEntries((g.pendingSummary?.consumers ?? []).map((x) => [x.name, x.count]));
          expect(byConsumer).toEqual(Object.fromEntries(Object.entries(w.consumerPending).filter(([, n]) => n > 0)));
          expect(g.attribution?.method).toBe('manifest');
        }
        expect(s.samples.length).toBe(Math.min(3, CREATED[s.key as keyof typeof CREATED].length));
      }
    });

    it('the stream without a group is reported as such', () => {
      const f = c().audit.findings.filter((x) => x.ruleId === 'stream/no-consumer-group');
      expect(f.map((x) => x.subject).join(' ')).toContain('nogroup:stream');
    });

    it(
      'every file is read by the parser the manifest names and tied ' + 'to its stream/group by it, nothing guessed',
      () => {
        const { audit, manifest, files } = c();
        const declared = new Map(manifest.files.map((f) => [f.path, f]));
        // An empty reply to a list command (redis-cli --raw prints nothing for an empty array) is read as "none".
        const emptyIsNone = ['redis-xinfo-groups', 'redis-xinfo-consumers', 'redis-slowlog', 'redis-xrange'];
        for (const f of audit.files) {
          if (f.path === 'manifest.json') {
            expect(f.kind).toBe('manifest');
            continue;
          }
          const m = declared.get(f.path);
          expect(m, f.path).toBeDefined();
          const blank = !/\S/.test(files.get(f.path)!.toString());
          const none = blank && !emptyIsNone.includes(m!.parser ?? '');
          expect(f.kind, f.path).toBe(none ? 'empty' : (m!.parser ?? m!.kind));
          if (m!.streamHex !== undefined)
            expect(f.attribution, f.path).toEqual(
              expect.objectContaining({ method: 'manifest', subject: Buffer.from(m!.streamHex, 'hex').toString() }),
            );
        }
        const bad = audit.evidenceIssues.filter((i) =>
          [
            'attribution-guess',
            'unattributed',
            'values-without-keys',
            'manifest-mismatch',
            'manifest-invalid',
            'unrecognised',
          ].includes(i.kind),
        );
        expect(bad).toEqual([]);
      },
    );

    it('file names are encoded while the manifest records the exact key bytes', () => {
      const { manifest } = c();
      const spaced = manifest.files.find((f) => f.argv.at(-1) === SPACED && f.argv.includes('XLEN'));
      expect(spaced?.path).toBe('redis/streams/events%20with%20spaces/xlen.txt');
      expect(spaced?.streamHex).toBe(Buffer.from(SPACED).toString('hex'));
      const odd = manifest.files.find((f) => f.argv.at(-1) === ODD && f.argv.includes('XLEN'));
      expect(odd?.path).toBe('redis/streams/odd%09key%3a%c3%a9/xlen.txt');
      expect(odd?.streamHex).toBe(Buffer.from(ODD).toString('hex'));
      for (const f of manifest.files) expect(f.path).toMatch(/^[A-Za-z0-9_%~./-]+$/);
    });

    it('the manifest lists every command run, with its exit code, and matches every file byte for byte', () => {
      const { manifest, files } = c();
      const cli = ['redis-cli', '--raw', '-h', '127.0.0.1', '-p', String(PORT)];
      const expected = [
        ['uname', '-a'],
        ['cat', '/etc/os-release'],
        ['uptime'],
        ['free', '-b'],
        ['df', '-B1', '-T'],
        ['nproc'],
        ['docker', 'ps', '-a', '--no-trunc', '--format', '{{json .}}'],
        [...cli, 'INFO', 'all'],
        [...cli, 'CLIENT', 'LIST'],
        [...cli, 'SLOWLOG', 'GET', '128'],
        [...cli, 'SLOWLOG', 'LEN'],
        [...cli, 'SCAN', '0', 'TYPE', 'stream', 'COUNT', '1000'],
        // Streams in the order of their key bytes; groups in XINFO GROUPS order.
        ...[SPACED, 'nogroup:stream', ODD, 'orders:stream']
          .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
          .flatMap((k) => [
            [...cli, 'XLEN', k],
            [...cli, 'XINFO', 'STREAM', k],
            [...cli, 'XINFO', 'GROUPS', k],
            [...cli, 'XREVRANGE', k, '+', '-', 'COUNT', '3'],
            ...Object.keys(CREATED[k as keyof typeof CREATED].groups).flatMap((g) => [
              [...cli, 'XINFO', 'CONSUMERS', k, g],
              [...cli, 'XPENDING', k, g],
            ]),
          ]),
        ['curl', '-sS', '-i', '-m', '20', `http://127.0.0.1:${CLOSED_PORT}/health`],
      ];
      const run = [
        ...manifest.files.map((f) => f.argv),
        ...manifest.notCollected.flatMap((n) => (n.argv ? [n.argv] : [])),
      ];
      expect(run.map((a) => JSON.stringify(a)).sort()).toEqual(expected.map((a) => JSON.stringify(a)).sort());
      for (const f of manifest.files) {
        const data = files.get(f.path);
        expect(data, f.path).toBeDefined();
        expect({ bytes: data!.byteLength, sha256: createHash('sha256').update(data!).digest('hex') }).toEqual({
          bytes: f.bytes,
          sha256: f.sha256,
        });
        expect(f.exitCode, f.path).toBe(0);
        expect(f.durationMs).toBeGreaterThanOrEqual(0);
      }
      expect([...files.keys()].filter((p) => p !== 'manifest.json').sort()).toEqual(
        manifest.files.map((f) => f.path).sort(),
      );
      expect(manifest.collector).toEqual(expect.objectContaining({ runtime: who, version: expect.any(String) }));
      expect(c().audit.bundle.capturedAt).toBe(new Date(manifest.capturedAt).toISOString());
      expect(c().audit.bundle.capturedAtSource).toMatch(/^manifest\.json/);
    });

    it('Docker is reported as not collected, with why; an unreachable health endpoint too', () => {
      const { manifest, audit } = c();
      const ps = manifest.notCollected.find((n) => n.what === 'docker/ps.jsonl');
      expect(ps).toEqual(
        expect.objectContaining({
          reason: who === 'node' ? 'unreachable' : 'absent',
          exitCode: who === 'node' ? 1 : 127,
        }),
      );
      expect(manifest.notCollected.find((n) => n.what === 'docker')?.reason).toBe('skipped');
      const health = manifest.notCollected.find((n) => n.url === `http://127.0.0.1:${CLOSED_PORT}/health`);
      expect(health).toEqual(expect.objectContaining({ reason: 'unreachable', exitCode: 7 }));
      // The audit tells "not collected" from "none": docker is a gap; the groupless stream's empty reply is read.
      const notCollected = audit.evidenceIssues.filter((i) => i.kind === 'not-collected').map((i) => i.file);
      expect(notCollected).toEqual(expect.arrayContaining(['docker/ps.jsonl', 'docker']));
      const groups = 'redis/streams/nogroup%3astream/xinfo-groups.txt';
      expect(audit.files.find((f) => f.path === groups)?.kind).toBe('redis-xinfo-groups');
      expect(audit.evidenceIssues.filter((i) => i.file === groups)).toEqual([]);
    });

    it(
      'the Redis password is nowhere (argv, manifest, files), and ' + 'secrets in values are redacted before writing',
      () => {
        const { manifest, files } = c();
        for (const f of manifest.files) expect(f.argv.join(' ')).not.toMatch(/-a |--pass|--user|AUTH/);
        for (const [path, data] of files) {
          expect(data.includes(PASSWORD), path).toBe(false);
          expect(data.includes(DSN_SECRET), path).toBe(false);
        }
        const sample = files.get('redis/streams/orders%3astream/xinfo-stream.txt')!.toString();
        expect(sample).toContain('[REDACTED');
      },
    );
  });

  it('both collectors write the same layout and run the same commands', () => {
    const shape = (c: Captured) =>
      c.manifest.files.map((f) => `${f.path} ${JSON.stringify(f.argv)} ${f.parser ?? f.kind}`);
    expect(shape(got.sh!)).toEqual(shape(got.node!));
    const gaps = (c: Captured) => c.manifest.notCollected.map((n) => n.what);
    expect(gaps(got.sh!)).toEqual(gaps(got.node!));
  });
});

// A hostile manifest is an evidence issue and the files are still read by content.
describe('a bad manifest.json', () => {
  it.each([
    ['not JSON', '{"format":'],
    ['wrong shape', JSON.stringify({ format: 'evidex-capture/1', files: 'x' })],
    ['prototype keys', '{"__proto__":{"polluted":1},"format":"evidex-capture/1"}'],
  ])('%s: manifest-invalid issue, the rest read as before', async (_name, text) => {
    const enc = new TextEncoder();
    const bundle = {
      name: 'bad',
      issues: [],
      files: [
        { path: 'manifest.json', data: enc.encode(text) },
        { path: 'redis_stream_keys.txt', data: enc.encode('0\napp:stream:a\n') },
      ],
    };
    const { audit } = await analyzeBundle(bundle, { redactKey: 'k' });
    expect(audit.evidenceIssues.filter((i) => i.kind === 'manifest-invalid')).toHaveLength(1);
    expect(audit.files.find((f) => f.path === 'manifest.json')?.kind).toBe('manifest');
    expect(audit.redis.streams.map((s) => s.key)).toEqual(['app:stream:a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a rule whose input was not collected says so, with why, instead of "no capture"', async () => {
    const manifest: Manifest = {
      format: 'evidex-capture/1',
      collector: { name: 'evidex collector', version: '0', runtime: 'sh' },
      hostname: 'vm',
      capturedAt: '2026-01-02T03:04:05Z',
      files: [],
      notCollected: [
        {
          what: 'docker/ps.jsonl',
          argv: ['docker', 'ps', '-a', '--no-trunc', '--format', '{{json .}}'],
          exitCode: 127,
          reason: 'absent',
          detail: 'timeout: failed to run command docker: No such file or directory',
        },
      ],
    };
    const enc = new TextEncoder();
    const bundle = {
      name: 'no-docker',
      issues: [],
      files: [
        { path: 'manifest.json', data: enc.encode(JSON.stringify(manifest)) },
        {
          path: 'uname.txt',
          data: enc.encode('Linux vm 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 x86_64 GNU/Linux\n'),
        },
      ],
    };
    const { audit } = await analyzeBundle(bundle, { redactKey: 'k' });
    const restarting = audit.rules.find((r) => r.ruleId === 'container/restarting');
    expect(restarting?.status).toBe('not-evaluated');
    expect(restarting?.reason).toMatch(/was not collected \(docker\/ps\.jsonl: not collected: command absent/);
  });

  it('a file changed after capture is a manifest-mismatch', async () => {
    const enc = new TextEncoder();
    const data = enc.encode('Linux vm 6.1.0 #1 SMP x86_64 GNU/Linux\n');
    const manifest: Manifest = {
      format: 'evidex-capture/1',
      collector: { name: 'evidex collect', version: '0', runtime: 'node' },
      hostname: 'vm',
      capturedAt: '2026-01-02T03:04:05Z',
      files: [
        {
          path: 'system/uname.txt',
          argv: ['uname', '-a'],
          exitCode: 0,
          durationMs: 1,
          bytes: 1,
          sha256: '0'.repeat(64),
          parser: 'uname',
        },
        {
          path: 'system/gone.txt',
          argv: ['nproc'],
          exitCode: 0,
          durationMs: 1,
          bytes: 1,
          sha256: '0'.repeat(64),
          kind: 'nproc',
        },
        {
          path: 'docker/logs/quiet.log',
          argv: ['docker', 'logs', '-t', '--tail', '10', 'quiet'],
          exitCode: 0,
          durationMs: 1,
          bytes: 0,
          sha256: createHash('sha256').update('').digest('hex'),
          parser: 'docker-logs',
          container: 'quiet',
        },
      ],
      notCollected: [],
    };
    const bundle = {
      name: 'changed',
      issues: [],
      files: [
        { path: 'manifest.json', data: enc.encode(JSON.stringify(manifest)) },
        { path: 'system/uname.txt', data },
        { path: 'docker/logs/quiet.log', data: new Uint8Array() },
      ],
    };
    const { audit } = await analyzeBundle(bundle, { redactKey: 'k' });
    expect(audit.evidenceIssues.filter((i) => i.kind === 'manifest-mismatch').map((i) => i.file)).toEqual([
      'system/uname.txt',
      'system/gone.txt',
    ]);
    expect(audit.bundle.capturedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(audit.host.hostname).toBe('vm');
    // Empty after a command that succeeded: "empty, not missing", in the words of the command.
    expect(audit.evidenceIssues.find((i) => i.file === 'docker/logs/quiet.log')).toEqual(
      expect.objectContaining({ kind: 'empty-capture', message: expect.stringContaining('empty, not missing') }),
    );
  });
});
