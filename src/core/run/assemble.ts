import type { EvidenceIssue, EvidenceRef } from '../model/evidence.ts';
import type { Host, HostMemory, Disk, Uname, Uptime, OsRelease, DockerVersion, ComposeProject } from '../model/host.ts';
import type { Container, ContainerInspect, DockerPsRow } from '../model/container.ts';
import type { Redis, RedisClient, RedisInfo, RedisStream, SlowlogEntry, StreamEntry, ConsumerGroup, StreamConsumer } from '../model/redis.ts';
import type { HealthCheck } from '../model/health.ts';
import type { LogSummary } from '../model/logs.ts';
import { streamIdTime } from '../parsers/redis-reply.ts';
import { getInfoLine, getRedisMemory, getRedisStats, getRedisUptimeSeconds, getRedisVersion } from '../parsers/redis-info.ts';
import { attributeByFileName, attributeContainer, nameTokens } from './attribution.ts';

/** One parsed piece of evidence: a whole file, or one `---` section of a multi-command file. */
export interface ParsedPiece {
  parserId: string;
  file: string;
  firstLine: number;
  value: unknown;
}

/** The joined model, before rules run. */
export interface Assembled {
  host: Host;
  containers: Container[];
  redis: Redis;
  health: HealthCheck[];
  logs: LogSummary[];
  issues: EvidenceIssue[];
  /** Per file, how a subject the file does not name was attributed. */
  attributions: Map<string, { subject: string; method: 'content' | 'file-name' | 'only-candidate' | 'manifest'; detail: string }>;
}

const of = <T>(pieces: ParsedPiece[], id: string): Array<ParsedPiece & { value: T }> =>
  pieces.filter((p) => p.parserId === id) as Array<ParsedPiece & { value: T }>;

/** Compare stream ids numerically (ms part, then sequence). */
export function compareStreamIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}

function assembleHost(pieces: ParsedPiece[]): Host {
  const host: Host = { disks: [], evidence: [] };
  for (const p of of<Uname>(pieces, 'uname')) {
    host.hostname = p.value.hostname;
    host.kernel = p.value.kernelRelease;
    if (p.value.machine) host.arch = p.value.machine;
    host.evidence.push(p.value.evidence);
  }
  for (const p of of<OsRelease>(pieces, 'lsb-release')) {
    host.os = p.value.description;
    host.evidence.push(p.value.evidence);
  }
  for (const p of of<Uptime>(pieces, 'uptime')) {
    host.uptimeSeconds = p.value.uptimeSeconds;
    host.load = p.value.load;
    if (p.value.clock) host.clock = p.value.clock;
    host.uptimeEvidence = p.value.evidence;
    host.evidence.push(p.value.evidence);
  }
  for (const p of of<HostMemory>(pieces, 'free')) host.memory = p.value;
  for (const p of of<{ disks: Disk[] }>(pieces, 'df')) host.disks.push(...p.value.disks);
  for (const p of of<DockerVersion & { composeVersion?: string }>(pieces, 'docker-version')) {
    const { composeVersion, ...docker } = p.value;
    if (docker.clientVersion || docker.serverVersion) host.docker = docker;
    if (composeVersion) host.composeVersion = composeVersion;
  }
  for (const p of of<{ projects: ComposeProject[] }>(pieces, 'compose-ls')) {
    host.composeProjects = [...(host.composeProjects ?? []), ...p.value.projects];
  }
  for (const p of of<{ files: string[] }>(pieces, 'file-list')) {
    host.composeFiles = [...(host.composeFiles ?? []), ...p.value.files];
  }
  return host;
}

function assembleContainers(pieces: ParsedPiece[], logs: LogSummary[]): Container[] {
  const byName = new Map<string, Container>();
  for (const p of of<DockerPsRow[]>(pieces, 'docker-ps')) {
    for (const row of p.value) {
      const existing = byName.get(row.name);
      const c: Container = existing ?? { name: row.name, state: row.state, health: row.health, ports: [], evidence: [] };
      if (row.id) c.id = row.id;
      if (row.image) c.image = row.image;
      if (row.status) c.status = row.status;
      c.state = row.state;
      c.health = row.health;
      if (row.exitCode !== undefined) c.exitCode = row.exitCode;
      if (row.statusAgeSeconds !== undefined) c.statusAgeSeconds = row.statusAgeSeconds;
      if (row.ports.length > 0) c.ports = row.ports;
      c.evidence.push(row.evidence);
      byName.set(row.name, c);
    }
  }
  for (const p of of<ContainerInspect[]>(pieces, 'docker-inspect')) {
    for (const ins of p.value) {
      const c: Container = byName.get(ins.name) ?? { name: ins.name, state: ins.state, health: ins.health, ports: [], evidence: [] };
      c.inspect = ins;
      c.id ??= ins.id;
      c.image ??= ins.image;
      // inspect is the more precise source for state and ports; ps rows already carry the same facts in words.
      c.state = ins.state;
      c.health = ins.health;
      if (ins.ports.length > 0 || c.ports.length === 0) c.ports = ins.ports.length > 0 ? ins.ports : c.ports;
      c.evidence.push(ins.evidence);
      byName.set(ins.name, c);
    }
  }
  for (const log of logs) {
    const c = byName.get(log.container);
    if (c) c.logFile = log.file;
  }
  return [...byName.values()];
}

function assembleLogs(pieces: ParsedPiece[], containerNames: string[], attributions: Assembled['attributions']): LogSummary[] {
  return of<LogSummary>(pieces, 'docker-logs').map((p) => {
    const a = attributeContainer(p.file, containerNames);
    if (a) {
      attributions.set(p.file, a);
      return { ...p.value, container: a.subject };
    }
    return p.value;
  });
}

function assembleHealth(pieces: ParsedPiece[], containerNames: string[], attributions: Assembled['attributions']): HealthCheck[] {
  return of<HealthCheck>(pieces, 'http-health').map((p) => {
    const a = attributeContainer(p.file, containerNames);
    if (!a) return p.value;
    attributions.set(p.file, a);
    return { ...p.value, container: a.subject };
  });
}

/** Redis: INFO, clients (mapped to containers by IP), slowlog, and streams joined from every stream capture. */
function assembleRedis(pieces: ParsedPiece[], containers: Container[], issues: EvidenceIssue[], attributions: Assembled['attributions']): Redis {
  const redis: Redis = { stats: {}, info: [], clients: [], streams: [], unkeyedLengths: [], evidence: [] };
  for (const p of of<RedisInfo>(pieces, 'redis-info')) {
    redis.info.push(p.value);
    redis.evidence.push(p.value.evidence);
  }
  const version = getRedisVersion(redis.info);
  if (version !== undefined) redis.version = version;
  const uptime = getRedisUptimeSeconds(redis.info);
  if (uptime !== undefined) redis.uptimeSeconds = uptime;
  const memory = getRedisMemory(redis.info);
  // Cite the used_memory line itself, not the whole Memory section.
  if (memory) redis.memory = { ...memory, evidence: getInfoLine(redis.info, 'used_memory') ?? memory.evidence };
  redis.stats = getRedisStats(redis.info);

  // Clients: map each to the container whose network IP it connects from.
  const ipToContainer = new Map<string, string>();
  for (const c of containers) for (const n of c.inspect?.networks ?? []) if (n.ip) ipToContainer.set(n.ip, c.name);
  for (const p of of<RedisClient[]>(pieces, 'redis-client-list')) {
    for (const client of p.value) {
      const container = ipToContainer.get(client.ip);
      redis.clients.push(container ? { ...client, container } : client);
    }
    redis.evidence.push({ file: p.file, startLine: p.firstLine });
  }
  for (const p of of<SlowlogEntry[]>(pieces, 'redis-slowlog')) redis.slowlog = [...(redis.slowlog ?? []), ...p.value];

  // Streams: keys first, then attach lengths, groups and samples.
  const streams = new Map<string, RedisStream>();
  const stream = (key: string): RedisStream => {
    let s = streams.get(key);
    if (!s) {
      s = { key, groups: [], samples: [], evidence: [] };
      streams.set(key, s);
    }
    return s;
  };
  for (const p of of<{ keys: string[]; lines?: Record<string, number> }>(pieces, 'redis-stream-keys')) {
    p.value.keys.forEach((k, i) => {
      const line = p.value.lines?.[k] ?? p.firstLine + i;
      stream(k).evidence.push({ file: p.file, startLine: line, endLine: line });
    });
  }
  const knownKeys = (): string[] => [...streams.keys()];
  /** Which stream a capture that does not name its stream belongs to. */
  const attribute = (p: ParsedPiece, what: string): string | undefined => {
    const keys = knownKeys();
    const byName = attributeByFileName(p.file, keys);
    if (byName) {
      attributions.set(p.file, byName);
      return byName.subject;
    }
    if (keys.length === 1) {
      attributions.set(p.file, { subject: keys[0]!, method: 'only-candidate', detail: 'the only stream key in the bundle' });
      return keys[0];
    }
    // No key listing: name the stream after the file, and say so.
    const guess = nameTokens(p.file.split('/').pop() ?? p.file).filter((t) => !['redis', 'xinfo', 'groups', 'group', 'sample', 'samples', 'xrange', 'xrevrange', 'stream', 'xlen', 'consumers', 'xpending', 'pending'].includes(t)).join('_');
    issues.push({ file: p.file, kind: 'attribution-guess', message: `${what} does not name its stream and no stream key matches the file name; filed under '${guess || p.file}'` });
    return guess || p.file;
  };
  for (const p of of<{ lengths: Array<{ key?: string; length: number; evidence: EvidenceRef }> }>(pieces, 'redis-xlen')) {
    for (const l of p.value.lengths) {
      if (l.key) {
        const s = stream(l.key);
        s.length = l.length;
        s.lengthSource = 'xlen';
        s.evidence.push(l.evidence);
      } else {
        redis.unkeyedLengths.push({ length: l.length, evidence: l.evidence });
      }
    }
  }
  for (const p of of<{ length?: number; firstEntryId?: string; lastEntryId?: string; lastGeneratedId?: string }>(pieces, 'redis-xinfo-stream')) {
    const key = attribute(p, 'XINFO STREAM output');
    if (!key) continue;
    const s = stream(key);
    if (p.value.length !== undefined) {
      s.length = p.value.length;
      s.lengthSource = 'xinfo-stream';
    }
    if (p.value.firstEntryId) s.firstEntryId = p.value.firstEntryId;
    const last = p.value.lastEntryId ?? p.value.lastGeneratedId;
    if (last) s.lastEntryId = last;
    s.evidence.push({ file: p.file, startLine: p.firstLine });
  }
  for (const p of of<{ groups: ConsumerGroup[] }>(pieces, 'redis-xinfo-groups')) {
    const key = attribute(p, 'XINFO GROUPS output');
    if (!key) continue;
    const s = stream(key);
    const attribution = attributions.get(p.file);
    for (const g of p.value.groups) {
      s.groups.push({
        ...g,
        lastDeliveredAt: g.lastDeliveredAt ?? streamIdTime(g.lastDeliveredId),
        ...(attribution ? { attribution } : {}),
      });
    }
    s.evidence.push({ file: p.file, startLine: p.firstLine });
  }
  for (const p of of<{ consumers: StreamConsumer[] }>(pieces, 'redis-xinfo-consumers')) {
    const key = attribute(p, 'XINFO CONSUMERS output');
    if (!key) continue;
    const s = stream(key);
    // XINFO CONSUMERS names neither stream nor group: attach to the group when there is only one.
    if (s.groups.length === 1) s.groups[0]!.consumerList = p.value.consumers;
  }
  for (const p of of<{ entries: StreamEntry[] }>(pieces, 'redis-xrange')) {
    const key = attribute(p, 'XRANGE sample');
    if (!key) continue;
    const s = stream(key);
    s.samples.push(...p.value.entries);
    s.evidence.push({ file: p.file, startLine: p.firstLine });
  }
  for (const s of streams.values()) {
    const ids = [s.lastEntryId, ...s.samples.map((e) => e.id)].filter((x): x is string => !!x);
    const newest = ids.sort(compareStreamIds).pop();
    if (newest) {
      s.lastEntryId = newest;
      const at = streamIdTime(newest);
      if (at) s.lastEntryAt = at;
    }
    s.samples.sort((a, b) => compareStreamIds(a.id, b.id));
  }
  redis.streams = [...streams.values()].sort((a, b) => a.key.localeCompare(b.key));
  return redis;
}

/** Join every parsed piece into one model; attribution of unnamed captures is recorded per file. */
export function assemble(pieces: ParsedPiece[]): Assembled {
  const issues: EvidenceIssue[] = [];
  const attributions: Assembled['attributions'] = new Map();
  const host = assembleHost(pieces);
  const psNames = [
    ...of<DockerPsRow[]>(pieces, 'docker-ps').flatMap((p) => p.value.map((r) => r.name)),
    ...of<ContainerInspect[]>(pieces, 'docker-inspect').flatMap((p) => p.value.map((r) => r.name)),
  ];
  const names = [...new Set(psNames)];
  const logs = assembleLogs(pieces, names, attributions);
  const containers = assembleContainers(pieces, logs);
  const health = assembleHealth(pieces, names, attributions);
  const redis = assembleRedis(pieces, containers, issues, attributions);
  return { host, containers, redis, health, logs, issues, attributions };
}
