// Capture: curl -s http://localhost:8001/health      (also curl -i, curl -v, curl -sS errors)
//   {"service":"ai-engine-service","status":"OK","dependencies":{"redis":{"status":"OK","latency_ms":0.96}}}
// curl -i puts the status line and headers first:
//   HTTP/1.1 503 Service Unavailable
//   content-type: application/json
//
//   {"status":"degraded","checks":{"postgres":{"status":"down","error":"connection refused"}}}
// curl -v writes "* " notes, "> " request and "< " response headers to stderr around the body, and
// without -s also the progress meter, whose rows are redrawn with CR and run into the next note
// ("…--:--:--     0*   Trying 127.0.0.1:8001..."). A failed request prints only
// "curl: (7) Failed to connect to localhost port 8080 …": the endpoint was unreachable, which is a
// health result (not ok), so it is returned as a value with an 'error-output' issue.
import { HealthCheck } from '../model/health.ts';
import type { HealthDependency } from '../model/health.ts';
import { defineParser, issueAt, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';

/** Value of the http-health parser. */
export const HttpHealthValue = HealthCheck;

/** Body status words that mean "not healthy" (compared case-insensitively). */
export const BAD_STATUSES = new Set([
  'error',
  'fail',
  'failed',
  'failure',
  'down',
  'unhealthy',
  'degraded',
  'critical',
  'ko',
  'not ok',
  'unavailable',
  'unreachable',
  // Elasticsearch / OpenSearch cluster health: red means primary shards are unassigned (yellow, replicas only).
  'red',
]);

const STATUS_LINE = /^HTTP\/(\d(?:\.\d)?)\s+(\d{3})(?:\s+(.*))?$/;
const CURL_ERROR = /^curl: \((\d+)\)\s*(.*)$/;
/**
 * A curl -v note that the transfer failed (curl prints its `curl: (N)` line only without -s, or with -S): the
 * connection refused, reset, timed out, or closed before any response.
 */
const VERBOSE_FAILURE = new RegExp(
  String.raw`^\* (?:Recv failure|Send failure|Failed to connect|connect to \S+ port \d+ failed|Connection refused|` +
    String.raw`Could not resolve host|Empty reply from server|Operation timed out|Connection timed out)\b`,
  'i',
);
/** What `curl -w '\nHTTP %{http_code}\n'` (or `-w 'HTTP_CODE:%{http_code}'`) appends after the body. */
const WRITE_OUT_STATUS = /^HTTP(?:[ _-]?(?:CODE|STATUS))?\s*[:= ]\s*(\d{3})$/i;
const COMMAND_ECHO = /^(?:\$|\+|#|>)\s*curl\s/;
const PROGRESS = new RegExp(
  // % Total, % Received, % Xferd, each a percentage and a size,
  String.raw`^\s*\d{1,3}\s+[\d.]+[kMGTP]?\s+\d{1,3}\s+[\d.]+[kMGTP]?\s+\d{1,3}\s+[\d.]+[kMGTP]?\s+` +
    // Average Dload and Upload speeds, Time Total, Spent and Left, Current Speed.
    String.raw`[\d.]+[kMGTP]?\s+[\d.]+[kMGTP]?\s+\S+\s+\S+\s+\S+\s+[\d.]+[kMGTP]?`,
);
const PROGRESS_HEADER = /^\s*(?:% Total\s+% Received|Dload\s+Upload)/;
const DEPENDENCY_KEYS = ['dependencies', 'checks', 'components', 'details'];
const MAX_BODY_TEXT = 4000;

/** Parser for health endpoint captures: bare body, curl -i, curl -v, or curl's error line. */
export const httpHealthParser = defineParser({
  id: 'http-health',
  description: 'HTTP health endpoint responses: JSON or text body, curl -i / -v output, curl errors',
  command: 'curl -si http://localhost:8000/health',
  fileNames: /health|ready|readiness|live|liveness|status|ping|curl/i,
  eachSection: true,
  detect(text, _name, hinted): number {
    text = text.replace(/^\uFEFF/, '');
    const lines = cleanLines(text).filter((l) => l.text.trim() !== '' && !COMMAND_ECHO.test(l.text));
    const first = lines[0]?.text.trim();
    if (first === undefined) return 0;
    if (
      lines.some((l) => /^< HTTP\/\d/.test(l.text)) &&
      lines.some((l) => /^> [A-Z]+ \S+ HTTP\/\d/.test(l.text) || l.text.startsWith('* '))
    )
      return 0.95;
    if (STATUS_LINE.test(first)) return 0.95;
    // curl -v with only the response kept (or the request lines cut away): "< HTTP/1.1 200 OK".
    if (/^< HTTP\/\d(?:\.\d)?\s+\d{3}\b/.test(first)) return 0.9;
    // curl -w: the body, then a last line with the status code.
    const last = lines[lines.length - 1]?.text.trim() ?? '';
    if (lines.length >= 1 && WRITE_OUT_STATUS.test(last)) return 0.85;
    if (
      CURL_ERROR.test(first) ||
      (lines.some((l) => l.text.startsWith('* ')) && lines.some((l) => CURL_ERROR.test(l.text)))
    )
      return 0.85;
    // curl -sv whose transfer failed: curl's notes say so, and no response came.
    if (lines.some((l) => VERBOSE_FAILURE.test(l.text)) && lines.some((l) => /^> [A-Z]+ \S+ HTTP\/\d/.test(l.text)))
      return 0.85;
    if (first.startsWith('{')) {
      const body = parseJson(text);
      if (!isObject(body)) return 0;
      const keys = Object.keys(body);
      const healthKeys = keys.filter((k) =>
        [
          'status',
          'state',
          'health',
          'healthy',
          'service',
          'dependencies',
          'checks',
          'components',
          'uptime',
          'uptime_seconds',
        ].includes(k),
      );
      // Structured log lines have a status too, but also a level and a message.
      const logLike = keys.includes('level') || keys.includes('msg') || keys.includes('levelname');
      if (healthKeys.some((k) => ['status', 'health', 'healthy'].includes(k)) && !logLike) return hinted ? 0.95 : 0.8;
      if (healthKeys.length > 0 && hinted) return 0.7;
      return hinted && !logLike ? 0.55 : 0;
    }
    // A short plain-text body ("OK", "healthy") is only a health check when the file says so.
    if (hinted && lines.length <= 3 && first.length <= 40 && /^[\w .!-]+$/.test(first)) return 0.6;
    return 0;
  },
  schema: HealthCheck,
  parse(text, ctx) {
    return parseHttpHealth(text, ctx);
  },
});

interface Line {
  text: string;
  /** 1-based line number within the parsed text. */
  n: number;
}

interface Response {
  httpStatus?: number;
  url?: string;
  body: Line[];
  first: number;
  last: number;
  /** curl's error: its `curl: (N)` line, or (no code) a failure note of curl -v. */
  curlError?: { code?: number; message: string; line: number };
}

/** Parse one captured health response; never throws. */
export function parseHttpHealth(text: string, ctx: ParseContext): ParseResult<HealthCheck> {
  const all = cleanLines(text.replace(/^\uFEFF/, ''));
  const meaningful = all.filter((l) => l.text.trim() !== '');
  if (meaningful.length === 0)
    return { ok: false, issues: [{ kind: 'empty-capture', message: 'health capture is empty' }] };
  let url: string | undefined;
  const echo = meaningful.find((l) => COMMAND_ECHO.test(l.text));
  if (echo) url = /\bhttps?:\/\/[^\s'"]+/.exec(echo.text)?.[0];
  const lines = all.filter((l) => l !== echo);
  const response = lines.some((l) => /^[<>*] /.test(l.text) || /^[<>]$/.test(l.text))
    ? readVerbose(lines)
    : readPlain(lines);
  const issues: ParseIssue[] = [];
  const name = deriveName(ctx.file);
  if (response.curlError) {
    issues.push(
      issueAt(
        ctx,
        'error-output',
        (response.curlError.code !== undefined
          ? `curl failed: curl: (${response.curlError.code}) ${response.curlError.message}`
          : `curl failed: ${response.curlError.message}`
        ).slice(0, 200),
        response.curlError.line,
      ),
    );
  }
  const bodyText = response.body
    .map((l) => l.text)
    .join('\n')
    .trim();
  let body: unknown;
  if (bodyText !== '') {
    body = parseJson(bodyText);
    if (body === undefined) {
      if (/^[[{]/.test(bodyText))
        issues.push(
          issueAt(
            ctx,
            'parse-failure',
            'health body looks like JSON but does not parse (truncated?); kept as text',
            response.body[0]?.n ?? 1,
          ),
        );
      body = bodyText.length > MAX_BODY_TEXT ? `${bodyText.slice(0, MAX_BODY_TEXT)}…` : bodyText;
    }
  }
  if (response.httpStatus === undefined && response.curlError === undefined && body === undefined) {
    return {
      ok: false,
      issues: [
        ...issues,
        { kind: 'unrecognised', message: 'no HTTP status, body or curl error in the health capture' },
      ],
    };
  }
  const fields = isObject(body) ? body : undefined;
  let status = fields ? bodyStatus(fields) : undefined;
  if (status === undefined && typeof body === 'string' && /^[\w .!-]{1,40}$/.test(body)) status = body;
  const unreachable = response.curlError !== undefined && response.httpStatus === undefined;
  if (unreachable) status = 'unreachable';
  const http = response.httpStatus;
  const flagged =
    fields !== undefined && (fields['healthy'] === false || fields['ok'] === false || fields['success'] === false);
  const ok =
    !unreachable &&
    (http === undefined || (http >= 200 && http < 300)) &&
    !(status !== undefined && BAD_STATUSES.has(status.trim().toLowerCase())) &&
    !flagged;
  const service =
    fields && typeof fields['service'] === 'string' && fields['service'].trim() !== ''
      ? fields['service'].trim()
      : undefined;
  const value: HealthCheck = {
    name: service ?? name,
    file: ctx.file,
    ok,
    dependencies: fields ? readDependencies(fields) : [],
    evidence: refAt(ctx, response.first, response.last),
  };
  const finalUrl = response.url ?? url;
  if (finalUrl !== undefined) value.url = finalUrl;
  if (http !== undefined) value.httpStatus = http;
  if (status !== undefined) value.status = status;
  if (body !== undefined) value.body = body;
  return { ok: true, value, issues };
}

/** Lines with CR-redrawn progress meter rows reduced to what follows them. */
function cleanLines(text: string): Line[] {
  return splitLines(text).map((raw, i) => {
    let t = raw.replace(/\r+$/, '');
    const cr = t.lastIndexOf('\r');
    if (cr >= 0) t = t.slice(cr + 1);
    const meter = PROGRESS.exec(t);
    if (meter) t = t.slice(meter[0].length);
    if (PROGRESS_HEADER.test(t)) t = '';
    return { text: t, n: i + 1 };
  });
}

/** curl -i (or a bare body): status blocks, each ended by a blank line, then the body. */
function readPlain(lines: Line[]): Response {
  const res: Response = { body: [], first: 0, last: 0 };
  let i = 0;
  const skipBlank = () => {
    while (i < lines.length && (lines[i]?.text.trim() ?? '') === '') i++;
  };
  skipBlank();
  // Redirects (-L), "100 Continue" and proxy CONNECT each print their own status block.
  while (i < lines.length && STATUS_LINE.test(lines[i]?.text.trim() ?? '')) {
    const m = STATUS_LINE.exec(lines[i]?.text.trim() ?? '');
    res.httpStatus = Number(m?.[2]);
    res.first = lines[i]?.n ?? 1;
    i++;
    while (i < lines.length && (lines[i]?.text.trim() ?? '') !== '') i++;
    skipBlank();
  }
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (l !== undefined) readBodyLine(res, l);
  }
  trimBody(res);
  // `-w '\nHTTP %{http_code}\n'`: the code curl writes after the body is the response status (000: no response).
  const tail = res.body[res.body.length - 1];
  const written = tail ? WRITE_OUT_STATUS.exec(tail.text.trim()) : null;
  if (tail && written) {
    res.body.pop();
    trimBody(res);
    const code = Number(written[1]);
    if (res.httpStatus === undefined && code > 0) res.httpStatus = code;
    const message = 'no HTTP response (-w wrote status 000)';
    if (code === 0 && res.curlError === undefined) res.curlError = { code: 0, message, line: tail.n };
    if (res.first === 0) res.first = tail.n;
    res.last = tail.n;
  }
  const cited = [res.first, ...res.body.map((l) => l.n), res.curlError?.line ?? 0, written ? (tail?.n ?? 0) : 0].filter(
    (n) => n > 0,
  );
  res.first = cited.length > 0 ? Math.min(...cited) : 1;
  res.last = cited.length > 0 ? Math.max(...cited) : 1;
  return res;
}

/** curl -v: "* " notes, "> " request, "< " response; everything else is body (or the meter). */
function readVerbose(lines: Line[]): Response {
  const res: Response = { body: [], first: 0, last: 0 };
  let path: string | undefined;
  let host: string | undefined;
  let tls = false;
  let statusLine = 0;
  let failure: { message: string; line: number } | undefined;
  for (const l of lines) {
    const t = l.text;
    if (t.startsWith('* ') || t === '*') {
      if (/\b(SSL|TLS)\b/.test(t)) tls = true;
      if (VERBOSE_FAILURE.test(t)) failure = { message: t.slice(2).trim(), line: l.n };
      continue;
    }
    if (t.startsWith('> ') || t === '>') {
      const req = /^> [A-Z]+ (\S+) HTTP\//.exec(t);
      if (req) path = req[1];
      const h = /^> Host:\s*(\S+)/i.exec(t);
      if (h) host = h[1];
      continue;
    }
    if (t.startsWith('< ') || t === '<') {
      const m = STATUS_LINE.exec(t.slice(2).trim());
      if (m) {
        res.httpStatus = Number(m[2]);
        statusLine = l.n;
      }
      continue;
    }
    if (!/^[{}] \[[^\]]*\]\s*$/.test(t.trim())) readBodyLine(res, l);
  }
  trimBody(res);
  // A failure note counts when nothing else says what happened: no response and no `curl: (N)` line.
  if (failure !== undefined && res.curlError === undefined && res.httpStatus === undefined) res.curlError = failure;
  if (path !== undefined && host !== undefined) res.url = `${tls ? 'https' : 'http'}://${host}${path}`;
  const cited = [statusLine, ...res.body.map((l) => l.n), res.curlError?.line ?? 0].filter((n) => n > 0);
  res.first = cited.length > 0 ? Math.min(...cited) : (lines[0]?.n ?? 1);
  res.last = cited.length > 0 ? Math.max(...cited) : (lines[lines.length - 1]?.n ?? 1);
  return res;
}

/** A line after the status and headers: curl's own error line (`curl: (7) …`), or the body's. */
function readBodyLine(res: Response, l: Line): void {
  const err = CURL_ERROR.exec(l.text.trim());
  if (!err) {
    res.body.push(l);
    return;
  }
  res.curlError = { code: Number(err[1]), message: err[2] ?? '', line: l.n };
  noteCurlStatus(res, err[2] ?? '');
}

/** curl -f turns an HTTP error into "curl: (22) The requested URL returned error: 503". */
function noteCurlStatus(res: Response, message: string): void {
  const m = /returned error:\s*(\d{3})/.exec(message);
  if (m && res.httpStatus === undefined) res.httpStatus = Number(m[1]);
}

function trimBody(res: Response): void {
  while (res.body.length > 0 && (res.body[0]?.text.trim() ?? '') === '') res.body.shift();
  while (res.body.length > 0 && (res.body[res.body.length - 1]?.text.trim() ?? '') === '') res.body.pop();
}

function bodyStatus(body: Record<string, unknown>): string | undefined {
  for (const key of ['status', 'state', 'health']) {
    const v = body[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    // {"status": {"status": "UP"}} / {"health": {"state": "DOWN"}}
    if (isObject(v)) {
      const inner = v['status'] ?? v['state'];
      if (typeof inner === 'string') return inner.trim();
    }
  }
  return undefined;
}

/**
 * Dependencies from `dependencies`/`checks`/`components`/`details`: keyed objects with a status, or lists of {name,
 * status}.
 */
export function readDependencies(body: Record<string, unknown>): HealthDependency[] {
  const deps: HealthDependency[] = [];
  for (const key of DEPENDENCY_KEYS) {
    const group = body[key];
    if (Array.isArray(group)) {
      for (const item of group) {
        if (!isObject(item)) continue;
        const name = item['name'] ?? item['component'] ?? item['id'];
        const status = scalar(item['status'] ?? item['state']);
        if (typeof name === 'string' && status !== undefined) deps.push(withDetail({ name, status }, item));
      }
      continue;
    }
    if (!isObject(group)) continue;
    for (const [name, v] of Object.entries(group)) {
      if (isObject(v)) {
        const status = scalar(v['status'] ?? v['state'] ?? v['health']);
        if (status !== undefined) deps.push(withDetail({ name, status }, v));
      } else if (key !== 'details' && typeof v === 'string') {
        // {"checks": {"db": "ok"}}: the value is the status itself.
        deps.push({ name, status: v });
      }
    }
  }
  return deps;
}

function withDetail(dep: HealthDependency, v: Record<string, unknown>): HealthDependency {
  const details = isObject(v['details']) ? v['details'] : undefined;
  const candidates = [
    v['detail'],
    v['message'],
    v['error'],
    v['reason'],
    v['note'],
    typeof v['details'] === 'string' ? v['details'] : undefined,
    details?.['note'],
    details?.['message'],
    details?.['error'],
    details?.['reason'],
  ];
  const detail = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return detail === undefined ? dep : { ...dep, detail };
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  return undefined;
}

/** Service name from a capture's file name: http_health_ai_engine.txt → 'ai_engine'. */
export function deriveName(file: string): string {
  const base = (file.split('/').pop() ?? file).replace(/\.(txt|json|log|out|html?)$/i, '');
  let name = base;
  for (let prev = ''; prev !== name;) {
    prev = name;
    name = name.replace(/^(?:https?|curl|health(?:check|z)?|ready|readiness|live|liveness)(?:[_.-]+|$)/i, '');
    name = name.replace(/[_.-]+(?:health(?:check|z)?|ready|readiness|live|liveness)$/i, '');
  }
  return name !== '' ? name : base;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
