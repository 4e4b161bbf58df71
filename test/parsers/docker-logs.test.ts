import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  containerFromFileName,
  createLogSummarizer,
  dockerLogsParser,
  toTemplate,
} from '../../src/core/parsers/docker-logs.ts';
import { dockerPsParser } from '../../src/core/parsers/docker-ps.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import type { LogSummary } from '../../src/core/model/logs.ts';
import { checkTruncated, cutsEvery, lineCount, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw';
const FIX = 'test/fixtures/docker-logs';
const read = (path: string) => readFileSync(path, 'utf8');

function summarize(text: string, file: string, firstLine = 1): LogSummary {
  const r = safeParse(dockerLogsParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return r.value;
}
const real = (name: string) => summarize(read(`${RAW}/logs_tail_${name}.txt`), `raw/logs_tail_${name}.txt`);

describe('docker-logs on the real ai_engine log (uvicorn access lines + Python logging)', () => {
  const s = real('quantum_ai_engine');

  it('names the container from the file name and counts lines and events', () => {
    expect([s.container, s.file, s.lines, s.events]).toEqual([
      'quantum_ai_engine',
      'raw/logs_tail_quantum_ai_engine.txt',
      200,
      200,
    ]);
    expect(s.evidence).toEqual({ file: 'raw/logs_tail_quantum_ai_engine.txt', startLine: 1, endLine: 200 });
  });

  it('counts the POST /api/ai/signal 404s the trading bot keeps sending', () => {
    expect(s.httpStatus).toEqual({ '200': 5, '404': 6 });
    expect(s.httpRequests[0]).toEqual({
      method: 'POST',
      path: '/api/ai/signal',
      status: 404,
      count: 6,
      clients: ['172.18.0.29'],
      evidence: { file: 'raw/logs_tail_quantum_ai_engine.txt', startLine: 1, endLine: 1 },
    });
    expect(s.httpRequests.map((h) => `${h.method} ${h.path} ${h.status} x${h.count} ${h.clients.join(',')}`)).toEqual([
      'POST /api/ai/signal 404 x6 172.18.0.29',
      'GET /metrics 200 x3 172.18.0.3',
      'GET /health 200 x2 127.0.0.1',
    ]);
  });

  it('reads bracketed Python levels and the uvicorn INFO: prefix', () => {
    expect(s.levels).toEqual({ info: 195, warning: 5 });
    expect(s.errors).toEqual([]);
    expect(s.timestampStyle).toBe('iso');
    expect([s.firstAt, s.lastAt]).toEqual(['2025-12-24T04:55:06.287', '2025-12-24T04:55:52.671']);
    expect(s.timeline).toEqual([
      ['2025-12-24T04:55', 'info', 194],
      ['2025-12-24T04:55', 'warning', 5],
    ]);
  });

  it('groups repeated messages with symbols and prices normalised', () => {
    expect(s.repeated[0]).toMatchObject({
      template: '[microservices.ai_engine.cross_exchange_aggregator] [INFO] Published normalized: <sym> @ <n>',
      level: 'info',
      count: 177,
    });
    expect(s.repeated.find((r) => r.level === 'warning')).toMatchObject({
      template:
        '[microservices.ai_engine.service] [WARNING] [PHASE <n>] 🚫 DRIFT ' +
        'DETECTED: <sym> (severity=SEVERE, psi=<n>) - Signal blocked',
      count: 5,
      evidence: { startLine: 2, endLine: 2 },
    });
  });
});

describe('docker-logs on the real backend log (clock-only stamps, Python tracebacks)', () => {
  const s = real('quantum_backend');

  it('keeps each traceback inside the ERROR record that printed it', () => {
    expect(s.lines).toBe(200);
    // Lines 46-61 and 63-84 continue the ERROR records on lines 45 and 62.
    expect(s.events).toBe(200 - 16 - 22);
    expect(s.errors.map((e) => [e.evidence.startLine, e.evidence.endLine])).toEqual([
      [45, 61],
      [62, 84],
    ]);
    expect(s.errors[0]?.message).toMatch(/^ERROR - \[EXIT_GATEWAY\] ❌ Order submission failed: module=exit_executor/);
  });

  it('finds the two Python tracebacks with their exception lines', () => {
    expect(s.stackTraces).toEqual([
      {
        language: 'python',
        headline:
          "binance.exceptions.BinanceAPIException: APIError(code=-4164): Order's notional " +
          'must be no smaller than 5 (unless you choose reduce only).',
        evidence: { file: 'raw/logs_tail_quantum_backend.txt', startLine: 46, endLine: 61 },
      },
      {
        language: 'python',
        headline:
          "binance.exceptions.BinanceAPIException: APIError(code=-4164): Order's notional " +
          'must be no smaller than 5 (unless you choose reduce only).',
        evidence: { file: 'raw/logs_tail_quantum_backend.txt', startLine: 63, endLine: 84 },
      },
    ]);
  });

  it('uses the leftmost level ("- INFO - [DEBUG] …" is INFO) and clock-only buckets', () => {
    expect(s.levels).toEqual({ debug: 63, warning: 57, info: 40, error: 2 });
    expect(s.timestampStyle).toBe('clock');
    expect([s.firstAt, s.lastAt]).toEqual(['04:55:44', '04:55:45']);
    expect(s.timeline.every(([bucket]) => bucket === '04:55')).toBe(true);
  });

  it('ignores outgoing urllib3 requests: they are not traffic the backend served', () => {
    expect(s.httpStatus).toEqual({});
    expect(s.httpRequests).toEqual([]);
  });

  it('keeps only templates seen at least 3 times, most frequent first', () => {
    expect(s.repeated[0]).toMatchObject({
      template: 'WARNING - TP<n>: price=<n>, size=<n>, triggered=False, should_trigger=False',
      count: 35,
    });
    expect(s.repeated.every((r) => r.count >= 3)).toBe(true);
    expect(s.repeated.length).toBeLessThanOrEqual(20);
  });
});

describe('docker-logs on the real trading bot log', () => {
  const s = real('quantum_trading_bot');

  it('counts the AI engine 404 fallbacks as WARNING, not errors', () => {
    expect(s.levels).toEqual({ warning: 97, info: 103 });
    expect(s.errors).toEqual([]);
    expect(s.repeated[0]).toMatchObject({
      level: 'warning',
      count: 97,
      template:
        'microservices.trading_bot.simple_bot - WARNING - [TRADING-BOT] AI Engine unavailable (HTTP ' +
        '404): {"detail":"No signal generated for <sym>"}, using fallback strategy',
    });
  });

  it('counts only its own served requests (health checks)', () => {
    expect(s.httpStatus).toEqual({ '200': 6 });
    expect(s.httpRequests.map((h) => [h.method, h.path, h.status, h.count, h.clients])).toEqual([
      ['GET', '/health', 200, 6, ['127.0.0.1']],
    ]);
  });

  it('buckets per minute, giving unstamped access lines the last seen minute', () => {
    expect(s.timeline).toEqual([
      ['2025-12-24T04:53', 'info', 15],
      ['2025-12-24T04:53', 'warning', 13],
      ['2025-12-24T04:54', 'info', 44],
      ['2025-12-24T04:54', 'warning', 42],
      ['2025-12-24T04:55', 'info', 44],
      ['2025-12-24T04:55', 'warning', 42],
    ]);
    expect([s.firstAt, s.lastAt]).toEqual(['2025-12-24T04:53:01.094', '2025-12-24T04:55:06.290']);
  });
});

describe('docker-logs on the real Redis log', () => {
  const s = real('quantum_redis');
  it('reads Redis dates and level markers', () => {
    expect([s.lines, s.events, s.timestampStyle]).toEqual([50, 50, 'iso']);
    expect(s.levels).toEqual({ notice: 50 });
    expect([s.firstAt, s.lastAt]).toEqual(['2025-12-24T04:30:25.636', '2025-12-24T04:53:21.413']);
    expect(s.timeline.map(([b, , n]) => `${b.slice(11)}=${n}`)).toEqual([
      '04:30=5',
      '04:32=5',
      '04:34=5',
      '04:37=5',
      '04:40=5',
      '04:43=5',
      '04:48=15',
      '04:53=5',
    ]);
  });
  it('groups the RDB save cycle, whatever the pid', () => {
    expect(s.repeated.map((r) => [r.template, r.count])).toEqual([
      ['* <n> changes in <n> seconds. Saving...', 8],
      ['* Background saving started by pid <n>', 8],
      ['* DB saved on disk', 8],
      ['* Fork CoW for RDB: current <n> MB, peak <n> MB, average <n> MB', 8],
      ['* Background saving terminated with success', 8],
    ]);
  });
});

describe('docker-logs on captured docker logs output (test/fixtures/docker-logs)', () => {
  it('reads the same traceback with and without docker -t prefixes', () => {
    const plain = summarize(read(`${FIX}/logs_ev_traceback.txt`), 'logs_ev_traceback.txt');
    const stamped = summarize(read(`${FIX}/docker_logs_ev_traceback.log`), 'docker_logs_ev_traceback.log');
    for (const s of [plain, stamped]) {
      expect(s.container).toBe('ev_traceback');
      expect([s.lines, s.events, s.levels]).toEqual([7, 3, { info: 2, error: 1 }]);
      expect(s.stackTraces.map((t) => [t.language, t.headline, t.evidence.startLine, t.evidence.endLine])).toEqual([
        ['python', 'ValueError: bad value 42', 3, 6],
      ]);
      expect(s.errors.map((e) => [e.message, e.evidence.startLine, e.evidence.endLine])).toEqual([
        ['app.worker - ERROR - job failed', 2, 6],
      ]);
    }
    expect([plain.timestampStyle, plain.firstAt, plain.lastAt]).toEqual([
      'iso',
      '2025-12-24T04:55:45.001',
      '2025-12-24T04:55:46.003',
    ]);
    // With -t, Docker's receive time is the line's time (RFC3339 with 9 fraction digits).
    expect([stamped.timestampStyle, stamped.firstAt, stamped.lastAt]).toEqual([
      'docker',
      '2026-11-24T08:25:21.473025396Z',
      '2026-11-24T08:25:21.473063883Z',
    ]);
  });

  it('reads JSON lines, a Node stack, nginx access lines and a Java stack with Caused by', () => {
    for (const file of ['docker_logs_ev_mixedlogs.log', 'logs_ev_mixedlogs.txt']) {
      const s = summarize(read(`${FIX}/${file}`), file);
      expect(s.container).toBe('ev_mixedlogs');
      // Line 13 (the exception Spring prints under its ERROR line 12) belongs to line 12's record.
      expect([s.lines, s.events]).toEqual([19, 11]);
      expect(s.levels).toEqual({ info: 3, error: 6, warning: 1, critical: 1 });
      expect(s.stackTraces.map((t) => [t.language, t.headline, t.evidence.startLine, t.evidence.endLine])).toEqual([
        ['node', "TypeError: Cannot read properties of undefined (reading 'id')", 6, 8],
        ['java', 'java.lang.IllegalStateException: Failed to load context', 13, 18],
      ]);
      expect(s.httpStatus).toEqual({ '200': 2, '502': 1 });
      expect(s.httpRequests.map((h) => [h.method, h.path, h.status, h.count, h.clients])).toEqual([
        ['GET', '/api/users', 200, 2, ['172.18.0.5']],
        ['POST', '/api/orders', 502, 1, ['172.18.0.6']],
      ]);
      expect(s.repeated).toEqual([
        {
          template: 'db connection refused',
          level: 'error',
          count: 3,
          example: 'db connection refused',
          evidence: { file, startLine: 2, endLine: 2 },
        },
      ]);
      expect(s.errors.map((e) => e.evidence.startLine)).toEqual([2, 3, 4, 6, 11, 12, 19]);
    }
    const plain = summarize(read(`${FIX}/docker_logs_ev_mixedlogs.log`), 'x.log');
    expect([plain.timestampStyle, plain.firstAt, plain.lastAt]).toEqual([
      'iso',
      '2025-12-24T04:55:01.000Z',
      '2025-12-24T04:58:00Z',
    ]);
  });
});

describe('docker-logs variants (formats from the tools’ documentation, hand-written)', () => {
  it('keeps a chained Python traceback as one stack with the last exception as headline', () => {
    const text = [
      '2025-12-24 04:55:45,002 - app - ERROR - failed',
      'Traceback (most recent call last):',
      '  File "/app/a.py", line 1, in <module>',
      'KeyError: 1',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/app/a.py", line 3, in <module>',
      'RuntimeError: wrapped',
      '2025-12-24 04:55:46,000 - app - INFO - next',
    ].join('\n');
    const s = summarize(text, 'logs_app.txt');
    expect(s.stackTraces.map((t) => [t.headline, t.evidence.startLine, t.evidence.endLine])).toEqual([
      ['RuntimeError: wrapped', 2, 10],
    ]);
    expect(s.events).toBe(2);
    expect(s.errors.map((e) => [e.evidence.startLine, e.evidence.endLine])).toEqual([[1, 10]]);
  });

  it('reads a Go panic, pino numeric levels, nginx error-log levels and uvicorn ERROR:', () => {
    const text = [
      '{"level":50,"time":1766552145000,"msg":"boom"}',
      '2025/12/24 04:55:06 [error] 29#29: *1 connect() failed (111: Connection refused) while connecting to upstream',
      'ERROR:    Exception in ASGI application',
      'panic: runtime error: invalid memory address or nil pointer dereference',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/app/main.go:12 +0x1d',
    ].join('\n');
    const s = summarize(text, 'logs_svc.log');
    expect(s.levels).toEqual({ error: 4 });
    expect(s.stackTraces).toEqual([
      {
        language: 'go',
        headline: 'panic: runtime error: invalid memory address or nil pointer dereference',
        evidence: { file: 'logs_svc.log', startLine: 4, endLine: 7 },
      },
    ]);
    expect(s.firstAt).toBe('2025-12-24T04:55:06');
    expect(s.timestampStyle).toBe('iso');
  });

  it('shifts every line reference when the log is a section of a larger file', () => {
    const s = summarize(read(`${FIX}/logs_ev_traceback.txt`), 'bundle.txt', 51);
    expect(s.stackTraces[0]?.evidence).toEqual({ file: 'bundle.txt', startLine: 53, endLine: 56 });
    expect(s.errors[0]?.evidence).toEqual({ file: 'bundle.txt', startLine: 52, endLine: 56 });
    expect(s.evidence).toEqual({ file: 'bundle.txt', startLine: 51, endLine: 57 });
  });

  it('gives the same summary for CRLF line endings', () => {
    const text = read(`${RAW}/logs_tail_quantum_backend.txt`);
    expect(summarize(text.replace(/\n/g, '\r\n'), 'raw/logs_tail_quantum_backend.txt')).toEqual(
      real('quantum_backend'),
    );
  });
});

describe('docker-logs streaming summarizer', () => {
  it('gives parse() the same result when fed line by line', () => {
    const text = read(`${RAW}/logs_tail_quantum_ai_engine.txt`);
    const sum = createLogSummarizer({ file: 'raw/logs_tail_quantum_ai_engine.txt', firstLine: 1 }, 'quantum_ai_engine');
    for (const line of text.split('\n').slice(0, -1)) sum.add(line);
    expect(sum.finish()).toEqual(real('quantum_ai_engine'));
  });

  it('stays bounded on a large log and reports the limits it hit', () => {
    const sum = createLogSummarizer({ file: 'big.log', firstLine: 1 }, 'big');
    const total = 60_000;
    // Letters-only words survive normalisation, so every line below i < 6000 is a new template.
    const word = (i: number) => i.toString(26).replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 26)));
    for (let i = 0; i < total; i++) {
      const sec = String(i % 60).padStart(2, '0');
      const min = String(Math.floor(i / 60) % 60).padStart(2, '0');
      sum.add(
        `2025-12-24 04:${min}:${sec},000 - api - ERROR - request ${i} failed for user ${i < 6000 ? word(i) : 'nobody'}`,
      );
      sum.add(`INFO:     10.0.0.${i % 250}:5000 - "GET /item/x${i}?q=1 HTTP/1.1" 404 Not Found`);
    }
    const s = sum.finish();
    expect([s.lines, s.events]).toEqual([2 * total, 2 * total]);
    expect(s.errors).toHaveLength(50);
    expect(s.httpRequests).toHaveLength(500);
    expect(s.httpStatus).toEqual({ '404': total });
    expect(s.repeated[1]).toMatchObject({
      template: 'api - ERROR - request <n> failed for user nobody',
      count: total - 6000,
    });
    expect(s.repeated[0]).toMatchObject({
      template: 'INFO: <ip> - "GET /item/x<n>?q=<n> HTTP/1.1" 404 Not Found',
      count: total,
    });
    expect(s.timeline).toHaveLength(120);
    expect(sum.issues).toEqual([
      {
        kind: 'limit-exceeded',
        message: 'more than 500 distinct method/path/status groups; later ones only count in httpStatus',
      },
      {
        kind: 'limit-exceeded',
        message:
          'more than 5000 distinct message templates; rare ones were dropped, ' +
          'so templates first seen late may be undercounted',
      },
    ]);
  });
});

describe('docker-logs helpers, detection and bad input', () => {
  it('derives container names from capture file names', () => {
    expect(containerFromFileName('raw/logs_tail_quantum_redis.txt')).toBe('quantum_redis');
    expect(containerFromFileName('docker_logs_web.log')).toBe('web');
    expect(containerFromFileName('logs_api.txt')).toBe('api');
    expect(containerFromFileName('worker-logs.txt')).toBe('worker');
    expect(containerFromFileName('nginx.log')).toBe('nginx');
  });

  it('normalises ids, addresses, hex and numbers but keeps HTTP statuses', () => {
    expect(toTemplate('user 3f2a9c1e-1111-2222-3333-444455556666 from 10.0.0.7:443 got HTTP 404 after 12.5ms')).toBe(
      'user <uuid> from <ip> got HTTP 404 after <n>ms',
    );
    expect(toTemplate('"GET /x HTTP/1.1" 200 OK sig=a6cc2e95a5719b4f BTCUSDT @ $87149.65')).toBe(
      '"GET /x HTTP/1.1" 200 OK sig=<hex> <sym> @ <n>',
    );
  });

  it('claims logs by content, but less surely than the specific parsers claim theirs', () => {
    const backend = read(`${RAW}/logs_tail_quantum_backend.txt`);
    // A log that reads as log lines throughout is recognised by content alone (>= 0.5, issue 10), still below
    // the 0.8+ of the parsers that own a specific command's shape.
    expect(dockerLogsParser.detect(backend, 'logs_tail_quantum_backend.txt')).toBeCloseTo(0.8);
    expect(dockerLogsParser.detect(backend, 'output.txt')).toBeCloseTo(0.6);
    expect(dockerLogsParser.detect(read(`${FIX}/logs_ev_mixedlogs.txt`), 'out.txt')).toBeCloseTo(0.7);
    const ps = read(`${RAW}/docker_ps.txt`);
    expect(dockerLogsParser.detect(ps, 'docker_ps.txt')).toBeLessThan(dockerPsParser.detect(ps, 'docker_ps.txt'));
    expect(dockerLogsParser.detect('', 'logs_x.txt')).toBe(0);
  });

  it('turns empty, binary and docker-error captures into issues', () => {
    const ctx = { file: 'logs_x.txt', firstLine: 1 };
    expect(safeParse(dockerLogsParser, '', ctx).issues[0]?.kind).toBe('empty-capture');
    expect(safeParse(dockerLogsParser, 'a\u0000b', ctx).issues[0]?.kind).toBe('binary');
    expect(safeParse(dockerLogsParser, 'Error response from daemon: No such container: x\n', ctx)).toEqual({
      ok: false,
      issues: [
        {
          kind: 'error-output',
          message: 'docker logs failed: Error response from daemon: No such container: x',
          line: 1,
        },
      ],
    });
  });

  it('never throws on truncated copies of every real log', () => {
    for (const name of ['quantum_ai_engine', 'quantum_backend', 'quantum_redis', 'quantum_trading_bot']) {
      const file = `logs_tail_${name}.txt`;
      const text = read(`${RAW}/${file}`);
      const whole = parseWhole(dockerLogsParser, text, file);
      for (const cut of cutsEvery(text, 1777).slice(1)) {
        // The parser itself: no throw, schema, cited lines; a summary of exactly the lines it was given.
        expect(checkTruncated(dockerLogsParser, cut, file, whole, { truncation: 'summary' })).toEqual([]);
        const r = dockerLogsParser.parse(cut.text, { file, firstLine: 1 });
        expect(r.ok && r.value.lines).toBe(lineCount(cut.text));
      }
    }
  });
});

describe("docker-logs keeps a log's last event and last error (what a failed container last said)", () => {
  const pub = (name: string) => summarize(read(`test/fixtures/public/docker-logs/${name}`), name);

  it('a Go panic is both: one event, its headline the error, its trace folded in', () => {
    const s = pub('go1.13-panic-nil-deref-created-by.txt');
    expect(s.lastError?.message).toContain('invalid memory address or nil pointer dereference');
    expect(s.lastError?.evidence).toMatchObject({ startLine: 1, endLine: s.lines });
    expect(s.lastEvent).toEqual(s.lastError);
  });

  it('Spring Boot: the last error is "Application run failed", not a frame of its trace', () => {
    const s = pub('spring-boot-3-run-failed-java-trace.txt');
    expect(s.lastError?.message).toContain('Application run failed');
    expect(s.lastError?.level).toBe('error');
  });

  it('nginx [emerg] lines: the last one is the last error', () => {
    const s = pub('docker-logs-t-nginx-emerg.txt');
    expect(s.lastError?.message).toContain('host not found in upstream');
    expect(s.lastError?.evidence.startLine).toBe(s.lines);
  });

  it('an entrypoint that dies on a missing script logs no error level: its last event says it', () => {
    const s = pub('nginx-unprivileged-1.18-entrypoint-not-found.txt');
    expect(s.lastError).toBeUndefined();
    expect(s.lastEvent?.message).toContain('30-tune-worker-processes.sh: not found');
    expect(s.lastEvent?.evidence.startLine).toBe(s.lines);
  });

  it('the last error is the last one, past the first 50 that `errors` keeps', () => {
    const lines = Array.from(
      { length: 80 },
      (_, i) => `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z ERROR e${i}`,
    );
    lines.push('2026-01-01T00:01:30Z INFO shutting down');
    const s = summarize(lines.join('\n'), 'raw/logs_tail_x.txt');
    expect(s.errors).toHaveLength(50);
    expect(s.lastError?.message).toBe('ERROR e79');
    expect(s.lastError?.evidence.startLine).toBe(80);
    expect(s.lastEvent).toMatchObject({ level: 'info', message: 'INFO shutting down' });
  });

  it('a log of blank lines has neither', () => {
    const summarizer = createLogSummarizer({ file: 'raw/logs_tail_x.txt', firstLine: 1 }, 'x');
    summarizer.add('');
    summarizer.add('   ');
    const s = summarizer.finish();
    expect(s.lastEvent).toBeUndefined();
    expect(s.lastError).toBeUndefined();
  });
});
