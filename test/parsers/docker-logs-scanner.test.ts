import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogSummarizer, dockerLogsParser } from '../../src/core/parsers/docker-logs.ts';
import * as reference from './reference/docker-logs-regex.ts';
import type { LogSummary } from '../../src/core/model/logs.ts';

// Issue 16: the docker-logs summarizer reads lines with a hand-written scanner and looks templates up
// by message shape. These tests hold it to the regex version it replaced (kept in ./reference), on the
// real logs and on generated ones built from the pieces each recogniser and template rule looks at.

type Summarize = typeof createLogSummarizer;

function run(create: Summarize, lines: string[]): unknown {
  const s = create({ file: 'raw/logs_tail_gen.txt', firstLine: 1 }, 'gen');
  for (const line of lines) s.add(line);
  const summary = s.finish();
  return { summary, issues: s.issues };
}

function expectSame(lines: string[]): void {
  expect(run(createLogSummarizer, lines)).toEqual(run(reference.createLogSummarizer, lines));
}

/** Deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STAMPS = [
  () => '2025-12-24T04:55:06.123456789Z ',
  () => '2025-12-24 04:55:06,287 ',
  () => '[2025-12-24 04:55:06,287] ',
  () => '2025-12-24T04:55:06Z ',
  () => '2025-12-24T04:55:06.5+0100 ',
  () => '2025-12-24T04:55:06+01:00] ',
  () => '2025-12-24T04:55:06.123+01 ',
  () => '04:55:44 ',
  () => '[04:55:44.120] ',
  () => '[04:55:44] ',
  () => '04:55:44] x',
  () => '04:55:44.x ',
  () => '04:55:44]x ',
  () => '04:55:44,12] ',
  () => 'Dec 24 04:55:06 ',
  () => 'Dex 24 04:55:06 ',
  () => 'Jan  4 04:55:06 host app: ',
  () => '2025/12/24 04:55:06 ',
  () => '1:M 24 Dec 2025 04:55:06.287 * ',
  () => '7:C 4 Dec 2025 04:55:06 # ',
  () => '172.18.0.1 - - [24/Dec/2025:04:55:06 +0000] ',
  () => 'host - user [24/Dec/2025:04:55:06 -0500] ',
  () => '',
  () => '',
  () => '  ',
  () => '\t',
];
const LEVELS = [
  'INFO:     ',
  'WARNING:root:',
  'ERROR: ',
  'WARN:',
  'DEBUGX: ',
  '- INFO - ',
  '- WARNING - ',
  '[ERROR] ',
  '[info     ] ',
  '[Warn] ',
  '[CRITICAL]',
  ' ERROR 1 --- ',
  'level=error ',
  'LEVEL="warn" ',
  "lvl='' ",
  'severity=fatal ',
  'xlevel=error ',
  '|FATAL| ',
  '(ERR) ',
  'PANIC ',
  'ERRORS ',
  'Info ',
  '',
  '',
  '',
  'E ',
  '[crit ] ',
  '[ notice] ',
  'levels=info ',
];
const WORDS = [
  'order',
  'failed:',
  'Published normalized:',
  'SOLUSDT',
  '@',
  '121.63',
  'user',
  '3f2a9c1e-1111-2222-3333-444455556666',
  'from',
  '10.0.0.7:443',
  '10.0.0.256',
  '1.2.3.4567',
  'got',
  'HTTP 404',
  'HTTP 200',
  'HTTP/1.1" 500',
  '"GET /x?y=1 HTTP/1.1" 404',
  'Not Found',
  '200 OK',
  '404 Not Found',
  '503 Service Unavailable',
  '99 OK',
  '600 OK',
  'after',
  '12.5ms',
  '-4164',
  '+3',
  '$87149.65',
  '45%',
  'sig=a6cc2e95a5719b4f',
  '0xDEADbeef',
  'abcdef12',
  'abcdefgh',
  '12345678',
  'BTC/USDT',
  'ETH-EUR',
  'XHTTP 404',
  'HTTPUSDT',
  'a1b2c3d4e5',
  '#12',
  '#7',
  '1,234.5',
  '12:30:45',
  'TypeError:',
  'Exception',
  'panic: boom',
  '\u00a0x',
  'tab\there',
  'two  spaces',
  '🚫',
  'é',
  'NOTICE',
  '{"level":"error","msg":"boom 12","time":"2025-12-24T04:55:06Z"}',
  'https://h:443 "GET /z HTTP/1.1" 200 None',
  'ERROR',
  '[INFO]',
  'level=info',
  '404 Not',
  '20 OK',
  'HTTP/2" 201',
  'HTTP/1.0" 30',
  'HTTP 4040',
];
const BLOCKS = [
  [
    'Traceback (most recent call last):',
    '  File "/app/x.py", line 12, in <module>',
    '    main()',
    'ValueError: bad 12',
  ],
  [
    'Traceback (most recent call last):',
    '  File "/app/x.py", line 3, in f',
    'KeyError: 3',
    '',
    'During handling of the above exception, another exception occurred:',
    '',
    'Traceback (most recent call last):',
    '  File "/app/y.py", line 9, in g',
    'RuntimeError: 9',
  ],
  ['Traceback (most recent call last):', '  File "a.py", line 1', '2025-12-24 04:55:07,000 - x - INFO - interrupted'],
  [
    'TypeError: Cannot read properties of undefined',
    '    at f (/app/index.js:10:5)',
    '    at Object.<anonymous> (/app/index.js:20:1)',
    '    at node:internal/main:1:1',
  ],
  [
    'Exception in thread "main" java.lang.IllegalStateException: x 12',
    '\tat com.x.Y.run(Y.java:12)',
    '\tat com.x.Z.main(Z.java:3)',
    '\t... 5 more',
    'Caused by: java.io.IOException: y',
  ],
  [
    'panic: runtime error: index out of range [3] with length 3',
    '',
    'goroutine 1 [running]:',
    'main.main()',
    '\t/app/main.go:12 +0x1d',
  ],
  [
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x82e10f]',
    '',
    'goroutine 84 [running]:',
    'net/http.(*conn).serve(0xc000356380, 0xc0003904e0)',
    '\t/usr/local/go/src/net/http/server.go:1830 +0x8f',
    'created by net/http.(*Server).Serve',
    '\t/usr/local/go/src/net/http/server.go:2927 +0x1e7',
    'main.go:12 not a frame (no call)',
  ],
  ['    indented continuation 1', '    indented continuation 2'],
  [
    '{"level":30,"msg":"pino 12","time":1766550734062}',
    '{"lvl":"warn","message":"x","ts":1766550734}',
    '{"severity":"ERROR","event":"e 5"}',
    '{not json}',
    '  {"level":"info"}  ',
  ],
];

function generate(seed: number, count: number): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const digits = () => String(Math.floor(r() * 10 ** (1 + Math.floor(r() * 6))));
  const lines: string[] = [];
  let minute = 0;
  while (lines.length < count) {
    if (r() < 0.06) {
      lines.push(...pick(BLOCKS));
      continue;
    }
    if (r() < 0.05) minute++;
    let stamp = pick(STAMPS)();
    stamp = stamp.replace(/04:55/g, `0${4 + (Math.floor(minute / 60) % 5)}:${String(minute % 60).padStart(2, '0')}`);
    const n = 1 + Math.floor(r() * 6);
    const words: string[] = [];
    for (let i = 0; i < n; i++)
      words.push(r() < 0.3 ? digits() : pick(WORDS).replace(/\d+/g, (d) => (r() < 0.5 ? digits() : d)));
    let line = `${stamp}${pick(LEVELS)}${words.join(r() < 0.9 ? ' ' : '  ')}`;
    if (r() < 0.05) line += '\r';
    if (r() < 0.02) line = '';
    if (r() < 0.01) line = 'x'.repeat(5000);
    lines.push(line);
  }
  return lines;
}

describe('the scanner summarizer gives what the regex summarizer gave', () => {
  it('on every real log of the sample and the fixtures', () => {
    const files = [
      ...readdirSync('evidence/quantum-trader-2025-12-24/raw')
        .filter((f) => f.startsWith('logs_'))
        .map((f) => `evidence/quantum-trader-2025-12-24/raw/${f}`),
      ...readdirSync('test/fixtures/docker-logs')
        .filter((f) => /\.(txt|log)$/.test(f))
        .map((f) => `test/fixtures/docker-logs/${f}`),
      // Real logs others printed (test/fixtures/public/SOURCES.md): Go panics, Java and Python traces, JSON lines.
      ...readdirSync('test/fixtures/public/docker-logs').map((f) => `test/fixtures/public/docker-logs/${f}`),
    ];
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expectSame(text.split('\n'));
      // detect() reads the same recognisers, plus the log shapes issue 10 added (never a lower score).
      expect(dockerLogsParser.detect(text, file)).toBeGreaterThanOrEqual(reference.dockerLogsParser.detect(text, file));
    }
  });

  it('on generated logs mixing every stamp, level form, stack trace and template token', () => {
    for (let seed = 1; seed <= 24; seed++) {
      const lines = generate(seed, 2000);
      const mine = run(createLogSummarizer, lines);
      expect(mine, `seed ${seed}`).toEqual(run(reference.createLogSummarizer, lines));
    }
    // Not vacuous: the generated logs reach levels, stacks, HTTP groups and repeated templates.
    const s = (run(createLogSummarizer, generate(7, 4000)) as { summary: LogSummary }).summary;
    expect(Object.keys(s.levels).length).toBeGreaterThanOrEqual(5);
    expect(s.stackTraces.length).toBeGreaterThan(10);
    expect(s.httpRequests.length).toBeGreaterThan(3);
    expect(s.repeated.length).toBe(20);
  });

  it('on lines of random characters from the alphabet the recognisers look at', () => {
    const alphabet = fc.constantFrom(
      ...'0123456789 -:.,[]{}()|"\'=/TZ+HTPSOKNFUDabcdefxyzINFOWARNERRlevs\t\u00a0\u2028é#@$%_'.split(''),
    );
    const line = fc.array(alphabet, { maxLength: 60 }).map((cs) => cs.join(''));
    const word = fc.constantFrom(...WORDS, ...LEVELS, ...STAMPS.map((s) => s()));
    const mixed = fc.array(fc.oneof(word, line), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(fc.oneof(line, mixed), { minLength: 1, maxLength: 30 }), (lines) => {
        expect(run(createLogSummarizer, lines)).toEqual(run(reference.createLogSummarizer, lines));
      }),
      { numRuns: 400, seed: 16 },
    );
  });

  it('on messages equal but for digits, where only kept HTTP statuses may differ in the template', () => {
    // Each line is one event; digits vary, so the shape table sees hits with different digits.
    const r = rng(99);
    const d = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const k = i % 8;
      if (k === 0) lines.push(`ERROR: got HTTP ${d(3)} after ${d(2)}ms`);
      if (k === 1) lines.push(`ERROR: "GET /a HTTP/${d(1)}.${d(1)}" ${d(3)} ${d(4)}`);
      if (k === 2) lines.push(`ERROR: upstream ${d(3)} ${r() < 0.5 ? 'OK' : 'Not Found'} x${d(2)}`);
      if (k === 3)
        lines.push(
          `ERROR: id ${d(1)}${r() < 0.5 ? 'a' : '1'}b${d(6)} and ${d(1)}.${d(1)}.${d(1)}.${d(r() < 0.5 ? 3 : 4)}`,
        );
      if (k === 4) lines.push(`ERROR: a${d(1)}\u0000b${d(1)}`);
      if (k === 5) lines.push(`ERROR: ${String.fromCharCode(0xd800 + (i % 3))}${d(2)}\ufffd${d(1)}`);
      if (k === 6) lines.push(`ERROR: ${d(3)} Created ${d(3)} Bad Gateway`);
      if (k === 7) lines.push(`ERROR: ${d(1)}${d(1)}${d(1)}${d(1)}${d(1)}${d(1)}${d(1)}${d(1)} deadbeef${d(1)}`);
    }
    expectSame(lines);
    expectSame([...lines].reverse());
  });

  it('except where the regex version read Object.prototype: a level word must be a level', () => {
    // The one intended difference: `level=constructor` made a function the level before.
    const s = createLogSummarizer({ file: 'raw/logs_tail_x.txt', firstLine: 1 }, 'x');
    for (const line of [
      'level=constructor boom',
      'level=toString x',
      '{"level":"__proto__","msg":"m"}',
      'level=error real',
    ])
      s.add(line);
    expect(s.finish().levels).toEqual({ unknown: 3, error: 1 });
  });
});
