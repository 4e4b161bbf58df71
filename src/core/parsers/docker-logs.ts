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
import { LogSummary } from '../model/logs.ts';
import type { HttpRequestCount, LoggedEvent, LogLevel, RepeatedMessage, StackTrace } from '../model/logs.ts';
import { defineParser, parseByLines, refAt } from './parser.ts';
import type { LineReader, ParseContext, ParseIssue, ParseResult } from './parser.ts';
import { severalSections } from './sections.ts';
import { copyString, isSpace } from '../text/chars.ts';
import { startsWithOneOf } from '../text/one-of.ts';
import { DAEMON_UNREACHABLE, NO_DOCKER_CLI } from './docker-cli.ts';
import { continuesCrash, isCrashHeadline, messageOnNextLine } from './crash-lines.ts';
import { compareText } from '../text/compare.ts';

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
  templateKeys: 20_000,
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
  fileNames: /(^|[_.-])logs?([_.-]|$)/i,
  // Under a log's file name, text no parser claims is that container's output (see the detector's 0 cases).
  namedFallback: true,
  detect(text, _name, named): number {
    // A log may print a bare `---` itself, so a multi-section file stays one log unless some section has no
    // log-looking line at all (another command's output glued on by a capture script).
    // Only `---` counts here: a log may quote shell prompts (`$ redis-cli …`), and splitting one at them
    // would hand its lines to other parsers.
    const several = /^---\r?$/m.test(text) ? severalSections(text) : undefined;
    if (several?.some((part) => dockerLogsParser.detect(part, '') === 0)) return 0;
    const hint = named ? 0.2 : 0;
    let seen = 0;
    let loggy = 0;
    let docker = 0;
    let prefixed = 0;
    let inTrace = false;
    let inGo = false;
    let inCrash = false;
    let crashMessageNext = false;
    forEachLine(text.slice(0, 16_384), (raw) => {
      if (seen >= 50 || raw.trim() === '') return;
      seen++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const prefix = DOCKER_TS.exec(line) ?? DOCKER_TS_LOOSE.exec(line);
      if (prefix) docker++;
      let rest = prefix ? line.slice(prefix[0].length) : line;
      const service = SERVICE_PREFIX.exec(rest);
      if (service) {
        prefixed++;
        rest = rest.slice(service[0].length);
      }
      // A Go panic's trace: its signal line, goroutine headers, calls and their file lines follow `panic:`.
      const go = (inGo && continuesGoTrace(rest)) || GO_PANIC.test(rest);
      // A crash of another runtime (crash-lines.ts): its headline, then its frames and notes.
      const headline = isCrashHeadline(rest);
      const crash = headline || (inCrash && continuesCrash(rest, crashMessageNext));
      crashMessageNext = headline && messageOnNextLine(rest);
      if (readTimestamp(rest) !== undefined || readLevel(rest, '') !== undefined || HTTP_REQUEST.test(rest)) loggy++;
      else if (looksLikeLogLine(rest) || (inTrace && /^\s{4,}\S/.test(rest)) || go || crash) loggy++;
      // A Python frame line is followed by the source line it names, indented.
      inTrace = /^\s+File "[^"]+", line \d+/.test(rest) || (inTrace && /^\s{4,}\S/.test(rest));
      inGo = go;
      inCrash = crash;
    });
    if (seen === 0) return 0;
    if (text.includes('\0')) return 0;
    let score = 0;
    // `docker compose logs` / `docker service logs` put "name  | " before every line.
    if (docker / seen >= 0.8 || prefixed / seen >= 0.8) score = 0.7;
    else if (loggy / seen >= 0.8) score = 0.6;
    else if (loggy / seen >= 0.5) score = 0.45;
    else if (loggy / seen >= 0.2) score = 0.25;
    return Math.min(1, score + hint);
  },
  schema: DockerLogsValue,
  parse(text, ctx) {
    return parseDockerLogs(text, ctx);
  },
  read: (ctx) => readDockerLogs(ctx),
});

/** Summarise a docker logs capture; the container name comes from the file name. */
export function parseDockerLogs(
  text: string,
  ctx: ParseContext,
  container = containerFromFileName(ctx.file),
): ParseResult<LogSummary> {
  return parseByLines((c) => readDockerLogs(c, container), text, ctx);
}

/** Characters of the capture's head that decide whether it is a docker CLI error instead of a log. */
const HEAD_CHARS = 300;

/**
 * Read one container's log line by line: the summary, plus the checks that find it is no log at
 * all (empty, NUL bytes, a one-line docker CLI error). The parser's `parse` is this reader fed
 * every line, so a log streamed from a huge file and one held in memory give the same value.
 */
export function readDockerLogs(ctx: ParseContext, container = containerFromFileName(ctx.file)): LineReader<LogSummary> {
  const summarizer = createLogSummarizer(ctx, container);
  /** The first line with content, without its leading blanks (the head starts there). */
  let first: string | undefined;
  /** Whether the head holds a second line with content. */
  let second: boolean | undefined;
  let nul = false;
  return {
    add(line) {
      if (!nul && line.includes('\0')) nul = true;
      if (first === undefined) {
        if (line.trim() !== '') first = line.trimStart();
      } else if (second === undefined) {
        second = line.slice(0, Math.max(0, HEAD_CHARS - first.length - 1)).trim() !== '';
      }
      summarizer.add(line);
    },
    finish() {
      if (first === undefined)
        return {
          ok: false,
          issues: [
            {
              kind: 'empty-capture',
              message: 'log capture is empty (the container printed nothing, or the capture failed)',
            },
          ],
        };
      if (nul) return { ok: false, issues: [{ kind: 'binary', message: 'log capture contains NUL bytes: not text' }] };
      const only = first.slice(0, HEAD_CHARS).trim();
      if ((first.length >= HEAD_CHARS || second !== true) && DOCKER_CLI_ERROR.test(only)) {
        return {
          ok: false,
          issues: [{ kind: 'error-output', message: `docker logs failed: ${only}`, line: ctx.firstLine }],
        };
      }
      return { ok: true, value: summarizer.finish(), issues: summarizer.issues };
    },
  };
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
export const DOCKER_CLI_ERROR = startsWithOneOf(
  ['Error response from daemon: ', 'Error: No such container', ...DAEMON_UNREACHABLE, NO_DOCKER_CLI],
  '',
  'i',
);
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
  // PostgreSQL's ordinary server messages ("LOG:  database system is ready…").
  log: 'info',
};
/**
 * The level a word names, if any. Own keys only: `level=constructor` or `"level":"__proto__"` in a
 * hostile log must not read Object.prototype (they made a function or an object a level).
 */
function levelOf(word: string): LogLevel | undefined {
  const key = word.toLowerCase();
  return Object.hasOwn(LEVEL_WORDS, key) ? LEVEL_WORDS[key] : undefined;
}

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
const EXCEPTION_HEADLINE = new RegExp(
  // What a runtime prints before the class name (Java's thread, Node's uncaught or unhandled), if anything,
  String.raw`^(?:Exception in thread "[^"]*" |Uncaught |Unhandled ?(?:rejection|exception)?:? )?` +
    // then a dotted class name ending in Error, Exception or Throwable, with an optional [tag], then ':' or the end.
    String.raw`(?:[\w$]+\.)*[\w$]*(?:Error|Exception|Throwable)(?:\s*\[[^\]]*\])?(?::|$)`,
);

/** MongoDB's severity letters (its log messages documentation): Fatal, Error, Warning, Info, Debug 1–5. */
const MONGO_SEVERITY: Record<string, LogLevel> = { F: 'critical', E: 'error', W: 'warning', I: 'info', D: 'debug' };

/** MongoDB's `"t":{"$date":"…"}`, when the record has one. */
function mongoDate(t: unknown): string | undefined {
  if (typeof t !== 'object' || t === null) return undefined;
  const d = (t as Record<string, unknown>)['$date'];
  return typeof d === 'string' ? d : undefined;
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
  const mongo = mongoDate(r['t']);
  if (lv === undefined && mongo !== undefined && typeof r['s'] === 'string') {
    // MongoDB 4.4+ structured log: "s" is the severity letter (F E W I, D1–D5).
    const level = MONGO_SEVERITY[r['s'].charAt(0)];
    if (level) out.level = level;
  } else if (typeof lv === 'string') {
    const level = levelOf(lv);
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

// ---------------------------------------------------------------------------------------------
// Detection-only line shapes: what container output looks like when it has neither a timestamp nor a
// level at the start of the line. Each is a shape a runtime or image prints, never a capture's name.

/** `docker logs -t` when the app's line starts with a space or tab: the prefix is followed by more blanks. */
const DOCKER_TS_LOOSE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z(?=[ \t]|$)[ \t]*/;
/**
 * `docker compose logs` / `docker-compose up` / `docker service logs`: the service, container or task name
 * padded to a common width, then `| ` (or a bare `|` for an empty line). Names are DNS-ish words.
 */
const SERVICE_PREFIX = /^[A-Za-z0-9][\w.@-]{0,120}? *\|(?: |$)/;
const LOG_SHAPES: readonly RegExp[] = [
  // Stack traces: Python, Java/Kotlin, Node; "~~~^^^" markers of Python 3.11+.
  /^Traceback \(most recent call last\):$/,
  /^\s+File "[^"]+", line \d+/,
  /^\s+at [\w$.<>/\-[\]]+[(:]/,
  /^\s*\.\.\. \d+ (?:more|common frames omitted)$/,
  /^Caused by: /,
  /^(?:[\w$]+\.)*[\w$]*(?:Error|Exception|Warning|Interrupt|Exit)(?::|$)/,
  // Official-image entrypoints (nginx, postgres, mysql, redis): "/docker-entrypoint.sh: …", "10-x.sh: info: …".
  /^\/?(?:usr\/local\/bin\/)?docker-entrypoint\.sh: /,
  /^\d{2}-[\w.-]+\.(?:sh|envsh): /,
  // PostgreSQL without log_line_prefix: "LOG:  …", "HINT:  …".
  /^(?:LOG|HINT|DETAIL|STATEMENT|FATAL|PANIC|ERROR|WARNING|NOTICE|INFO|DEBUG\d?):  \S/,
  /^(?:waiting for server to st|server st(?:arted|opped)$| done$|PostgreSQL init process complete)/,
  // uWSGI banner and startup report.
  /^\*\*\* .+ \*\*\*$/,
  /^!!! .+ !!!$/,
  /^\[uWSGI\] /,
  new RegExp(
    `^(?:${[
      'compiled with version: ',
      'detected binary path: ',
      'detected number of CPU cores: ',
      'current working directory: ',
      'your (?:memory page size|processes number limit|server socket listen backlog|mercy for graceful) ',
      'detected max file descriptor number: ',
      'lock engine: ',
      'thunder lock: ',
      'uwsgi socket \\d+ bound ',
      'uWSGI (?:http bound|running as|is running|worker \\d+)',
      'spawned uWSGI ',
      'Python (?:version|main interpreter)',
      'python threads support ',
      'writing pidfile to ',
      'clock source: ',
      'pcre jit ',
      'nodename: ',
      'machine: ',
      'os: Linux-',
      'chdir\\(\\) to ',
      'mapped \\d+ bytes',
      'The -s/--socket option is missing',
    ].join('|')})`,
  ),
  // Redis's ASCII-art startup banner: the line opens with art characters (quantified so the match stays linear).
  /^ *[`'._\-|\\/()*,][ `'._\-|\\/()*,]{7}/,
];

/** A container output line with no timestamp or level in front: trace, banner, JSON logger, entrypoint. */
function looksLikeLogLine(rest: string): boolean {
  if (LOG_SHAPES.some((re) => re.test(rest))) return true;
  // Python 3.11+ marks the failing expression under a frame's source line: "    ~~~~~~~~^^^^^".
  const marks = rest.trim();
  if (/^\s/.test(rest) && marks.includes('^') && /^[~^]+$/.test(marks)) return true;
  const json = readJsonLine(rest);
  if (json && (json.level !== undefined || json.message !== undefined || json.time !== undefined)) return true;
  // MongoDB 4.4+ structured log: {"t":{"$date":…},"s":"I","c":"NETWORK",…}.
  return /^\{"t":\{"\$date":/.test(rest.trim());
}

// `"METHOD /path HTTP/1.1" 404`: uvicorn, gunicorn, nginx/apache combined, werkzeug.
const HTTP_REQUEST = /"([A-Z]{3,7}) (\S+) HTTP\/[\d.]+" (\d{3})\b/;
// Outgoing client requests logged by urllib3 ("https://host:443 "GET /x HTTP/1.1" 200 None") are
// not traffic this container served, so they are not access-log lines.
const OUTBOUND_REQUEST = /https?:\/\/\S+ "[A-Z]{3,7} /;
const UVICORN_CLIENT = /(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|[0-9a-fA-F:]*:[0-9a-fA-F:]+):\d+ - "/;
const LEADING_IP = /^(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+) /;

/** HTTP statuses a template keeps as they are. */
const KEPT_STATUS =
  'HTTP/[\\d.]+" \\d{3}|HTTP \\d{3}|' +
  '\\b[1-5]\\d\\d (?:OK|Not Found|Bad Request|Unauthorized|Forbidden|Internal Server Error|Service Unavailable|' +
  'Bad Gateway|Gateway Timeout|Created|No Content)\\b';

// Normalisation for repeated-message templates; one pass, the matched alternative decides. The groups
// are numbered, not named: a replacer without a groups object runs about twice as fast, once per event.
const TEMPLATE_TOKENS = new RegExp(
  // Every alternative starts here (only HTTP and numbers start inside a word): one cheap test before six.
  '(?=[-+$0-9H]|\\b[A-Za-f])(?:' +
    [
      // 1: kept as is (HTTP statuses)
      `(${KEPT_STATUS})`,
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
const PY_CHAIN = startsWithOneOf(
  [
    'During handling of the above exception, another exception occurred:',
    'The above exception was the direct cause of the following exception:',
  ],
  '\\s*$',
);
const NODE_FRAME = /^\s+at (?:.+ \()?.+?:\d+:\d+\)?\s*$|^\s+at .+\((?:native|<anonymous>)\)\s*$/;
/** A Java frame; logback may append its packaging data, "~[spring-beans-5.0.4.RELEASE.jar:5.0.4.RELEASE]". */
const JAVA_FRAME = /^\s+at [\w$.<>/]+\([^)]*\)(?: ~?\[[^\]\n]*\])?\s*$/;
const JAVA_MORE = /^\s*(?:\.\.\. \d+ (?:more|common frames omitted)|Caused by: .*|Suppressed: .*)$/;
const GO_PANIC = /^(?:panic: |goroutine \d+ \[)/;
const GOROUTINE = /^goroutine \d+ \[/;

/**
 * Whether a line continues a Go panic's trace (runtime/traceback.go prints them): `[signal SIGSEGV: …]` (or
 * `[signal 0xb …]` before Go 1.5), a `goroutine N [state]:` header, a call (`pkg.(*T).Method(0xc…, …)`,
 * `main.main()`), its indented `file.go:line +0x…`, `created by pkg.fn`; another `panic:` is another panic.
 * Read by hand: a call is a package-qualified name up to its first `(`, and the line ends with `)`.
 */
function continuesGoTrace(rest: string): boolean {
  const c0 = rest.charCodeAt(0);
  if (c0 === 9 || c0 === 32) return true;
  if (rest.startsWith('[signal ') || rest.startsWith('created by ') || GOROUTINE.test(rest)) return true;
  const open = rest.indexOf('(');
  if (open <= 0 || rest.charCodeAt(rest.length - 1) !== 41) return false;
  let dot = false;
  for (let i = 0; i < open; i++) {
    const c = rest.charCodeAt(i);
    if (c === 46) dot = true;
    else if (!isWord(c) && c !== 47 && c !== 45 && c !== 91 && c !== 93) return false;
  }
  return dot;
}

// ---------------------------------------------------------------------------------------------
// Hand-written scanner. Each function below answers exactly what the regex named in its comment
// would answer (the regexes stay as the definition, and run where a line needs them); it only
// looks at the few characters that decide, so a typical line costs a handful of char-code tests.

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `\w` without the u flag. */
function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** `s.trim() === ''`, without building the trimmed string. */
function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

/** `count` digits at `at`. */
function digitsAt(s: string, at: number, count: number): boolean {
  if (at + count > s.length) return false;
  for (let i = at; i < at + count; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** DOCKER_TS: the length of the docker -t prefix (31: 30 characters and a space), or 0. */
function dockerPrefixLength(s: string): number {
  if (
    s.length < 31 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(19) !== 46 ||
    s.charCodeAt(29) !== 90 ||
    s.charCodeAt(30) !== 32
  )
    return 0;
  if (!digitsAt(s, 0, 4) || s.charCodeAt(7) !== 45 || !digitsAt(s, 5, 2) || !digitsAt(s, 8, 2)) return 0;
  if (
    !digitsAt(s, 11, 2) ||
    s.charCodeAt(13) !== 58 ||
    !digitsAt(s, 14, 2) ||
    s.charCodeAt(16) !== 58 ||
    !digitsAt(s, 17, 2)
  )
    return 0;
  return digitsAt(s, 20, 9) ? 31 : 0;
}

/** ISO_TS, read by hand: the same value and length as the regex gives, or undefined. */
function scanIso(s: string): Stamp | undefined {
  let p = s.charCodeAt(0) === 91 ? 1 : 0;
  if (s.length < p + 19) return undefined;
  const sep = s.charCodeAt(p + 10);
  if (
    s.charCodeAt(p + 4) !== 45 ||
    s.charCodeAt(p + 7) !== 45 ||
    (sep !== 84 && sep !== 32) ||
    s.charCodeAt(p + 13) !== 58 ||
    s.charCodeAt(p + 16) !== 58
  )
    return undefined;
  if (
    !digitsAt(s, p, 4) ||
    !digitsAt(s, p + 5, 2) ||
    !digitsAt(s, p + 8, 2) ||
    !digitsAt(s, p + 11, 2) ||
    !digitsAt(s, p + 14, 2) ||
    !digitsAt(s, p + 17, 2)
  )
    return undefined;
  let value = `${s.slice(p, p + 10)}T${s.slice(p + 11, p + 19)}`;
  p += 19;
  const f = s.charCodeAt(p);
  if ((f === 46 || f === 44) && isDigit(s.charCodeAt(p + 1))) {
    let e = p + 1;
    while (isDigit(s.charCodeAt(e))) e++;
    value += `.${s.slice(p + 1, e)}`;
    p = e;
  }
  const z = s.charCodeAt(p);
  if (z === 90) {
    value += 'Z';
    p++;
  } else if ((z === 43 || z === 45) && digitsAt(s, p + 1, 2)) {
    if (s.charCodeAt(p + 3) === 58 && digitsAt(s, p + 4, 2)) {
      value += s.slice(p, p + 6);
      p += 6;
    } else if (digitsAt(s, p + 3, 2)) {
      value += `${s.slice(p, p + 3)}:${s.slice(p + 3, p + 5)}`;
      p += 5;
    }
  }
  if (s.charCodeAt(p) === 93) p++;
  return { value, style: 'iso', length: p };
}

/** CLOCK_TS, read by hand. */
function scanClock(s: string): Stamp | undefined {
  let p = s.charCodeAt(0) === 91 ? 1 : 0;
  if (
    !digitsAt(s, p, 2) ||
    s.charCodeAt(p + 2) !== 58 ||
    !digitsAt(s, p + 3, 2) ||
    s.charCodeAt(p + 5) !== 58 ||
    !digitsAt(s, p + 6, 2)
  )
    return undefined;
  const value = s.slice(p, p + 8);
  p += 8;
  // `(?:[.,](\d+))?\]?(?=\s)`: the lookahead decides, and the optional parts back off when it fails.
  const f = s.charCodeAt(p);
  if ((f === 46 || f === 44) && isDigit(s.charCodeAt(p + 1))) {
    let e = p + 1;
    while (isDigit(s.charCodeAt(e))) e++;
    const close = s.charCodeAt(e) === 93 ? 1 : 0;
    if (isSpace(s.charCodeAt(e + close)))
      return { value: `${value}.${s.slice(p + 1, e)}`, style: 'clock', length: e + close };
    // A shorter \d+ or no `]` leaves a digit or `]` before the lookahead: the regex then drops the fraction.
  }
  if (s.charCodeAt(p) === 93 && isSpace(s.charCodeAt(p + 1))) return { value, style: 'clock', length: p + 1 };
  if (isSpace(s.charCodeAt(p))) return { value, style: 'clock', length: p };
  return undefined;
}

/** The app's own timestamp at the start of a line (after any docker prefix): ISO_TS, REDIS_LINE, NGINX_TS,
 * SLASH_TS, SYSLOG_TS, then CLOCK_TS, the first that matches; each regex runs only when the characters it
 * must start with are there. */
function readTimestamp(rest: string): Stamp | undefined {
  const c0 = rest.charCodeAt(0);
  const digit = isDigit(c0);
  if (digit || c0 === 91) {
    const iso = scanIso(rest);
    if (iso) return iso;
  }
  let m = digit ? REDIS_LINE.exec(rest) : null;
  if (m) {
    const frac = m[7] ? `.${m[7]}` : '';
    return {
      value:
        `${m[3]}-${MONTHS[(m[2] ?? '').toLowerCase()] ?? '01'}-${(m[1] ?? '').padStart(2, '0')}` +
        `T${m[4]}:${m[5]}:${m[6]}${frac}`,
      style: 'iso',
      length: m[0].length - 2,
    };
  }
  m = rest.length > 0 && !isSpace(c0) && rest.includes(' [') && rest.includes('/') ? NGINX_TS.exec(rest) : null;
  if (m) {
    const zone = m[8] === '+0000' ? 'Z' : `${(m[8] ?? '').slice(0, 3)}:${(m[8] ?? '').slice(3)}`;
    return {
      value: `${m[4]}-${MONTHS[(m[3] ?? '').toLowerCase()] ?? '01'}-${m[2]}T${m[5]}:${m[6]}:${m[7]}${zone}`,
      style: 'iso',
      length: 0,
    };
  }
  m = digit && rest.charCodeAt(4) === 47 ? SLASH_TS.exec(rest) : null;
  if (m) return { value: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`, style: 'iso', length: m[0].length };
  m = isUpper(c0) && rest.charCodeAt(3) === 32 ? SYSLOG_TS.exec(rest) : null;
  if (m && MONTHS[(m[1] ?? '').toLowerCase()]) {
    return {
      value: `${MONTHS[(m[1] ?? '').toLowerCase()]}-${(m[2] ?? '').trim().padStart(2, '0')}T${m[3]}:${m[4]}:${m[5]}`,
      style: 'syslog',
      length: m[0].length,
    };
  }
  return digit || c0 === 91 ? scanClock(rest) : undefined;
}

/** Words PREFIX_LEVEL accepts before its colon. */
const PREFIX_WORDS = new Set(['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL']);
/** Words TOKEN_LEVEL accepts (upper case only). */
const TOKEN_WORDS = new Set([
  'TRACE',
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARNING',
  'WARN',
  'ERROR',
  'ERR',
  'SEVERE',
  'CRITICAL',
  'CRIT',
  'FATAL',
  'PANIC',
  'ALERT',
  'EMERG',
  'LOG',
]);
/** Words BRACKET_LEVEL accepts (any case). */
const BRACKET_WORDS = new Set([
  'trace',
  'debug',
  'info',
  'notice',
  'warning',
  'warn',
  'error',
  'crit',
  'critical',
  'fatal',
  'alert',
  'emerg',
  // MySQL: `[System]`, `[Note]`.
  'system',
  'note',
]);
/** Keys LOGFMT_LEVEL accepts (any case). */
const LOGFMT_KEYS = new Set(['level', 'lvl', 'severity']);

/** End of the run of ASCII letters (upper only when `upper`) starting at `at`, not past `end`. */
function letterRunEnd(s: string, at: number, end: number, upper: boolean): number {
  let e = at;
  while (e < end && (upper ? isUpper(s.charCodeAt(e)) : isLetter(s.charCodeAt(e)))) e++;
  return e;
}

/** TOKEN_LEVEL's word starting at `at` (its lookahead: \s ] | ) : - or the window's end), or undefined. */
function tokenWordAt(s: string, at: number, end: number): string | undefined {
  // The alternatives are letters and the lookahead is not, so a match is always the whole run of capitals.
  const e = letterRunEnd(s, at, end, true);
  if (e === at) return undefined;
  if (e < end) {
    const c = s.charCodeAt(e);
    if (!(isSpace(c) || c === 93 || c === 124 || c === 41 || c === 58 || c === 45)) return undefined;
  }
  const word = s.slice(at, e);
  // PostgreSQL pads its severity: "LOG:  …". A bare LOG elsewhere is a word, not a level.
  if (word === 'LOG' && !(s.charCodeAt(e) === 58 && s.startsWith('  ', e + 1))) return undefined;
  return TOKEN_WORDS.has(word) ? word : undefined;
}

/** What {@link scanLevelWord} looks at an ASCII character for: a bracket, a token's delimiter, a logfmt key's start. */
const BRACKET = 1;
const DELIMITER = 2;
const LOGFMT_START = 4;
const LEVEL_SCAN = new Uint8Array(128);
LEVEL_SCAN[91] = BRACKET | DELIMITER;
for (const c of [124, 40, 45, 9, 10, 11, 12, 13, 32]) LEVEL_SCAN[c] = DELIMITER;
for (const c of [108, 76, 115, 83]) LEVEL_SCAN[c] = LOGFMT_START;

/**
 * The level word of the leftmost of BRACKET_LEVEL, TOKEN_LEVEL and LOGFMT_LEVEL in `s`'s first `limit`
 * characters (ties go in that order, as in the regex version), or undefined when none matches.
 */
function scanLevelWord(s: string, limit: number): string | undefined {
  const end = Math.min(s.length, limit);
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    // Most characters start nothing: one table lookup passes over them.
    const look = c < 128 ? LEVEL_SCAN[c]! : isSpace(c) ? DELIMITER : 0;
    if (look === 0 && i !== 0) continue;
    if (look & BRACKET) {
      // BRACKET_LEVEL: `[word\s*]`, the word any case; then TOKEN_LEVEL with `[` as its delimiter.
      const e = letterRunEnd(s, i + 1, end, false);
      if (e > i + 1) {
        let k = e;
        while (k < end && isSpace(s.charCodeAt(k))) k++;
        if (k < end && s.charCodeAt(k) === 93) {
          const word = s.slice(i + 1, e).toLowerCase();
          if (BRACKET_WORDS.has(word)) return word;
        }
      }
    }
    if (i === 0) {
      const word = tokenWordAt(s, 0, end);
      if (word !== undefined) return word;
    }
    if (look & DELIMITER) {
      const word = tokenWordAt(s, i + 1, end);
      if (word !== undefined) return word;
    }
    if (look & LOGFMT_START && (i === 0 || !isWord(s.charCodeAt(i - 1)))) {
      // LOGFMT_LEVEL: `\b(?:level|lvl|severity)=["']?(\w+)`, any case.
      const e = letterRunEnd(s, i, end, false);
      if (e < end && s.charCodeAt(e) === 61 && LOGFMT_KEYS.has(s.slice(i, e).toLowerCase())) {
        let v = e + 1;
        const q = s.charCodeAt(v);
        if ((q === 34 || q === 39) && v + 1 < end && isWord(s.charCodeAt(v + 1))) v++;
        let w = v;
        while (w < end && isWord(s.charCodeAt(w))) w++;
        if (w > v) return s.slice(v, w);
      }
    }
  }
  return undefined;
}

/** The line's level, if it says one. `stripped` is the line without its timestamp. */
function readLevel(rest: string, stripped: string): LogLevel | undefined {
  const c0 = rest.charCodeAt(0);
  if (isDigit(c0)) {
    const redis = REDIS_LINE.exec(rest);
    if (redis) return REDIS_LEVELS[redis[8] ?? ''];
  }
  if (isUpper(c0)) {
    // PREFIX_LEVEL: a capital word and a colon at the start.
    const e = letterRunEnd(rest, 0, rest.length, true);
    if (rest.charCodeAt(e) === 58) {
      const word = rest.slice(0, e);
      if (PREFIX_WORDS.has(word)) return levelOf(word);
    }
  }
  // The leftmost level-looking token wins: "04:55:44 - INFO - [DEBUG] Flash crash…" is INFO.
  const word = scanLevelWord(stripped || rest, 160);
  return word === undefined ? undefined : levelOf(word);
}

// ---------------------------------------------------------------------------------------------
// Summarizer

/** Levels after which an exception line without a stamp belongs to the record above. */
const LOUD: ReadonlySet<LogLevel> = new Set(['warning', 'error', 'critical']);

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
  /** Whether lines carry a compose service prefix; undefined until the first non-blank line says. */
  private servicePrefixed: boolean | undefined;
  /** The open event was opened by a logger's line: its own time and a level word, not JSON. */
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
  private readonly shapes = new TemplateShapes(LIMITS.templateKeys);
  private readonly timelineKeys = new Map<string, Map<LogLevel, string>>();
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
    let line = rawLine.charCodeAt(rawLine.length - 1) === 13 ? rawLine.slice(0, -1) : rawLine;
    if (line.length > LIMITS.lineChars) line = line.slice(0, LIMITS.lineChars);
    const prefixLength = dockerPrefixLength(line);
    let rest = prefixLength > 0 ? line.slice(prefixLength) : line;
    rest = this.withoutServicePrefix(rest);
    // Blank lines start nothing; an open Python trace keeps waiting for a chained exception.
    if (isBlank(rest)) return;
    if (prefixLength > 0) this.noteTime(line.slice(0, prefixLength - 1), 'docker');
    if (this.stack !== undefined && this.continueStack(rest, n)) return;

    const c0 = rest.charCodeAt(0);
    const indented = isSpace(c0);
    // Only a line whose first non-space character is `{` can be a JSON record.
    const json = c0 === 123 || indented ? readJsonLine(rest) : undefined;
    const stamp = json ? undefined : readTimestamp(rest);
    const stripped = stamp
      ? rest.slice(stamp.length).trim()
      : indented || isSpace(rest.charCodeAt(rest.length - 1))
        ? rest.trim()
        : rest;
    // A JSON record behind the app's own time prefix ("2024-04-04 17:38:57 {…}", Docker Desktop's view).
    const record = json ?? (stamp !== undefined && stripped.charCodeAt(0) === 123 ? readJsonLine(stripped) : undefined);
    const level = record?.level ?? readLevel(rest, stripped);
    // A crash headline is an error whatever level words its message holds (`** (Mix) …: FATAL …`).
    const crash = isCrashHeadline(stripped);

    if (c0 === 84 && PY_TRACEBACK.test(rest)) {
      // logging.exception() prints the message, then the traceback: one record.
      if (this.event === undefined) this.openEvent(n, 'error', rest.trim(), this.lastBucket);
      else if (this.event.level === 'unknown') this.event.level = 'error';
      this.stack = { language: 'python', headline: '', start: n, end: n, phase: 'py' };
      this.extendEvent(n);
      return;
    }
    if (this.event !== undefined && indented && (NODE_FRAME.test(rest) || JAVA_FRAME.test(rest))) {
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
      !indented &&
      stamp === undefined &&
      (level === undefined || crash) &&
      json === undefined &&
      this.prevLine === n - 1 &&
      this.loggerRecord &&
      LOUD.has(this.event.level) &&
      (EXCEPTION_HEADLINE.test(stripped) || crash)
    ) {
      // Java loggers print the message line, then the throwable on the next line: one record, not two.
      if (crash) this.stack = { language: 'unknown', headline: stripped, start: n, end: n, phase: 'crash' };
      this.extendEvent(n);
      this.remember(rest, n);
      return;
    }
    if (this.event !== undefined && indented && stamp === undefined && level === undefined && json === undefined) {
      // Indented text without its own timestamp or level continues the previous record.
      this.extendEvent(n);
      this.remember(rest, n);
      return;
    }

    // A new event. With a docker -t prefix, that stamp is the line's time; else the app's own.
    let bucket = prefixLength > 0 ? this.lastBucket : undefined;
    if (prefixLength === 0) {
      if (stamp !== undefined) bucket = this.noteTime(stamp.value, stamp.style);
      else if (json?.time !== undefined) bucket = this.noteTime(json.time, 'iso');
    }
    // Lines without a stamp (uvicorn access lines) fall in the minute of the last stamped line.
    bucket ??= this.lastBucket;
    const s0 = stripped.charCodeAt(0);
    const message =
      record?.message ??
      (s0 === 45 || s0 === 58 || s0 === 124 || s0 === 62 ? stripped.replace(/^[-:|>\s]+/, '') : stripped);
    // Only a line with ` HTTP/` can hold `"METHOD /path HTTP/1.1" 200`.
    const http = record || !rest.includes(' HTTP/') ? undefined : this.readHttp(rest, n);
    let lv: LogLevel = crash ? 'error' : (level ?? 'unknown');
    if (level === undefined && !crash) {
      if (http !== undefined) lv = http >= 500 ? 'error' : http >= 400 ? 'warning' : 'info';
      else if (EXCEPTION_HEADLINE.test(stripped) || GO_PANIC.test(stripped)) lv = 'error';
    }
    this.openEvent(n, lv, message, bucket);
    this.loggerRecord = stamp !== undefined && level !== undefined && record === undefined;
    if (stripped.startsWith('panic: '))
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
        .sort((a, b) => compareText(a[0], b[0]) || compareText(a[1], b[1])),
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
    return { level: e.level, message: copyString(e.message), evidence: refAt(this.ctx, e.start, e.end) };
  }

  /**
   * `docker compose logs` puts "service  | " before every line. Decided on the first line: when it has such a
   * prefix (and the word is not a level, "INFO | …"), every line's prefix is the service's, not the app's.
   */
  private withoutServicePrefix(rest: string): string {
    if (this.servicePrefixed === false) return rest;
    const m = SERVICE_PREFIX.exec(rest);
    if (this.servicePrefixed === undefined) {
      if (isBlank(rest)) return rest;
      const word = m?.[0].replace(/[\s|]+$/, '') ?? '';
      this.servicePrefixed = m !== null && levelOf(word) === undefined;
      if (!this.servicePrefixed) return rest;
    }
    return m ? rest.slice(m[0].length) : rest;
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
          (s.language === 'go' && continuesGoTrace(rest));
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
    // Kept values are copies: a slice of a line would keep its whole 64 KiB chunk alive (so below).
    this.stacks.push({
      language: s.language,
      headline: copyString(headline),
      evidence: refAt(this.ctx, s.start, s.end),
    });
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
      // Built once per minute and level: a fresh concatenation would be hashed again on every event.
      let keys = this.timelineKeys.get(bucket);
      if (keys === undefined) {
        if (this.timelineKeys.size >= 1024) this.timelineKeys.clear();
        keys = new Map();
        this.timelineKeys.set(bucket, keys);
      }
      let key = keys.get(e.level);
      if (key === undefined) {
        key = `${bucket}\u0000${e.level}`;
        keys.set(e.level, key);
      }
      const count = this.timeline.get(key);
      if (count !== undefined) this.timeline.set(key, count + 1);
      else if (this.timeline.size < LIMITS.timeline) this.timeline.set(key, 1);
      else this.limit('timeline', `timeline has more than ${LIMITS.timeline} minute/level buckets; later ones dropped`);
    }
    this.lastEvent = e;
    if (e.level === 'error' || e.level === 'critical') {
      this.lastError = e;
      if (this.errors.length < LIMITS.errors)
        this.errors.push({ message: copyString(e.message), evidence: refAt(this.ctx, e.start, e.end) });
    }
    this.countTemplate(e);
  }

  private countTemplate(e: OpenEvent): void {
    const shape = this.shapes.shapeOf(e.message);
    const template = shape?.template ?? toTemplate(e.message);
    if (template === '') return;
    let key = shape?.keys.get(e.level);
    if (key === undefined) {
      key = `${e.level}\u0000${template}`;
      shape?.keys.set(e.level, key);
    }
    const t = this.templates.get(key);
    if (t) {
      t.count++;
      return;
    }
    if (this.templates.size >= LIMITS.templates) this.pruneTemplates();
    this.templates.set(key, { level: e.level, template, count: 1, example: copyString(e.message), line: e.start });
  }

  /**
   * Lossy counting: when the table is full, drop the rarest templates so a message that starts
   * repeating late (after thousands of one-off lines) is still counted. Survivors keep exact counts.
   */
  private pruneTemplates(): void {
    this.limit(
      'templates',
      `more than ${LIMITS.templates} distinct message templates; rare ones were dropped, so templates first ` +
        'seen late may be undercounted',
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
    if (!m || (rest.includes('://') && OUTBOUND_REQUEST.test(rest))) return undefined;
    const method = m[1] ?? '';
    const target = m[2] ?? '';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    const digits = m[3] ?? '';
    const status = Number(digits);
    // String(status) drops a leading zero ("044" → "44"); the capture is that text otherwise.
    const statusKey = digits.charCodeAt(0) === 48 ? String(status) : digits;
    this.httpStatus.set(statusKey, (this.httpStatus.get(statusKey) ?? 0) + 1);
    const key = `${method} ${path} ${statusKey}`;
    let stat = this.http.get(key);
    if (stat === undefined) {
      if (this.http.size >= LIMITS.httpGroups) {
        this.limit(
          'http',
          `more than ${LIMITS.httpGroups} distinct method/path/status groups; later ones only count in httpStatus`,
        );
        return status;
      }
      stat = { method: copyString(method), path: copyString(path), status, count: 0, clients: new Set(), line: n };
      this.http.set(key, stat);
    }
    stat.count++;
    // Once a group lists its 20 clients, nobody else is added: the client is not even read.
    if (stat.clients.size < LIMITS.clients) {
      const client = UVICORN_CLIENT.exec(rest)?.[1] ?? LEADING_IP.exec(rest)?.[1];
      // Only the bracketed IPv6 form can hold brackets (the other forms' classes exclude them).
      if (client !== undefined)
        stat.clients.add(copyString(client.charCodeAt(0) === 91 ? client.replace(/^\[|\]$/g, '') : client));
    }
    return status;
  }

  private limit(key: string, message: string): void {
    if (this.limitsHit.has(key)) return;
    this.limitsHit.add(key);
    this.issues.push({ kind: 'limit-exceeded', message });
  }
}

/** A message shape seen before: its template, and the summarizer's table keys for it per level. */
interface TemplateShape {
  /** UTF-8 of the message the shape was made from. */
  example: Uint8Array;
  template: string;
  keys: Map<LogLevel, string>;
}

/**
 * toTemplate by message shape, so the tokenizing runs once per shape instead of once per event. Two
 * messages have the same shape when they are equal except for digits toTemplate turns into
 * placeholders: only the digits of HTTP statuses it keeps as they are (`HTTP/1.1" 404`, `HTTP 404`,
 * `404 Not Found`) can show in a template, and everywhere else toTemplate only asks whether a
 * character is a digit (its `[1-5]` only decides next to a status phrase, whose digits are kept exact
 * here). So digits after `HTTP/` or `HTTP `, and digit runs followed by a space and a capital, count
 * as themselves; every other digit counts as "a digit". The message is encoded to UTF-8 once (native,
 * and bytes are far cheaper to walk than a sliced string), hashed in one pass, and a hit is checked
 * byte by byte against the example it was stored with, so a hash collision costs a toTemplate, never
 * a wrong template. The table is cleared when full.
 */
class TemplateShapes {
  private readonly byHash = new Map<number, TemplateShape>();
  private readonly encoder = new TextEncoder();
  private readonly bytes = new Uint8Array(4 * LIMITS.message + 16);
  /** [start, end) ranges of digits that count as themselves in the message last hashed (`exactCount` numbers). */
  private readonly exact = new Int32Array(2 * MAX_EXACT_RANGES);
  private exactCount = 0;
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  /** The shape of `message` (created on first sight), or undefined when it cannot be looked up safely. */
  shapeOf(message: string): TemplateShape | undefined {
    if (message.length > LIMITS.message) return undefined;
    const { written } = this.encoder.encodeInto(message, this.bytes);
    const hash = this.hash(this.bytes, written);
    if (hash < 0) return undefined;
    const known = this.byHash.get(hash);
    if (known !== undefined) return this.sameShape(this.bytes, written, known.example) ? known : undefined;
    if (this.byHash.size >= this.max) this.byHash.clear();
    const shape: TemplateShape = {
      example: this.bytes.slice(0, written),
      template: toTemplate(message),
      keys: new Map(),
    };
    this.byHash.set(hash, shape);
    return shape;
  }

  /**
   * 31-bit hash of the shape of the first `len` bytes; records the exact ranges for sameShape. -1 when
   * the message holds U+FFFD (a lone surrogate encodes to it too, so two different messages could share
   * bytes) or too many exact ranges to track.
   */
  private hash(b: Uint8Array, len: number): number {
    const exact = this.exact;
    let count = 0;
    let h = 0x811c9dc5 ^ len;
    let exactUntil = 0;
    for (let i = 0; i < len;) {
      const c = b[i]!;
      if (c >= 48 && c <= 57) {
        let end = i + 1;
        while (end < len && b[end]! >= 48 && b[end]! <= 57) end++;
        // A run before " Capital" may be a kept status ("404 Not Found"): exact.
        if (i < exactUntil || (end + 1 < len && b[end] === 32 && b[end + 1]! >= 65 && b[end + 1]! <= 90)) {
          if (count === exact.length) return -1;
          exact[count++] = i;
          exact[count++] = end;
          for (; i < end; i++) h = Math.imul(h ^ b[i]!, 16777619);
        } else {
          h = Math.imul(h ^ (end - i), 16777619);
          i = end;
        }
        continue;
      }
      if (c === 72 && i + 4 < len && b[i + 1] === 84 && b[i + 2] === 84 && b[i + 3] === 80) {
        // "HTTP 404" or "HTTP/1.1" 404": the version and status digits are exact.
        const next = b[i + 4];
        if (next === 32) exactUntil = Math.max(exactUntil, i + 8);
        else if (next === 47) {
          let k = i + 5;
          while (k < len && ((b[k]! >= 48 && b[k]! <= 57) || b[k] === 46)) k++;
          exactUntil = Math.max(exactUntil, k + 5);
        }
      } else if (c === 0xef && b[i + 1] === 0xbf && b[i + 2] === 0xbd) {
        return -1;
      }
      h = Math.imul(h ^ c, 16777619);
      i++;
    }
    this.exactCount = count;
    return h >>> 1;
  }

  /** Whether the first `len` bytes of `a` (just hashed) and `b` differ only in digits that count as "a digit". */
  private sameShape(a: Uint8Array, len: number, b: Uint8Array): boolean {
    if (len !== b.length) return false;
    const exact = this.exact;
    const count = this.exactCount;
    for (let i = 0; i < len; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (x === y) continue;
      if (x < 48 || x > 57 || y < 48 || y > 57) return false;
      for (let r = 0; r < count; r += 2) if (i >= exact[r]! && i < exact[r + 1]!) return false;
    }
    return true;
  }
}

/** Exact-digit ranges tracked per message; a message with more is tokenized directly. */
const MAX_EXACT_RANGES = 32;

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
