// Bad input gets an evidence issue, never a crash, and never loses the rest of the analysis.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BundleFile } from '../../src/core/bundle/bundle.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw';
const enc = (s: string) => new TextEncoder().encode(s);

function sampleWith(overrides: Record<string, Uint8Array>): BundleFile[] {
  const files: BundleFile[] = readdirSync(RAW).map((name) => ({
    path: `raw/${name}`,
    data: new Uint8Array(readFileSync(join(RAW, name))),
  }));
  for (const [name, data] of Object.entries(overrides)) {
    const existing = files.find((f) => f.path === `raw/${name}`);
    if (existing) existing.data = data;
    else files.push({ path: `raw/${name}`, data });
  }
  return files;
}

describe('a bundle with broken files', () => {
  it('reports each broken file and still analyzes the rest', async () => {
    const inspect = readFileSync(join(RAW, 'inspect_quantum_redis.json'), 'utf8');
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...Array.from(' 04:55:13 up 6 days, 12:34,  1 user,  load average: 0.28, 0.36, 0.52\n').flatMap((c) => [
        c.charCodeAt(0),
        0,
      ]),
    ]);
    const files = sampleWith({
      // A known name holding the wrong content: garbage where docker ps should be.
      'docker_ps.txt': enc('this is not docker ps output\nat all\n'),
      'inspect_quantum_redis.json': enc(inspect.slice(0, 3000)),
      'redis_info_memory.txt': new Uint8Array([0x00, 0x01, 0x02, 0xff, 0x00, 0x13, 0x37, 0x00]),
      'uptime_utf16.txt': utf16,
      'redis_client_list.txt': enc('(error) NOAUTH Authentication required.\n'),
    });
    const { audit } = await analyzeBundle({ name: 'broken', files, issues: [] }, { redactKey: 'k' });
    const kinds = (file: string) => audit.evidenceIssues.filter((i) => i.file === `raw/${file}`).map((i) => i.kind);
    expect(kinds('docker_ps.txt')).toEqual(['unrecognised']);
    expect(kinds('inspect_quantum_redis.json')).toContain('parse-failure');
    expect(
      audit.evidenceIssues.find((i) => i.file === 'raw/inspect_quantum_redis.json' && i.kind === 'parse-failure')?.line,
    ).toBeGreaterThan(1);
    expect(kinds('redis_info_memory.txt')).toEqual(['binary']);
    expect(kinds('redis_client_list.txt')).toContain('error-output');
    // UTF-16 with a BOM is decoded and parsed, not dropped.
    expect(audit.files.find((f) => f.path === 'raw/uptime_utf16.txt')?.kind).toBe('uptime');

    // Everything else is still there.
    expect(audit.containers.map((c) => c.name).sort()).toEqual([
      'quantum_ai_engine',
      'quantum_backend',
      'quantum_risk_safety',
      'quantum_trading_bot',
    ]);
    expect(audit.redis.streams.find((s) => s.key === 'quantum:stream:trade.intent')?.groups[0]?.lag).toBe(10014);
    expect(audit.findings.some((f) => f.ruleId === 'stream/consumer-group-lag' && f.priority === 'P0')).toBe(true);
    // Rules whose evidence broke say so instead of passing silently.
    expect(audit.rules.find((r) => r.ruleId === 'redis/maxmemory-noeviction')?.status).toBe('not-evaluated');
    expect(
      audit.findings.some((f) => f.ruleId === 'evidence/unrecognised-file' && f.subject === 'file:raw/docker_ps.txt'),
    ).toBe(true);
  });

  it('an empty bundle is an audit with nothing in it, not an error', async () => {
    const { audit } = await analyzeBundle({ name: 'empty', files: [], issues: [] }, { redactKey: 'k' });
    expect(audit.files).toEqual([]);
    expect(audit.containers).toEqual([]);
    expect(audit.rules.filter((r) => r.status === 'not-evaluated').length).toBeGreaterThan(20);
    expect(audit.rules.every((r) => r.status !== 'error')).toBe(true);
  });
});
