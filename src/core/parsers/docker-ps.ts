// Capture: docker ps -a (or any `--format "table {{.Names}}\t{{.Status}}…"`, or `--format '{{json .}}'`)
//   CONTAINER ID   IMAGE       COMMAND                  CREATED       STATUS                   PORTS      NAMES
//   4ec6ab43ea13   redis:7     "docker-entrypoint.s…"   2 hours ago   Up 2 hours (healthy)     6379/tcp   cache
//   31920922a4ea   bb:latest   "sh -c 'exit 3'"         3 weeks ago   Exited (3) 3 weeks ago              job
// (PORTS may hold a list: "0.0.0.0:6379->6379/tcp, [::]:6379->6379/tcp".)
// Docker prints tables with Go's tabwriter (padding 3), so every cell of a column starts at the
// header's column offset; values may hold single spaces ("Up 2 hours (healthy)"), so we cut rows
// at header offsets instead of splitting on whitespace.
import { z } from 'zod';
import { DockerPsRow } from '../model/container.ts';
import type { ContainerHealth, ContainerState, PortBinding } from '../model/container.ts';
import { defineParser, issueAt, lineAt, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';
import { startsWithOneOf } from '../text/one-of.ts';
import { DAEMON_ERROR_RESPONSE, DAEMON_UNREACHABLE, NO_DOCKER_CLI } from './docker-cli.ts';

/** Value of the docker-ps parser: one row per container, in printed order. */
export const DockerPsValue = z.array(DockerPsRow);
export type DockerPsValue = z.infer<typeof DockerPsValue>;

/** Header text → field, for every column `docker ps --format table` can print. */
const HEADERS: Record<string, Field> = {
  'CONTAINER ID': 'id',
  IMAGE: 'image',
  COMMAND: 'command',
  CREATED: 'runningFor',
  'CREATED AT': 'createdAt',
  STATUS: 'status',
  STATE: 'state',
  PORTS: 'ports',
  NAMES: 'names',
  // `docker compose ps` (v2): NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS.
  NAME: 'names',
  SERVICE: 'other',
  SIZE: 'other',
  LABELS: 'other',
  MOUNTS: 'other',
  NETWORKS: 'other',
  'LOCAL VOLUMES': 'other',
  PLATFORM: 'other',
};
type Field = 'id' | 'image' | 'command' | 'runningFor' | 'createdAt' | 'status' | 'state' | 'ports' | 'names' | 'other';
type Cells = Partial<Record<Field, string>>;

/** Most bindings one row may expand to; a huge published range must not blow up memory. */
const MAX_PORTS = 1000;

const DOCKER_CLIENT_ERROR = startsWithOneOf(
  [...DAEMON_UNREACHABLE, DAEMON_ERROR_RESPONSE, 'Error: ', 'docker: ', NO_DOCKER_CLI],
  '',
  'i',
);

/** Parser for `docker ps` captures: table (any columns) or JSON lines → DockerPsRow[]. */
export const dockerPsParser = defineParser({
  id: 'docker-ps',
  description: 'docker ps table (default or custom columns) or JSON-lines output',
  command: 'docker ps -a',
  fileNames: /docker[_-]?ps|(^|[_-])ps([_.-]|$)|containers/i,
  eachSection: true,
  empty: 'docker ps capture is empty',
  detect(text, name): number {
    const hint = /docker[_-]?ps|(^|[_-])ps([_.-]|$)/i.test(name) ? 0.2 : 0;
    const first = firstNonBlank(text);
    if (first === undefined) return 0;
    let score = 0;
    const header = readHeader(first);
    if (header !== undefined && isContainerTable(first, header)) score = header.length >= 2 ? 0.8 : 0.5;
    else if (isContainerJson(jsonHead(text))) score = 0.85;
    else if (DOCKER_CLIENT_ERROR.test(first) && hint > 0) score = 0.4;
    return Math.min(1, score + hint);
  },
  schema: DockerPsValue,
  parse: parseDockerPs,
});

/** Parse `docker ps` output (table or JSON lines) into rows; never throws. */
function parseDockerPs(text: string, ctx: ParseContext): ParseResult<DockerPsValue> {
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  const start = lines.findIndex((l) => l.trim() !== '');
  const first = lines[start] ?? '';
  if (DOCKER_CLIENT_ERROR.test(first.trim())) {
    return {
      ok: false,
      issues: [{ kind: 'error-output', message: `docker ps failed: ${first.trim()}`, line: lineAt(ctx, start + 1) }],
    };
  }
  if (first.trimStart().startsWith('[')) return parseJsonArray(text, lines, start, ctx);
  if (first.trimStart().startsWith('{')) return parseJsonLines(lines, start, ctx);
  const header = readHeader(first);
  if (header === undefined || !isContainerTable(first, header)) {
    return {
      ok: false,
      issues: [
        {
          kind: 'unrecognised',
          message: 'no docker ps header (NAMES or CONTAINER ID column) on the first line',
          line: lineAt(ctx, start + 1),
        },
      ],
    };
  }
  return parseTable(lines, start, header, ctx);
}

/**
 * A docker ps table names its rows by NAMES or CONTAINER ID. `docker compose ps` heads its name column
 * NAME and adds SERVICE: that table belongs to the docker-compose-ps parser, which reads its service too.
 */
function isContainerTable(first: string, header: Column[]): boolean {
  if (header.some((c) => c.field === 'id') || /(^|\s)NAMES(\s|$)/.test(first)) return true;
  return (
    /(^|\s)NAME(\s|$)/.test(first) && /(^|\s)(IMAGE|COMMAND)(\s|$)/.test(first) && !/(^|\s)SERVICE(\s|$)/.test(first)
  );
}

/** The first JSON object of a capture: the first line, or the first element of a `[…]` array. */
function jsonHead(text: string): string {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('[')) return t.slice(1, 4096).trimStart();
  return firstNonBlank(t) ?? '';
}

/** `docker ps --format json` (Names, Status) or `docker compose ps --format json` (Name, State, Service). */
function isContainerJson(head: string): boolean {
  if (!head.startsWith('{')) return false;
  const named = /"Names?"\s*:/.test(head);
  // docker inspect also has Name, State and a Status, but keys its id "Id" and nests State as an object.
  if (/"Id"\s*:/.test(head) || /"State"\s*:\s*\{/.test(head)) return false;
  const stateWord = /"State"\s*:\s*"/.test(head) && /"(?:Service|Image|ID)"\s*:/.test(head);
  return named && (/"Status"\s*:\s*"/.test(head) || stateWord);
}

interface Column {
  field: Field;
  /** Offset in code points: tabwriter pads by runes, and '…' or emoji must count as one. */
  at: number;
}

/** The longest header cell: a longer cell is no header, whatever it holds. */
const LONGEST_HEADER = Math.max(...Object.keys(HEADERS).map((h) => h.length));

function readHeader(line: string): Column[] | undefined {
  // trimEnd, not a `\s+$` search (quadratic on a long line with long runs of spaces), and no copy of
  // the line as code points: a log's 1 MiB first line is read as far as its first cell.
  const text = line.trimEnd();
  const columns: Column[] = [];
  // Header cells are separated by 2+ spaces; a single space belongs to the name ("CONTAINER ID").
  const re = /\S+(?: \S+)*/g;
  let at = 0;
  let counted = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const field = m[0].length <= LONGEST_HEADER && Object.hasOwn(HEADERS, m[0]) ? HEADERS[m[0]] : undefined;
    if (field === undefined) return undefined;
    // Offsets in code points; a cell never starts inside a surrogate pair, so counts add up.
    at += Array.from(text.slice(counted, m.index)).length;
    counted = m.index;
    columns.push({ field, at });
  }
  return columns.length > 0 ? columns : undefined;
}

function parseTable(lines: string[], start: number, header: Column[], ctx: ParseContext): ParseResult<DockerPsValue> {
  const rows: DockerPsRow[] = [];
  const issues: ParseIssue[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const cells = cutRow(line, header);
    if (cells === undefined) {
      issues.push(
        issueAt(
          ctx,
          'parse-failure',
          `row does not line up with the header columns: ${line.trim().slice(0, 120)}`,
          i + 1,
        ),
      );
      continue;
    }
    const row = toRow(cells, refAt(ctx, i + 1), issues, lineAt(ctx, i + 1));
    if (row === undefined) {
      issues.push(
        issueAt(ctx, 'parse-failure', `row has neither a name nor an id: ${line.trim().slice(0, 120)}`, i + 1),
      );
      continue;
    }
    rows.push(row);
  }
  return { ok: true, value: rows, issues };
}

function cutRow(line: string, header: Column[]): Cells | undefined {
  const chars = Array.from(line);
  // Every column after the first must start right after a space, or the row was not printed by
  // the same tabwriter (hand-edited, or wrapped); then fall back to splitting on 2+ spaces.
  const aligned = header.every((c, k) => k === 0 || c.at >= chars.length || chars[c.at - 1] === ' ');
  const cells: Cells = {};
  if (aligned) {
    header.forEach((c, k) => {
      const end = header[k + 1]?.at ?? chars.length;
      cells[c.field] = chars.slice(c.at, end).join('').trim();
    });
    return cells;
  }
  const parts = line.trim().split(/\s{2,}/);
  if (parts.length !== header.length) return undefined;
  header.forEach((c, k) => {
    cells[c.field] = parts[k] ?? '';
  });
  return cells;
}

function parseJsonLines(lines: string[], start: number, ctx: ParseContext): ParseResult<DockerPsValue> {
  const rows: DockerPsRow[] = [];
  const issues: ParseIssue[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      const kind = DOCKER_CLIENT_ERROR.test(line) ? 'error-output' : 'parse-failure';
      issues.push({
        kind,
        message:
          kind === 'error-output' ? `docker ps printed an error: ${line.slice(0, 200)}` : 'line is not valid JSON',
        line: lineAt(ctx, i + 1),
      });
      continue;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      issues.push({ kind: 'parse-failure', message: 'JSON line is not an object', line: lineAt(ctx, i + 1) });
      continue;
    }
    const row = jsonRow(obj as Record<string, unknown>, refAt(ctx, i + 1), issues, lineAt(ctx, i + 1));
    if (row === undefined)
      issues.push({ kind: 'parse-failure', message: 'JSON line has neither Names nor ID', line: lineAt(ctx, i + 1) });
    else rows.push(row);
  }
  if (rows.length === 0 && issues.length > 0) return { ok: false, issues };
  return { ok: true, value: rows, issues };
}

/** `docker compose ps --format json` (Compose 2.21+) and some wrappers print one JSON array, not lines. */
function parseJsonArray(text: string, lines: string[], start: number, ctx: ParseContext): ParseResult<DockerPsValue> {
  let arr: unknown;
  try {
    arr = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const message = 'output starts with [ but is not a JSON array';
    return { ok: false, issues: [{ kind: 'parse-failure', message, line: lineAt(ctx, start + 1) }] };
  }
  if (!Array.isArray(arr)) {
    const message = 'not a JSON array';
    return { ok: false, issues: [{ kind: 'parse-failure', message, line: lineAt(ctx, start + 1) }] };
  }
  const rows: DockerPsRow[] = [];
  const issues: ParseIssue[] = [];
  const end = Math.max(start + 1, lines.length);
  arr.forEach((o, k) => {
    const evidence = { ...refAt(ctx, start + 1, end), pointer: `/${k}` };
    const isObject = typeof o === 'object' && o !== null && !Array.isArray(o);
    const row = isObject ? jsonRow(o as Record<string, unknown>, evidence, issues, lineAt(ctx, start + 1)) : undefined;
    const message = `array element ${k} is not a container`;
    if (row === undefined) issues.push({ kind: 'parse-failure', message, line: lineAt(ctx, start + 1) });
    else rows.push(row);
  });
  return { ok: true, value: rows, issues };
}

/** One container object from either JSON form; Compose names the fields Name, Health, ExitCode, Publishers. */
function jsonRow(
  o: Record<string, unknown>,
  evidence: DockerPsRow['evidence'],
  issues: ParseIssue[],
  line: number,
): DockerPsRow | undefined {
  const cells: Cells = {
    id: str(o['ID']),
    image: str(o['Image']),
    command: str(o['Command']),
    createdAt: str(o['CreatedAt']),
    runningFor: str(o['RunningFor']),
    status: str(o['Status']),
    state: str(o['State']),
    ports: str(o['Ports']) ?? publishers(o['Publishers']),
    names: str(o['Names']) ?? str(o['Name']),
  };
  const row = toRow(cells, evidence, issues, line);
  if (row === undefined) return undefined;
  const health = str(o['Health'])?.trim().toLowerCase();
  const known = health === 'healthy' || health === 'unhealthy' || health === 'starting';
  if (row.health === 'none' && known) row.health = health;
  const exit = o['ExitCode'];
  const exited = row.exitCode === undefined && row.state === 'exited';
  if (exited && typeof exit === 'number' && Number.isInteger(exit)) row.exitCode = exit;
  return row;
}

/** Compose's Publishers as a PORTS cell: [{URL, TargetPort, PublishedPort, Protocol}] → "0.0.0.0:8080->80/tcp". */
function publishers(v: unknown): string | undefined {
  if (!Array.isArray(v)) return undefined;
  const parts: string[] = [];
  for (const p of v) {
    if (typeof p !== 'object' || p === null) continue;
    const r = p as Record<string, unknown>;
    const target = r['TargetPort'];
    if (typeof target !== 'number') continue;
    const proto = typeof r['Protocol'] === 'string' ? r['Protocol'] : 'tcp';
    const published = r['PublishedPort'];
    const url = typeof r['URL'] === 'string' ? r['URL'] : '';
    const host = url.includes(':') && !url.startsWith('[') ? `[${url}]` : url;
    const bound = typeof published === 'number' && published > 0;
    parts.push(bound ? `${host}:${published}->${target}/${proto}` : `${target}/${proto}`);
  }
  return parts.join(', ');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function toRow(
  cells: Cells,
  evidence: DockerPsRow['evidence'],
  issues: ParseIssue[],
  line: number,
): DockerPsRow | undefined {
  // Linked containers print several names ("web,app/web"); the first is the container's own.
  const name = cells.names?.split(',')[0]?.trim() || cells.id?.trim();
  if (!name) return undefined;
  const status = cells.status?.trim() || undefined;
  const parsed = parseStatus(status ?? '');
  const jsonState = stateFromWord(cells.state);
  const row: DockerPsRow = {
    name,
    state:
      jsonState !== 'unknown' && !(jsonState === 'running' && parsed.state === 'paused') ? jsonState : parsed.state,
    health: parsed.health,
    ports: [],
    evidence,
  };
  if (cells.id) row.id = cells.id;
  if (cells.image) row.image = cells.image;
  if (cells.command) row.command = unquote(cells.command);
  const created = cells.createdAt || cells.runningFor;
  if (created) row.createdText = created;
  if (status !== undefined) row.status = status;
  if (parsed.exitCode !== undefined) row.exitCode = parsed.exitCode;
  if (parsed.ageSeconds !== undefined) row.statusAgeSeconds = parsed.ageSeconds;
  if (cells.ports) {
    const ports = parsePorts(cells.ports);
    row.ports = ports.bindings;
    for (const bad of ports.unparsed)
      issues.push({ kind: 'parse-failure', message: `unrecognised port '${bad}' for ${name}`, line });
    if (ports.truncated)
      issues.push({
        kind: 'limit-exceeded',
        message: `${name} publishes more than ${MAX_PORTS} ports; kept the first ${MAX_PORTS}`,
        line,
      });
  }
  return row;
}

/** Docker quotes COMMAND ("sleep 3600"); the quotes are presentation, not part of the command. */
function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && (s.endsWith('"') || s.endsWith('…"')) ? s.slice(1, -1) : s;
}

function stateFromWord(word: string | undefined): ContainerState {
  switch (word?.trim().toLowerCase()) {
    case 'running':
      return 'running';
    case 'exited':
      return 'exited';
    case 'created':
      return 'created';
    case 'restarting':
      return 'restarting';
    case 'paused':
      return 'paused';
    case 'dead':
      return 'dead';
    case 'removing':
      return 'removing';
    default:
      return 'unknown';
  }
}

/** What the STATUS column says: state, health, exit code and how long ago the state began. */
export interface PsStatus {
  state: ContainerState;
  health: ContainerHealth;
  exitCode?: number;
  ageSeconds?: number;
}

/** Read a STATUS cell as Docker formats it (daemon/container State.String + health suffix). */
export function parseStatus(status: string): PsStatus {
  const s = status.trim();
  const health: ContainerHealth = /\(healthy\)/.test(s)
    ? 'healthy'
    : /\(unhealthy\)/.test(s)
      ? 'unhealthy'
      : /\(health: starting\)/.test(s)
        ? 'starting'
        : 'none';
  let m = /^Up (.+?)(?: \((?:Paused|healthy|unhealthy|health: starting)\))*$/.exec(s);
  if (m) {
    const out: PsStatus = { state: /\(Paused\)/.test(s) ? 'paused' : 'running', health };
    const age = parseHumanDuration(m[1] ?? '');
    if (age !== undefined) out.ageSeconds = age;
    return out;
  }
  // Compose v2 prints the state in lower case: "exited (0)".
  m = /^(Exited|Restarting) \((-?\d+)\)(?: (.+) ago)?$/i.exec(s);
  if (m) {
    const state = m[1]?.toLowerCase() === 'exited' ? 'exited' : 'restarting';
    const out: PsStatus = { state, health, exitCode: Number(m[2]) };
    const age = parseHumanDuration(m[3] ?? '');
    if (age !== undefined) out.ageSeconds = age;
    return out;
  }
  if (/^Created\b/.test(s)) return { state: 'created', health };
  if (/^Dead\b/.test(s)) return { state: 'dead', health };
  if (/^Removal In Progress\b/i.test(s)) return { state: 'removing', health };
  if (/^Paused\b/.test(s)) return { state: 'paused', health };
  return { state: 'unknown', health };
}

const UNIT_SECONDS: Record<string, number> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  week: 7 * 86400,
  month: 30 * 86400,
  year: 365 * 86400,
};

/** Seconds for go-units HumanDuration text ("About an hour", "6 days"); approximate by design. */
export function parseHumanDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^Less than a second$/i.test(t)) return 0;
  if (/^About a minute$/i.test(t)) return 60;
  if (/^About an hour$/i.test(t)) return 3600;
  const m = /^(\d+) (second|minute|hour|day|week|month|year)s?$/i.exec(t);
  if (!m) return undefined;
  const unit = UNIT_SECONDS[(m[2] ?? '').toLowerCase()];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

/** Parse a PORTS cell ("0.0.0.0:80->80/tcp, 6379/tcp") into bindings; ranges are expanded. */
export function parsePorts(cell: string): { bindings: PortBinding[]; unparsed: string[]; truncated: boolean } {
  const bindings: PortBinding[] = [];
  const unparsed: string[] = [];
  let truncated = false;
  for (const raw of cell.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    // [host-ip:]host-port[-end]->container-port[-end]/proto, or container-port[-end]/proto (exposed only).
    const m = /^(?:(.*):(\d+)(?:-(\d+))?->)?(\d+)(?:-(\d+))?\/([a-z]+)$/i.exec(part);
    if (!m) {
      unparsed.push(part);
      continue;
    }
    const hostIp = m[1] === undefined ? undefined : m[1].replace(/^\[(.*)\]$/, '$1');
    const hostStart = m[2] === undefined ? undefined : Number(m[2]);
    const cStart = Number(m[4]);
    const cEnd = m[5] === undefined ? cStart : Number(m[5]);
    const protocol = (m[6] ?? 'tcp').toLowerCase();
    for (let p = cStart; p <= cEnd; p++) {
      if (bindings.length >= MAX_PORTS) {
        truncated = true;
        break;
      }
      const b: PortBinding = { containerPort: p, protocol };
      if (hostIp !== undefined && hostIp !== '') b.hostIp = hostIp;
      if (hostStart !== undefined) b.hostPort = hostStart + (p - cStart);
      bindings.push(b);
    }
  }
  return { bindings, unparsed, truncated };
}

function firstNonBlank(text: string): string | undefined {
  let pos = 0;
  const src = text.replace(/^\uFEFF/, '');
  while (pos < src.length) {
    const nl = src.indexOf('\n', pos);
    const line = src.slice(pos, nl < 0 ? src.length : nl).replace(/\r$/, '');
    if (line.trim() !== '') return line;
    if (nl < 0) break;
    pos = nl + 1;
  }
  return undefined;
}
