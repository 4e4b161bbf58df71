import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBundle } from '../../src/core/bundle/bundle.ts';
import { createRedactor } from '../../src/core/redact/redact.ts';
import { isStreamed } from '../../src/core/bundle/bundle.ts';
import { analyzeBundle, type Analysis } from '../../src/core/run/analyze.ts';
import { readBundle } from '../../src/node/read-bundle.ts';
import { bytesOf, streamAll } from './helpers.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const KEY = 'stream-equivalence-key';

const json = (a: Analysis) => JSON.stringify(a.audit);

describe('streamed analysis equals in-memory analysis on the real sample', () => {
  it('the default threshold keeps every sample file in memory', async () => {
    const bundle = await readBundle(SAMPLE);
    expect(bundle.files.filter(isStreamed)).toEqual([]);
  });

  it('every file read from disk as a stream (streamAbove 0) gives the same Audit JSON and evidence', async () => {
    const memory = await analyzeBundle(await readBundle(SAMPLE), { redactKey: KEY });
    const disk = await readBundle(SAMPLE, {}, { streamAbove: 0 });
    const streamed = disk.files.filter(isStreamed);
    // Every non-empty file takes the streaming path (compose_files.txt is empty).
    expect(streamed.length).toBe(disk.files.length - 1);
    expect(disk.files.find((f) => !isStreamed(f))?.path).toBe('raw/compose_files.txt');
    const result = await analyzeBundle(disk, { redactKey: KEY });
    expect(json(result)).toBe(json(memory));
    expect(result.evidence).toEqual(memory.evidence);
    // The comparison is not vacuous: the sample has logs, secrets and issues to get right.
    expect(memory.audit.logs).toHaveLength(4);
    expect(memory.audit.redaction.counts).toEqual({ 'named-secret': 11, 'query-secret': 3 });
    expect(
      memory.audit.redaction.locations.filter((l) => l.file === 'raw/logs_tail_quantum_backend.txt').map((l) => l.line),
    ).toEqual([41, 135, 198]);
    expect(memory.audit.files.reduce((n, f) => n + f.lines, 0)).toBe(2757);
  });

  for (const [label, sizes] of [
    ['1-byte chunks', [1]],
    ['odd chunks that split UTF-8 sequences and CRLFs', [7, 3, 1021, 2, 8191]],
  ] as const) {
    it(`${label}, redacted in 64-character batches, gives the same Audit JSON and evidence`, async () => {
      const bundle = await readBundle(SAMPLE);
      const memory = await analyzeBundle(bundle, { redactKey: KEY });
      const result = await analyzeBundle(streamAll(bundle, sizes), { redactKey: KEY, stream: { batchChars: 64 } });
      expect(json(result)).toBe(json(memory));
      expect(result.evidence).toEqual(memory.evidence);
    });
  }

  it('with redaction off, the streamed evidence is the raw text', async () => {
    const bundle = await readBundle(SAMPLE);
    const memory = await analyzeBundle(bundle, { redact: false });
    const result = await analyzeBundle(streamAll(bundle, [4096]), { redact: false, stream: { batchChars: 100 } });
    expect(json(result)).toBe(json(memory));
    expect(result.evidence).toEqual(memory.evidence);
  });
});

describe('batched redaction of a stream keeps state that crosses lines', () => {
  // The planted-secret corpus holds CONFIG GET requirepass replies (the value is on the next line)
  // and PEM private keys (one fingerprint over many lines): the cases where a careless batch cut differs.
  const dir = 'test/fixtures/secrets';
  const bundle = createBundle(
    'secrets',
    readdirSync(dir)
      .filter((n) => n.endsWith('.txt'))
      .map((n) => ({ path: `raw/${n}`, data: bytesOf(join(dir, n)) })),
    [],
    { stripTopLevel: false },
  );

  it('a naive cut would differ: the CONFIG GET value and a PEM body need the line before', () => {
    const r = createRedactor({ key: 'k' });
    const whole = r.redactText('1) "requirepass"\n2) "s3cret-value"\n', 'f').text;
    const cut = r.redactText('1) "requirepass"\n', 'f').text + r.redactText('2) "s3cret-value"\n', 'f', 2).text;
    expect(whole).toMatch(/^1\) "requirepass"\n2\) "\[REDACTED:redis-password:[0-9a-f]{8}\]"\n$/);
    expect(cut).toBe('1) "requirepass"\n2) "s3cret-value"\n');
  });

  it('gives the same hits, lines and text as one pass, with a cut tried after every line', async () => {
    const memory = await analyzeBundle(bundle, { redactKey: KEY });
    expect(memory.audit.redaction.counts['redis-password']).toBeGreaterThan(0);
    expect(memory.audit.redaction.counts['private-key']).toBe(3);
    for (const sizes of [[1], [5, 17, 3]]) {
      const result = await analyzeBundle(streamAll(bundle, sizes), { redactKey: KEY, stream: { batchChars: 1 } });
      expect(result.audit.redaction).toEqual(memory.audit.redaction);
      expect(result.evidence).toEqual(memory.evidence);
      expect(json(result)).toBe(json(memory));
    }
  });
});

describe('redactText firstLine', () => {
  it('numbers hits from firstLine and leaves the text alone', () => {
    const text = readFileSync('test/fixtures/secrets/redis.txt', 'utf8');
    const one = createRedactor({ key: 'k' }).redactText(text, 'f');
    const shifted = createRedactor({ key: 'k' }).redactText(text, 'f', 101);
    expect(one.hits.length).toBeGreaterThan(3);
    expect(shifted.text).toBe(one.text);
    expect(shifted.hits).toEqual(one.hits.map((h) => ({ ...h, line: h.line + 100 })));
  });
});
