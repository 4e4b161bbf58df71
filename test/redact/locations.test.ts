// The redactor's location store keeps the first `max` locations (by file, line, kind) and counts every
// distinct one, in memory that does not grow with the hits. Held to the plain way of doing it — every
// hit kept, grouped, sorted, cut — on hits in any order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocationStore, type Location } from '../../src/core/redact/locations.ts';
import { createRedactor } from '../../src/core/redact/redact.ts';

type Hit = [file: string, line: number, kind: string];

/** Every hit grouped by (file, line, kind), sorted, the first `max` kept, and the counts per kind. */
function plain(hits: Hit[], max: number) {
  const at = new Map<string, Location>();
  const counts: Record<string, number> = {};
  for (const [file, line, kind] of hits) {
    counts[kind] = (counts[kind] ?? 0) + 1;
    const key = JSON.stringify([file, line, kind]);
    const loc = at.get(key);
    if (loc) loc.count = (loc.count ?? 1) + 1;
    else at.set(key, { file, line, kind });
  }
  const all = [...at.values()].sort((a, b) =>
    a.file !== b.file
      ? a.file < b.file
        ? -1
        : 1
      : a.line !== b.line
        ? a.line - b.line
        : a.kind < b.kind
          ? -1
          : a.kind > b.kind
            ? 1
            : 0,
  );
  const sortedCounts: Record<string, number> = {};
  for (const k of Object.keys(counts).sort()) sortedCounts[k] = counts[k]!;
  const locations = all.slice(0, max);
  return all.length > locations.length
    ? { enabled: true, counts: sortedCounts, locations, locationsTotal: all.length }
    : { enabled: true, counts: sortedCounts, locations };
}

const hit = fc.tuple(
  fc.constantFrom('a.txt', 'b.txt', 'raw/c.log'),
  fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5000 })),
  fc.constantFrom('named-secret', 'private-key', 'redis-password', 'aws-access-key'),
);
// Runs of one hit (a line dense with one secret), as the redactor records them.
const hits = fc
  .array(fc.tuple(hit, fc.integer({ min: 1, max: 3 })), { maxLength: 300 })
  .map((runs) => runs.flatMap(([h, n]) => Array.from({ length: n }, () => h)));

describe('LocationStore', () => {
  it('gives what keeping every hit gives, for hits in any order and any bound', () => {
    fc.assert(
      fc.property(hits, fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 60 })), (list, max) => {
        const store = new LocationStore(max);
        for (const [file, line, kind] of list) store.record(file, line, kind);
        expect(store.summary(true)).toEqual(plain(list, max));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same for hits in line order (a streamed file), the common case', () => {
    fc.assert(
      fc.property(hits, fc.integer({ min: 1, max: 30 }), (list, max) => {
        const sorted = [...list].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
        const store = new LocationStore(max);
        for (const [file, line, kind] of sorted) store.record(file, line, kind);
        expect(store.summary(true)).toEqual(plain(sorted, max));
      }),
      { numRuns: 1000 },
    );
  });

  it('counts lines that are no bit index (negative, fractional, huge) as distinct places too', () => {
    const store = new LocationStore(2);
    for (const line of [-1, 2.5, 2 ** 40, -1, 7]) store.record('f', line, 'k');
    expect(store.summary(true)).toEqual(
      plain(
        [-1, 2.5, 2 ** 40, -1, 7].map((l): Hit => ['f', l, 'k']),
        2,
      ),
    );
  });
});

describe('the redactor with maxLocations', () => {
  it('lists the first locations and counts them all, as the unbounded redactor would', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i} password=Zq81xLm${i}a`).join('\n');
    const all = createRedactor({ key: 'k' });
    const bounded = createRedactor({ key: 'k', maxLocations: 1000 });
    expect(bounded.redactText(text, 'f').text).toBe(all.redactText(text, 'f').text);
    const full = all.summary();
    expect(full.locations).toHaveLength(3000);
    expect(bounded.summary()).toEqual({ ...full, locations: full.locations.slice(0, 1000), locationsTotal: 3000 });
  });
});
