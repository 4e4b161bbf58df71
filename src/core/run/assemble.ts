// Joining: every parsed piece of evidence goes through the joiner of its parser, into one model.
// The joiner table is keyed by parser id and checked against the registry by the compiler, so a
// registered parser whose output nobody reads (or a joiner for a parser that does not exist) does
// not compile. See test/types/pipeline.test-d.ts.
import type { Attribution, EvidenceIssue } from '../model/evidence.ts';
import type { Host } from '../model/host.ts';
import type { Container } from '../model/container.ts';
import type { Redis, RedisStream } from '../model/redis.ts';
import type { HealthCheck } from '../model/health.ts';
import type { LogSummary } from '../model/logs.ts';
import type { ParserId, ParserValues } from '../parsers/index.ts';
import type { Parser } from '../parsers/parser.ts';
import { streamIdTime } from '../parsers/redis-reply.ts';
import {
  getInfoLine,
  getRedisMemory,
  getRedisStats,
  getRedisUptimeSeconds,
  getRedisVersion,
} from '../parsers/redis-info.ts';
import { attributeContainer, attributeStreamCapture, FORMAT_WORDS, nameTokens } from './attribution.ts';
import { fillGroupOwners } from './owners.ts';
import { attributeDeclared, type DeclaredMap } from './attribution.ts';
import { compareText } from '../text/compare.ts';

/** One parsed piece of evidence of parser `K`: a whole file, or one `---` section of a multi-command file. */
export interface Piece<K extends ParserId = ParserId> {
  parserId: K;
  file: string;
  firstLine: number;
  value: ParserValues[K];
}

/** A piece of any parser, discriminated by `parserId`. */
export type ParsedPiece = { [K in ParserId]: Piece<K> }[ParserId];

/**
 * A piece from a parser the runner holds as `Parser` (value unknown). Sound because the value has
 * passed that parser's own schema (checkResult) and the registry ties each id to its schema.
 */
export function toPiece(parser: Parser, file: string, firstLine: number, value: unknown): ParsedPiece {
  return { parserId: parser.id, file, firstLine, value } as ParsedPiece;
}

/** How the subject of a capture that does not name it was found. */
export type AttributionMap = Map<string, Attribution>;

/** The joined model, before rules run. */
export interface Assembled {
  host: Host;
  containers: Container[];
  redis: Redis;
  health: HealthCheck[];
  logs: LogSummary[];
  issues: EvidenceIssue[];
  /** Per file, how a subject the file does not name was attributed. */
  attributions: AttributionMap;
  /** Files whose values the parser found without keys, keyed after all by a file name that spells the key. */
  keyedByName: Set<string>;
}

/** The model while joiners fill it in, with the indexes later joiners look things up in. */
interface Draft extends Assembled {
  containersByName: Map<string, Container>;
  streams: Map<string, RedisStream>;
  /** Streams named after a file because the bundle lists no key: never a candidate for another capture. */
  guessed: Set<string>;
  /** Per file, the subject manifest.json names: used before any guess from names. */
  declared: DeclaredMap;
}

/** Adds every piece of one parser to the draft. */
type Joiner<K extends ParserId> = (pieces: ReadonlyArray<Piece<K>>, draft: Draft) => void;

/** Exactly one joiner per registered parser: the shape the joiner table must satisfy. */
export type JoinerTable = { [K in ParserId]: Joiner<K> };

/** Compare stream ids numerically (ms part, then sequence). */
export function compareStreamIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}

const containerNames = (d: Draft): string[] => [...d.containersByName.keys()];

function stream(d: Draft, key: string): RedisStream {
  let s = d.streams.get(key);
  if (!s) {
    s = { key, groups: [], samples: [], evidence: [] };
    d.streams.set(key, s);
  }
  return s;
}

/** Words of a capture file name that name the command or its format, not the stream: dropped when guessing. */
const COMMAND_WORDS = new Set([
  'redis',
  'xinfo',
  'groups',
  'group',
  'sample',
  'samples',
  'xrange',
  'xrevrange',
  'stream',
  'xlen',
  'consumers',
  'xpending',
  'pending',
  ...FORMAT_WORDS,
]);

/** A stream capture tied to its stream, with the name tokens that may name its group. */
interface Attached {
  stream: RedisStream;
  rest: string[];
  /** The group manifest.json names for the capture. */
  group?: string;
}

/**
 * Which stream a capture that does not name its stream belongs to, recorded per file. Only keys the
 * bundle lists (key listings, XLEN, XINFO STREAM) are candidates; with none listed, the stream is
 * guessed from the file name, said so, and never offered to later captures as a candidate. When keys
 * are listed and none matches, the capture is reported as unattributed instead of guessed.
 */
function attributeStream(d: Draft, p: { file: string }, what: string): Attached | undefined {
  const declared = attributeDeclared(p.file, d.declared, 'stream');
  if (declared) {
    d.attributions.set(p.file, declared);
    const group = d.declared.get(p.file)?.group;
    return { stream: stream(d, declared.subject), rest: [], ...(group !== undefined ? { group } : {}) };
  }
  const keys = [...d.streams.keys()].filter((k) => !d.guessed.has(k));
  const byName = attributeStreamCapture(p.file, keys);
  if (byName) {
    const { rest, whole: _whole, ...attribution } = byName;
    d.attributions.set(p.file, attribution);
    return { stream: stream(d, byName.subject), rest };
  }
  if (keys.length === 1) {
    d.attributions.set(p.file, {
      subject: keys[0]!,
      method: 'only-candidate',
      detail: 'the only stream key in the bundle',
    });
    return { stream: stream(d, keys[0]!), rest: [] };
  }
  const base = p.file.split('/').pop() ?? p.file;
  if (keys.length > 0) {
    d.issues.push({
      file: p.file,
      kind: 'unattributed',
      message:
        `${what} does not name its stream and its file name matches none of the ${keys.length} stream keys the ` +
        'bundle lists; not attached',
    });
    return undefined;
  }
  // No key listing at all: name the stream after the file (the part before a '__<group>'), and say so.
  const guess =
    nameTokens(base.split('__')[0] ?? base)
      .filter((t) => !COMMAND_WORDS.has(t))
      .join('_') || p.file;
  d.issues.push({
    file: p.file,
    kind: 'attribution-guess',
    message: `${what} does not name its stream and no stream key matches the file name; filed under '${guess}'`,
  });
  if (!d.streams.has(guess)) d.guessed.add(guess);
  const rest = base.includes('__')
    ? nameTokens(base.split('__').slice(1).join('__')).filter((t) => !COMMAND_WORDS.has(t))
    : [];
  return { stream: stream(d, guess), rest };
}

type Group = RedisStream['groups'][number];

/** Words of XPENDING / XINFO / XRANGE arguments that may follow the group in a file named for the command. */
const ARGUMENT_WORDS: ReadonlySet<string> = new Set(['idle', 'count', 'full', 'justid']);

/**
 * The group a per-group capture (XINFO CONSUMERS, XPENDING) belongs to: the one its file name
 * names, else the stream's only group, else the only one whose counts fit what the capture holds.
 */
function findGroup(
  d: Draft,
  p: { file: string },
  at: Attached,
  what: string,
  fits: (g: Group) => boolean,
): Group | undefined {
  const groups = at.stream.groups;
  if (at.group !== undefined) {
    const g = groups.find((x) => x.name === at.group);
    const message =
      `${what} of ${at.stream.key} is for group '${at.group}' (manifest.json), which was not captured; not ` +
      'attached';
    if (!g) d.issues.push({ file: p.file, kind: 'unattributed', message });
    return g;
  }
  const wanted = at.rest.join('_');
  if (wanted !== '') {
    const named = groups.filter((g) => nameTokens(g.name).join('_') === wanted);
    if (named.length === 1) return named[0];
    // A name that spells the whole command (`XPENDING <stream> <group> - + 10`) has the command's own
    // arguments after the group: a group followed only by numbers and argument words is that group.
    const led = groups.filter((g) => {
      const tokens = nameTokens(g.name);
      return (
        tokens.length > 0 &&
        tokens.every((t, i) => at.rest[i] === t) &&
        at.rest.slice(tokens.length).every((t) => /^\d+$/.test(t) || ARGUMENT_WORDS.has(t))
      );
    });
    if (led.length === 1) return led[0];
  }
  if (groups.length === 1 && wanted === '') return groups[0];
  const fitting = groups.filter(fits);
  if (fitting.length === 1 && wanted === '') return fitting[0];
  d.issues.push({
    file: p.file,
    kind: 'unattributed',
    message:
      wanted !== ''
        ? `${what} of ${at.stream.key} is named for group '${wanted}', which none of its ${groups.length} ` +
          'captured group(s) is; not attached'
        : `${what} of ${at.stream.key} names no group and matches none of its ${groups.length} captured ` +
          'group(s) alone; not attached',
  });
  return undefined;
}

/** A container by name, created from what the first capture that names it says (its ports, if it lists them). */
function container(
  d: Draft,
  seen: Pick<Container, 'name' | 'state' | 'health'>,
  ports: Container['ports'] = [],
): Container {
  let c = d.containersByName.get(seen.name);
  if (!c) {
    c = { name: seen.name, state: seen.state, health: seen.health, ports, evidence: [] };
    d.containersByName.set(seen.name, c);
  }
  return c;
}

/**
 * One joiner per registered parser, run in this order: containers first (logs, health checks and
 * Redis clients are tied to them), stream keys before the captures that are attributed to a key.
 */
export const joiners = {
  'docker-ps': (pieces, d) => {
    for (const p of pieces) {
      for (const row of p.value) {
        const c = container(d, row);
        if (row.id) c.id = row.id;
        if (row.image) c.image = row.image;
        if (row.status) c.status = row.status;
        c.state = row.state;
        c.health = row.health;
        if (row.exitCode !== undefined) c.exitCode = row.exitCode;
        if (row.statusAgeSeconds !== undefined) c.statusAgeSeconds = row.statusAgeSeconds;
        if (row.ports.length > 0) c.ports = row.ports;
        c.evidence.push(row.evidence);
      }
    }
  },
  'docker-inspect': (pieces, d) => {
    for (const p of pieces) {
      for (const ins of p.value) {
        const c = container(d, ins);
        c.inspect = ins;
        c.id ??= ins.id;
        c.image ??= ins.image;
        // inspect is the more precise source for state and ports; ps rows carry the same facts in words.
        c.state = ins.state;
        c.health = ins.health;
        if (ins.ports.length > 0) c.ports = ins.ports;
        c.evidence.push(ins.evidence);
      }
    }
  },
  'docker-compose-ps': (pieces, d) => {
    // docker ps and inspect are the precise sources for state; compose ps adds the service, and
    // the containers of a bundle that has no docker ps.
    for (const p of pieces) {
      for (const row of p.value) {
        const known = d.containersByName.has(row.name);
        const c = container(d, row, row.ports);
        if (row.service !== undefined) c.composeService = row.service;
        if (!known) {
          if (row.image !== undefined) c.image = row.image;
          if (row.status !== undefined) c.status = row.status;
          if (row.exitCode !== undefined) c.exitCode = row.exitCode;
        }
        c.evidence.push(row.evidence);
      }
    }
  },
  'docker-logs': (pieces, d) => {
    const names = containerNames(d);
    for (const p of pieces) {
      const a = attributeDeclared(p.file, d.declared, 'container') ?? attributeContainer(p.file, names);
      if (a) d.attributions.set(p.file, a);
      const log = a ? { ...p.value, container: a.subject } : p.value;
      d.logs.push(log);
      const c = d.containersByName.get(log.container);
      if (c) c.logFile = log.file;
    }
  },
  'http-health': (pieces, d) => {
    const names = containerNames(d);
    for (const p of pieces) {
      const a = attributeDeclared(p.file, d.declared, 'container') ?? attributeContainer(p.file, names);
      if (a) d.attributions.set(p.file, a);
      d.health.push(a ? { ...p.value, container: a.subject } : p.value);
    }
  },
  uname: (pieces, d) => {
    for (const p of pieces) {
      d.host.hostname = p.value.hostname;
      d.host.kernel = p.value.kernelRelease;
      if (p.value.machine) d.host.arch = p.value.machine;
      d.host.evidence.push(p.value.evidence);
    }
  },
  'lsb-release': (pieces, d) => {
    for (const p of pieces) {
      d.host.os = p.value.description;
      d.host.evidence.push(p.value.evidence);
    }
  },
  uptime: (pieces, d) => {
    for (const p of pieces) {
      d.host.uptimeSeconds = p.value.uptimeSeconds;
      d.host.load = p.value.load;
      if (p.value.clock) d.host.clock = p.value.clock;
      d.host.uptimeEvidence = p.value.evidence;
      d.host.evidence.push(p.value.evidence);
    }
  },
  free: (pieces, d) => {
    for (const p of pieces) d.host.memory = p.value;
  },
  df: (pieces, d) => {
    for (const p of pieces) d.host.disks.push(...p.value.disks);
  },
  'docker-version': (pieces, d) => {
    for (const p of pieces) {
      const { composeVersion, ...docker } = p.value;
      if (docker.clientVersion || docker.serverVersion) d.host.docker = docker;
      if (composeVersion) d.host.composeVersion = composeVersion;
    }
  },
  'compose-ls': (pieces, d) => {
    for (const p of pieces) d.host.composeProjects = [...(d.host.composeProjects ?? []), ...p.value.projects];
  },
  'file-list': (pieces, d) => {
    for (const p of pieces) d.host.composeFiles = [...(d.host.composeFiles ?? []), ...p.value.files];
  },
  'redis-info': (pieces, d) => {
    const redis = d.redis;
    for (const p of pieces) {
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
  },
  'redis-client-list': (pieces, d) => {
    // Each client is mapped to the container whose network IP it connects from.
    const ipToContainer = new Map<string, string>();
    for (const c of d.containersByName.values())
      for (const n of c.inspect?.networks ?? []) if (n.ip) ipToContainer.set(n.ip, c.name);
    for (const p of pieces) {
      for (const client of p.value) {
        const owner = ipToContainer.get(client.ip);
        d.redis.clients.push(owner ? { ...client, container: owner } : client);
      }
      d.redis.evidence.push({ file: p.file, startLine: p.firstLine });
    }
  },
  'redis-slowlog': (pieces, d) => {
    // SLOWLOG GET 128 and GET 5 repeat the newest entries: one entry per id.
    const seen = new Set<number>();
    for (const p of pieces) {
      const log = (d.redis.slowlog ??= []);
      for (const e of p.value) if (!seen.has(e.id) && seen.add(e.id)) log.push(e);
    }
  },
  'redis-stream-keys': (pieces, d) => {
    for (const p of pieces) {
      p.value.keys.forEach((k, i) => {
        const line = p.value.lines?.[k] ?? p.firstLine + i;
        stream(d, k).evidence.push({ file: p.file, startLine: line, endLine: line });
      });
    }
  },
  'redis-xlen': (pieces, d) => {
    for (const p of pieces) {
      const [only, ...more] = p.value.lengths;
      if (only !== undefined && only.key === undefined && more.length === 0) {
        // `redis-cli XLEN <key> > xlen_<key>.txt` prints the bare number: the file name spells the key.
        const keys = [...d.streams.keys()].filter((k) => !d.guessed.has(k));
        const byName = attributeStreamCapture(p.file, keys);
        if (byName?.whole && byName.rest.length === 0) {
          const s = stream(d, byName.subject);
          s.length = only.length;
          s.lengthSource = 'xlen';
          s.evidence.push(only.evidence);
          d.attributions.set(p.file, { subject: byName.subject, method: byName.method, detail: byName.detail });
          d.keyedByName.add(p.file);
          continue;
        }
      }
      for (const l of p.value.lengths) {
        const declared = l.key === undefined ? attributeDeclared(p.file, d.declared, 'stream') : undefined;
        if (declared) d.attributions.set(p.file, declared);
        const key = l.key ?? declared?.subject;
        if (key === undefined) {
          d.redis.unkeyedLengths.push({ length: l.length, evidence: l.evidence });
          continue;
        }
        const s = stream(d, key);
        s.length = l.length;
        s.lengthSource = 'xlen';
        s.evidence.push(l.evidence);
      }
    }
  },
  'redis-xinfo-stream': (pieces, d) => {
    for (const p of pieces) {
      const at = attributeStream(d, p, 'XINFO STREAM output');
      if (!at) continue;
      const s = at.stream;
      if (p.value.length !== undefined) {
        s.length = p.value.length;
        s.lengthSource = 'xinfo-stream';
      }
      if (p.value.firstEntryId) s.firstEntryId = p.value.firstEntryId;
      if (p.value.entriesAdded !== undefined) s.entriesAdded = p.value.entriesAdded;
      if (p.value.maxDeletedEntryId) s.maxDeletedEntryId = p.value.maxDeletedEntryId;
      if (p.value.recordedFirstEntryId) s.recordedFirstEntryId = p.value.recordedFirstEntryId;
      const last = p.value.lastEntryId ?? p.value.lastGeneratedId;
      if (last) s.lastEntryId = last;
      s.evidence.push({ file: p.file, startLine: p.firstLine });
    }
  },
  'redis-xinfo-groups': (pieces, d) => {
    for (const p of pieces) {
      const at = attributeStream(d, p, 'XINFO GROUPS output');
      if (!at) continue;
      const s = at.stream;
      const attribution = d.attributions.get(p.file);
      for (const g of p.value.groups) {
        // The same reply captured twice (raw and --no-raw) describes the same group: keep the first.
        if (s.groups.some((x) => x.name === g.name)) continue;
        const lastDeliveredAt =
          g.lastDeliveredAt ?? (g.lastDeliveredId !== undefined ? streamIdTime(g.lastDeliveredId) : undefined);
        s.groups.push({
          ...g,
          ...(lastDeliveredAt !== undefined ? { lastDeliveredAt } : {}),
          ...(attribution ? { attribution } : {}),
        });
      }
      s.evidence.push({ file: p.file, startLine: p.firstLine });
    }
  },
  'redis-xinfo-consumers': (pieces, d) => {
    for (const p of pieces) {
      const at = attributeStream(d, p, 'XINFO CONSUMERS output');
      if (!at) continue;
      const list = p.value.consumers;
      const pending = list.reduce((n, c) => n + c.pending, 0);
      const group = findGroup(
        d,
        p,
        at,
        'XINFO CONSUMERS output',
        (g) => g.consumers === list.length && g.pending === pending,
      );
      if (group) group.consumerList = list;
    }
  },
  'redis-xpending': (pieces, d) => {
    for (const p of pieces) {
      const at = attributeStream(d, p, 'XPENDING output');
      if (!at) continue;
      const v = p.value;
      const count = v.kind === 'summary' ? v.count : v.entries.length;
      const group = findGroup(d, p, at, 'XPENDING output', (g) => g.pending === count);
      if (!group) continue;
      if (v.kind === 'summary') {
        const { kind: _kind, ...summary } = v;
        group.pendingSummary = summary;
      } else {
        group.pendingEntries = [...(group.pendingEntries ?? []), ...v.entries];
      }
    }
  },
  'redis-xrange': (pieces, d) => {
    for (const p of pieces) {
      const at = attributeStream(d, p, 'XRANGE sample');
      if (!at) continue;
      const s = at.stream;
      s.samples.push(...p.value.entries);
      s.evidence.push({ file: p.file, startLine: p.firstLine });
    }
  },
} satisfies JoinerTable;

/** Newest id of each stream from every source, samples in id order. */
function finishStreams(d: Draft): void {
  for (const s of d.streams.values()) {
    const ids = [s.lastEntryId, ...s.samples.map((e) => e.id)].filter((x): x is string => !!x);
    const newest = ids.sort(compareStreamIds).pop();
    if (newest) {
      s.lastEntryId = newest;
      const at = streamIdTime(newest);
      if (at) s.lastEntryAt = at;
    }
    s.samples.sort((a, b) => compareStreamIds(a.id, b.id));
  }
  d.redis.streams = [...d.streams.values()].sort((a, b) => compareText(a.key, b.key));
}

/** Run one parser's joiner on its pieces; the cast is the one place the id narrows the value. */
function join<K extends ParserId>(id: K, pieces: readonly ParsedPiece[], d: Draft): void {
  const mine = pieces.filter((p): p is Extract<ParsedPiece, { parserId: K }> => p.parserId === id);
  (joiners[id] as Joiner<K>)(mine as unknown as ReadonlyArray<Piece<K>>, d);
}

/** Join every parsed piece into one model; attribution of unnamed captures is recorded per file. */
export function assemble(pieces: readonly ParsedPiece[], declared: DeclaredMap = new Map()): Assembled {
  const d: Draft = {
    host: { disks: [], evidence: [] },
    containers: [],
    redis: { stats: {}, info: [], clients: [], streams: [], unkeyedLengths: [], evidence: [] },
    health: [],
    logs: [],
    issues: [],
    attributions: new Map(),
    keyedByName: new Set(),
    containersByName: new Map(),
    streams: new Map(),
    guessed: new Set(),
    declared,
  };
  for (const id of Object.keys(joiners) as ParserId[]) join(id, pieces, d);
  finishStreams(d);
  const containers = [...d.containersByName.values()];
  fillGroupOwners(d.redis, containers);
  const { host, redis, health, logs, issues, attributions, keyedByName } = d;
  return { host, containers, redis, health, logs, issues, attributions, keyedByName };
}
