import { z } from 'zod';
import { Attribution, cited, EvidenceRef } from './evidence.ts';

/** INFO output: sections of raw key/value strings, kept whole so nothing is lost. */
export const RedisInfo = cited({
  sections: z.record(z.string(), z.record(z.string(), z.string())),
  /** File line of each INFO key, for citing one value precisely. */
  lines: z.record(z.string(), z.number().int().positive()).optional(),
  /** Line range of each section, header included. */
  sectionEvidence: z.record(z.string(), EvidenceRef).optional(),
});
export type RedisInfo = z.infer<typeof RedisInfo>;

/** One CLIENT LIST line (7.0 and 7.2+ field sets; unknown fields kept in `fields`). */
export const RedisClient = cited({
  id: z.string(),
  addr: z.string(),
  ip: z.string(),
  port: z.number().int().optional(),
  name: z.string(),
  ageSeconds: z.number(),
  idleSeconds: z.number(),
  flags: z.string(),
  db: z.number().int().optional(),
  cmd: z.string(),
  libName: z.string().optional(),
  /** Container whose network IP matches `ip` (from docker inspect). */
  container: z.string().optional(),
  fields: z.record(z.string(), z.string()),
});
export type RedisClient = z.infer<typeof RedisClient>;

export const SlowlogEntry = cited({
  id: z.number().int(),
  at: z.string(),
  durationMicros: z.number(),
  command: z.array(z.string()),
  client: z.string().optional(),
  clientName: z.string().optional(),
});
export type SlowlogEntry = z.infer<typeof SlowlogEntry>;

/** One XINFO GROUPS entry. Lag and entries-read are absent before Redis 7.0. */
export const ConsumerGroup = cited({
  name: z.string(),
  consumers: z.number().int(),
  pending: z.number().int(),
  /** Absent in Redis 5.0 release candidates, which printed no last-delivered-id. */
  lastDeliveredId: z.string().optional(),
  /** ISO time decoded from the millisecond part of last-delivered-id. */
  lastDeliveredAt: z.string().optional(),
  entriesRead: z.number().int().nullable().optional(),
  lag: z.number().int().nullable().optional(),
});
export type ConsumerGroup = z.infer<typeof ConsumerGroup>;

/** XINFO CONSUMERS entry. */
export const StreamConsumer = cited({
  name: z.string(),
  pending: z.number().int(),
  idleMs: z.number(),
  inactiveMs: z.number().optional(),
});
export type StreamConsumer = z.infer<typeof StreamConsumer>;

/** XPENDING <stream> <group>: how many entries are pending, between which ids, owned by whom. */
export const PendingSummary = cited({
  count: z.number().int().nonnegative(),
  minId: z.string().optional(),
  maxId: z.string().optional(),
  /** Pending entries per consumer name. */
  consumers: z.array(z.object({ name: z.string(), count: z.number().int(), evidence: EvidenceRef })),
});
export type PendingSummary = z.infer<typeof PendingSummary>;

/** One entry of XPENDING's extended form: who holds it, how long idle, how often delivered. */
export const PendingEntry = cited({
  id: z.string(),
  consumer: z.string(),
  /** Milliseconds since the entry was last delivered. */
  idleMs: z.number().int(),
  /** Times it was delivered. */
  deliveries: z.number().int(),
});
export type PendingEntry = z.infer<typeof PendingEntry>;

/** One entry from XRANGE / XREVRANGE. Field values are strings as Redis stores them. */
export const StreamEntry = cited({
  id: z.string(),
  at: z.string().optional(),
  fields: z.record(z.string(), z.string()),
});
export type StreamEntry = z.infer<typeof StreamEntry>;

/**
 * The service behind a consumer group, and how it was found: a container whose environment names the group or
 * stream, whose name matches consumer or client names, or whose IP address matches a reading client's.
 */
export const GroupOwner = z.object({
  container: z.string(),
  via: z.enum(['environment', 'consumer-name', 'client-name', 'client-address']),
  /** What matched, in words: 'CONSUMER_GROUP=billing in its environment'. */
  detail: z.string(),
  evidence: z.array(EvidenceRef),
});
export type GroupOwner = z.infer<typeof GroupOwner>;

/** A stream with everything the bundle says about it. */
export const RedisStream = z.object({
  key: z.string(),
  length: z.number().int().optional(),
  /** Where `length` came from, e.g. 'xlen' or 'xinfo-stream'; positional when the capture had no key names. */
  lengthSource: z.string().optional(),
  firstEntryId: z.string().optional(),
  lastEntryId: z.string().optional(),
  lastEntryAt: z.string().optional(),
  /** XINFO STREAM (7.0+): entries ever added, including those trimmed or deleted since. */
  entriesAdded: z.number().int().optional(),
  /** XINFO STREAM (7.0+): the newest id removed by XDEL ('0-0' when none; MAXLEN/MINID trimming does not set it). */
  maxDeletedEntryId: z.string().optional(),
  /** XINFO STREAM (7.0+): the id of the first entry still held (rises as trimming removes the oldest). */
  recordedFirstEntryId: z.string().optional(),
  groups: z.array(
    ConsumerGroup.extend({
      consumerList: z.array(StreamConsumer).optional(),
      pendingSummary: PendingSummary.optional(),
      pendingEntries: z.array(PendingEntry).optional(),
      attribution: Attribution.optional(),
      owner: GroupOwner.optional(),
    }),
  ),
  samples: z.array(StreamEntry),
  /** Entries the capture held when `samples` keeps only the first of them (see run/retain.ts); absent otherwise. */
  samplesTotal: z.number().int().optional(),
  evidence: z.array(EvidenceRef),
});
export type RedisStream = z.infer<typeof RedisStream>;

export const RedisMemory = cited({
  usedBytes: z.number(),
  usedHuman: z.string().optional(),
  rssBytes: z.number().optional(),
  peakBytes: z.number().optional(),
  maxmemoryBytes: z.number(),
  maxmemoryPolicy: z.string(),
  fragmentationRatio: z.number().optional(),
  totalSystemMemoryBytes: z.number().optional(),
});
export type RedisMemory = z.infer<typeof RedisMemory>;

/** Redis as the bundle shows it. */
export const Redis = z.object({
  version: z.string().optional(),
  /** Seconds since the server started (INFO server), when captured. */
  uptimeSeconds: z.number().optional(),
  memory: RedisMemory.optional(),
  /** INFO stats as numbers (non-numeric values dropped). */
  stats: z.record(z.string(), z.number()),
  info: z.array(RedisInfo),
  clients: z.array(RedisClient),
  /** Clients CLIENT LIST printed when `clients` keeps only the first of them (see run/retain.ts); absent otherwise. */
  clientsTotal: z.number().int().optional(),
  /** undefined: SLOWLOG not captured; []: captured and empty (or empty capture, see evidenceIssues). */
  slowlog: z.array(SlowlogEntry).optional(),
  streams: z.array(RedisStream),
  /** Stream lengths captured without key names (bare XLEN output): known, but not whose. */
  unkeyedLengths: z.array(z.object({ length: z.number().int(), evidence: EvidenceRef })),
  evidence: z.array(EvidenceRef),
});
export type Redis = z.infer<typeof Redis>;

/** How many clients CLIENT LIST printed: every one, also when `clients` keeps only the first of them. */
export const clientCount = (redis: Pick<Redis, 'clients' | 'clientsTotal'>): number =>
  redis.clientsTotal ?? redis.clients.length;
