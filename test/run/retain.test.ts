// A capture too large to show whole: rules read every entry, the audit keeps the first ones and says
// how many there were. The bundle is bench/generate.ts's synthetic model-heavy shape, scaled down;
// its CLIENT LIST and XRANGE lines follow the formats of the real captures in test/fixtures.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBundle } from '../../bench/generate.ts';
import type { Audit } from '../../src/core/model/audit.ts';
import { CLIENT_FIELDS_KEPT, redisClientListParser } from '../../src/core/parsers/redis-client-list.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';

const CLIENTS = CLIENT_FIELDS_KEPT + 200;
const ENTRIES = 1_200;
let dir = '';
let audit: Audit;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evidex-retain-'));
  await generateBundle(dir, { containers: 4, redisClients: CLIENTS, streamEntries: ENTRIES, logBytes: 4096 });
  audit = (await analyzePath(dir)).audit;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the audit keeps the first entries of long lists, and their counts', () => {
  it('keeps the first clients, each with every field, and counts them all', () => {
    expect(audit.redis.clients).toHaveLength(CLIENT_FIELDS_KEPT);
    expect(audit.redis.clientsTotal).toBe(CLIENTS);
    expect(audit.redis.clients.map((c) => c.id)).toEqual(
      Array.from({ length: CLIENT_FIELDS_KEPT }, (_, i) => String(i + 3)),
    );
    expect(audit.redis.clients.every((c) => c.fields['laddr'] === '172.18.0.25:6379')).toBe(true);
  });

  it('keeps the first entries of a stream and counts them all', () => {
    const stream = audit.redis.streams[0]!;
    expect(stream.samples).toHaveLength(1_000);
    expect(stream.samplesTotal).toBe(ENTRIES);
    expect(stream.samples[0]?.evidence.startLine).toBe(1);
  });

  it('judges every entry before any is cut: a finding counts all samples and cites the first', () => {
    const stuck = audit.findings.filter((f) => f.ruleId === 'stream/payload-default-values');
    expect(stuck.length).toBeGreaterThan(0);
    for (const f of stuck) {
      expect(f.values['samples'] ?? f.data?.['samples']).toBe(ENTRIES);
      expect(f.evidence).toHaveLength(1_000);
      expect(f.evidenceTotal).toBe(ENTRIES);
    }
  });
});

describe('CLIENT LIST records past the kept ones hold their typed fields only', () => {
  it('types every record the same way, with or without its field map', () => {
    const text = readFileSync(join(dir, 'raw/redis_client_list.txt'), 'utf8');
    const result = redisClientListParser.parse(text, { file: 'c', firstLine: 1 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const clients = result.value;
    expect(clients).toHaveLength(CLIENTS);
    const last = clients[CLIENTS - 1]!;
    const i = CLIENTS - 1;
    expect(last).toMatchObject({
      id: String(i + 3),
      ip: `172.18.${(i >> 8) & 255}.${i & 255}`,
      port: 40000 + i,
      idleSeconds: i % 300,
      ageSeconds: i % 5000,
      cmd: i % 5 === 0 ? 'xreadgroup' : 'get',
      flags: 'N',
      db: 0,
      libName: 'redis-py',
      fields: {},
      evidence: { file: 'c', startLine: CLIENTS, endLine: CLIENTS },
    });
    expect(Object.keys(clients[CLIENT_FIELDS_KEPT - 1]!.fields)).toHaveLength(31);
  });
});

describe('redaction locations past the kept ones are counted, not listed', () => {
  // One XRANGE-style field per line whose value is a secret: one location per line.
  const secretLines = (n: number) =>
    Array.from({ length: n }, (_, i) => `2025-12-24T04:00:00.000Z INFO login password=Zq81xLm${i}aQ ok`).join('\n');
  const analyse = async (lines: number, locations?: number) => {
    const { analyzeBundle, createBundle } = await import('../../src/core/index.ts');
    const data = new TextEncoder().encode(`${secretLines(lines)}\n`);
    const bundle = createBundle('many-secrets', [{ path: 'raw/logs_tail_app.txt', data }], [], {
      stripTopLevel: false,
    });
    return (await analyzeBundle(bundle, { redactKey: 'test', ...(locations ? { retain: { locations } } : {}) })).audit;
  };

  it('keeps the first locations in line order and the full count', async () => {
    const audit = await analyse(12, 5);
    expect(audit.redaction.locations.map((l) => l.line)).toEqual([1, 2, 3, 4, 5]);
    expect(audit.redaction.locationsTotal).toBe(12);
    // Counts cover every replaced value, kept location or not.
    expect(Object.values(audit.redaction.counts).reduce((a, b) => a + b, 0)).toBe(12);
  });

  it('says nothing more when every location is kept', async () => {
    const audit = await analyse(12);
    expect(audit.redaction.locations).toHaveLength(12);
    expect(audit.redaction).not.toHaveProperty('locationsTotal');
  });
});
