// Capture: docker version; docker compose version     (also docker version --format json)
//   Client: Docker Engine - Community
//    Version:           29.1.3
//    API version:       1.52
//   Server: Docker Engine - Community
//    Engine:
//     Version:          29.1.3
//     API version:      1.52 (minimum version 1.44)
//    containerd:
//     Version:          v2.2.0
//   Docker Compose version v5.0.0
// Docker < 17.06 printed Server fields straight under "Server:" with no "Engine:" block, and a client
// that cannot reach the daemon prints the Client block and then the daemon error. Compose prints
// "Docker Compose version v2.x" (plugin), "docker-compose version 1.29.2, build 5becea4c" (v1) or,
// with --format json, {"version":"v2.24.6"}.
import { z } from 'zod';
import { DockerVersion } from '../model/host.ts';
import { defineParser, issueAt, lineAt, oneCommandText, refAt, splitLines, trimmedLines } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';
import { startsWithOneOf } from '../text/one-of.ts';
import { DAEMON_ERROR_RESPONSE, DAEMON_UNREACHABLE } from './docker-cli.ts';

/** Value of the docker-version parser: engine versions plus Compose's, when captured. */
export const DockerVersionValue = DockerVersion.extend({ composeVersion: z.string().optional() });
export type DockerVersionValue = z.infer<typeof DockerVersionValue>;

const COMPOSE = /^(?:Docker Compose version|docker-compose version)\s+(v?\d[\w.+~-]*?)(?:,\s*build\s+\S+)?\s*$/i;
const DAEMON_ERROR = startsWithOneOf([...DAEMON_UNREACHABLE, DAEMON_ERROR_RESPONSE], '', 'i');

/** Parser for `docker version` (text or JSON) and `docker compose version`. */
export const dockerVersionParser = defineParser({
  id: 'docker-version',
  description: 'Docker client/server/containerd/runc versions and the Compose version',
  command: 'docker version; docker compose version',
  fileNames: /docker[_-]?version|compose[_-]?version|versions?/i,
  ...oneCommandText('docker version capture is empty'),
  detect(text): number {
    const lines = trimmedLines(text);
    const first = lines[0];
    if (first === undefined) return 0;
    if (first.startsWith('{')) {
      const json = parseJsonObject(text);
      if (json === undefined) {
        // docker version --format json with an unreachable daemon: JSON line, then the error.
        const head = parseJsonObject(first);
        return head !== undefined && isObject(head['Client']) ? 0.9 : 0;
      }
      if (isObject(json['Client']) && ('Server' in json || typeof json['Client']['Version'] === 'string')) return 0.95;
      if (Object.keys(json).length === 1 && typeof json['version'] === 'string') return 0.6;
      return 0;
    }
    if (lines.every((l) => COMPOSE.test(l))) return 0.95;
    if (/^Client:/.test(first) && lines.slice(1, 4).some((l) => /^Version:\s+\S/.test(l))) return 0.95;
    if (
      /^Server:/.test(first) &&
      lines.some((l) => /^Version:\s+\S/.test(l)) &&
      lines.some((l) => /^API version:/.test(l))
    )
      return 0.9;
    return 0;
  },
  schema: DockerVersionValue,
  parse: parseDockerVersion,
});

/** Parse `docker version` / `docker compose version` output; never throws. */
function parseDockerVersion(text: string, ctx: ParseContext): ParseResult<DockerVersionValue> {
  const lines = splitLines(text);
  const start = lines.findIndex((l) => l.trim() !== '');
  if ((lines[start] ?? '').trim().startsWith('{')) return parseJson(lines, start, ctx);
  return parseText(lines, start, ctx);
}

function parseText(lines: string[], start: number, ctx: ParseContext): ParseResult<DockerVersionValue> {
  const issues: ParseIssue[] = [];
  let block: 'client' | 'server' | undefined;
  let component = '';
  let clientApi: string | undefined;
  let serverApi: string | undefined;
  let last = start;
  const value: Partial<DockerVersionValue> = {};
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.trim();
    if (line === '') continue;
    const compose = COMPOSE.exec(line);
    if (compose) {
      value.composeVersion = compose[1] ?? '';
      last = i;
      continue;
    }
    if (DAEMON_ERROR.test(line)) {
      issues.push(issueAt(ctx, 'error-output', `docker could not reach the daemon: ${line.slice(0, 160)}`, i + 1));
      continue;
    }
    if (/^Client\b.*:/.test(line) && !/^\s/.test(raw)) {
      block = 'client';
      component = '';
      continue;
    }
    if (/^Server\b.*:/.test(line) && !/^\s/.test(raw)) {
      block = 'server';
      component = '';
      continue;
    }
    const m = /^([A-Za-z][\w /.-]*?):\s*(.*)$/.exec(line);
    if (!m || block === undefined) continue;
    const key = m[1] ?? '';
    const val = (m[2] ?? '').trim();
    if (val === '') {
      // "Engine:", "containerd:", "runc:", "docker-init:" open a component block inside Server.
      component = key.toLowerCase();
      continue;
    }
    last = i;
    if (block === 'client') {
      if (key === 'Version') value.clientVersion = val;
      else if (key === 'API version') clientApi = firstWord(val);
      continue;
    }
    // Server fields before any component block belong to the engine (pre-17.06 layout).
    const engine = component === '' || component === 'engine';
    if (key === 'Version') {
      if (engine) value.serverVersion = val;
      else if (component === 'containerd') value.containerdVersion = val;
      else if (component === 'runc') value.runcVersion = val;
    } else if (key === 'API version' && engine) serverApi = firstWord(val);
  }
  const api = serverApi ?? clientApi;
  if (api !== undefined) value.apiVersion = api;
  if (value.clientVersion === undefined && value.serverVersion === undefined && value.composeVersion === undefined) {
    return {
      ok: false,
      issues: [
        ...issues,
        { kind: 'unrecognised', message: 'no Docker or Compose version found', line: lineAt(ctx, start + 1) },
      ],
    };
  }
  return { ok: true, value: { ...value, evidence: refAt(ctx, start + 1, last + 1) }, issues };
}

function parseJson(lines: string[], start: number, ctx: ParseContext): ParseResult<DockerVersionValue> {
  const issues: ParseIssue[] = [];
  let end = lines.length - 1;
  let json = parseJsonObject(lines.slice(start).join('\n'));
  if (json === undefined) {
    // JSON line followed by a daemon error on stderr.
    json = parseJsonObject(lines[start] ?? '');
    end = start;
    for (let i = start + 1; i < lines.length; i++) {
      const line = (lines[i] ?? '').trim();
      if (DAEMON_ERROR.test(line))
        issues.push(issueAt(ctx, 'error-output', `docker could not reach the daemon: ${line.slice(0, 160)}`, i + 1));
    }
  }
  if (json === undefined)
    return {
      ok: false,
      issues: [{ kind: 'parse-failure', message: 'docker version JSON does not parse', line: lineAt(ctx, start + 1) }],
    };
  while (end > start && (lines[end] ?? '').trim() === '') end--;
  const value: DockerVersionValue = { evidence: refAt(ctx, start + 1, end + 1) };
  if (typeof json['version'] === 'string' && json['Client'] === undefined) {
    value.composeVersion = json['version'];
    return { ok: true, value, issues };
  }
  const client = isObject(json['Client']) ? json['Client'] : undefined;
  const server = isObject(json['Server']) ? json['Server'] : undefined;
  const str = (o: Record<string, unknown> | undefined, k: string) =>
    o !== undefined && typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : undefined;
  const cv = str(client, 'Version');
  if (cv !== undefined) value.clientVersion = cv;
  const sv = str(server, 'Version');
  if (sv !== undefined) value.serverVersion = sv;
  const api = str(server, 'ApiVersion') ?? str(client, 'ApiVersion');
  if (api !== undefined) value.apiVersion = api;
  const components = Array.isArray(server?.['Components']) ? (server['Components'] as unknown[]) : [];
  for (const c of components) {
    if (!isObject(c) || typeof c['Version'] !== 'string') continue;
    if (c['Name'] === 'containerd') value.containerdVersion = c['Version'];
    else if (c['Name'] === 'runc') value.runcVersion = c['Version'];
    else if (c['Name'] === 'Engine' && value.serverVersion === undefined) value.serverVersion = c['Version'];
  }
  if (value.clientVersion === undefined && value.serverVersion === undefined) {
    return {
      ok: false,
      issues: [
        ...issues,
        {
          kind: 'unrecognised',
          message: 'docker version JSON has no Client or Server version',
          line: lineAt(ctx, start + 1),
        },
      ],
    };
  }
  return { ok: true, value, issues };
}

function firstWord(s: string): string {
  return s.split(/\s+/)[0] ?? s;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
