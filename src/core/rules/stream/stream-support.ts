import type { FileEntry } from '../../model/evidence.ts';
import type { RedisStream } from '../../model/redis.ts';

// Shared lookups for the stream rules. Not a rule itself: nothing here reports.

export type Group = RedisStream['groups'][number];

/** Subject of a consumer group: 'stream:<key>/group:<name>'. */
export const groupSubject = (stream: RedisStream, group: Group): string => `stream:${stream.key}/group:${group.name}`;

/** How far a group's last delivery lies behind the stream's newest entry (or the capture, when no entry time is known). */
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
  const neverDelivered = /^0-0$/.test(group.lastDeliveredId);
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

/** Whether a group with registered consumers stopped consuming: its last delivery is over `stallSeconds` behind. */
export function isStalled(group: Group, delay: GroupDelay, stallSeconds: number): boolean {
  if (group.consumers === 0) return false;
  if (delay.neverDelivered) return (group.lag ?? 0) > 0;
  return delay.behindSeconds !== undefined && delay.behindSeconds > stallSeconds;
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

export { plural } from '../redis/redis-support.ts';
