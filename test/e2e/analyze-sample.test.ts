import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { readBundle } from '../../src/node/read-bundle.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const KEY = 'test-key';
const GiB = 2 ** 30;

async function analyze(path: string): Promise<Audit> {
  return (await analyzeBundle(await readBundle(path), { redactKey: KEY })).audit;
}

describe('the bundled sample (issue 2: what is really there)', () => {
  let audit: Audit;
  beforeAll(async () => {
    audit = await analyze(SAMPLE);
  });

  it('lists 33 containers, with quantum_nginx unhealthy', () => {
    expect(audit.containers).toHaveLength(33);
    const nginx = audit.containers.find((c) => c.name === 'quantum_nginx');
    expect(nginx?.health).toBe('unhealthy');
    expect(audit.containers.filter((c) => c.health === 'unhealthy').map((c) => c.name)).toEqual(['quantum_nginx']);
  });

  it('joins inspect into the ps rows by name', () => {
    const redis = audit.containers.find((c) => c.name === 'quantum_redis');
    expect(redis?.inspect?.startedAt).toBe('2025-12-24T02:33:50.468561202Z');
    expect(redis?.inspect?.networks[0]?.ip).toBe('172.18.0.25');
    expect(redis?.ports.some((p) => p.hostIp === '0.0.0.0' && p.hostPort === 6379)).toBe(true);
  });

  it('reads the trade.intent consumer group, attributed to its stream by file name', () => {
    expect(audit.redis.streams).toHaveLength(21);
    const stream = audit.redis.streams.find((s) => s.key === 'quantum:stream:trade.intent');
    expect(stream?.groups).toHaveLength(1);
    const g = stream!.groups[0]!;
    expect(g).toMatchObject({
      name: 'quantum:group:execution:trade.intent',
      consumers: 34,
      pending: 1,
      entriesRead: 45409,
      lag: 10014,
      lastDeliveredId: '1766219478937-0',
    });
    expect(g.lastDeliveredAt).toBe('2025-12-20T08:31:18.937Z');
    expect(g.attribution?.method).toBe('file-name');
    expect(stream?.samples.map((s) => s.id)).toEqual(['1766550734060-1', '1766550734062-0', '1766550734062-1']);
    expect(stream?.lastEntryAt).toBe('2025-12-24T04:32:14.062Z');
  });

  it('reads host memory, swap and disks from the multi-command system_context.txt', () => {
    expect(audit.host.hostname).toBe('quantumtrader-prod-1');
    const m = audit.host.memory!;
    expect(m.totalBytes).toBe(15 * GiB);
    expect(m.usedBytes).toBe(12 * GiB);
    expect(m.availableBytes).toBeCloseTo(2.8 * GiB, -7);
    expect(m.swapTotalBytes).toBe(0);
    const root = audit.host.disks.find((d) => d.mount === '/');
    expect(root?.usePercent).toBe(74);
    expect(audit.host.uptimeSeconds).toBe(6 * 86400 + 12 * 3600 + 34 * 60);
  });

  it('reads Redis memory: 91.40M used, maxmemory 0 with noeviction', () => {
    expect(audit.redis.memory).toMatchObject({
      usedBytes: 95834752,
      usedHuman: '91.40M',
      maxmemoryBytes: 0,
      maxmemoryPolicy: 'noeviction',
    });
    expect(audit.redis.memory?.evidence).toEqual({ file: 'raw/redis_info_memory.txt', startLine: 2, endLine: 2 });
    expect(audit.redis.clients.length).toBeGreaterThan(50);
    expect(audit.redis.clients.find((c) => c.ip === '172.18.0.6')?.container).toBe('quantum_ai_engine');
  });

  it('reports the evidence issues: empty captures, docker error output, lengths without keys', () => {
    const issue = (file: string) => audit.evidenceIssues.filter((i) => i.file === file).map((i) => i.kind);
    expect(issue('raw/compose_files.txt')).toContain('empty-capture');
    // One line break is raw redis-cli's empty SLOWLOG reply: zero slow commands, not an empty capture.
    expect(issue('raw/redis_slowlog.txt')).toEqual([]);
    expect(audit.files.find((f) => f.path === 'raw/redis_slowlog.txt')?.kind).toBe('redis-slowlog');
    expect(issue('raw/inspect_.json')).toContain('error-output');
    expect(issue('raw/redis_streams_lengths.txt')).toContain('values-without-keys');
    expect(audit.redis.unkeyedLengths.map((l) => l.length)).toEqual([10014, 10013, 1]);
  });

  it('lists every file with size and sha256, and the bundle digest', () => {
    expect(audit.files).toHaveLength(25);
    expect(audit.files.find((f) => f.path === 'README.md')?.kind).toBe('readme');
    const ps = audit.files.find((f) => f.path === 'raw/docker_ps.txt');
    expect(ps?.kind).toBe('docker-ps');
    expect(ps?.bytes).toBe(4147);
    expect(ps?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(audit.bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(audit.files.filter((f) => f.kind === 'unrecognised')).toEqual([]);
  });

  it('gives byte-identical JSON on every run, and the same from a tarball as from the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-tar-'));
    const tgz = join(dir, 'quantum-trader-2025-12-24.tar.gz');
    const tar = join(dir, 'quantum-trader-2025-12-24.tar');
    execFileSync('tar', ['-czf', tgz, '-C', 'evidence', 'quantum-trader-2025-12-24']);
    execFileSync('tar', ['-cf', tar, '-C', 'evidence', 'quantum-trader-2025-12-24']);
    const folder = JSON.stringify(audit);
    expect(JSON.stringify(await analyze(SAMPLE))).toBe(folder);
    expect(JSON.stringify(await analyze(tgz))).toBe(folder);
    expect(JSON.stringify(await analyze(tar))).toBe(folder);
  });
});
