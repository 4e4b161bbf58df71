import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BundleLimitError,
  BundleReadError,
  createBundle,
  isStreamed,
  type BundleFile,
} from '../../src/core/bundle/bundle.ts';
import { analyzeBundle, type Analysis } from '../../src/core/run/analyze.ts';
import { readBundle } from '../../src/node/read-bundle.ts';
import { streamedCopy } from './helpers.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw';
const KEY = 'edge-key';
const enc = (s: string) => new TextEncoder().encode(s);
const sample = (name: string) => new Uint8Array(readFileSync(join(RAW, name)));
const repeat = (data: Uint8Array, times: number) => {
  const out = new Uint8Array(data.length * times);
  for (let i = 0; i < times; i++) out.set(data, i * data.length);
  return out;
};

async function both(files: BundleFile[], sizes: readonly number[], stream = {}): Promise<[Analysis, Analysis]> {
  const bundle = createBundle('edge', files, [], { stripTopLevel: false });
  const memory = await analyzeBundle(bundle, { redactKey: KEY });
  const streamed = await analyzeBundle(
    { ...bundle, files: bundle.files.map((f) => streamedCopy(f, sizes)) },
    { redactKey: KEY, stream },
  );
  return [memory, streamed];
}

describe('streamed and in-memory analysis agree on awkward files', () => {
  // Sample logs repeated past the 64 KiB detection head, so classification happens mid-stream.
  const bigLog = repeat(sample('logs_tail_quantum_trading_bot.txt'), 5);
  const bigClients = repeat(sample('redis_client_list.txt'), 5);
  const crlf = enc(new TextDecoder().decode(sample('logs_tail_quantum_backend.txt')).replace(/\n/g, '\r\n'));
  const files: BundleFile[] = [
    { path: 'raw/logs_tail_big.txt', data: bigLog },
    { path: 'raw/redis_client_list_big.txt', data: bigClients },
    { path: 'raw/logs_tail_crlf.txt', data: crlf },
    { path: 'raw/logs_tail_no_final_newline.txt', data: sample('logs_tail_quantum_backend.txt').subarray(0, 5000) },
    { path: 'raw/logs_tail_nul_after_head.txt', data: new Uint8Array([...bigLog, 0, ...enc('tail\n')]) },
    { path: 'raw/logs_tail_gone.txt', data: enc('Error response from daemon: No such container: quantum_gone\n') },
    {
      path: 'raw/logs_tail_invalid_utf8.txt',
      data: new Uint8Array([...sample('logs_tail_quantum_backend.txt').subarray(0, 3000), 0xc3, 0x28, ...enc('\n')]),
    },
    { path: 'raw/blank.txt', data: enc(' '.repeat(70_000) + '\n\t\n') },
    { path: 'raw/binary.bin', data: new Uint8Array(20_000).map((_, i) => i % 7) },
    {
      path: 'raw/utf16.txt',
      data: new Uint8Array([
        0xff,
        0xfe,
        ...new Uint8Array(new Uint16Array([...'Linux host 6.8.0 x86_64\n'].map((c) => c.charCodeAt(0))).buffer),
      ]),
    },
    { path: 'README.md', data: enc('# Capture\nTaken by ops, password=hunter2hunter2\n') },
  ];

  for (const sizes of [[65_536], [1, 4093, 17]]) {
    it(`chunks of ${sizes.join('/')} bytes`, async () => {
      const [memory, streamed] = await both(files, sizes, { batchChars: 4096 });
      expect(JSON.stringify(streamed.audit)).toBe(JSON.stringify(memory.audit));
      expect(streamed.evidence).toEqual(memory.evidence);
      const kinds = Object.fromEntries(memory.audit.files.map((f) => [f.path, f.kind]));
      expect(kinds).toMatchObject({
        'raw/logs_tail_big.txt': 'docker-logs',
        'raw/redis_client_list_big.txt': 'redis-client-list',
        'raw/logs_tail_nul_after_head.txt': 'docker-logs',
        'raw/blank.txt': 'empty',
        'raw/binary.bin': 'binary',
        'README.md': 'readme',
      });
      const issueKinds = memory.audit.evidenceIssues.map((i) => `${i.file}:${i.kind}`);
      expect(issueKinds).toEqual(
        expect.arrayContaining([
          'raw/logs_tail_nul_after_head.txt:binary',
          'raw/logs_tail_gone.txt:error-output',
          'raw/logs_tail_invalid_utf8.txt:encoding',
          'raw/binary.bin:binary',
        ]),
      );
    });
  }
});

describe('stream limits', () => {
  it('parses a non-log capture past maxParseChars from its head, and says so', async () => {
    const data = sample('redis_client_list.txt');
    const [memory, streamed] = await both([{ path: 'raw/redis_client_list.txt', data }], [1000], {
      maxParseChars: 4096,
    });
    expect(streamed.audit.files).toEqual(memory.audit.files);
    expect(streamed.audit.files[0]!.kind).toBe('redis-client-list');
    const limit = streamed.audit.evidenceIssues.filter((i) => i.kind === 'limit-exceeded');
    expect(limit).toHaveLength(1);
    expect(limit[0]!.message).toMatch(
      /^only the first \d+ characters \(\d+ lines\) of this 18682-byte file were parsed/,
    );
    expect(memory.audit.redis.clients.length).toBeGreaterThan(streamed.audit.redis.clients.length);
    expect(streamed.audit.redis.clients.length).toBeGreaterThan(0);
    // Evidence text is not bound by maxParseChars.
    expect(streamed.evidence).toEqual(memory.evidence);
  });

  it('keeps the first maxEvidenceLines lines of evidence text and records the cut', async () => {
    const data = sample('logs_tail_quantum_backend.txt');
    const [memory, streamed] = await both([{ path: 'raw/logs_tail_quantum_backend.txt', data }], [777], {
      maxEvidenceLines: 10,
    });
    const whole = memory.evidence[0]!.text;
    const total = memory.audit.files[0]!.lines;
    expect(streamed.evidence[0]!.text).toBe(whole.split('\n').slice(0, 10).join('\n') + '\n');
    expect(streamed.evidence[0]!.truncated).toEqual({ shownLines: 10, totalLines: total });
    // The audit itself still covers every line.
    expect(JSON.stringify(streamed.audit)).toBe(JSON.stringify(memory.audit));
  });

  it('keeps whole lines within maxEvidenceChars', async () => {
    const data = sample('logs_tail_quantum_backend.txt');
    const [memory, streamed] = await both([{ path: 'raw/logs_tail_quantum_backend.txt', data }], [512], {
      maxEvidenceChars: 1000,
    });
    const text = streamed.evidence[0]!.text;
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text.length).toBeGreaterThan(500);
    expect(text.endsWith('\n')).toBe(true);
    expect(memory.evidence[0]!.text.startsWith(text)).toBe(true);
    expect(streamed.evidence[0]!.truncated).toEqual({
      shownLines: text.split('\n').length - 1,
      totalLines: memory.audit.files[0]!.lines,
    });
  });

  it('marks nothing truncated when the file fits', async () => {
    const [, streamed] = await both(
      [{ path: 'raw/logs_tail_quantum_backend.txt', data: sample('logs_tail_quantum_backend.txt') }],
      [4096],
    );
    expect(streamed.evidence[0]!.truncated).toBeUndefined();
  });
});

describe('readBundle streamAbove', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evidex-stream-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bytes = sample('logs_tail_quantum_ai_engine.txt');
  mkdirSync(join(dir, 'raw'));
  writeFileSync(join(dir, 'raw', 'big.txt'), bytes);
  writeFileSync(join(dir, 'raw', 'small.txt'), 'small\n');

  it('streams files above the threshold and loads the others', async () => {
    const b = await readBundle(dir, {}, { streamAbove: 1000 });
    const big = b.files.find((f) => f.path === 'raw/big.txt')!;
    const small = b.files.find((f) => f.path === 'raw/small.txt')!;
    expect(isStreamed(big)).toBe(true);
    expect(isStreamed(small)).toBe(false);
    expect(big.size).toBe(bytes.length);
    for (let i = 0; i < 2; i++) {
      const chunks: Uint8Array[] = [];
      for await (const c of big.open!()) chunks.push(c);
      expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
    }
    // Callers that need the bytes whole still get them.
    expect(Buffer.from(big.data).equals(Buffer.from(bytes))).toBe(true);
  });

  it('applies the per-file limit to streamed files too', async () => {
    await expect(readBundle(dir, { maxEntryBytes: 1000 }, { streamAbove: 100 })).rejects.toBeInstanceOf(
      BundleLimitError,
    );
  });

  it('refuses a file swapped for a symlink after the walk', async () => {
    const b = await readBundle(dir, {}, { streamAbove: 1000 });
    const big = b.files.find((f) => f.path === 'raw/big.txt')!;
    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, 'not evidence\n');
    unlinkSync(join(dir, 'raw', 'big.txt'));
    symlinkSync(target, join(dir, 'raw', 'big.txt'));
    try {
      const read = async () => {
        for await (const _ of big.open!()) void _;
      };
      await expect(read()).rejects.toBeInstanceOf(BundleReadError);
      await expect(analyzeBundle(b)).rejects.toBeInstanceOf(BundleReadError);
    } finally {
      unlinkSync(join(dir, 'raw', 'big.txt'));
      writeFileSync(join(dir, 'raw', 'big.txt'), bytes);
    }
  });
});
