import type { Container } from '../../model/container.ts';
import type { EvidenceRef, FileEntry } from '../../model/evidence.ts';
import type { Redis, RedisClient, RedisStream } from '../../model/redis.ts';
import { formatDuration } from '../../format/units.ts';
import { clientOwner, plural } from '../redis/redis-support.ts';

// Shared lookups for the stream rules. Not a rule itself: nothing here reports.

export type Group = RedisStream['groups'][number];

/** Subject of a consumer group: 'stream:<key>/group:<name>'. */
export const groupSubject = (stream: RedisStream, group: Group): string => `stream:${stream.key}/group:${group.name}`;

/** Every consumer group of `streams` with its stream, stream by stream: the walk most stream rules make. */
export const eachGroup = (streams: readonly RedisStream[]): Array<{ stream: RedisStream; group: Group }> =>
  streams.flatMap((stream) => stream.groups.map((group) => ({ stream, group })));

/**
 * How far a group's last delivery lies behind the stream's newest entry (or the capture, when no entry time is known).
 */
export interface GroupDelay {
  /** 'newest entry' when the stream's newest id is known, else 'capture time'. */
  reference: 'newest entry' | 'capture time';
  referenceAt?: string;
  /** Seconds between the last delivered entry and the reference; undefined when either time is unknown. */
  behindSeconds?: number;
  /** The group has never delivered anything (last-delivered-id 0-0). */
  neverDelivered: boolean;
}

/** Delay of a group's consumption, from its last-delivered-id time. */
export function groupDelay(capturedAt: string | undefined, stream: RedisStream, group: Group): GroupDelay {
  const referenceAt = stream.lastEntryAt ?? capturedAt;
  const reference = stream.lastEntryAt !== undefined ? 'newest entry' : 'capture time';
  const neverDelivered = /^0-0$/.test(group.lastDeliveredId ?? '');
  const delivered = group.lastDeliveredAt !== undefined ? Date.parse(group.lastDeliveredAt) : Number.NaN;
  const ref = referenceAt !== undefined ? Date.parse(referenceAt) : Number.NaN;
  const behind =
    !neverDelivered && Number.isFinite(delivered) && Number.isFinite(ref)
      ? Math.max(0, (ref - delivered) / 1000)
      : undefined;
  return {
    reference,
    neverDelivered,
    ...(referenceAt !== undefined ? { referenceAt } : {}),
    ...(behind !== undefined ? { behindSeconds: behind } : {}),
  };
}

/** The sample holding the stream's newest entry, for citing it. */
export const newestSample = (stream: RedisStream) =>
  stream.samples.find((e) => e.id === stream.lastEntryId) ?? stream.samples[stream.samples.length - 1];

/** Whether XINFO GROUPS was captured for this stream (possibly empty), judged from the files its evidence cites. */
export function groupsCaptured(files: readonly FileEntry[], stream: RedisStream): boolean {
  if (stream.groups.length > 0) return true;
  const kinds = new Map(files.map((f) => [f.path, f.kind]));
  return stream.evidence.some((e) => (kinds.get(e.file) ?? '').includes('redis-xinfo-groups'));
}

// ---- Is anyone consuming? -------------------------------------------------------------------------------------
// "Stalled" means nobody is consuming, and the age of the last-delivered id cannot tell: a live consumer working
// through a backlog always has an old one. What can tell, strongest first: the owner container's state, consumer
// idle (XINFO CONSUMERS), pending entries' idle (XPENDING), and the readers CLIENT LIST shows.

/** What a container's state means for the group it consumes. */
export type OwnerState =
  | 'running'
  | 'unhealthy'
  | 'paused'
  | 'oom-killed'
  | 'crash-looping'
  | 'restarting'
  | 'exited'
  | 'dead'
  | 'created'
  | 'missing';

/** The verdict on a group: consuming now, caught up (nothing to read), stopped, paused, or not known. */
export type ConsumptionState = 'consuming' | 'caught-up' | 'stopped' | 'paused' | 'unknown';

/** How the verdict was reached: each reason is a sentence of evidence, with its citation. */
export interface Consumption {
  state: ConsumptionState;
  /** Sentences, strongest first. */
  reasons: string[];
  evidence: EvidenceRef[];
  /** State of the owner container, when the group's owner is known. */
  ownerState?: OwnerState;
  /** The owner container, when known and present in the bundle. */
  ownerContainer?: Container;
  /** Smallest consumer idle (ms) from XINFO CONSUMERS, when captured. */
  freshestIdleMs?: number;
  /** Whether idle resets on every read attempt (7.2+, `inactive` present) or only on delivery (before 7.2). */
  idleMeansAttempt?: boolean;
}

/** Thresholds of the judgement, from the rule's options. */
export interface ConsumptionOptions {
  /** Activity within this many seconds is a live consumer. */
  liveSeconds: number;
  /** No activity for longer than this (seconds) is a stopped consumer. */
  stallSeconds: number;
}

/** Redis commands a consumer sends while working a group: the last command CLIENT LIST shows for it. */
const CONSUMER_COMMANDS = ['xreadgroup', 'xack', 'xclaim', 'xautoclaim'];

/** Whether a Redis version string is at least major.minor. */
export function versionAtLeast(version: string | undefined, major: number, minor: number): boolean | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return undefined;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}

/** What a container's state means for consuming: crash loops and OOM kills named, not just 'exited'. */
export function getOwnerState(c: Container | undefined): OwnerState {
  if (c === undefined) return 'missing';
  const ins = c.inspect;
  if (c.state === 'paused') return 'paused';
  if (c.state === 'restarting') return (ins?.restartCount ?? 0) >= 3 ? 'crash-looping' : 'restarting';
  if (c.state === 'running') return c.health === 'unhealthy' ? 'unhealthy' : 'running';
  if (ins?.oomKilled === true) return 'oom-killed';
  if (c.state === 'created') return 'created';
  if (c.state === 'dead') return 'dead';
  if (c.state === 'exited' && (ins?.restartCount ?? 0) >= 3 && ins?.restartPolicy !== 'no') return 'crash-looping';
  return c.state === 'exited' ? 'exited' : 'running';
}

/** Owner states in which nothing of that container consumes. */
export const OWNER_DOWN: ReadonlySet<OwnerState> = new Set([
  'oom-killed',
  'crash-looping',
  'restarting',
  'exited',
  'dead',
  'created',
  'missing',
]);

/** The facts the judgement reads. */
export interface ConsumptionFacts {
  redis: Pick<Redis, 'version' | 'clients'>;
  /** CLIENT LIST was captured (an empty list then means nobody is connected). */
  clientsCaptured: boolean;
  /**
   * How far the group's last delivery lies behind the newest entry (or the capture). CLIENT LIST is taken at
   * another moment than XINFO GROUPS, so "no reader" counts only when the last delivery is also old.
   */
  behindSeconds?: number;
  containers?: readonly Container[];
}

/**
 * What a stream rule has to judge a group by: the Redis model, CLIENT LIST when captured, the containers, the capture.
 */
export interface GroupSources {
  redis: ConsumptionFacts['redis'];
  redisClients?: readonly unknown[] | undefined;
  containers?: readonly Container[] | undefined;
  bundle: { capturedAt?: string | undefined };
}

/** A group's delay and whether anyone consumes it, judged from the facts a stream rule has. */
export function readGroup(
  facts: GroupSources,
  stream: RedisStream,
  group: Group,
  options: ConsumptionOptions,
): { delay: GroupDelay; consumption: Consumption } {
  const delay = groupDelay(facts.bundle.capturedAt, stream, group);
  const consumption = judgeConsumption(
    group,
    {
      redis: facts.redis,
      clientsCaptured: facts.redisClients !== undefined,
      ...(facts.containers ? { containers: facts.containers } : {}),
      ...(delay.behindSeconds !== undefined ? { behindSeconds: delay.behindSeconds } : {}),
    },
    options,
  );
  return { delay, consumption };
}

const secs = (ms: number): string => formatDuration(ms / 1000);

/** Whether anyone consumes `group` now, and why we think so. Pure: reads only what it is given. */
export function judgeConsumption(group: Group, facts: ConsumptionFacts, options: ConsumptionOptions): Consumption {
  const live = options.liveSeconds * 1000;
  const stall = options.stallSeconds * 1000;
  const lag = group.lag ?? undefined;
  const waiting = lag !== undefined ? lag > 0 : undefined;
  const alive: string[] = [];
  const dead: string[] = [];
  const liveNow: string[] = [];
  const deadNow: string[] = [];
  const aliveEvidence: EvidenceRef[] = [];
  const deadEvidence: EvidenceRef[] = [];
  const nowEvidence: EvidenceRef[] = [];
  const out: Omit<Consumption, 'state' | 'reasons' | 'evidence'> = {};

  // 1. The owner container.
  if (group.owner !== undefined && facts.containers !== undefined) {
    const c = facts.containers.find((x) => x.name === group.owner!.container);
    out.ownerState = getOwnerState(c);
    if (c !== undefined) out.ownerContainer = c;
    const ref = c?.evidence[0] ?? c?.inspect?.evidence;
    // The container's state is as of the capture, like CLIENT LIST: it outweighs a consumer idle from before.
    if (OWNER_DOWN.has(out.ownerState)) {
      deadNow.push(
        `its owner ${group.owner.container} is ${out.ownerState === 'missing' ? 'not in the bundle' : out.ownerState}`,
      );
      if (ref) nowEvidence.push(ref);
    }
  }

  // 2. Consumer idle (XINFO CONSUMERS). 7.2 added `inactive` and made `idle` count from the last attempt.
  const list = group.consumerList;
  if (list !== undefined && list.length > 0) {
    const attempt = list.some((c) => c.inactiveMs !== undefined) || versionAtLeast(facts.redis.version, 7, 2) === true;
    out.idleMeansAttempt = attempt;
    const freshest = list.reduce((m, c) => (c.idleMs < m.idleMs ? c : m));
    out.freshestIdleMs = freshest.idleMs;
    if (freshest.idleMs <= live) {
      alive.push(
        `consumer ${freshest.name} ${attempt ? 'was active' : 'took an entry'} ${secs(freshest.idleMs)} ` +
          'before the capture',
      );
      aliveEvidence.push(freshest.evidence);
    } else if (freshest.idleMs > stall) {
      // Before 7.2 idle resets only on delivery: a live consumer on a quiet stream looks idle. Only entries
      // waiting (lag > 0) that nobody took make long idle mean "not reading".
      if (attempt ? waiting === true || group.pending > 0 : waiting === true) {
        dead.push(
          `every consumer has been idle for over ${secs(stall)} ` +
            `(freshest: ${freshest.name}, ${secs(freshest.idleMs)})` +
            (attempt ? '' : ' while entries wait'),
        );
        deadEvidence.push(freshest.evidence);
      }
    }
  } else if (list !== undefined && list.length === 0 && group.consumers === 0 && waiting === true) {
    dead.push('the group has no consumers');
  }

  // 3. Pending entries (XPENDING extended): idle counts from the entry's last delivery.
  const entries = group.pendingEntries ?? [];
  if (entries.length > 0) {
    const fresh = entries.reduce((m, e) => (e.idleMs < m.idleMs ? e : m));
    if (fresh.idleMs <= live) {
      alive.push(`entry ${fresh.id} was delivered to ${fresh.consumer} ${secs(fresh.idleMs)} before the capture`);
      aliveEvidence.push(fresh.evidence);
    }
  }

  // 4. The readers CLIENT LIST shows. A reader blocked in XREADGROUP waits for new entries: a group with
  // entries waiting would have answered it at once, so it is not reading this group.
  const old = facts.behindSeconds !== undefined && facts.behindSeconds > options.stallSeconds;
  if (facts.clientsCaptured) {
    const names = new Set((list ?? []).map((c) => c.name));
    // A paused or stopped owner's connections may linger in CLIENT LIST: they read nothing.
    const ownerGone = out.ownerState === 'paused' || (out.ownerState !== undefined && OWNER_DOWN.has(out.ownerState));
    const readers = facts.redis.clients.filter(
      (c) =>
        CONSUMER_COMMANDS.includes(c.cmd.toLowerCase()) &&
        !(ownerGone && group.owner !== undefined && c.container === group.owner.container),
    );
    const mine = readers.filter(
      (c) =>
        (c.name !== '' && names.has(c.name)) || (group.owner !== undefined && c.container === group.owner.container),
    );
    const canServe = (c: RedisClient) => c.idleSeconds * 1000 <= live && !(waiting === true && c.flags.includes('b'));
    const serving = (mine.length > 0 ? mine : readers).filter(canServe);
    if (mine.length > 0 && serving.length > 0) {
      const c = serving[0]!;
      liveNow.push(
        `connection ${c.name !== '' ? `'${c.name}' ` : ''}from ${clientOwner(c)} ran ${c.cmd.toUpperCase()} ` +
          `${secs(c.idleSeconds * 1000)} before the capture`,
      );
      nowEvidence.push(c.evidence);
    } else if (waiting === true && old && serving.length === 0) {
      const blocked = readers.filter((c) => c.flags.includes('b')).length;
      deadNow.push(
        readers.length === 0
          ? 'no client connected to Redis last ran XREADGROUP or XACK'
          : blocked > 0
            ? `the ${plural(blocked, 'XREADGROUP client is', 'XREADGROUP clients are')} blocked waiting for ` +
              'new entries, which a group with entries waiting would have answered at once'
            : `the XREADGROUP clients have been idle for over ${secs(live)}`,
      );
      const first = readers[0]?.evidence ?? facts.redis.clients[0]?.evidence;
      if (first) nowEvidence.push(first);
    }
  }

  // CLIENT LIST is the present; consumer and entry idle are the recent past. A connection of this group's
  // consumers reading now beats everything; no connection that could be reading, while entries wait, beats an
  // idle that says someone took an entry a little while ago (that consumer is gone since).
  const paused = out.ownerState === 'paused';
  let state: ConsumptionState;
  let reasons: string[];
  if (liveNow.length > 0) [state, reasons] = ['consuming', [...liveNow, ...alive]];
  else if (paused) [state, reasons] = ['paused', [`its owner ${group.owner?.container ?? ''} is paused`, ...dead]];
  else if (deadNow.length > 0) [state, reasons] = ['stopped', [...dead, ...deadNow]];
  else if (alive.length > 0) [state, reasons] = ['consuming', alive];
  else if (dead.length > 0) [state, reasons] = ['stopped', dead];
  else if (waiting === false && group.pending === 0) [state, reasons] = ['caught-up', []];
  else [state, reasons] = ['unknown', []];
  const evidence =
    state === 'consuming'
      ? [...nowEvidence, ...aliveEvidence]
      : state === 'stopped'
        ? [...deadEvidence, ...nowEvidence]
        : state === 'paused'
          ? [...(out.ownerContainer?.evidence.slice(0, 1) ?? []), ...deadEvidence]
          : [];
  return { state, reasons, evidence, ...out };
}

export { plural } from '../redis/redis-support.ts';

// ---- Which flow, and how much is behind -----------------------------------------------------------------------

/** Words of stream and group names that mark a side flow (reporting, sync, bookkeeping), not business work. */
export const SIDE_FLOW_WORDS: readonly string[] = [
  'analytics',
  'audit',
  'crm',
  'metrics',
  'metric',
  'stats',
  'statistics',
  'telemetry',
  'tracking',
  'digest',
  'report',
  'reports',
  'reporting',
  'archive',
  'backup',
  'export',
  'etl',
  'warehouse',
  'newsletter',
  'marketing',
  'recommendations',
  'search-index',
  'monitoring',
];

/** The side-flow word the stream key or group name contains as whole tokens ('crm-sync' → 'crm'), if any. */
export function getSideFlowWord(stream: RedisStream, group: Group, words: readonly string[]): string | undefined {
  const names = [stream.key, group.name].map(
    (n) =>
      `_${n
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean)
        .join('_')}_`,
  );
  return words.find((w) => {
    const t = w
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .join('_');
    return t !== '' && names.some((n) => n.includes(`_${t}_`));
  });
}

/** Lag as Redis reports it, else an estimate and why Redis gave none. */
export interface LagReading {
  /** Entries not yet delivered to the group: Redis's figure, or the estimate. */
  lag?: number;
  estimated: boolean;
  /** Why Redis reported no lag, in words (only when it did not). */
  nilReason?: string;
  /** What the estimate was made from. */
  estimateFrom?: string;
}

/** The group's lag, estimated from entries-read against the stream's length when Redis reports none. */
export function getLag(stream: RedisStream, group: Group): LagReading {
  if (typeof group.lag === 'number') return { lag: group.lag, estimated: false };
  const nilReason =
    group.lag === undefined
      ? 'XINFO GROUPS has no lag field before Redis 7.0'
      : 'Redis gives no lag when entries were deleted (XDEL) or trimmed between the group and the end of the ' +
        'stream, or the group was created or moved (XGROUP SETID) to an arbitrary id';
  const length = stream.length;
  if (length === undefined) return { estimated: false, nilReason };
  if (/^0-0$/.test(group.lastDeliveredId ?? ''))
    return {
      lag: length,
      estimated: true,
      nilReason,
      estimateFrom: 'the stream length: the group never delivered an entry',
    };
  if (
    group.lastDeliveredId !== undefined &&
    stream.firstEntryId !== undefined &&
    compareIds(group.lastDeliveredId, stream.firstEntryId) < 0
  )
    return {
      lag: length,
      estimated: true,
      nilReason,
      estimateFrom: 'the stream length: the group is behind the oldest entry',
    };
  if (typeof group.entriesRead === 'number' && group.entriesRead <= length)
    return {
      lag: length - group.entriesRead,
      estimated: true,
      nilReason,
      estimateFrom:
        `the stream length ${length} less the ${group.entriesRead} entries the group read (a lower bound when ` +
        'entries were trimmed)',
    };
  return { estimated: false, nilReason };
}

function compareIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}
