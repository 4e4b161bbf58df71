import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveName, httpHealthParser } from '../../src/core/parsers/http-health.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw/';
const FIX = 'test/fixtures/http-health/';
const read = (path: string) => readFileSync(path, 'utf8');

function parse(text: string, file = 'http_health_demo.txt', firstLine = 1) {
  const r = safeParse(httpHealthParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return r;
}
const fixture = (f: string) => parse(read(`${FIX}${f}`), f);

describe('http-health on the real sample bodies', () => {
  it('reads ai_engine: service name, OK, three dependencies with the N/A note', () => {
    const r = parse(read(`${RAW}http_health_ai_engine.txt`), 'http_health_ai_engine.txt');
    expect(r.issues).toEqual([]);
    expect(r.value).toMatchObject({
      name: 'ai-engine-service',
      file: 'http_health_ai_engine.txt',
      status: 'OK',
      ok: true,
      evidence: { file: 'http_health_ai_engine.txt', startLine: 1, endLine: 1 },
    });
    expect(r.value.httpStatus).toBeUndefined();
    expect(r.value.dependencies).toEqual([
      { name: 'redis', status: 'OK' },
      { name: 'eventbus', status: 'OK' },
      {
        name: 'risk_safety_service',
        status: 'N/A',
        detail: 'Risk-Safety Service integration pending Exit Brain v3 fix',
      },
    ]);
    expect((r.value.body as { version?: string }).version).toBe('1.0.0');
  });

  it('reads backend (no service field: name from the file) and trading_bot', () => {
    expect(parse(read(`${RAW}http_health_backend.txt`), 'http_health_backend.txt').value).toMatchObject({
      name: 'backend',
      status: 'ok',
      ok: true,
      dependencies: [],
    });
    expect(parse(read(`${RAW}http_health_trading_bot.txt`), 'http_health_trading_bot.txt').value).toMatchObject({
      name: 'trading-bot',
      status: 'OK',
      ok: true,
    });
  });

  it('detects the bodies with or without a helpful name', () => {
    for (const f of ['http_health_ai_engine.txt', 'http_health_backend.txt', 'http_health_trading_bot.txt']) {
      expect(httpHealthParser.detect(read(`${RAW}${f}`), f), f).toBeGreaterThanOrEqual(0.9);
      expect(httpHealthParser.detect(read(`${RAW}${f}`), 'capture-7.txt'), f).toBeGreaterThanOrEqual(0.8);
    }
  });
});

describe('http-health from curl -i (curl 7.88.1)', () => {
  it('reads status line and JSON body, citing from the status line to the body', () => {
    const r = fixture('curl-i-200.txt');
    expect(r.value).toMatchObject({
      name: 'demo-api',
      httpStatus: 200,
      status: 'ok',
      ok: true,
      dependencies: [{ name: 'redis', status: 'OK' }],
      evidence: { startLine: 1, endLine: 8 },
    });
    expect(r.value.body).toEqual({
      service: 'demo-api',
      status: 'ok',
      dependencies: { redis: { status: 'OK', latency_ms: 0.8 } },
    });
  });

  it('marks 503 degraded as not ok, with the failing check and its error', () => {
    expect(parse(read(`${FIX}curl-i-503-degraded.txt`), 'http_health_worker.txt').value).toMatchObject({
      name: 'worker',
      httpStatus: 503,
      status: 'degraded',
      ok: false,
      dependencies: [
        { name: 'redis', status: 'up' },
        { name: 'postgres', status: 'down', detail: 'connection refused' },
      ],
    });
  });

  it('reads Spring Boot actuator components', () => {
    expect(fixture('curl-i-actuator.txt').value).toMatchObject({
      httpStatus: 200,
      status: 'UP',
      ok: true,
      dependencies: [
        { name: 'db', status: 'UP' },
        { name: 'diskSpace', status: 'UP' },
      ],
    });
  });

  it('reads HTTP/2 status lines', () => {
    expect(fixture('curl-i-http2.txt').value).toMatchObject({ httpStatus: 200, ok: true, name: 'demo-api' });
  });

  it('takes the last response of a redirect chain', () => {
    expect(fixture('curl-iL-redirect.txt').value).toMatchObject({
      httpStatus: 200,
      ok: true,
      status: 'ok',
      evidence: { startLine: 8, endLine: 15 },
    });
  });

  it('keeps text bodies: "OK" as the status, an HTML error page as not ok', () => {
    expect(fixture('curl-i-text-ok.txt').value).toMatchObject({ httpStatus: 200, status: 'OK', body: 'OK', ok: true });
    const html = fixture('curl-i-500-html.txt').value;
    expect(html).toMatchObject({ httpStatus: 500, ok: false });
    expect(html.status).toBeUndefined();
    expect(String(html.body)).toContain('<h1>Internal Server Error</h1>');
  });
});

describe('http-health from curl -v', () => {
  it('reads the status, URL and body through the progress meter', () => {
    const r = fixture('curl-v-progress.txt');
    expect(r.value).toMatchObject({
      url: 'http://127.0.0.1:18931/health',
      httpStatus: 200,
      ok: true,
      name: 'demo-api',
      evidence: { startLine: 10, endLine: 20 },
    });
    expect(r.value.body).toEqual({
      service: 'demo-api',
      status: 'ok',
      dependencies: { redis: { status: 'OK', latency_ms: 0.8 } },
    });
    expect(r.issues).toEqual([]);
  });

  it('reads a -sv 503', () => {
    expect(fixture('curl-sv-503.txt').value).toMatchObject({
      url: 'http://127.0.0.1:18931/health/degraded',
      httpStatus: 503,
      status: 'degraded',
      ok: false,
    });
  });
});

describe('http-health from curl errors', () => {
  it('reports a refused connection as unreachable with an error-output issue', () => {
    for (const f of ['curl-refused.txt', 'curl-v-refused.txt']) {
      const r = fixture(f);
      expect(r.value, f).toMatchObject({ status: 'unreachable', ok: false, dependencies: [] });
      expect(r.value.httpStatus, f).toBeUndefined();
      expect(r.issues, f).toEqual([
        expect.objectContaining({
          kind: 'error-output',
          message: expect.stringContaining('curl: (7) Failed to connect'),
        }),
      ]);
    }
  });

  it('reads the HTTP status from curl -f errors', () => {
    const r = fixture('curl-f-503.txt');
    expect(r.value).toMatchObject({ httpStatus: 503, ok: false });
    expect(r.value.status).toBeUndefined();
  });
});

describe('http-health judgement and naming', () => {
  it.each([
    ['{"status":"UNHEALTHY"}', false],
    ['{"state":"down"}', false],
    ['{"health":"Not OK"}', false],
    ['{"status":"ok","healthy":false}', false],
    ['{"status":"WARMING_UP"}', true],
    ['{"status":"pass","checks":{"db":"ok"}}', true],
  ])('%s → ok %s', (body, ok) => {
    expect(parse(body).value.ok).toBe(ok);
  });

  it('reads string-valued and list-shaped checks', () => {
    expect(parse('{"status":"ok","checks":{"db":"ok","cache":"down"}}').value.dependencies).toEqual([
      { name: 'db', status: 'ok' },
      { name: 'cache', status: 'down' },
    ]);
    expect(
      parse('{"status":"ok","checks":[{"name":"db","status":"pass","message":"5ms"}]}').value.dependencies,
    ).toEqual([{ name: 'db', status: 'pass', detail: '5ms' }]);
  });

  it('takes the URL from a command echo line', () => {
    expect(parse('$ curl -s http://localhost:8001/health\n{"status":"ok"}\n').value).toMatchObject({
      url: 'http://localhost:8001/health',
      evidence: { startLine: 2, endLine: 2 },
    });
  });

  it('flags a truncated JSON body and keeps it as text', () => {
    const r = parse('{"status":"ok","dependencies":{"redis":');
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'parse-failure' })]);
    expect(typeof r.value.body).toBe('string');
  });

  it('derives names from file names', () => {
    expect(deriveName('raw/http_health_ai_engine.txt')).toBe('ai_engine');
    expect(deriveName('health_backend.json')).toBe('backend');
    expect(deriveName('curl_trading_bot_health.txt')).toBe('trading_bot');
    expect(deriveName('health.txt')).toBe('health');
  });
});

describe('http-health robustness', () => {
  it('does not claim inspect arrays, docker version JSON, docker ps JSON lines, redis or logs', () => {
    for (const f of [
      'inspect_quantum_ai_engine.json',
      'inspect_.json',
      'docker_ps.txt',
      'redis_info_stats.txt',
      'logs_tail_quantum_ai_engine.txt',
      'logs_tail_quantum_redis.txt',
      'system_context.txt',
      'redis_sample_trade_intent.txt',
    ]) {
      expect(httpHealthParser.detect(read(`${RAW}${f}`), f), f).toBeLessThan(0.5);
    }
    expect(httpHealthParser.detect(read('test/fixtures/docker-version/format-json.json'), 'version.json')).toBe(0);
    expect(httpHealthParser.detect(read('test/fixtures/docker-ps/ps-a-json-lines.txt'), 'ps.txt')).toBe(0);
    expect(httpHealthParser.detect('{"level":"info","status":"ok","msg":"served"}\n', 'app.log')).toBeLessThan(0.5);
  });

  it('returns ok:false for empty input and never throws on truncation', () => {
    const ctx = { file: 'x', firstLine: 1 };
    expect(httpHealthParser.parse('', ctx).ok).toBe(false);
    for (const f of ['curl-v-progress.txt', 'curl-iL-redirect.txt']) {
      const text = read(`${FIX}${f}`);
      const whole = parseWhole(httpHealthParser, text, 'x');
      const statuses = [...text.matchAll(/^(?:< )?HTTP\/[\d.]+ (\d{3})/gm)].map((m) => Number(m[1]));
      for (const cut of cutsEvery(text, 17)) {
        // The parser itself, every 17th character: no throw, schema, cited lines.
        expect(checkTruncated(httpHealthParser, cut, 'x', whole), f).toEqual([]);
        const r = httpHealthParser.parse(cut.text, ctx);
        if (!r.ok) continue;
        expect(typeof r.value.ok).toBe('boolean');
        // A status read from a cut capture is one the capture has, never a cut number.
        if (r.value.httpStatus !== undefined) expect(statuses, `${f}: ${cut.label}`).toContain(r.value.httpStatus);
      }
    }
  });
});

describe('http-health: curl -w status trailer (issue 10)', () => {
  const W = 'test/fixtures/http-health/';
  it('reads the code curl -w writes after the body as the response status', () => {
    const text = readFileSync(`${W}curl-w-http-code-404.txt`, 'utf8');
    expect(httpHealthParser.detect(text, 'capture.txt')).toBeGreaterThanOrEqual(0.5);
    const r = safeParse(httpHealthParser, text, { file: 'health_api.txt', firstLine: 1 });
    expect(r.ok && r.value.httpStatus).toBe(404);
    expect(r.ok && r.value.ok).toBe(false);
    expect(r.ok && typeof r.value.body === 'string' && r.value.body.endsWith('</html>')).toBe(true);
  });

  it('reads HTTP 000 as no response: unreachable, not up', () => {
    const text = readFileSync(`${W}curl-w-http-code-000.txt`, 'utf8');
    const r = safeParse(httpHealthParser, text, { file: 'health_api.txt', firstLine: 1 });
    expect(r.ok && r.value.httpStatus).toBe(undefined);
    expect(r.ok && r.value.status).toBe('unreachable');
    expect(r.ok && r.value.ok).toBe(false);
  });
});

describe('http-health: curl -v failure notes and cluster colours', () => {
  const PUB = 'test/fixtures/public/http-health/';

  it('curl -sv whose connection was reset after the request: not ok, unreachable, the note as its error', () => {
    const file = 'url-health-check-action-curl-sv-recv-reset.txt';
    const r = safeParse(httpHealthParser, read(`${PUB}${file}`), { file: 'health_api.txt', firstLine: 1 });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value).toMatchObject({ ok: false, status: 'unreachable', url: 'http://localhost:9002/healthz' });
    expect(r.value.httpStatus).toBeUndefined();
    expect(r.issues.map((i) => i.message)).toEqual(['curl failed: Recv failure: Connection reset by peer']);
  });

  // Hand-written from curl 7.x's -v format: the first address refused, the second answered.
  it('a refused first address followed by an answer is the answer', () => {
    const text = [
      '*   Trying ::1:8080...',
      '* connect to ::1 port 8080 failed: Connection refused',
      '*   Trying 127.0.0.1:8080...',
      '* Connected to localhost (127.0.0.1) port 8080 (#0)',
      '> GET /health HTTP/1.1',
      '> Host: localhost:8080',
      '>',
      '< HTTP/1.1 200 OK',
      '< Content-Type: application/json',
      '<',
      '{"status":"UP"}',
      '* Connection #0 to host localhost left intact',
    ].join('\n');
    const r = safeParse(httpHealthParser, text, { file: 'health_api.txt', firstLine: 1 });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value).toMatchObject({ ok: true, httpStatus: 200, status: 'UP' });
    expect(r.issues).toEqual([]);
  });

  it('an Elasticsearch cluster reported red is not ok; yellow (replicas unassigned) stays ok', () => {
    const red = safeParse(httpHealthParser, read(`${PUB}es-5.2.1-cluster-health-red.txt`), {
      file: 'health_es.txt',
      firstLine: 1,
    });
    if (!red.ok) throw new Error(JSON.stringify(red.issues));
    expect(red.value).toMatchObject({ ok: false, status: 'red' });
    const yellow = safeParse(httpHealthParser, '{"cluster_name":"c","status":"yellow","number_of_nodes":1}', {
      file: 'health_es.txt',
      firstLine: 1,
    });
    if (!yellow.ok) throw new Error(JSON.stringify(yellow.issues));
    expect(yellow.value).toMatchObject({ ok: true, status: 'yellow' });
  });
});
