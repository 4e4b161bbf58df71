// Capture: docker inspect <container> [<container> …] > inspect_<name>.json 2>&1
//   [
//       {
//           "Id": "c947e1c88de39ee0795558039360d8ad117671290b25e3c3c6767cce0b3ed2ed",
//           "State": { "Status": "running", "Running": true, … "Health": { "Status": "healthy", … } },
//           "Name": "/quantum_redis", "RestartCount": 0, "HostConfig": { "Memory": 0, … }, …
// With 2>&1 Docker's complaints land in the same file after the JSON: an empty or missing name
// prints "[]" then "invalid container name or ID: value is empty"; an unknown one "Error: No such object: x".
import { z } from 'zod';
import { ContainerInspect } from '../model/container.ts';
import type { ContainerHealth, ContainerState, EnvVar, PortBinding } from '../model/container.ts';
import { defineParser, issueAt, lineAt } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';
import { startsWithOneOf } from '../text/one-of.ts';
import { DAEMON_ERROR_RESPONSE, DAEMON_UNREACHABLE, NO_DOCKER_CLI } from './docker-cli.ts';

/** Value of the docker-inspect parser: one entry per inspected container, in file order. */
export const DockerInspectValue = z.array(ContainerInspect);
export type DockerInspectValue = z.infer<typeof DockerInspectValue>;

/** Lines the docker CLI prints on stderr when inspect fails (all Docker versions we have seen). */
const DOCKER_ERROR = startsWithOneOf(
  [
    'Error: No such (?:object|container|image)',
    DAEMON_ERROR_RESPONSE,
    'invalid container name or ID',
    'Error: ',
    ...DAEMON_UNREACHABLE,
    NO_DOCKER_CLI,
  ],
  '',
  'i',
);

/** Docker's zero time: the container never started or never finished. */
const ZERO_TIME = /^0001-01-01T00:00:00/;

/** Parser for `docker inspect` captures → ContainerInspect[], docker errors kept as issues. */
export const dockerInspectParser = defineParser({
  id: 'docker-inspect',
  description: 'docker inspect JSON array of containers (with any docker error lines that followed it)',
  command: 'docker inspect <container…>',
  fileNames: /inspect/i,
  eachSection: true,
  empty: 'docker inspect capture is empty',
  detect(text, name): number {
    const hint = /inspect/i.test(name) ? 0.2 : 0;
    const head = text
      .replace(/^\uFEFF/, '')
      .slice(0, 8192)
      .trimStart();
    if (head === '') return 0;
    if (head.startsWith('[')) {
      // Podman 1.x spells the id "ID" (later podman: "Id", as Docker does).
      if (/^\[\s*\{/.test(head) && /"I[dD]"\s*:/.test(head)) {
        if (/"State"\s*:/.test(head) || (/"Config"\s*:/.test(head) && !/"RepoTags"\s*:/.test(head)))
          return Math.min(1, 0.85 + hint);
        return 0.3 + hint;
      }
      const empty = /^\[\s*\][ \t]*(?:\r?\n\s*([^\n]*))?/.exec(head);
      if (empty) {
        if (DOCKER_ERROR.test((empty[1] ?? '').trim())) return Math.min(1, 0.6 + hint);
        return 0.2 + hint;
      }
      return 0;
    }
    if (DOCKER_ERROR.test(head.split('\n', 1)[0]?.trim() ?? '')) return hint > 0 ? 0.6 : 0.1;
    return 0;
  },
  schema: DockerInspectValue,
  parse: parseDockerInspect,
});

/** Parse `docker inspect` output; malformed JSON and docker errors become issues, never throws. */
function parseDockerInspect(text: string, ctx: ParseContext): ParseResult<DockerInspectValue> {
  const src = text.replace(/^\uFEFF/, '');
  const issues: ParseIssue[] = [];
  const scan = scanJson(src);

  // Text outside the JSON value: docker's stderr, interleaved before or after it by 2>&1.
  for (const extra of scan.outside) {
    const t = extra.text.trim();
    if (t === '') continue;
    if (DOCKER_ERROR.test(t))
      issues.push(issueAt(ctx, 'error-output', `docker inspect printed an error: ${t.slice(0, 300)}`, extra.line));
    else
      issues.push(
        issueAt(ctx, 'parse-failure', `unexpected text outside the inspect JSON: ${t.slice(0, 120)}`, extra.line),
      );
  }
  if (scan.start === undefined) {
    if (issues.some((i) => i.kind === 'error-output')) return { ok: false, issues };
    return {
      ok: false,
      issues: [{ kind: 'unrecognised', message: 'no JSON found in docker inspect capture', line: lineAt(ctx, 1) }],
    };
  }
  if (scan.truncatedAt !== undefined) {
    const where = scan.truncatedInElement
      ? `container #${scan.elements.length + 1} (pointer /${scan.elements.length})`
      : 'the array';
    issues.push(
      issueAt(
        ctx,
        'parse-failure',
        `inspect JSON is truncated: it ends inside ${where} at line ${lineAt(ctx, scan.truncatedAt)}`,
        scan.truncatedAt,
      ),
    );
    return { ok: false, issues };
  }
  if (scan.start.char !== '[') {
    issues.push(
      issueAt(
        ctx,
        'parse-failure',
        'docker inspect output should be a JSON array; found a JSON object or value instead',
        scan.start.line,
      ),
    );
    return { ok: false, issues };
  }
  let data: unknown;
  try {
    data = JSON.parse(src.slice(scan.start.offset, scan.end));
  } catch (err) {
    issues.push(
      issueAt(
        ctx,
        'parse-failure',
        `invalid JSON: ${err instanceof Error ? err.message : String(err)}`,
        jsonErrorLine(err, src, scan.start.offset) ?? scan.start.line,
      ),
    );
    return { ok: false, issues };
  }
  if (!Array.isArray(data)) {
    issues.push(issueAt(ctx, 'parse-failure', 'docker inspect output should be a JSON array', scan.start.line));
    return { ok: false, issues };
  }
  const value: ContainerInspect[] = [];
  data.forEach((item, index) => {
    const span = scan.elements[index];
    const startLine = span?.startLine ?? scan.start?.line ?? 1;
    const endLine = span?.endLine ?? startLine;
    const evidence = {
      file: ctx.file,
      startLine: lineAt(ctx, startLine),
      endLine: lineAt(ctx, endLine),
      pointer: `/${index}`,
    };
    if (
      typeof item !== 'object' ||
      item === null ||
      Array.isArray(item) ||
      idOf(item as Record<string, unknown>) === undefined
    ) {
      issues.push(issueAt(ctx, 'parse-failure', `element /${index} is not a docker object with an Id`, startLine));
      return;
    }
    const o = item as Record<string, unknown>;
    if (!isObject(o['State'])) {
      // Images, networks and volumes also inspect to arrays of objects with an Id, but no State.
      issues.push(
        issueAt(
          ctx,
          'unrecognised',
          `element /${index} has no State: not a container (image, network or volume inspect?)`,
          startLine,
        ),
      );
      return;
    }
    value.push(toInspect(o, evidence));
  });
  return { ok: true, value, issues };
}

/** The object's id: Docker's "Id", or podman 1.x's "ID". */
const idOf = (o: Record<string, unknown>): string | undefined => str(o['Id']) ?? str(o['ID']);

function toInspect(o: Record<string, unknown>, evidence: ContainerInspect['evidence']): ContainerInspect {
  const state = obj(o['State']);
  const health = obj(state['Health']);
  const host = obj(o['HostConfig']);
  const config = obj(o['Config']);
  const net = obj(o['NetworkSettings']);
  const restart = obj(host['RestartPolicy']);
  const id = idOf(o) ?? '';
  const out: ContainerInspect = {
    id,
    name: (str(o['Name']) ?? '').replace(/^\//, '') || id.slice(0, 12),
    state: toState(str(state['Status'])),
    health: toHealth(str(health['Status'])),
    healthLog: arr(health['Log']).flatMap((e) => {
      const entry = obj(e);
      return [
        {
          start: str(entry['Start']) ?? '',
          exitCode: int(entry['ExitCode']) ?? -1,
          output: str(entry['Output']) ?? '',
        },
      ];
    }),
    restartCount: int(o['RestartCount']) ?? 0,
    oomKilled: state['OOMKilled'] === true,
    exitCode: int(state['ExitCode']) ?? 0,
    memoryLimitBytes: num(host['Memory']) ?? 0,
    ports: toPorts(obj(net['Ports']), obj(host['PortBindings'])),
    networks: Object.entries(obj(net['Networks'])).map(([name, v]) => {
      const n = obj(v);
      const entry: ContainerInspect['networks'][number] = { name };
      const ip = str(n['IPAddress']);
      if (ip) entry.ip = ip;
      const aliases = arr(n['Aliases']).filter((a): a is string => typeof a === 'string');
      if (Array.isArray(n['Aliases'])) entry.aliases = aliases;
      return entry;
    }),
    env: arr(config['Env'])
      .filter((e): e is string => typeof e === 'string')
      .map(splitEnv),
    labels: Object.fromEntries(
      Object.entries(obj(config['Labels'])).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    mounts: arr(o['Mounts']).flatMap((m) => {
      const mo = obj(m);
      // Podman 1.x writes its mounts' keys in lower case (`destination`, `type`, `source`).
      const destination = str(mo['Destination'] ?? mo['destination']);
      if (destination === undefined) return [];
      const type = str(mo['Type'] ?? mo['type']) ?? 'unknown';
      const entry: ContainerInspect['mounts'][number] = { type, destination };
      const source = str(mo['Source'] ?? mo['source']);
      if (source) entry.source = source;
      if (typeof mo['RW'] === 'boolean') entry.rw = mo['RW'];
      return [entry];
    }),
    evidence,
  };
  if (state['Paused'] === true && out.state === 'running') out.state = 'paused';
  const streak = int(health['FailingStreak']);
  if (streak !== undefined && isObject(state['Health'])) out.healthFailingStreak = streak;
  const image = str(config['Image']);
  if (image) out.image = image;
  const imageId = str(o['Image']);
  if (imageId) out.imageId = imageId;
  const created = str(o['Created']);
  if (created) out.createdAt = created;
  const error = str(state['Error']);
  if (error) out.error = error;
  const started = str(state['StartedAt']);
  if (started && !ZERO_TIME.test(started)) out.startedAt = started;
  const finished = str(state['FinishedAt']);
  if (finished && !ZERO_TIME.test(finished)) out.finishedAt = finished;
  const cpus = cpuLimit(host);
  if (cpus !== undefined) out.cpuLimit = cpus;
  // An empty policy name is how older engines wrote "no".
  if (isObject(host['RestartPolicy'])) out.restartPolicy = str(restart['Name']) || 'no';
  const retries = int(restart['MaximumRetryCount']);
  if (retries !== undefined) out.restartPolicyMaxRetries = retries;
  if (typeof host['Privileged'] === 'boolean') out.privileged = host['Privileged'];
  const cmd = config['Cmd'];
  if (Array.isArray(cmd)) out.command = cmd.filter((c): c is string => typeof c === 'string');
  else if (typeof cmd === 'string') out.command = [cmd];
  return out;
}

/** CPUs from --cpus (NanoCpus) or from --cpu-quota/--cpu-period; undefined when unlimited. */
function cpuLimit(host: Record<string, unknown>): number | undefined {
  const nano = num(host['NanoCpus']);
  if (nano !== undefined && nano > 0) return nano / 1e9;
  const quota = num(host['CpuQuota']);
  const period = num(host['CpuPeriod']);
  if (quota !== undefined && quota > 0) return quota / (period !== undefined && period > 0 ? period : 100_000);
  return undefined;
}

/**
 * NetworkSettings.Ports holds the bindings Docker actually made (null value = exposed only);
 * it is empty for stopped containers, so fall back to the requested HostConfig.PortBindings.
 */
function toPorts(actual: Record<string, unknown>, requested: Record<string, unknown>): PortBinding[] {
  const source = Object.keys(actual).length > 0 ? actual : requested;
  const out: PortBinding[] = [];
  for (const [key, value] of Object.entries(source)) {
    const m = /^(\d+)(?:\/(\w+))?$/.exec(key);
    if (!m) continue;
    const containerPort = Number(m[1]);
    const protocol = (m[2] ?? 'tcp').toLowerCase();
    const bindings = arr(value);
    if (bindings.length === 0) {
      out.push({ containerPort, protocol });
      continue;
    }
    for (const b of bindings) {
      const bo = obj(b);
      const p: PortBinding = { containerPort, protocol };
      // An empty HostIp in a binding means Docker listens on every interface.
      const ip = str(bo['HostIp']);
      p.hostIp = ip === undefined || ip === '' ? '0.0.0.0' : ip;
      const hostPort = Number(str(bo['HostPort']) ?? NaN);
      if (Number.isInteger(hostPort) && hostPort > 0) p.hostPort = hostPort;
      out.push(p);
    }
  }
  return out;
}

function splitEnv(entry: string): EnvVar {
  const eq = entry.indexOf('=');
  return eq < 0 ? { name: entry, value: '' } : { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
}

function toState(s: string | undefined): ContainerState {
  switch (s) {
    case 'running':
    case 'exited':
    case 'created':
    case 'restarting':
    case 'paused':
    case 'dead':
    case 'removing':
      return s;
    default:
      return 'unknown';
  }
}

function toHealth(s: string | undefined): ContainerHealth {
  return s === 'healthy' || s === 'unhealthy' || s === 'starting' ? s : 'none';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function obj(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

interface JsonScan {
  /** Where the top-level JSON value starts (its first character and 1-based line). */
  start?: { offset: number; line: number; char: string };
  /** Offset just past the top-level value. */
  end: number;
  /** Line ranges of the top-level array's elements, in order. */
  elements: Array<{ startLine: number; endLine: number }>;
  /** 1-based line where the input ended inside the value. */
  truncatedAt?: number;
  /** Whether the input ended inside an array element (an unfinished container object). */
  truncatedInElement?: boolean;
  /** Non-JSON lines before and after the value. */
  outside: Array<{ line: number; text: string }>;
}

/**
 * One pass over the text that finds the top-level JSON value and each array element's line span
 * without parsing; JSON.parse then parses only the value, so stray docker stderr lines cannot break it.
 */
function scanJson(src: string): JsonScan {
  const scan: JsonScan = { end: src.length, elements: [], outside: [] };
  let line = 1;
  let pos = 0;
  // Lines before the value: the value starts on the first line whose first non-blank is [ or {.
  while (pos < src.length) {
    const nl = src.indexOf('\n', pos);
    const lineEnd = nl < 0 ? src.length : nl;
    const text = src.slice(pos, lineEnd);
    const lead = text.search(/\S/);
    if (lead >= 0 && (text[lead] === '[' || text[lead] === '{')) {
      scan.start = { offset: pos + lead, line, char: text[lead] ?? '[' };
      break;
    }
    scan.outside.push({ line, text });
    if (nl < 0) return scan;
    pos = nl + 1;
    line++;
  }
  if (scan.start === undefined) return scan;
  let depth = 0;
  let inString = false;
  let elementStart = 0;
  let i = scan.start.offset;
  for (; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped char (an escaped newline cannot occur in JSON)
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth === 2 && scan.start.char === '[') elementStart = line;
    } else if (c === 93 || c === 125) {
      if (depth === 2 && scan.start.char === '[') scan.elements.push({ startLine: elementStart, endLine: line });
      depth--;
      if (depth === 0) {
        i++;
        break;
      }
    }
  }
  if (depth > 0) {
    // A final newline ends the last line; it does not start one.
    scan.truncatedAt = src.endsWith('\n') ? line - 1 : line;
    scan.truncatedInElement = depth >= 2 && scan.start.char === '[';
    return scan;
  }
  scan.end = i;
  // Rest of the closing line and every later line are outside the value.
  const nl = src.indexOf('\n', i);
  const tail = src.slice(i, nl < 0 ? src.length : nl);
  if (tail.trim() !== '') scan.outside.push({ line, text: tail });
  if (nl >= 0) {
    let l = line + 1;
    let p = nl + 1;
    while (p < src.length) {
      const n2 = src.indexOf('\n', p);
      scan.outside.push({ line: l, text: src.slice(p, n2 < 0 ? src.length : n2) });
      if (n2 < 0) break;
      p = n2 + 1;
      l++;
    }
  }
  return scan;
}

/** Line of a JSON.parse error, from V8's "(line N column M)" or "at position N" message. */
function jsonErrorLine(err: unknown, src: string, offset: number): number | undefined {
  const msg = err instanceof Error ? err.message : '';
  const byLine = /line (\d+) column \d+/.exec(msg);
  const base = src.slice(0, offset).split('\n').length;
  if (byLine) return base + Number(byLine[1]) - 1;
  const byPos = /position (\d+)/.exec(msg);
  if (byPos) return src.slice(0, offset + Number(byPos[1])).split('\n').length;
  return undefined;
}
