import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { readBundle } from '../../src/node/read-bundle.ts';

// Issue 10's bundle, captured from redis-server 7.0 here (test/fixtures/bundles/redis-multi): the
// streams and groups that exist, value by value, as expected.json (written first) lists them.
const DIR = join(import.meta.dirname, '..', 'fixtures', 'bundles', 'redis-multi');
interface ExpectedGroup {
  consumers: number;
  pending: number;
  lag: number;
  entriesRead?: number;
  consumerList: Array<[string, number]>;
  pendingCount: number;
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  streams: Record<string, { length: number; groups: Record<string, ExpectedGroup> }>;
};

describe('redis-multi: every stream and group, none invented, none twice', () => {
  let audit: Audit;
  beforeAll(async () => {
    audit = (await analyzeBundle(await readBundle(join(DIR, 'bundle')), { redactKey: 'k' })).audit;
  });

  it('has exactly the streams that exist, with their lengths', () => {
    expect(Object.fromEntries(audit.redis.streams.map((s) => [s.key, s.length]))).toEqual(
      Object.fromEntries(Object.entries(expected.streams).map(([k, v]) => [k, v.length])),
    );
  });

  it('has exactly the groups of each stream, value by value', () => {
    for (const s of audit.redis.streams) {
      const want = expected.streams[s.key]?.groups ?? {};
      expect(s.groups.map((g) => g.name).sort()).toEqual(Object.keys(want).sort());
      for (const g of s.groups) {
        const w = want[g.name]!;
        expect({ consumers: g.consumers, pending: g.pending, lag: g.lag }).toEqual({
          consumers: w.consumers,
          pending: w.pending,
          lag: w.lag,
        });
        if (w.entriesRead !== undefined) expect(g.entriesRead).toBe(w.entriesRead);
        expect((g.consumerList ?? []).map((c) => [c.name, c.pending])).toEqual(w.consumerList);
        expect(g.pendingSummary?.count).toBe(w.pendingCount);
      }
    }
  });

  it('guesses nothing, attaches everything, and gives no two findings one fingerprint', () => {
    expect(audit.evidenceIssues.filter((i) => i.kind === 'attribution-guess' || i.kind === 'unattributed')).toEqual([]);
    const fps = audit.findings.map((f) => f.fingerprint);
    expect(new Set(fps).size).toBe(fps.length);
  });

  it('keeps each SLOWLOG entry once although GET 128 and GET 5 overlap', () => {
    const ids = (audit.redis.slowlog ?? []).map((e) => e.id);
    expect(ids.length).toBeGreaterThan(5);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
