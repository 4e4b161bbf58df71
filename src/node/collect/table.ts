// The one command table both collectors walk: `evidex collect` runs it from Node (run.ts) and
// `evidex collector` turns it into a POSIX sh script (script.ts), so the two capture the same files
// with the same commands and can never drift. Every command only reads. Words that depend on what an
// earlier command printed (a container, a stream key, a group) are variables, filled per item.
import type { ParserId } from '../../core/index.ts';

/** A value filled in per item or from the options. */
export type Var = 'container' | 'stream' | 'group' | 'url' | 'file' | 'cursor' | 'page' | 'tail' | 'timeout';

/** One argv word: literal, or a variable's exact value. */
export type Word = string | { var: Var };

/** One part of a bundle path: literal, or a variable's value made safe for a file name (see encodeName). */
export type PathPart = string | { enc: Var };

/** One capture: where its output goes, the command, what reads it. */
export interface Step {
  path: PathPart[];
  argv: Word[];
  /** Parser that reads the output (recorded in the manifest: no guessing from names later). */
  parser?: ParserId;
  /** What the file is when no parser reads it. */
  kind?: string;
  /** stderr is part of the capture (docker logs writes the container's stderr there). */
  mergeStderr?: boolean;
}

/** Options both collectors take (flags and config). */
export interface CollectOptions {
  redis: boolean;
  redisHost: string;
  redisPort: number;
  redisTls: boolean;
  redisCacert?: string;
  docker: boolean;
  /** Only these containers (names); empty: all. */
  containers: string[];
  logTail: number;
  /** Health endpoints to probe, as given. */
  health: string[];
  /** Also probe http://127.0.0.1:<port><healthPath> for each published TCP port. */
  healthFromPorts: boolean;
  healthPath: string;
  /** Seconds each command may run. */
  timeoutSeconds: number;
}

/** Defaults: local Redis, every container, 1000 log lines, 10 s per command. */
export const DEFAULT_OPTIONS: CollectOptions = {
  redis: true,
  redisHost: '127.0.0.1',
  redisPort: 6379,
  redisTls: false,
  docker: true,
  containers: [],
  logTail: 1000,
  health: [],
  healthFromPorts: true,
  healthPath: '/health',
  timeoutSeconds: 10,
};

const v = (name: Var) => ({ var: name });
const e = (name: Var) => ({ enc: name });

/** The command table, in the order both collectors walk it. Argv of the Redis steps follows the redis-cli prefix. */
export interface CommandTable {
  /** Host context: each command on its own. */
  system: Step[];
  /** Lists the containers; everything else of Docker is skipped when it fails. */
  dockerPs: Step;
  /** Per container (`container`). */
  perContainer: Step[];
  /** Compose projects, and the compose files they name (`file`). */
  composeLs: Step;
  composeFile: Step;
  /** Redis, whole server: INFO is the reachability check. */
  redisInfo: Step;
  redisServer: Step[];
  /** One SCAN page (`cursor`, `page`): streams only, never KEYS. */
  redisScan: Step;
  /** Per stream (`stream`). */
  perStream: Step[];
  /** Per group (`stream`, `group`). */
  perGroup: Step[];
  /** Per health endpoint (`url`). */
  health: Step;
}

export const TABLE: CommandTable = {
  system: [
    { path: ['system/uname.txt'], argv: ['uname', '-a'], parser: 'uname' },
    { path: ['system/os-release.txt'], argv: ['cat', '/etc/os-release'], parser: 'lsb-release' },
    { path: ['system/uptime.txt'], argv: ['uptime'], parser: 'uptime' },
    { path: ['system/free.txt'], argv: ['free', '-b'], parser: 'free' },
    { path: ['system/df.txt'], argv: ['df', '-B1', '-T'], parser: 'df' },
    { path: ['system/nproc.txt'], argv: ['nproc'], kind: 'nproc' },
  ],
  dockerPs: {
    path: ['docker/ps.jsonl'],
    argv: ['docker', 'ps', '-a', '--no-trunc', '--format', '{{json .}}'],
    parser: 'docker-ps',
  },
  perContainer: [
    {
      path: ['docker/inspect/', e('container'), '.json'],
      argv: ['docker', 'inspect', v('container')],
      parser: 'docker-inspect',
    },
    {
      path: ['docker/logs/', e('container'), '.log'],
      argv: ['docker', 'logs', '-t', '--tail', v('tail'), v('container')],
      parser: 'docker-logs',
      mergeStderr: true,
    },
  ],
  composeLs: {
    path: ['docker/compose-ls.json'],
    argv: ['docker', 'compose', 'ls', '--format', 'json'],
    parser: 'compose-ls',
  },
  composeFile: { path: ['docker/compose/', e('file')], argv: ['cat', v('file')], kind: 'compose-file' },
  redisInfo: { path: ['redis/info.txt'], argv: ['INFO', 'all'], parser: 'redis-info' },
  redisServer: [
    { path: ['redis/client-list.txt'], argv: ['CLIENT', 'LIST'], parser: 'redis-client-list' },
    { path: ['redis/slowlog-get.txt'], argv: ['SLOWLOG', 'GET', '128'], parser: 'redis-slowlog' },
    { path: ['redis/slowlog-len.txt'], argv: ['SLOWLOG', 'LEN'], kind: 'redis-slowlog-len' },
  ],
  redisScan: {
    path: ['redis/scan/', e('page'), '.txt'],
    argv: ['SCAN', v('cursor'), 'TYPE', 'stream', 'COUNT', '1000'],
    parser: 'redis-stream-keys',
  },
  perStream: [
    { path: ['redis/streams/', e('stream'), '/xlen.txt'], argv: ['XLEN', v('stream')], parser: 'redis-xlen' },
    {
      path: ['redis/streams/', e('stream'), '/xinfo-stream.txt'],
      argv: ['XINFO', 'STREAM', v('stream')],
      parser: 'redis-xinfo-stream',
    },
    {
      path: ['redis/streams/', e('stream'), '/xinfo-groups.txt'],
      argv: ['XINFO', 'GROUPS', v('stream')],
      parser: 'redis-xinfo-groups',
    },
    {
      path: ['redis/streams/', e('stream'), '/xrevrange.txt'],
      argv: ['XREVRANGE', v('stream'), '+', '-', 'COUNT', '3'],
      parser: 'redis-xrange',
    },
  ],
  perGroup: [
    {
      path: ['redis/streams/', e('stream'), '/groups/', e('group'), '/xinfo-consumers.txt'],
      argv: ['XINFO', 'CONSUMERS', v('stream'), v('group')],
      parser: 'redis-xinfo-consumers',
    },
    {
      path: ['redis/streams/', e('stream'), '/groups/', e('group'), '/xpending.txt'],
      argv: ['XPENDING', v('stream'), v('group')],
      parser: 'redis-xpending',
    },
  ],
  health: {
    path: ['health/', e('url'), '.txt'],
    argv: ['curl', '-sS', '-i', '-m', v('timeout'), v('url')],
    parser: 'http-health',
  },
};

/** At most this many SCAN pages (1000 keys asked per page). */
export const MAX_SCAN_PAGES = 10_000;

/** The redis-cli words before every Redis command. The password comes only from REDISCLI_AUTH. */
export function redisPrefix(o: CollectOptions): string[] {
  const tls = o.redisTls ? ['--tls', ...(o.redisCacert ? ['--cacert', o.redisCacert] : [])] : [];
  return ['redis-cli', '--raw', '-h', o.redisHost, '-p', String(o.redisPort), ...tls];
}

/** stderr (or output) that means the service is not there to ask: matched case-insensitively (JS and grep -Ei). */
export const UNREACHABLE =
  'cannot connect to the docker daemon|is the docker daemon running|could not connect to redis|connection refused|' +
  'no route to host|name or service not known|could not resolve host|failed to connect';
/** stderr (or output) that means access was refused. */
export const DENIED = 'permission denied|noauth|wrongpass|noperm|auth failed|access denied';

/** Why a command did not give its capture, from its exit code and what it wrote on stderr. */
export function classifyFailure(
  exitCode: number,
  stderr: string,
): 'absent' | 'timeout' | 'permission-denied' | 'unreachable' | 'failed' {
  if (exitCode === 127) return 'absent';
  if (exitCode === 124 || exitCode === 137) return 'timeout';
  if (new RegExp(DENIED, 'i').test(stderr)) return 'permission-denied';
  if (new RegExp(UNREACHABLE, 'i').test(stderr)) return 'unreachable';
  return 'failed';
}

/** Encoded names longer than this are cut and given a hash, so every path stays short. */
export const MAX_NAME_CHARS = 96;
/** Characters kept of a long encoded name before its hash. */
export const CUT_NAME_CHARS = 64;

/** Bytes kept as they are in a file name; every other byte becomes %hh (so '%' and '.' are encoded too). */
export const isSafeByte = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x5f;
