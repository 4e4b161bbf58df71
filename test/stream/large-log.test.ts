import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  createReadStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/core/redact/redact.ts';

// Issue 2: a 200 MiB docker log in a folder bundle is analyzed as a stream. The analysis runs in a
// child process (so its peak RSS is its own) with a V8 heap capped far below the log's size.
const MiB = 2 ** 20;
/** V8 old-space cap for the child processes: well below the log's size. */
const HEAP_MIB = 96;
const LINES = [
  '2025-12-24 04:53:01,094 - svc.bot - WARNING - AI Engine unavailable (HTTP 404): ' +
    '{"detail":"No signal generated for OPUSDT"}, using fallback strategy',
  'INFO:     172.18.0.29:41600 - "POST /api/ai/signal HTTP/1.1" 404 Not Found',
  '[2025-12-24 04:55:06,287] [svc.engine] [INFO] Published normalized: SOLUSDT @ 121.63',
  '2025-12-24 04:55:45,171 - svc.backend - ERROR - order failed: APIError(code=-4164)',
];
const BLOCK_REPEAT = 4096;
const BLOCKS = 256; // 256 × 4096 × 4 lines ≈ 205 MiB
const SECRET_LINE =
  '2025-12-24 04:59:59,000 - svc.backend - ERROR - redis down: redis://default:Zq8vN2pLx7TbW4mK@quantum_redis:6379/0';

interface Measured {
  ms: number;
  rssBeforeKiB: number;
  maxRssKiB: number;
  peakHeapKiB: number;
  heapBeforeKiB: number;
  files: { path: string; kind: string; bytes: number; sha256: string; lines: number }[];
  issues: unknown[];
  redaction: {
    counts: Record<string, number>;
    locations: { file: string; line: number; kind: string; count?: number }[];
  };
  log: { container: string; lines: number; levels: Record<string, number>; errors: number };
  evidence: { path: string; chars: number; truncated?: { shownLines: number; totalLines: number } }[];
}

let dir: string;
let logPath: string;
let logBytes: number;
let logSha: string;
const totalLines = BLOCKS * BLOCK_REPEAT * LINES.length + 1;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evidex-large-log-'));
  mkdirSync(join(dir, 'raw'));
  copyFileSync('evidence/quantum-trader-2025-12-24/raw/docker_ps.txt', join(dir, 'raw', 'docker_ps.txt'));
  logPath = join(dir, 'raw', 'logs_tail_quantum_big.txt');
  const block = Buffer.from(`${LINES.join('\n')}\n`.repeat(BLOCK_REPEAT));
  const fd = openSync(logPath, 'w');
  for (let i = 0; i < BLOCKS; i++) writeSync(fd, block);
  writeSync(fd, `${SECRET_LINE}\n`);
  closeSync(fd);
  logBytes = statSync(logPath).size;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(logPath)) hash.update(chunk as Buffer);
  logSha = hash.digest('hex');
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function measure(heapMiB: number, streamAbove?: number): { status: number | null; result?: Measured; stderr: string } {
  const args = [
    `--max-old-space-size=${heapMiB}`,
    'test/stream/measure-analyze.ts',
    dir,
    ...(streamAbove === undefined ? [] : [String(streamAbove)]),
  ];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * MiB });
  return {
    status: r.status,
    stderr: r.stderr,
    ...(r.status === 0 ? { result: JSON.parse(r.stdout) as Measured } : {}),
  };
}

describe('a 200 MiB log in a folder bundle', () => {
  let run: Measured;
  beforeAll(() => {
    const r = measure(HEAP_MIB);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    run = r.result!;
  }, 120_000);

  it('is over 200 MiB', () => {
    expect(logBytes).toBeGreaterThan(200 * MiB);
  });

  it(`is analyzed with a ${HEAP_MIB} MiB V8 heap, and RSS and heap growth far below its size`, () => {
    // Measured (2 cores): ~60 MiB RSS growth (0.3×) for 205 MiB; the in-memory path peaks ~630 MiB above its start
    // (3×).
    expect(((run.maxRssKiB - run.rssBeforeKiB) * 1024) / logBytes).toBeLessThan(0.5);
    expect(((run.peakHeapKiB - run.heapBeforeKiB) * 1024) / logBytes).toBeLessThan(0.35);
  });

  it('is fingerprinted and counted over every byte', () => {
    const entry = run.files.find((f) => f.path === 'raw/logs_tail_quantum_big.txt');
    expect(entry).toEqual({
      path: 'raw/logs_tail_quantum_big.txt',
      kind: 'docker-logs',
      bytes: logBytes,
      sha256: logSha,
      lines: totalLines,
    });
  });

  it('is summarised line by line to its last line', () => {
    const n = BLOCKS * BLOCK_REPEAT;
    expect(run.log.container).toBe('quantum_big');
    expect(run.log.lines).toBe(totalLines);
    expect(run.log.levels).toEqual({ warning: n, info: 2 * n, error: n + 1 });
  });

  it('is redacted to its last line, with the hit on the right line', () => {
    const expected = createRedactor({ key: 'x' }).redactText(
      SECRET_LINE,
      'raw/logs_tail_quantum_big.txt',
      totalLines,
    ).hits;
    expect(expected.length).toBeGreaterThan(0);
    // One location per kind on that line, counted when the line holds several values of it.
    const kinds = [...new Set(expected.map((h) => h.kind as string))].sort();
    expect(run.redaction.locations).toEqual(
      kinds.map((kind) => {
        const n = expected.filter((h) => h.kind === kind).length;
        return { file: expected[0]!.file, line: expected[0]!.line, kind, ...(n > 1 ? { count: n } : {}) };
      }),
    );
  });

  it('keeps only the first 20,000 lines as evidence text, and says so', () => {
    const e = run.evidence.find((x) => x.path === 'raw/logs_tail_quantum_big.txt');
    expect(e?.truncated).toEqual({ shownLines: 20_000, totalLines });
    expect(e!.chars).toBeLessThan(8 * MiB);
    expect(run.issues).toEqual([]);
  });
});

describe('the CLI on the same bundle', () => {
  it(`analyzes it with --max-old-space-size=${HEAP_MIB}`, () => {
    const out = execFileSync(
      process.execPath,
      [`--max-old-space-size=${HEAP_MIB}`, 'src/cli/index.ts', 'analyze', dir, '--json'],
      {
        encoding: 'utf8',
        maxBuffer: 64 * MiB,
        env: { ...process.env, EVIDEX_REDACT_KEY: 'cli-test' },
      },
    );
    const audit = JSON.parse(out) as { files: { path: string; lines: number; sha256: string }[] };
    expect(audit.files.find((f) => f.path === 'raw/logs_tail_quantum_big.txt')).toMatchObject({
      lines: totalLines,
      sha256: logSha,
    });
  }, 120_000);
});
