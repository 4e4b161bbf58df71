// Capture: docker compose ls -a          (or docker compose ls -a --format json)
//   NAME                STATUS                  CONFIG FILES
//   quantum_trader      running(33)             /home/qt/quantum_trader/docker-compose.yml
//   monitoring          running(2), exited(1)   /opt/mon/compose.yaml,/opt/mon/compose.override.yaml
//   [{"Name":"quantum_trader","Status":"running(33)","ConfigFiles":"/home/qt/quantum_trader/docker-compose.yml"}]
// Compose prints the table with Go's tabwriter, so cells start at the header's column offsets; a
// STATUS cell holds ", " when a project has containers in several states, so rows are cut at those
// offsets and only fall back to splitting on 2+ spaces when they do not line up. CONFIG FILES is a
// comma-separated list.
import { z } from 'zod';
import { ComposeProject } from '../model/host.ts';
import { contentLines, defineParser, issueAt, lineAt, oneCommandText, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';

/** Value of the compose-ls parser: one entry per Compose project. */
export const ComposeLsValue = z.object({ projects: z.array(ComposeProject) });
export type ComposeLsValue = z.infer<typeof ComposeLsValue>;

// podman-compose ls heads the last column CONFIG_FILES.
const HEADER = /^NAME\s{2,}STATUS(\s{2,}CONFIG[ _]FILES)?\s*$/;

/** Parser for `docker compose ls`, table or JSON. */
export const composeLsParser = defineParser({
  id: 'compose-ls',
  description: 'Compose projects, their status and config files from docker compose ls',
  command: 'docker compose ls -a --format json',
  fileNames: /compose[_-]?ls|compose[_-]projects/i,
  ...oneCommandText('docker compose ls capture is empty'),
  detect(text): number {
    const lines = contentLines(text);
    const first = (lines[0] ?? '').trim();
    if (first === '') return 0;
    if (HEADER.test(first)) return /CONFIG[ _]FILES/.test(first) ? 0.95 : 0.85;
    if (first.startsWith('[')) {
      const list = parseJsonArray(text);
      if (list === undefined) return 0;
      if (list.length === 0) return 0.1;
      return list.every(
        (p) =>
          isObject(p) &&
          typeof p['Name'] === 'string' &&
          typeof p['Status'] === 'string' &&
          'ConfigFiles' in p &&
          !('Id' in p),
      )
        ? 0.95
        : 0;
    }
    return 0;
  },
  schema: ComposeLsValue,
  parse: parseComposeLs,
});

/** Parse `docker compose ls` output; never throws. */
function parseComposeLs(text: string, ctx: ParseContext): ParseResult<ComposeLsValue> {
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  const start = lines.findIndex((l) => l.trim() !== '');
  const first = (lines[start] ?? '').trim();
  if (first.startsWith('[')) return parseJson(text, lines, start, ctx);
  if (!HEADER.test(first)) {
    return {
      ok: false,
      issues: [
        {
          kind: 'unrecognised',
          message: `no docker compose ls header: '${first.slice(0, 120)}'`,
          line: lineAt(ctx, start + 1),
        },
      ],
    };
  }
  const header = lines[start] ?? '';
  const statusAt = header.indexOf('STATUS');
  const filesAt = header.search(/CONFIG[ _]FILES/);
  const projects: ComposeProject[] = [];
  const issues: ParseIssue[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').trimEnd();
    if (line.trim() === '') continue;
    const cells = cut(line, statusAt, filesAt);
    if (cells === undefined) {
      issues.push(
        issueAt(ctx, 'parse-failure', `row does not line up with the header: '${line.trim().slice(0, 120)}'`, i + 1),
      );
      continue;
    }
    projects.push({ name: cells[0], status: cells[1], configFiles: splitFiles(cells[2]), evidence: refAt(ctx, i + 1) });
  }
  return { ok: true, value: { projects }, issues };
}

function cut(line: string, statusAt: number, filesAt: number): [string, string, string] | undefined {
  const aligned = line[statusAt - 1] === ' ' && (filesAt < 0 || filesAt >= line.length || line[filesAt - 1] === ' ');
  if (aligned) {
    const name = line.slice(0, statusAt).trim();
    const status = (filesAt < 0 ? line.slice(statusAt) : line.slice(statusAt, filesAt)).trim();
    const files = filesAt < 0 ? '' : line.slice(filesAt).trim();
    if (name !== '' && status !== '') return [name, status, files];
  }
  const parts = line.trim().split(/\s{2,}/);
  if (parts.length < 2 || parts.length > 3) return undefined;
  return [parts[0] ?? '', parts[1] ?? '', parts[2] ?? ''];
}

function splitFiles(cell: string): string[] {
  return cell
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
}

function parseJson(text: string, lines: string[], start: number, ctx: ParseContext): ParseResult<ComposeLsValue> {
  const list = parseJsonArray(text);
  if (list === undefined)
    return {
      ok: false,
      issues: [
        { kind: 'parse-failure', message: 'docker compose ls JSON does not parse', line: lineAt(ctx, start + 1) },
      ],
    };
  const projects: ComposeProject[] = [];
  const issues: ParseIssue[] = [];
  list.forEach((p, k) => {
    if (!isObject(p) || typeof p['Name'] !== 'string') {
      issues.push(issueAt(ctx, 'parse-failure', `entry ${k} of docker compose ls JSON has no Name`, start + 1));
      return;
    }
    const name = p['Name'];
    // Pretty-printed JSON: cite the line that names the project; compact JSON is one line anyway.
    const at = lines.findIndex((l, i) => i >= start && l.includes(JSON.stringify(name)) && l.includes('"Name"'));
    const line = at >= 0 ? at + 1 : start + 1;
    const files = typeof p['ConfigFiles'] === 'string' ? splitFiles(p['ConfigFiles']) : [];
    projects.push({
      name,
      status: typeof p['Status'] === 'string' ? p['Status'] : '',
      configFiles: files,
      evidence: { ...refAt(ctx, line), pointer: `/${k}` },
    });
  });
  return { ok: true, value: { projects }, issues };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJsonArray(text: string): unknown[] | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
