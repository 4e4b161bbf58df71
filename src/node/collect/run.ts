// `evidex collect`: walk the command table (table.ts) on this host, each command under a timeout,
// redact each output with the core's redactor before it is kept, and hand back the bundle's files
// plus manifest.json. Nothing is written until the whole capture is done (write.ts packs it).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRedactor, TOOL_VERSION } from '../../core/index.ts';
import {
  MANIFEST_FORMAT,
  type Manifest,
  type ManifestFile,
  type ManifestSubject,
  type NotCollected,
} from '../../core/bundle/manifest.ts';
import {
  classifyFailure,
  CUT_NAME_CHARS,
  isSafeByte,
  MAX_NAME_CHARS,
  MAX_SCAN_PAGES,
  redisPrefix,
  TABLE,
  type CollectOptions,
  type Step,
  type Var,
} from './table.ts';

/** The captured bundle, in memory: redacted files by path, and the manifest describing them. */
export interface Capture {
  manifest: Manifest;
  files: Map<string, Uint8Array>;
}

/** Where `collect` runs its commands: environment (PATH, REDISCLI_AUTH) and clock. */
export interface CollectContext {
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Called before each command, for progress. */
  onStep?: (path: string) => void;
}

/** A variable's exact bytes (argv gets them as UTF-8 text, file names get them encoded). */
type Vars = Partial<Record<Var, Uint8Array>>;

/** A name made safe for a path segment: [A-Za-z0-9_-] kept, every other byte %hh; long names cut and hashed. */
export function encodeName(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += isSafeByte(b) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`;
  if (out === '') return '~';
  if (out.length <= MAX_NAME_CHARS) return out;
  const hash = createHash('sha256').update(Buffer.from(bytes).toString('hex')).digest('hex').slice(0, 16);
  return `${out.slice(0, CUT_NAME_CHARS)}~${hash}`;
}

const utf8 = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true });

/** The text of a name that can be passed as one argv word, or undefined (bad UTF-8, or a NUL byte). */
function asArg(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

interface Ran {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

/** Run one command without a shell, stdin closed, killed after `timeoutSeconds` (exit 124, as timeout(1) says). */
function exec(argv: string[], timeoutSeconds: number, merge: boolean, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    const start = performance.now();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (merge ? out : err).push(b));
    child.on('error', (e: NodeJS.ErrnoException) => (spawnError = e));
    child.on('close', (code) => {
      clearTimeout(timer);
      const exitCode = timedOut
        ? 124
        : spawnError?.code === 'ENOENT'
          ? 127
          : spawnError?.code === 'EACCES'
            ? 126
            : (code ?? 128);
      const stderr = Buffer.concat(err).toString('utf8') || (spawnError ? `${argv[0]}: ${spawnError.code}` : '');
      resolve({
        stdout: Buffer.concat(out),
        stderr,
        exitCode,
        durationMs: Math.round(performance.now() - start),
      });
    });
  });
}

/** Capture every evidence kind evidex reads from this host. Never throws for a failing command: that is a gap. */
export async function collect(options: CollectOptions, ctx: CollectContext = {}): Promise<Capture> {
  const env = ctx.env ?? process.env;
  const now = ctx.now ?? (() => new Date());
  const capturedAt = now().toISOString();
  const redactor = createRedactor({ enabled: true });
  const files = new Map<string, Uint8Array>();
  const listed: ManifestFile[] = [];
  const gaps: NotCollected[] = [];
  const firstLine = (s: string, file: string) =>
    redactor
      .redactText(s.split('\n').find((l) => l.trim() !== '') ?? '', file)
      .text.replace(/[\x00-\x1f\x7f]/g, ' ')
      .slice(0, 300);

  /** Run one step; keep its (redacted) output when it printed something or succeeded. */
  const run = async (step: Step, vars: Vars, subject: ManifestSubject, prefix: string[] = []) => {
    const path = step.path
      .map((p) => (typeof p === 'string' ? p : encodeName(vars[p.enc] ?? new Uint8Array())))
      .join('');
    const argv = [
      ...prefix,
      ...step.argv.map((w) => (typeof w === 'string' ? w : Buffer.from(vars[w.var]!).toString())),
    ];
    ctx.onStep?.(path);
    const r = await exec(argv, options.timeoutSeconds, step.mergeStderr === true, env);
    const detail = firstLine(r.stderr, path);
    if (r.exitCode !== 0 && r.stdout.length === 0) {
      const reason = classifyFailure(r.exitCode, r.stderr);
      gaps.push({
        what: path,
        argv,
        exitCode: r.exitCode,
        reason,
        detail: detail || `exit ${r.exitCode}, no output`,
        ...subject,
      });
      return { ok: false, raw: r.stdout, reason, exitCode: r.exitCode };
    }
    const data = utf8.encode(redactor.redactText(new TextDecoder().decode(r.stdout), path).text);
    files.set(path, data);
    listed.push({
      path,
      argv,
      exitCode: r.exitCode,
      durationMs: r.durationMs,
      bytes: data.byteLength,
      sha256: createHash('sha256').update(data).digest('hex'),
      ...(step.parser ? { parser: step.parser } : {}),
      ...(step.kind ? { kind: step.kind } : {}),
      ...subject,
      ...(detail ? { stderr: detail } : {}),
    });
    return {
      ok: r.exitCode === 0,
      raw: r.stdout,
      reason: classifyFailure(r.exitCode, `${r.stderr}\n${r.stdout}`),
      exitCode: r.exitCode,
    };
  };

  for (const step of TABLE.system) await run(step, {}, {});
  const ports = options.docker ? await collectDocker(options, run, gaps) : [];
  if (options.redis) await collectRedis(options, run, gaps);

  const urls = [...new Set([...options.health, ...(options.healthFromPorts ? ports.map((p) => p.url) : [])])];
  for (const url of urls) {
    const container = ports.find((p) => p.url === url)?.container;
    const r = await run(
      TABLE.health,
      { url: utf8.encode(url), timeout: utf8.encode(String(options.timeoutSeconds)) },
      {
        url,
        ...(container ? { container } : {}),
      },
    );
    if (r.exitCode === 127) {
      gaps.push({
        what: 'health',
        reason: 'absent',
        detail: 'curl is not installed: the other endpoints were not probed',
      });
      break;
    }
  }

  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    collector: { name: 'evidex collect', version: TOOL_VERSION, runtime: 'node' },
    hostname: hostname(),
    capturedAt,
    finishedAt: now().toISOString(),
    files: listed,
    notCollected: gaps,
  };
  return { manifest, files };
}

type Run = (
  step: Step,
  vars: Vars,
  subject: ManifestSubject,
  prefix?: string[],
) => Promise<{ ok: boolean; raw: Buffer; reason: NotCollected['reason']; exitCode: number }>;

/** docker ps, then inspect and logs of each (selected) container, then compose projects and files. */
async function collectDocker(
  o: CollectOptions,
  run: Run,
  gaps: NotCollected[],
): Promise<Array<{ container: string; url: string }>> {
  const ps = await run(TABLE.dockerPs, {}, {});
  if (!ps.ok) {
    gaps.push({
      what: 'docker',
      reason: 'skipped',
      detail: 'docker ps did not succeed: inspect, logs and compose were not run',
    });
    return [];
  }
  const rows = ps.raw
    .toString('utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const row = JSON.parse(line) as { Names?: unknown; Ports?: unknown };
        return typeof row.Names === 'string'
          ? [{ name: row.Names, ports: typeof row.Ports === 'string' ? row.Ports : '' }]
          : [];
      } catch {
        return [];
      }
    });
  const wanted = o.containers.length === 0 ? rows : rows.filter((r) => o.containers.includes(r.name));
  for (const name of o.containers.filter((c) => !rows.some((r) => r.name === c)))
    gaps.push({
      what: `container ${name}`,
      container: name,
      reason: 'skipped',
      detail: 'no such container in docker ps -a',
    });
  const urls: Array<{ container: string; url: string }> = [];
  for (const row of wanted) {
    const vars = { container: utf8.encode(row.name), tail: utf8.encode(String(o.logTail)) };
    for (const step of TABLE.perContainer) await run(step, vars, { container: row.name });
    for (const port of new Set([...row.ports.matchAll(/:(\d+)->\d+\/tcp/g)].map((m) => m[1]!)))
      urls.push({ container: row.name, url: `http://127.0.0.1:${port}${o.healthPath}` });
  }
  const ls = await run(TABLE.composeLs, {}, {});
  if (ls.ok) {
    let projects: unknown;
    try {
      projects = JSON.parse(ls.raw.toString('utf8'));
    } catch {
      projects = [];
    }
    const paths = (Array.isArray(projects) ? projects : []).flatMap((p: { ConfigFiles?: unknown }) =>
      typeof p.ConfigFiles === 'string' ? p.ConfigFiles.split(',') : [],
    );
    for (const file of new Set(paths.filter((p) => p.startsWith('/'))))
      await run(TABLE.composeFile, { file: utf8.encode(file) }, {});
  }
  return urls;
}

/** INFO (the reachability check), server lists, SCAN pages, then each stream and each of its groups. */
async function collectRedis(o: CollectOptions, run: Run, gaps: NotCollected[]): Promise<void> {
  const prefix = redisPrefix(o);
  const info = await run(TABLE.redisInfo, {}, {}, prefix);
  if (!info.ok || !info.raw.includes('redis_version:')) {
    const reason = info.ok ? classifyFailure(1, info.raw.toString('utf8')) : info.reason;
    gaps.push({
      what: 'redis',
      reason,
      detail: `INFO did not answer from ${o.redisHost}:${o.redisPort}: nothing else of Redis was asked`,
    });
    return;
  }
  for (const step of TABLE.redisServer) await run(step, {}, {}, prefix);
  const keys = new Map<string, Uint8Array>();
  let cursor = '0';
  for (let page = 1; page <= MAX_SCAN_PAGES; page++) {
    const vars = { cursor: utf8.encode(cursor), page: utf8.encode(String(page).padStart(4, '0')) };
    const r = await run(TABLE.redisScan, vars, {}, prefix);
    const lines = splitLines(r.raw);
    const next = lines.shift();
    if (!r.ok || next === undefined || !/^\d+$/.test(next.toString())) {
      gaps.push({
        what: 'redis/scan',
        reason: r.ok ? 'failed' : r.reason,
        detail: `SCAN ${cursor} did not return a cursor: the stream list may be incomplete`,
      });
      break;
    }
    for (const k of lines) keys.set(Buffer.from(k).toString('hex'), k);
    cursor = next.toString();
    if (cursor === '0') break;
  }
  for (const [hex, key] of [...keys].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const text = asArg(key);
    const subject = { streamHex: hex, ...(text !== undefined ? { streamName: text } : {}) };
    if (text === undefined) {
      gaps.push({
        what: 'redis/streams',
        ...subject,
        reason: 'unsupported',
        detail: 'the key is not valid UTF-8 text: Node cannot pass it as an argument (the sh collector can)',
      });
      continue;
    }
    let groups: Uint8Array[] = [];
    for (const step of TABLE.perStream) {
      const r = await run(step, { stream: key }, subject, prefix);
      if (step.parser === 'redis-xinfo-groups' && r.ok) groups = groupNames(r.raw);
    }
    for (const group of groups) {
      const name = asArg(group);
      const gs = {
        ...subject,
        groupHex: Buffer.from(group).toString('hex'),
        ...(name !== undefined ? { groupName: name } : {}),
      };
      if (name === undefined) {
        gaps.push({
          what: 'redis/groups',
          ...gs,
          reason: 'unsupported',
          detail: 'the group name is not valid UTF-8 text',
        });
        continue;
      }
      for (const step of TABLE.perGroup) await run(step, { stream: key, group }, gs, prefix);
    }
  }
}

/** Lines of raw redis-cli output as bytes, without the newline after the last one. */
function splitLines(raw: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let nl = raw.indexOf(10); nl >= 0; nl = raw.indexOf(10, start)) {
    out.push(raw.subarray(start, nl));
    start = nl + 1;
  }
  if (start < raw.length) out.push(raw.subarray(start));
  return out;
}

/** Group names in raw XINFO GROUPS output: the value after each `name` field (fields come in pairs). */
export function groupNames(raw: Buffer): Buffer[] {
  const lines = splitLines(raw);
  const names: Buffer[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) if (lines[i]!.toString() === 'name') names.push(lines[i + 1]!);
  return names;
}
