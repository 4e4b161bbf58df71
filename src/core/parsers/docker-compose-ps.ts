// Capture: docker compose ps -a          (Compose v2; docker-compose ps for v1)
//   NAME            IMAGE     COMMAND           SERVICE    CREATED         STATUS          PORTS
//   example-foo-1   alpine    "/entrypoint.…"   foo        4 seconds ago   Up 2 seconds    0.0.0.0:8080->80/tcp
//   example-bar-1   alpine    "/entrypoint.…"   bar        4 seconds ago   exited (0)
// Compose v2 prints a tabwriter table like docker ps (cells start at the header's offsets); its
// columns changed between releases (v2.0: NAME SERVICE STATUS PORTS; v2.6: + COMMAND; later
// + IMAGE, CREATED) and STATUS moved from Compose words ("running (healthy)", "exited (1)") to
// Docker's ("Up 2 seconds"). Compose v1 centres its headers ("Name  Command  State  Ports") over a
// dashed rule and separates cells by at least two spaces, with State "Up", "Exit 0", "Restarting".
import { z } from 'zod';
import { DockerPsRow } from '../model/container.ts';
import type { ContainerHealth } from '../model/container.ts';
import { parsePorts, parseStatus, type PsStatus } from './docker-ps.ts';
import { contentLines, defineParser, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';

/** One container of a Compose project, with the service it runs. */
export const ComposePsRow = DockerPsRow.extend({ service: z.string().optional() });
export type ComposePsRow = z.infer<typeof ComposePsRow>;

/** Value of the docker-compose-ps parser: one row per container, in printed order. */
export const DockerComposePsValue = z.array(ComposePsRow);
export type DockerComposePsValue = z.infer<typeof DockerComposePsValue>;

type Column = 'name' | 'image' | 'command' | 'service' | 'created' | 'status' | 'ports' | 'other';

/** Header words of both Compose generations (v1 writes them capitalised, v2 in capitals). */
const HEADERS: Record<string, Column> = {
  name: 'name',
  image: 'image',
  command: 'command',
  service: 'service',
  created: 'created',
  status: 'status',
  state: 'status',
  ports: 'ports',
};

/** A v2 header: NAME first, and SERVICE, which neither docker ps nor compose ls prints. */
const V2_HEADER = /^NAME {2,}(?:.* {2,})?SERVICE(?: {2,}|$)/;
/** A v1 header: Name, Command and State, centred; the next line is a dashed rule. */
const V1_HEADER = /^\s*Name {2,}Command {2,}State(?: {2,}|\s*$)/;
const RULE = /^-{10,}\s*$/;

/** Parser for `docker compose ps` (v2) and `docker-compose ps` (v1) tables → rows with their service. */
export const dockerComposePsParser = defineParser({
  id: 'docker-compose-ps',
  description: 'Containers of a Compose project from docker compose ps (v2) or docker-compose ps (v1)',
  command: 'docker compose ps -a',
  fileNames: /compose[_-]?ps/i,
  dropBom: true,
  detect(text, _name, named) {
    const lines = contentLines(text);
    const hint = named ? 0.05 : 0;
    if (V2_HEADER.test(lines[0] ?? '')) return 0.9 + hint;
    if (V1_HEADER.test(lines[0] ?? '') && RULE.test(lines[1] ?? '')) return 0.9 + hint;
    return 0;
  },
  schema: DockerComposePsValue,
  parse: (text, ctx) => parseDockerComposePs(text, ctx),
});

/** Parse a Compose ps table; never throws. */
export function parseDockerComposePs(text: string, ctx: ParseContext): ParseResult<DockerComposePsValue> {
  const lines = splitLines(text);
  const at = lines.findIndex((l) => l.trim() !== '');
  const headerLine = lines[at] ?? '';
  const v1 = V1_HEADER.test(headerLine);
  if (at < 0 || (!v1 && !V2_HEADER.test(headerLine))) {
    return {
      ok: false,
      issues: [
        {
          kind: 'parse-failure',
          message: 'no docker compose ps header (NAME … SERVICE/STATUS, or Name Command State)',
        },
      ],
    };
  }
  const header = readHeader(headerLine);
  const issues: ParseIssue[] = [];
  const rows: DockerComposePsValue = [];
  const first = v1 ? at + 2 : at + 1;
  for (let i = first; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '') continue;
    const cells = v1 ? cellsBySpacing(line, header) : cellsByOffset(line, header);
    const row = toRow(cells, refAt(ctx, i + 1), issues, ctx.firstLine + i);
    if (row) rows.push(row);
    else
      issues.push({
        kind: 'parse-failure',
        message: `row without a container name: '${line.trim().slice(0, 80)}'`,
        line: ctx.firstLine + i,
      });
  }
  if (rows.length === 0 && lines.slice(first).some((l) => l.trim() !== '')) return { ok: false, issues };
  return { ok: true, value: rows, issues };
}

interface HeaderCell {
  column: Column;
  offset: number;
}

function readHeader(line: string): HeaderCell[] {
  const cells: HeaderCell[] = [];
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) {
    cells.push({ column: HEADERS[m[0].toLowerCase()] ?? 'other', offset: m.index });
  }
  return cells;
}

type Cells = Partial<Record<Column, string>>;

/** v2: each cell starts at its header's offset (tabwriter). */
function cellsByOffset(line: string, header: HeaderCell[]): Cells {
  const cells: Cells = {};
  header.forEach((h, i) => {
    const end = header[i + 1]?.offset ?? line.length;
    const value = line.slice(h.offset, end).trim();
    if (value !== '' && h.column !== 'other') cells[h.column] = value;
  });
  return cells;
}

/** v1: headers are centred, so cells are told apart by runs of two or more spaces, in header order. */
function cellsBySpacing(line: string, header: HeaderCell[]): Cells {
  const cells: Cells = {};
  line
    .trim()
    .split(/ {2,}/)
    .forEach((value, i) => {
      const column = header[i]?.column;
      if (column !== undefined && column !== 'other') cells[column] = value;
    });
  return cells;
}

function toRow(
  cells: Cells,
  evidence: ComposePsRow['evidence'],
  issues: ParseIssue[],
  line: number,
): ComposePsRow | undefined {
  const name = cells.name;
  if (name === undefined) return undefined;
  const status = readStatus(cells.status ?? '');
  const row: ComposePsRow = { name, state: status.state, health: status.health, ports: [], evidence };
  if (cells.service !== undefined) row.service = cells.service;
  if (cells.image !== undefined) row.image = cells.image;
  if (cells.command !== undefined) row.command = cells.command.replace(/^"(.*)"$/, '$1');
  if (cells.created !== undefined) row.createdText = cells.created;
  if (cells.status !== undefined) row.status = cells.status;
  if (status.exitCode !== undefined) row.exitCode = status.exitCode;
  if (status.ageSeconds !== undefined) row.statusAgeSeconds = status.ageSeconds;
  if (cells.ports !== undefined) {
    const ports = parsePorts(cells.ports);
    row.ports = ports.bindings;
    for (const bad of ports.unparsed)
      issues.push({ kind: 'parse-failure', message: `unrecognised port '${bad}' for ${name}`, line });
  }
  return row;
}

const COMPOSE_STATE = /^(running|exited|restarting|paused|created|dead|removing)\b(?: \((-?\d+)\))?/i;

/** STATUS in any Compose generation: Docker's words, Compose v2's, or v1's State column. */
function readStatus(text: string): PsStatus {
  const s = text.trim();
  const docker = parseStatus(s);
  if (docker.state !== 'unknown') return docker;
  const health = healthOf(s);
  if (/^Up\b/.test(s)) return { state: /\bPaused\b/.test(s) ? 'paused' : 'running', health };
  const exit = /^Exit (-?\d+)$/.exec(s);
  if (exit) return { state: 'exited', health, exitCode: Number(exit[1]) };
  const m = COMPOSE_STATE.exec(s);
  if (!m) return { state: 'unknown', health };
  const state = (m[1] ?? '').toLowerCase() as PsStatus['state'];
  return m[2] !== undefined && state === 'exited' ? { state, health, exitCode: Number(m[2]) } : { state, health };
}

function healthOf(s: string): ContainerHealth {
  if (/\(healthy\)/.test(s)) return 'healthy';
  if (/\(unhealthy\)/.test(s)) return 'unhealthy';
  return /\((?:health: )?starting\)/.test(s) ? 'starting' : 'none';
}
