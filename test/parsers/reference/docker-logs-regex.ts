// The docker-logs summarizer as it was before the hand-written scanner (issue 16), kept verbatim as the
// reference the equivalence tests compare the fast one against. Not used by the product.
// Capture: docker logs --tail 200 [-t] <container> > logs_tail_<container>.txt 2>&1
//   INFO:     172.18.0.29:41600 - "POST /api/ai/signal HTTP/1.1" 404 Not Found
//   [2025-12-24 04:55:06,287] [microservices.ai_engine.service] [WARNING] [PHASE 1] DRIFT DETECTED: GALAUSDT …
//   04:55:45 - ERROR - [EXIT_GATEWAY] Order submission failed: …
//   Traceback (most recent call last):
// One container's output mixes whatever its processes print, so each line is read on its own
// (docker -t prefix, then app timestamp, then level) and multi-line events (stack traces,
// indented continuations) are folded into the event that started them. Everything streams:
// memory is bounded by the summary's caps, not by the log's size.
import { type z } from 'zod';
import { LogSummary } from '../../../src/core/model/logs.ts';
import type {
  HttpRequestCount,
  LoggedEvent,
  LogLevel,
  RepeatedMessage,
  StackTrace,
} from '../../../src/core/model/logs.ts';
import { defineParser, refAt } from '../../../src/core/parsers/parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from '../../../src/core/parsers/parser.ts';
import { continuesCrash, isCrashHeadline, messageOnNextLine } from '../../../src/core/parsers/crash-lines.ts';

/** Value of the docker-logs parser: a summary of one container's log capture. */
export const DockerLogsValue = LogSummary;
export type DockerLogsValue = z.infer<typeof DockerLogsValue>;

/** Caps that keep the summary small whatever the log size. */
const LIMITS = {
  errors: 50,
  repeated: 20,
  repeatedMin: 3,
  templates: 5000,
  httpGroups: 500,
  clients: 20,
  stackTraces: 100,
  timeline: 20_000,
  lineChars: 4096,
  message: 500,
};

/** Streaming log summary: feed lines in order, then `finish()` once. */
export interface LogSummarizer {
  /** Add the next line of the capture (without its newline). */
  add(line: string): void;
  /** Close open events and return the summary; call once, after the last `add`. */
  finish(): LogSummary;
  /** Problems seen so far (limits hit, docker errors). */
  readonly issues: ParseIssue[];
}

/** Parser for one container's `docker logs` capture → LogSummary. */
export const dockerLogsParser = defineParser({
  id: 'docker-logs',
  description: 'docker logs output of one container (any app format), summarised',
  command: 'docker logs --tail 200 <container>',
  fileNames: /(^|[_-])logs?([_.-]|$)/i,
  detect(text, name) {
    const hint = /(^|[_-])logs?([_.-]|$)/i.test(name) ? 0.2 : 0;
    let seen = 0;
    let loggy = 0;
    let docker = 0;
    forEachLine(text.slice(0, 16_384), (line) => {
      if (seen >= 50 || line.trim() === '') return;
      seen++;
      const prefix = DOCKER_TS.exec(line);
      if (prefix) docker++;
      const rest = prefix ? line.slice(prefix[0].length) : line;
      if (readTimestamp(rest) !== undefined || readLevel(rest, '') !== undefined || HTTP_REQUEST.test(rest)) loggy++;
    });
    if (seen === 0) return 0;
    if (text.includes('\0')) return 0;
    let score = 0;
    if (docker / seen >= 0.8) score = 0.7;
    else if (loggy / seen >= 0.5) score = 0.45;
    else if (loggy / seen >= 0.2) score = 0.25;
    return Math.min(1, score + hint);
  },
  schema: DockerLogsValue,
  parse(text, ctx) {
    return parseDockerLogs(text, ctx);
  },
});

/** Summarise a docker logs capture; the container name comes from the file name. */
export function parseDockerLogs(
  text: string,
  ctx: ParseContext,
  container = containerFromFileName(ctx.file),
): ParseResult<LogSummary> {
  if (text.trim() === '')
    return {
      ok: false,
      issues: [
        {
          kind: 'empty-capture',
          message: 'log capture is empty (the container printed nothing, or the capture failed)',
        },
      ],
    };
  if (text.includes('\0'))
    return { ok: false, issues: [{ kind: 'binary', message: 'log capture contains NUL bytes: not text' }] };
  const head = text.trimStart().slice(0, 300).split('\n', 2);
  if (head.length === 1 || (head[1] ?? '').trim() === '') {
    const only = (head[0] ?? '').trim();
    if (DOCKER_CLI_ERROR.test(only))
      return {
        ok: false,
        issues: [{ kind: 'error-output', message: `docker logs failed: ${only}`, line: ctx.firstLine }],
      };
  }
  const summarizer = createLogSummarizer(ctx, container);
  forEachLine(text, (line) => summarizer.add(line));
  return { ok: true, value: summarizer.finish(), issues: summarizer.issues };
}

/** Container name from a capture file name: 'raw/logs_tail_quantum_redis.txt' → 'quantum_redis'. */
export function containerFromFileName(file: string): string {
  let base = file.split('/').pop() ?? file;
  base = base.replace(/\.(?:txt|log|out|json)$/i, '');
  base = base.replace(/^(?:docker[_-])?(?:container[_-])?logs?(?:[_-]tail)?[_-]/i, '').replace(/^tail[_-]/i, '');
  base = base.replace(/[_-](?:logs?|tail|stdout|stderr)$/i, '');
  return base || file;
}

/** Create a streaming summarizer; `parse` uses it, and callers with huge logs can feed it directly. */
export function createLogSummarizer(ctx: ParseContext, container: string): LogSummarizer {
  return new Summarizer(ctx, container);
}

// ---------------------------------------------------------------------------------------------
// Line recognisers

/** `docker logs -t` prefixes Docker's RFC3339NanoFixed: always 9 fraction digits, UTC. Apps that
 * print ISO times use 0, 3 or 6 digits, so the width tells the two apart. */
const DOCKER_TS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z) /;
/** A docker CLI error printed instead of logs. */
export const DOCKER_CLI_ERROR =
  // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
  /^(?:Error response from daemon: |Error: No such container|Cannot connect to the Docker daemon|permission denied while trying to connect to the Docker daemon|error during connect|(?:bash|sh|zsh): docker: )/i;
const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

type TsStyle = 'docker' | 'iso' | 'clock' | 'syslog';
interface Stamp {
  /** ISO-like text: '2025-12-24T04:55:06.287', '2025-12-24T04:56:10Z', or clock-only '04:55:44'. */
  value: string;
  style: TsStyle;
  /** Characters of the line the timestamp used (to strip it for templates). */
  length: number;
}

const ISO_TS = /^\[?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?\]?/;
const NGINX_TS = /^(\S+) \S+ \S+ \[(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]/;
const REDIS_LINE = /^\d+:[MCSX] (\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? ([.\-*#]) /;
const SLASH_TS = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})/;
const SYSLOG_TS = /^([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2})/;
const CLOCK_TS = /^\[?(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\]?(?=\s)/;

/** The app's own timestamp at the start of a line (after any docker prefix). */
function readTimestamp(rest: string): Stamp | undefined {
  let m = ISO_TS.exec(rest);
  if (m) {
    const frac = m[7] ? `.${m[7]}` : '';
    const zone =
      m[8] === undefined ? '' : m[8] === 'Z' ? 'Z' : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8];
    return {
      value: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${frac}${zone}`,
      style: 'iso',
      length: m[0].length,
    };
  }
  m = REDIS_LINE.exec(rest);
  if (m) {
    const frac = m[7] ? `.${m[7]}` : '';
    const month = MONTHS[(m[2] ?? '').toLowerCase()] ?? '01';
    return {
      value: `${m[3]}-${month}-${(m[1] ?? '').padStart(2, '0')}T${m[4]}:${m[5]}:${m[6]}${frac}`,
      style: 'iso',
      length: m[0].length - 2,
    };
  }
  m = NGINX_TS.exec(rest);
  if (m) {
    const zone = m[8] === '+0000' ? 'Z' : `${(m[8] ?? '').slice(0, 3)}:${(m[8] ?? '').slice(3)}`;
    return {
      value: `${m[4]}-${MONTHS[(m[3] ?? '').toLowerCase()] ?? '01'}-${m[2]}T${m[5]}:${m[6]}:${m[7]}${zone}`,
      style: 'iso',
      length: 0,
    };
  }
  m = SLASH_TS.exec(rest);
  if (m) return { value: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`, style: 'iso', length: m[0].length };
  m = SYSLOG_TS.exec(rest);
  if (m && MONTHS[(m[1] ?? '').toLowerCase()]) {
    return {
      value: `${MONTHS[(m[1] ?? '').toLowerCase()]}-${(m[2] ?? '').trim().padStart(2, '0')}T${m[3]}:${m[4]}:${m[5]}`,
      style: 'syslog',
      length: m[0].length,
    };
  }
  m = CLOCK_TS.exec(rest);
  if (m) return { value: `${m[1]}:${m[2]}:${m[3]}${m[4] ? `.${m[4]}` : ''}`, style: 'clock', length: m[0].length };
  return undefined;
}

const LEVEL_WORDS: Record<string, LogLevel> = {
  trace: 'trace',
  debug: 'debug',
  verbose: 'debug',
  info: 'info',
  information: 'info',
  notice: 'notice',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  err: 'error',
  severe: 'error',
  crit: 'critical',
  critical: 'critical',
  fatal: 'critical',
  panic: 'critical',
  alert: 'critical',
  emerg: 'critical',
  // Grafana's log15 levels (`lvl=eror`, `lvl=dbug`); MySQL 8's `[System]` and 5.x's `[Note]`.
  eror: 'error',
  dbug: 'debug',
  system: 'info',
  note: 'notice',
  log: 'info',
};
/** Pino/bunyan numeric levels. */
const PINO_LEVELS: Record<number, LogLevel> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'critical',
};
/** Redis marks levels with one character: . debug, - verbose, * notice, # warning. */
const REDIS_LEVELS: Record<string, LogLevel> = { '.': 'debug', '-': 'debug', '*': 'notice', '#': 'warning' };

// uvicorn/Python default: "INFO:     …", "WARNING:root:…".
const PREFIX_LEVEL = /^(TRACE|DEBUG|INFO|NOTICE|WARNING|WARN|ERROR|CRITICAL|FATAL):/;
// A level as its own token near the start: "- WARNING -", "[INFO]", "[info     ]", " ERROR 1 ---", "level=error".
const TOKEN_LEVEL =
  // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
  /(?:^|[\s[|(-])(TRACE|DEBUG|INFO|NOTICE|WARNING|WARN|ERROR|ERR|SEVERE|CRITICAL|CRIT|FATAL|PANIC|ALERT|EMERG|LOG(?=: {2}))(?=[\s\]|):-]|$)/;
const BRACKET_LEVEL =
  /\[(trace|debug|info|notice|warning|warn|error|crit|critical|fatal|alert|emerg|system|note)\s*\]/i;
const LOGFMT_LEVEL = /\b(?:level|lvl|severity)=["']?(\w+)/i;
const EXCEPTION_HEADLINE =
  // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
  /^(?:Exception in thread "[^"]*" |Uncaught |Unhandled ?(?:rejection|exception)?:? )?(?:[\w$]+\.)*[\w$]*(?:Error|Exception|Throwable)(?:\s*\[[^\]]*\])?(?::|$)/;

/** The line's level, if it says one. `stripped` is the line without its timestamp. */
function readLevel(rest: string, stripped: string): LogLevel | undefined {
  const redis = REDIS_LINE.exec(rest);
  if (redis) return REDIS_LEVELS[redis[8] ?? ''];
  const p = PREFIX_LEVEL.exec(rest);
  if (p) return LEVEL_WORDS[(p[1] ?? '').toLowerCase()];
  // The leftmost level-looking token wins: "04:55:44 - INFO - [DEBUG] Flash crash…" is INFO.
  const window = (stripped || rest).slice(0, 160);
  let best: { at: number; word: string } | undefined;
  for (const re of [BRACKET_LEVEL, TOKEN_LEVEL, LOGFMT_LEVEL]) {
    const m = re.exec(window);
    if (m && (best === undefined || m.index < best.at)) best = { at: m.index, word: m[1] ?? '' };
  }
  return best === undefined ? undefined : LEVEL_WORDS[best.word.toLowerCase()];
}

interface JsonLine {
  level?: LogLevel;
  message?: string;
  time?: string;
}

/** JSON-lines loggers (pino, zap, structlog JSON, bunyan): level/msg/time fields. */
function readJsonLine(rest: string): JsonLine | undefined {
  const t = rest.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  const out: JsonLine = {};
  const lv = r['level'] ?? r['lvl'] ?? r['severity'] ?? r['levelname'] ?? r['log.level'];
  const mt = r['t'];
  const mongo =
    typeof mt === 'object' && mt !== null && typeof (mt as Record<string, unknown>)['$date'] === 'string'
      ? ((mt as Record<string, unknown>)['$date'] as string)
      : undefined;
  if (lv === undefined && mongo !== undefined && typeof r['s'] === 'string') {
    const level = ({ F: 'critical', E: 'error', W: 'warning', I: 'info', D: 'debug' } as Record<string, LogLevel>)[
      r['s'].charAt(0)
    ];
    if (level) out.level = level;
  } else if (typeof lv === 'string') {
    const level = LEVEL_WORDS[lv.toLowerCase()];
    if (level) out.level = level;
  } else if (typeof lv === 'number') {
    const level = PINO_LEVELS[lv];
    if (level) out.level = level;
  }
  const msg = r['msg'] ?? r['message'] ?? r['event'];
  if (typeof msg === 'string') out.message = msg;
  const time = r['time'] ?? r['timestamp'] ?? r['ts'] ?? r['@timestamp'] ?? mongo;
  if (typeof time === 'string' && ISO_TS.test(time)) out.time = readTimestamp(time)?.value ?? time;
  else if (typeof time === 'number' && Number.isFinite(time)) {
    const ms = time > 1e12 ? time : time * 1000;
    const d = new Date(ms);
    if (!Number.isNaN(d.getTime())) out.time = d.toISOString();
  }
  return out;
}

// `"METHOD /path HTTP/1.1" 404`: uvicorn, gunicorn, nginx/apache combined, werkzeug.
const HTTP_REQUEST = /"([A-Z]{3,7}) (\S+) HTTP\/[\d.]+" (\d{3})\b/;
// Outgoing client requests logged by urllib3 ("https://host:443 "GET /x HTTP/1.1" 200 None") are
// not traffic this container served, so they are not access-log lines.
const OUTBOUND_REQUEST = /https?:\/\/\S+ "[A-Z]{3,7} /;
const UVICORN_CLIENT = /(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|[0-9a-fA-F:]*:[0-9a-fA-F:]+):\d+ - "/;
const LEADING_IP = /^(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+) /;

// Normalisation for repeated-message templates; one pass, the matched alternative decides. The groups
// are numbered, not named: a replacer without a groups object runs about twice as fast, once per event.
const TEMPLATE_TOKENS = new RegExp(
  // Every alternative starts here (only HTTP and numbers start inside a word): one cheap test before six.
  '(?=[-+$0-9H]|\\b[A-Za-f])(?:' +
    [
      // 1: kept as is (HTTP statuses)
      '(HTTP/[\\d.]+" \\d{3}|HTTP \\d{3}|\\b[1-5]\\d\\d (?:OK|Not Found|Bad ' +
        'Request|Unauthorized|Forbidden|Internal Server Error|Service Unavailable|Bad Gateway|Gateway ' +
        'Timeout|Created|No Content)\\b)',
      // 2: uuid
      '(\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b)',
      // 3: ip
      '(\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?\\b)',
      // 4: hex
      '(\\b0x[0-9a-fA-F]+\\b|\\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\\d)[0-9a-f]{8,}\\b)',
      // 5: trading symbol
      '(\\b[A-Z0-9]{2,15}(?:USDT|USDC|BUSD|FDUSD|TUSD)\\b|\\b[A-Z]{2,10}[-/](?:USDT?|EUR|BTC|ETH)\\b)',
      // otherwise: number
      '[-+]?\\$?\\d+(?:[.,:]\\d+)*%?',
    ].join('|') +
    ')',
  'g',
);

/** Whitespace other than single spaces; without any, collapsing runs of \s to ' ' changes nothing. */
const UNUSUAL_SPACE = /\s\s|[^\S ]/;

/** Turn a message into a template: ids, addresses, symbols and numbers become placeholders. */
export function toTemplate(message: string): string {
  // An exec loop: String.replace with a callback costs a call and a capture list per token.
  const re = TEMPLATE_TOKENS;
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = re.exec(message); m !== null; m = re.exec(message)) {
    const token =
      m[1] !== undefined
        ? m[0]
        : m[2] !== undefined
          ? '<uuid>'
          : m[3] !== undefined
            ? '<ip>'
            : m[4] !== undefined
              ? '<hex>'
              : m[5] !== undefined
                ? '<sym>'
                : '<n>';
    out += message.slice(last, m.index) + token;
    last = re.lastIndex;
  }
  const t = last === 0 ? message : out + message.slice(last);
  return (UNUSUAL_SPACE.test(t) ? t.replace(/\s+/g, ' ') : t).trim();
}

const PY_TRACEBACK = /^Traceback \(most recent call last\):\s*$/;
const PY_CHAIN =
  // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
  /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
const NODE_FRAME = /^\s+at (?:.+ \()?.+?:\d+:\d+\)?\s*$|^\s+at .+\((?:native|<anonymous>)\)\s*$/;
const JAVA_FRAME = /^\s+at [\w$.<>/]+\([^)]*\)(?: ~?\[[^\]\n]*\])?\s*$/;
const JAVA_MORE = /^\s*(?:\.\.\. \d+ (?:more|common frames omitted)|Caused by: .*|Suppressed: .*)$/;
const GO_PANIC = /^(?:panic: |goroutine \d+ \[)/;
/**
 * A line of a Go panic's trace: indented, `[signal …]`, `created by …`, a goroutine header, or a package-qualified
 * call (`main.main()`, `net/http.(*conn).serve(0xc0…)`: a dot before the first parenthesis, ending in one).
 */
const GO_TRACE = /^(?:[\t ]|\[signal |created by |goroutine \d+ \[)|^[\w/[\].-]*\.[\w/[\].-]*\(.*\)$/;

// ---------------------------------------------------------------------------------------------
// Summarizer

interface OpenEvent {
  start: number;
  end: number;
  level: LogLevel;
  message: string;
  /** Minute bucket of the event's time ('2025-12-24T04:55' or clock-only '04:55'). */
  bucket: string | undefined;
}

interface OpenStack {
  language: StackTrace['language'];
  headline: string;
  start: number;
  end: number;
  /**
   * py: inside frames; py-exc: after the exception line; py-chain: after "During handling…"; frames: java/node/go;
   * crash: a Rust, .NET, Ruby, PHP or Elixir crash (crash-lines.ts).
   */
  phase: 'py' | 'py-exc' | 'py-chain' | 'frames' | 'crash';
}

interface TemplateStat {
  level: LogLevel;
  template: string;
  count: number;
  example: string;
  line: number;
}

interface HttpStat {
  method: string;
  path: string;
  status: number;
  count: number;
  clients: Set<string>;
  line: number;
}

class Summarizer implements LogSummarizer {
  readonly issues: ParseIssue[] = [];
  private readonly ctx: ParseContext;
  private readonly container: string;
  private lineNo = 0;
  private events = 0;
  private event: OpenEvent | undefined;
  private stack: OpenStack | undefined;
  private prevText = '';
  private prevLine = 0;
  private servicePrefixed: boolean | undefined;
  private loggerRecord = false;
  private firstAt: string | undefined;
  private lastAt: string | undefined;
  private lastBucket: string | undefined;
  private readonly styles = new Set<TsStyle>();
  private readonly levels = new Map<string, number>();
  private readonly timeline = new Map<string, number>();
  private readonly httpStatus = new Map<string, number>();
  private readonly http = new Map<string, HttpStat>();
  private readonly templates = new Map<string, TemplateStat>();
  private readonly stacks: StackTrace[] = [];
  private readonly errors: LogSummary['errors'] = [];
  /** The last event closed, and the last error-level one: kept as they are, copied once in `finish()`. */
  private lastEvent: OpenEvent | undefined;
  private lastError: OpenEvent | undefined;
  private readonly limitsHit = new Set<string>();

  constructor(ctx: ParseContext, container: string) {
    this.ctx = ctx;
    this.container = container;
  }

  add(rawLine: string): void {
    this.lineNo++;
    const n = this.lineNo;
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.length > LIMITS.lineChars) line = line.slice(0, LIMITS.lineChars);
    const prefix = DOCKER_TS.exec(line);
    let rest = prefix ? line.slice(prefix[0].length) : line;
    if (this.servicePrefixed !== false) {
      const m = /^[A-Za-z0-9][\w.@-]{0,120}? *\|(?: |$)/.exec(rest);
      if (this.servicePrefixed === undefined && rest.trim() !== '')
        this.servicePrefixed = m !== null && LEVEL_WORDS[m[0].replace(/[\s|]+$/, '').toLowerCase()] === undefined;
      if (this.servicePrefixed === true && m) rest = rest.slice(m[0].length);
    }
    // Blank lines start nothing; an open Python trace keeps waiting for a chained exception.
    if (rest.trim() === '') return;
    if (prefix) this.noteTime(prefix[1] ?? '', 'docker');
    if (this.continueStack(rest, n)) return;

    const json = readJsonLine(rest);
    const stamp = json ? undefined : readTimestamp(rest);
    const stripped = stamp ? rest.slice(stamp.length).trim() : rest.trim();
    const record = json ?? (stamp !== undefined && stripped.startsWith('{') ? readJsonLine(stripped) : undefined);
    const level = record?.level ?? readLevel(rest, stripped);
    // A crash headline is an error whatever level words its message holds (`** (Mix) …: FATAL …`).
    const crash = isCrashHeadline(stripped);

    if (PY_TRACEBACK.test(rest)) {
      // logging.exception() prints the message, then the traceback: one record.
      if (this.event === undefined) this.openEvent(n, 'error', rest.trim(), this.lastBucket);
      else if (this.event.level === 'unknown') this.event.level = 'error';
      this.stack = { language: 'python', headline: '', start: n, end: n, phase: 'py' };
      this.extendEvent(n);
      return;
    }
    if (this.event !== undefined && (NODE_FRAME.test(rest) || JAVA_FRAME.test(rest))) {
      // First frame: the line just before is the headline ("TypeError: …", "Exception in thread …").
      const language: StackTrace['language'] =
        JAVA_FRAME.test(rest) && !/\.(?:m?js|cjs|ts):\d+/.test(rest) ? 'java' : 'node';
      const fromPrev = this.prevLine === n - 1 && this.prevLine >= this.event.start;
      this.stack = {
        language,
        headline: fromPrev ? this.prevText.trim() : '',
        start: fromPrev ? this.prevLine : n,
        end: n,
        phase: 'frames',
      };
      if (this.event.level === 'unknown') this.event.level = 'error';
      this.extendEvent(n);
      this.remember(rest, n);
      return;
    }
    if (
      this.event !== undefined &&
      !/^\s/.test(rest) &&
      stamp === undefined &&
      (level === undefined || crash) &&
      json === undefined &&
      this.prevLine === n - 1 &&
      this.loggerRecord &&
      ['warning', 'error', 'critical'].includes(this.event.level) &&
      (EXCEPTION_HEADLINE.test(stripped) || crash)
    ) {
      if (crash) this.stack = { language: 'unknown', headline: stripped, start: n, end: n, phase: 'crash' };
      this.extendEvent(n);
      this.remember(rest, n);
      return;
    }
    if (
      this.event !== undefined &&
      stamp === undefined &&
      level === undefined &&
      json === undefined &&
      /^\s/.test(rest)
    ) {
      // Indented text without its own timestamp or level continues the previous record.
      this.extendEvent(n);
      this.remember(rest, n);
      return;
    }

    // A new event. With a docker -t prefix, that stamp is the line's time; else the app's own.
    let bucket = prefix ? this.lastBucket : undefined;
    if (!prefix) {
      if (stamp !== undefined) bucket = this.noteTime(stamp.value, stamp.style);
      else if (json?.time !== undefined) bucket = this.noteTime(json.time, 'iso');
    }
    // Lines without a stamp (uvicorn access lines) fall in the minute of the last stamped line.
    bucket ??= this.lastBucket;
    const message = record?.message ?? stripped.replace(/^[-:|>\s]+/, '');
    const http = record ? undefined : this.readHttp(rest, n);
    let lv: LogLevel = crash ? 'error' : (level ?? 'unknown');
    if (level === undefined && !crash) {
      if (http !== undefined) lv = http >= 500 ? 'error' : http >= 400 ? 'warning' : 'info';
      else if (EXCEPTION_HEADLINE.test(stripped) || GO_PANIC.test(stripped)) lv = 'error';
    }
    this.openEvent(n, lv, message, bucket);
    this.loggerRecord = stamp !== undefined && level !== undefined && record === undefined;
    if (/^panic: /.test(stripped))
      this.stack = { language: 'go', headline: stripped, start: n, end: n, phase: 'frames' };
    else if (crash) this.stack = { language: 'unknown', headline: stripped, start: n, end: n, phase: 'crash' };
    this.remember(rest, n);
  }

  finish(): LogSummary {
    this.closeStack();
    this.closeEvent();
    const total = refAt(this.ctx, 1, Math.max(1, this.lineNo));
    const summary: LogSummary = {
      container: this.container,
      file: this.ctx.file,
      lines: this.lineNo,
      events: this.events,
      timestampStyle:
        this.styles.size === 0 ? 'none' : this.styles.size === 1 ? ([...this.styles][0] ?? 'none') : 'mixed',
      levels: Object.fromEntries(this.levels),
      timeline: [...this.timeline.entries()]
        .map(([k, count]): [string, string, number] => {
          const [bucket = '', level = ''] = k.split('\u0000');
          return [bucket, level, count];
        })
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)),
      httpStatus: Object.fromEntries([...this.httpStatus.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
      httpRequests: [...this.http.values()]
        .sort((a, b) => b.count - a.count || a.line - b.line)
        .map((h): HttpRequestCount => ({
          method: h.method,
          path: h.path,
          status: h.status,
          count: h.count,
          clients: [...h.clients].sort(),
          evidence: refAt(this.ctx, h.line),
        })),
      repeated: [...this.templates.values()]
        .filter((t) => t.count >= LIMITS.repeatedMin)
        .sort((a, b) => b.count - a.count || a.line - b.line)
        .slice(0, LIMITS.repeated)
        .map((t): RepeatedMessage => ({
          template: t.template,
          level: t.level,
          count: t.count,
          example: t.example,
          evidence: refAt(this.ctx, t.line),
        })),
      stackTraces: this.stacks,
      errors: this.errors,
      evidence: total,
    };
    if (this.firstAt !== undefined) summary.firstAt = this.firstAt;
    if (this.lastAt !== undefined) summary.lastAt = this.lastAt;
    if (this.lastEvent !== undefined) summary.lastEvent = this.logged(this.lastEvent);
    if (this.lastError !== undefined) summary.lastError = this.logged(this.lastError);
    return summary;
  }

  private logged(e: OpenEvent): LoggedEvent {
    return { level: e.level, message: e.message, evidence: refAt(this.ctx, e.start, e.end) };
  }

  private remember(text: string, n: number): void {
    this.prevText = text;
    this.prevLine = n;
  }

  /** Feed a line to an open stack trace; true when the line belonged to it. */
  private continueStack(rest: string, n: number): boolean {
    const s = this.stack;
    if (s === undefined) return false;
    if (s.phase === 'py') {
      if (/^\s/.test(rest) || PY_TRACEBACK.test(rest)) {
        s.end = n;
        this.extendEvent(n);
        return true;
      }
      if (readTimestamp(rest) !== undefined || PREFIX_LEVEL.test(rest)) {
        // A new record interrupted the traceback before its exception line.
        s.headline = s.headline || 'Traceback (incomplete)';
        this.closeStack();
        return false;
      }
      s.headline = rest.trim();
      s.end = n;
      s.phase = 'py-exc';
      this.extendEvent(n);
      return true;
    }
    if (s.phase === 'py-exc' || s.phase === 'py-chain') {
      if (PY_CHAIN.test(rest)) {
        s.phase = 'py-chain';
        s.end = n;
        this.extendEvent(n);
        return true;
      }
      if (s.phase === 'py-chain' && PY_TRACEBACK.test(rest)) {
        s.phase = 'py';
        s.end = n;
        this.extendEvent(n);
        return true;
      }
      this.closeStack();
      return false;
    }
    // Java / Node / Go frames, or what continues another runtime's crash.
    const continues =
      s.phase === 'crash'
        ? continuesCrash(rest, s.end === s.start && messageOnNextLine(s.headline))
        : NODE_FRAME.test(rest) ||
          JAVA_FRAME.test(rest) ||
          JAVA_MORE.test(rest) ||
          (s.language === 'go' && GO_TRACE.test(rest));
    if (continues) {
      s.end = n;
      this.extendEvent(n);
      this.remember(rest, n);
      return true;
    }
    this.closeStack();
    return false;
  }

  private closeStack(): void {
    const s = this.stack;
    if (s === undefined) return;
    this.stack = undefined;
    if (s.phase === 'crash' && s.end === s.start) return;
    if (this.stacks.length >= LIMITS.stackTraces) {
      this.limit('stackTraces', `more than ${LIMITS.stackTraces} stack traces; kept the first ${LIMITS.stackTraces}`);
      return;
    }
    const headline = (s.headline || 'stack trace')
      .replace(/^Exception in thread "[^"]*" /, '')
      .slice(0, LIMITS.message);
    this.stacks.push({ language: s.language, headline, evidence: refAt(this.ctx, s.start, s.end) });
  }

  private openEvent(n: number, level: LogLevel, message: string, bucket: string | undefined): void {
    this.closeEvent();
    this.event = { start: n, end: n, level, message: message.slice(0, LIMITS.message), bucket };
  }

  private extendEvent(n: number): void {
    if (this.event) this.event.end = n;
  }

  private closeEvent(): void {
    const e = this.event;
    if (e === undefined) return;
    this.event = undefined;
    this.events++;
    this.levels.set(e.level, (this.levels.get(e.level) ?? 0) + 1);
    const bucket = e.bucket;
    if (bucket !== undefined) {
      const key = `${bucket}\u0000${e.level}`;
      const count = this.timeline.get(key);
      if (count !== undefined) this.timeline.set(key, count + 1);
      else if (this.timeline.size < LIMITS.timeline) this.timeline.set(key, 1);
      else this.limit('timeline', `timeline has more than ${LIMITS.timeline} minute/level buckets; later ones dropped`);
    }
    this.lastEvent = e;
    if (e.level === 'error' || e.level === 'critical') {
      this.lastError = e;
      if (this.errors.length < LIMITS.errors)
        this.errors.push({ message: e.message, evidence: refAt(this.ctx, e.start, e.end) });
    }
    this.countTemplate(e);
  }

  private countTemplate(e: OpenEvent): void {
    const template = toTemplate(e.message);
    if (template === '') return;
    const key = `${e.level}\u0000${template}`;
    const t = this.templates.get(key);
    if (t) {
      t.count++;
      return;
    }
    if (this.templates.size >= LIMITS.templates) this.pruneTemplates();
    this.templates.set(key, { level: e.level, template, count: 1, example: e.message, line: e.start });
  }

  /**
   * Lossy counting: when the table is full, drop the rarest templates so a message that starts
   * repeating late (after thousands of one-off lines) is still counted. Survivors keep exact counts.
   */
  private pruneTemplates(): void {
    this.limit(
      'templates',
      `more than ${LIMITS.templates} distinct message templates; rare ones were ` +
        'dropped, so templates first seen late may be undercounted',
    );
    for (let floor = 2; this.templates.size >= LIMITS.templates * 0.9; floor *= 2) {
      for (const [key, t] of this.templates) if (t.count < floor) this.templates.delete(key);
    }
  }

  /** Track first/last time and style; returns the minute bucket of `value`. */
  private noteTime(value: string, style: TsStyle): string {
    this.styles.add(style);
    // Compared before the shape test: on a time-ordered log neither bound moves on most lines.
    if (this.firstAt === undefined || (value < this.firstAt && sameShape(value, this.firstAt))) this.firstAt = value;
    if (this.lastAt === undefined || (value > this.lastAt && sameShape(value, this.lastAt))) this.lastAt = value;
    const bucket = style === 'clock' ? value.slice(0, 5) : value.slice(0, 16);
    this.lastBucket = bucket;
    return bucket;
  }

  /** Record an access-log line; returns its status, or undefined if the line is not one. */
  private readHttp(rest: string, n: number): number | undefined {
    const m = HTTP_REQUEST.exec(rest);
    if (!m || OUTBOUND_REQUEST.test(rest)) return undefined;
    const method = m[1] ?? '';
    const path = (m[2] ?? '').split('?')[0] ?? '';
    const status = Number(m[3]);
    this.httpStatus.set(String(status), (this.httpStatus.get(String(status)) ?? 0) + 1);
    const key = `${method} ${path} ${status}`;
    let stat = this.http.get(key);
    if (stat === undefined) {
      if (this.http.size >= LIMITS.httpGroups) {
        this.limit(
          'http',
          `more than ${LIMITS.httpGroups} distinct method/path/status groups; later ones only count in httpStatus`,
        );
        return status;
      }
      stat = { method, path, status, count: 0, clients: new Set(), line: n };
      this.http.set(key, stat);
    }
    stat.count++;
    const client = UVICORN_CLIENT.exec(rest)?.[1] ?? LEADING_IP.exec(rest)?.[1];
    if (client !== undefined && stat.clients.size < LIMITS.clients) stat.clients.add(client.replace(/^\[|\]$/g, ''));
    return status;
  }

  private limit(key: string, message: string): void {
    if (this.limitsHit.has(key)) return;
    this.limitsHit.add(key);
    this.issues.push({ kind: 'limit-exceeded', message });
  }
}

/** Only compare timestamps of the same shape (full date vs clock-only do not order). */
function sameShape(a: string, b: string): boolean {
  return a.includes('-') === b.includes('-');
}

/** Call `fn` for each line of `text` without materialising an array of lines. */
function forEachLine(text: string, fn: (line: string) => void): void {
  let pos = 0;
  const len = text.length;
  while (pos < len) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) {
      fn(text.slice(pos));
      return;
    }
    fn(text.slice(pos, nl));
    pos = nl + 1;
  }
}
