// Against the Redis installed on this machine (Debian's redis-server + redis-cli): capture the
// commands an auditor runs, in both redis-cli output styles, and check that the whole pipeline reads
// them. This catches output-format drift in the installed version that fixed fixtures cannot.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';

const hasRedis =
  spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;
if (!hasRedis && process.env['CI']) {
  describe('live Redis', () => {
    it('needs redis-server and redis-cli', () => {
      throw new Error(
        "redis-server/redis-cli are missing. CI installs them with 'apt-get " +
          "install redis-server redis-tools' (see .ci/run).",
      );
    });
  });
} else if (!hasRedis) {
  console.warn(
    '[live Redis tests] skipped: redis-server/redis-cli not installed (apt-get ' +
      'install redis-server redis-tools; in CI this fails instead).',
  );
}

const PORT = String(16000 + (process.pid % 1000));

function cli(args: string[], tty = false): string {
  const r = spawnSync('redis-cli', ['-p', PORT, ...(tty ? ['--no-raw'] : ['--raw']), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!hasRedis)('live Redis', () => {
  let server: ChildProcess;
  const audits: Record<'raw' | 'tty', Audit> = {} as Record<'raw' | 'tty', Audit>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-redis-'));
    server = spawn(
      'redis-server',
      ['--port', PORT, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    for (
      let i = 0;
      i < 100 && spawnSync('redis-cli', ['-p', PORT, 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG';
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    cli(['config', 'set', 'slowlog-log-slower-than', '0']);
    for (let i = 0; i < 30; i++)
      cli([
        'xadd',
        'app:stream:orders',
        '*',
        'event_type',
        'order',
        'payload',
        JSON.stringify({ qty: i + 1, leverage: 1, regime: 'unknown' }),
        'source',
        'api',
      ]);
    cli(['xgroup', 'create', 'app:stream:orders', 'app:group:billing', '0']);
    cli(['xreadgroup', 'group', 'app:group:billing', 'worker-1', 'count', '5', 'streams', 'app:stream:orders', '>']);
    cli(['xadd', 'app:stream:audit', '*', 'k', 'v']);
    for (const style of ['raw', 'tty'] as const) {
      const tty = style === 'tty';
      const files: Record<string, string> = {
        'redis_info.txt': cli(['info'], tty),
        'redis_client_list.txt': cli(['client', 'list'], tty),
        'redis_slowlog.txt': cli(['slowlog', 'get', '5'], tty),
        'redis_stream_keys.txt': cli(['--scan', '--pattern', 'app:stream:*'], tty),
        'redis_groups_orders.txt': cli(['xinfo', 'groups', 'app:stream:orders'], tty),
        'redis_sample_orders.txt': cli(['xrevrange', 'app:stream:orders', '+', '-', 'count', '3'], tty),
      };
      const bundle = {
        name: style,
        issues: [],
        files: Object.entries(files).map(([name, text]) => ({
          path: `raw/${name}`,
          data: new TextEncoder().encode(text),
        })),
      };
      audits[style] = (await analyzeBundle(bundle, { redactKey: 'k' })).audit;
    }
  });

  afterAll(() => {
    spawnSync('redis-cli', ['-p', PORT, 'shutdown', 'nosave']);
    server?.kill();
  });

  it.each(['raw', 'tty'] as const)('%s style: every capture is recognised and the group is read exactly', (style) => {
    const audit = audits[style];
    expect(audit.files.map((f) => [f.path, f.kind])).toEqual([
      ['raw/redis_client_list.txt', 'redis-client-list'],
      ['raw/redis_groups_orders.txt', 'redis-xinfo-groups'],
      ['raw/redis_info.txt', 'redis-info'],
      ['raw/redis_sample_orders.txt', 'redis-xrange'],
      ['raw/redis_slowlog.txt', 'redis-slowlog'],
      ['raw/redis_stream_keys.txt', 'redis-stream-keys'],
    ]);
    expect(audit.redis.version).toMatch(/^\d+\.\d+\.\d+$/);
    const orders = audit.redis.streams.find((s) => s.key === 'app:stream:orders');
    expect(orders?.groups[0]).toMatchObject({
      name: 'app:group:billing',
      consumers: 1,
      pending: 5,
      entriesRead: 5,
      lag: 25,
    });
    expect(orders?.groups[0]?.attribution?.method).toBe('file-name');
    expect(orders?.samples).toHaveLength(3);
    expect(audit.redis.slowlog?.length).toBeGreaterThan(0);
    expect(audit.redis.clients.length).toBeGreaterThan(0);
    expect(audit.redis.memory?.maxmemoryPolicy).toBe('noeviction');
  });

  it('both styles give the same streams, groups and findings', () => {
    const shape = (a: Audit) => ({
      streams: a.redis.streams.map((s) => ({
        key: s.key,
        groups: s.groups.map((g) => ({ ...g, evidence: undefined, attribution: undefined })),
        samples: s.samples.map((e) => ({ id: e.id, fields: e.fields })),
      })),
      findings: a.findings.map((f) => `${f.ruleId} ${f.subject} ${f.priority}`),
    });
    expect(shape(audits.tty)).toEqual(shape(audits.raw));
    expect(shape(audits.raw).findings).toContain(
      'stream/payload-default-values stream:app:stream:orders/field:payload.regime P1',
    );
  });
});
