// The flags `collect` and `collector` share, their config file, and their checks: one place, so the
// script is generated from exactly the options the Node collector would run with.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigInvalid, EvidexError } from '../../core/index.ts';
import { usageError } from '../../cli/usage-error.ts';
import { DEFAULT_OPTIONS, type CollectOptions } from './table.ts';

/** citty argument definitions shared by `collect` and `collector`. */
export const COLLECT_ARGS = {
  'redis-host': { type: 'string', description: 'Redis host (default 127.0.0.1)', valueHint: 'host' },
  'redis-port': { type: 'string', description: 'Redis port (default 6379)', valueHint: 'port' },
  'redis-tls': { type: 'boolean', description: 'Talk TLS to Redis (redis-cli --tls)' },
  'redis-cacert': { type: 'string', description: 'CA certificate for --redis-tls', valueHint: 'file' },
  redis: { type: 'boolean', description: 'Capture Redis (default); --no-redis skips it', default: true },
  docker: { type: 'boolean', description: 'Capture Docker (default); --no-docker skips it', default: true },
  containers: {
    type: 'string',
    description: 'Only these containers (comma-separated names); default all',
    valueHint: 'a,b',
  },
  'log-tail': {
    type: 'string',
    description: 'Log lines per container (docker logs --tail; default 1000)',
    valueHint: 'N',
  },
  health: {
    type: 'string',
    description: 'Health endpoints to probe with curl (comma-separated URLs)',
    valueHint: 'url,url',
  },
  'health-from-ports': {
    type: 'boolean',
    description: 'Also probe http://127.0.0.1:<port><health-path> for each published TCP port (default)',
    default: true,
  },
  'health-path': {
    type: 'string',
    description: 'Path probed on published ports (default /health)',
    valueHint: '/health',
  },
  timeout: { type: 'string', description: 'Seconds each command may run (default 10)', valueHint: 'seconds' },
  config: {
    type: 'string',
    description: 'Config file (YAML or JSON) with the same keys as the flags, e.g. redis-host: 10.0.0.5',
    valueHint: 'collect.yaml',
  },
} as const;

const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'a container name');
const Url = z.string().regex(/^https?:\/\/[^\s'"\\]{1,2000}$/, 'an http:// or https:// URL without spaces or quotes');

/** The config file: the flags' names as keys, strictly (a misspelt key is an error, not ignored). */
const ConfigFile = z
  .object({
    'redis-host': z.string(),
    'redis-port': z.number().int(),
    'redis-tls': z.boolean(),
    'redis-cacert': z.string(),
    redis: z.boolean(),
    docker: z.boolean(),
    containers: z.array(Name),
    'log-tail': z.number().int(),
    health: z.array(Url),
    'health-from-ports': z.boolean(),
    'health-path': z.string(),
    timeout: z.number(),
  })
  .partial()
  .strict();

/** The values of COLLECT_ARGS as citty hands them over. */
export type CollectArgs = { [K in keyof typeof COLLECT_ARGS]?: string | boolean | undefined };

const list = (s: string | undefined) =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

function readConfig(path: string): z.infer<typeof ConfigFile> {
  let data: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new EvidexError(ConfigInvalid, path, [`cannot read: ${(err as Error).message}`]);
  }
  const parsed = ConfigFile.safeParse(data ?? {});
  if (!parsed.success)
    throw new EvidexError(
      ConfigInvalid,
      path,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  return parsed.data;
}

/** Options from defaults, then the config file, then flags; each value checked. Usage error (exit 2) otherwise. */
export function resolveCollectOptions(args: CollectArgs, argv: readonly string[]): CollectOptions {
  const cfg = typeof args.config === 'string' ? readConfig(args.config) : {};
  const given = (flag: string) =>
    argv.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`) || a === `--no-${flag}`);
  const str = (k: keyof CollectArgs) => (typeof args[k] === 'string' ? (args[k] as string) : undefined);
  const bool = (k: keyof CollectArgs, fallback: boolean | undefined) => (given(k) ? args[k] === true : fallback);
  const int = (flag: string, value: string | number | undefined, min: number, max: number): number | undefined => {
    if (value === undefined) return undefined;
    const n = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max)
      throw usageError(`--${flag} must be a whole number from ${min} to ${max} (got '${value}')`);
    return n;
  };
  const o: CollectOptions = {
    ...DEFAULT_OPTIONS,
    redisHost: str('redis-host') ?? cfg['redis-host'] ?? DEFAULT_OPTIONS.redisHost,
    redisPort: int('redis-port', str('redis-port') ?? cfg['redis-port'], 1, 65535) ?? DEFAULT_OPTIONS.redisPort,
    redisTls: bool('redis-tls', cfg['redis-tls']) ?? false,
    redis: bool('redis', cfg.redis) ?? true,
    docker: bool('docker', cfg.docker) ?? true,
    containers: list(str('containers')) ?? cfg.containers ?? [],
    logTail: int('log-tail', str('log-tail') ?? cfg['log-tail'], 0, 1_000_000) ?? DEFAULT_OPTIONS.logTail,
    health: list(str('health')) ?? cfg.health ?? [],
    healthFromPorts: bool('health-from-ports', cfg['health-from-ports']) ?? true,
    healthPath: str('health-path') ?? cfg['health-path'] ?? DEFAULT_OPTIONS.healthPath,
    timeoutSeconds: int('timeout', str('timeout') ?? cfg.timeout, 1, 3600) ?? DEFAULT_OPTIONS.timeoutSeconds,
  };
  const cacert = str('redis-cacert') ?? cfg['redis-cacert'];
  if (cacert !== undefined) o.redisCacert = cacert;
  if (!/^[A-Za-z0-9_.:[\]-]{1,253}$/.test(o.redisHost) || o.redisHost.startsWith('-'))
    throw usageError(`--redis-host must be a host name or address (got '${o.redisHost}')`);
  if (o.redisCacert !== undefined && !o.redisTls) throw usageError('--redis-cacert needs --redis-tls');
  for (const c of o.containers)
    if (!Name.safeParse(c).success) throw usageError(`--containers: '${c}' is not a container name`);
  for (const u of o.health)
    if (!Url.safeParse(u).success) throw usageError(`--health: '${u}' is not an http(s) URL without spaces`);
  if (!/^\/[^\s'"\\]{0,500}$/.test(o.healthPath))
    throw usageError(`--health-path must start with / and hold no spaces (got '${o.healthPath}')`);
  return o;
}
