// The facts a rule may read (Lighthouse's artifacts): named slices of the joined model, each with the
// parsers that supply it. A rule declares the facts it reads and receives only those, so the compiler
// sees what every rule depends on, and a missing fact is explained by the parsers (and their file
// names) that would have supplied it.
import type { Audit } from '../model/audit.ts';
import type { Container } from '../model/container.ts';
import type { EvidenceIssue, FileEntry } from '../model/evidence.ts';
import type { HealthCheck } from '../model/health.ts';
import type { Disk, Host, HostMemory } from '../model/host.ts';
import type { LogSummary } from '../model/logs.ts';
import type { Redis, RedisClient, RedisMemory, RedisStream, SlowlogEntry } from '../model/redis.ts';
import type { ParserId } from '../parsers/index.ts';

/** Every fact by name. A fact a rule requires is never undefined when the rule runs. */
export interface FactMap {
  /** Every container, when docker ps or docker inspect listed at least one. */
  containers: Container[];
  /** Every container, when at least one of them was inspected (rules skip the others). */
  inspect: Container[];
  /** Host memory and swap (free). */
  hostMemory: HostMemory;
  /** Mounted filesystems (df), at least one. */
  disks: Disk[];
  /** Host uptime in seconds (uptime). */
  uptime: number;
  /** Redis memory figures (INFO memory). */
  redisMemory: RedisMemory;
  /** INFO stats as numbers, at least one. */
  redisStats: Record<string, number>;
  /** CLIENT LIST connections, at least one. */
  redisClients: RedisClient[];
  /** SLOWLOG entries; [] when captured and empty. */
  slowlog: SlowlogEntry[];
  /** Redis streams, at least one. */
  streams: RedisStream[];
  /** Redis streams, when XINFO GROUPS was captured for at least one (possibly with no groups). */
  groups: RedisStream[];
  /** Redis streams, when at least one has XRANGE sample entries. */
  samples: RedisStream[];
  /** Container log summaries, at least one. */
  logs: LogSummary[];
  /** HTTP health checks, at least one. */
  health: HealthCheck[];
  /** What the host said about itself, possibly nothing. Always present. */
  host: Host;
  /** Everything about Redis, possibly nothing. Always present. */
  redis: Redis;
  /** The bundle: name, capture time and where it came from. Always present. */
  bundle: Audit['bundle'];
  /** Every file of the bundle with its kind. Always present. */
  files: FileEntry[];
  /** Problems with the evidence itself. Always present. */
  evidenceIssues: EvidenceIssue[];
}

/** The name of a fact. */
export type FactName = keyof FactMap;

/** The facts a rule declared, and only those. */
export type Facts<K extends FactName> = { [P in K]: FactMap[P] };

/** Where a fact comes from. */
export interface FactSource<K extends FactName> {
  /** What the fact is, in the words of the capture: 'SLOWLOG', 'docker inspect'. */
  what: string;
  /** The parsers whose output makes the fact; empty for facts every audit has. */
  from: readonly ParserId[];
  /** The fact, or undefined when the audit does not hold it. */
  get: (audit: Audit) => FactMap[K] | undefined;
}

const some = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);

/** How each fact is read from the joined model. */
export const FACTS: { [K in FactName]: FactSource<K> } = {
  containers: { what: 'docker ps', from: ['docker-ps', 'docker-inspect'], get: (a) => some(a.containers) },
  inspect: {
    what: 'docker inspect',
    from: ['docker-inspect'],
    get: (a) => (a.containers.some((c) => c.inspect !== undefined) ? a.containers : undefined),
  },
  hostMemory: { what: 'free (host memory)', from: ['free'], get: (a) => a.host.memory },
  disks: { what: 'df (disk usage)', from: ['df'], get: (a) => some(a.host.disks) },
  uptime: { what: 'uptime', from: ['uptime'], get: (a) => a.host.uptimeSeconds },
  redisMemory: { what: 'Redis INFO memory', from: ['redis-info'], get: (a) => a.redis.memory },
  redisStats: {
    what: 'Redis INFO stats',
    from: ['redis-info'],
    get: (a) => (Object.keys(a.redis.stats).length > 0 ? a.redis.stats : undefined),
  },
  redisClients: { what: 'Redis CLIENT LIST', from: ['redis-client-list'], get: (a) => some(a.redis.clients) },
  slowlog: { what: 'SLOWLOG', from: ['redis-slowlog'], get: (a) => a.redis.slowlog },
  streams: {
    what: 'Redis stream keys',
    from: ['redis-stream-keys', 'redis-xinfo-stream', 'redis-xlen'],
    get: (a) => some(a.redis.streams),
  },
  groups: {
    what: 'XINFO GROUPS',
    from: ['redis-xinfo-groups'],
    // An XINFO GROUPS capture with no groups is still evidence: "this stream has none".
    get: (a) =>
      a.redis.streams.some((s) => s.groups.length > 0) || a.files.some((f) => f.kind.includes('redis-xinfo-groups'))
        ? a.redis.streams
        : undefined,
  },
  samples: {
    what: 'XRANGE / XREVRANGE stream samples',
    from: ['redis-xrange'],
    get: (a) => (a.redis.streams.some((s) => s.samples.length > 0) ? a.redis.streams : undefined),
  },
  logs: { what: 'docker logs', from: ['docker-logs'], get: (a) => some(a.logs) },
  health: { what: 'HTTP health checks', from: ['http-health'], get: (a) => some(a.health) },
  host: { what: 'host', from: [], get: (a) => a.host },
  redis: { what: 'Redis', from: [], get: (a) => a.redis },
  bundle: { what: 'bundle', from: [], get: (a) => a.bundle },
  files: { what: 'file list', from: [], get: (a) => a.files },
  evidenceIssues: { what: 'evidence issues', from: [], get: (a) => a.evidenceIssues },
};
