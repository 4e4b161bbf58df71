import { readFileSync } from 'node:fs';
import { createBundle } from '../../src/core/bundle/bundle.ts';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { readBundle } from '../../src/node/read-bundle.ts';

// Real bundles and real captures, analyzed end to end (parsers, assembler, redaction), for the
// tests of the rules issue 11 added. Each is analyzed once per test file.

/** test/fixtures/bundles/shop-faults: dockerd 20.10 + redis 7.0, captured by its capture.sh. */
export const SHOP_FAULTS = 'test/fixtures/bundles/shop-faults/bundle';
/** The sample: the regression bundle every rule must stay quiet or right on. */
export const SAMPLE = 'evidence/quantum-trader-2025-12-24';
/** test/fixtures/bundles/redis-multi: four streams, groups with consumers, redis 7.0. */
export const REDIS_MULTI = 'test/fixtures/bundles/redis-multi/bundle';

const cache = new Map<string, Promise<Audit>>();

/** A bundle folder analyzed as `evidex analyze` does (redacted). */
export function auditOf(path: string): Promise<Audit> {
  let a = cache.get(path);
  if (a === undefined) {
    a = readBundle(path).then(async (b) => (await analyzeBundle(b, { redactKey: 'k' })).audit);
    cache.set(path, a);
  }
  return a;
}

/**
 * A bundle made of fixture files (path in bundle → fixture path, or `{ text }` for a key list), analyzed the same way.
 */
export async function auditOfFiles(files: Record<string, string | { text: string }>): Promise<Audit> {
  const raw = Object.entries(files).map(([path, from]) => ({
    path,
    data: typeof from === 'string' ? readFileSync(from) : new TextEncoder().encode(from.text),
  }));
  return (await analyzeBundle(createBundle('t', raw, [], { stripTopLevel: false }), { redactKey: 'k' })).audit;
}
