// Capture: redis-cli XINFO GROUPS <stream>
//   name
//   quantum:group:execution:trade.intent
//   consumers
//   34
//   last-delivered-id …
// Each group is key/value pairs; raw style runs groups together, so a `name` key starts the next.
// entries-read and lag exist from Redis 7.0 (either may be nil: raw prints an empty line). The
// reply does not name its stream: the assembler attributes it (from the file name); we only parse.
import { z } from 'zod';
import { ConsumerGroup } from '../model/redis.ts';
import { defineParser, refAt, trimmedLines } from './parser.ts';
import type { ParseContext } from './parser.ts';
import type { RedisReply } from './redis-reply.ts';
import {
  bareValue,
  isEmptyArrayReply,
  isEmptyTtyArray,
  replyInt,
  replyIsNil,
  replyText,
  streamIdTime,
} from './redis-reply.ts';
import { emptyReply, parseRedisRecords } from './redis-capture.ts';
import type { PairRecord, RedisRecordsReading } from './redis-capture.ts';

/** Value of the redis-xinfo-groups parser. */
export const RedisXinfoGroupsValue = z.object({ groups: z.array(ConsumerGroup) });
export type RedisXinfoGroupsValue = z.infer<typeof RedisXinfoGroupsValue>;

/** Parser for XINFO GROUPS output. */
export const redisXinfoGroupsParser = defineParser({
  id: 'redis-xinfo-groups',
  description: 'Consumer groups of one stream from XINFO GROUPS, raw or tty style',
  command: 'redis-cli XINFO GROUPS <stream>',
  fileNames: /group/i,
  eachSection: true,
  detect(text, _name, hinted): number {
    const lines = trimmedLines(text);
    const plain = lines.map(bareValue);
    if (plain[0] === 'name' && plain.includes('consumers') && plain.includes('pending')) {
      if (plain.includes('last-delivered-id')) return 0.95;
      // Redis 5.0 release candidates: name, consumers, pending only (a consumer list has idle instead).
      if (!plain.includes('idle') && plain.length <= 6 * Math.max(1, plain.filter((p) => p === 'name').length))
        return hinted ? 0.9 : 0.7;
    }
    if (hinted && isEmptyTtyArray(lines[0])) return 0.6;
    if (hinted && isEmptyArrayReply(text)) return 0.6;
    return 0;
  },
  schema: RedisXinfoGroupsValue,
  parse: (text, ctx) => parseRedisRecords(text, ctx, XINFO_GROUPS),
});

const XINFO_GROUPS: RedisRecordsReading<ConsumerGroup, RedisXinfoGroupsValue> = {
  command: 'XINFO GROUPS',
  blank: emptyReply('XINFO GROUPS', 'the stream has no groups', { groups: [] }, true),
  firstKey: 'name',
  record: toGroup,
  skipped: 'a group record lacks name, consumers or pending and was skipped',
  value: (groups) => ({ groups }),
};

function toGroup(r: PairRecord, ctx: ParseContext): ConsumerGroup | undefined {
  const name = replyText(r.pairs.get('name'));
  const consumers = replyInt(r.pairs.get('consumers'));
  const pending = replyInt(r.pairs.get('pending'));
  const lastDeliveredId = replyText(r.pairs.get('last-delivered-id'));
  // Redis 5.0 release candidates printed name, consumers and pending only: no last-delivered-id.
  if (name === undefined || consumers === undefined || pending === undefined) return undefined;
  const group: ConsumerGroup = { name, consumers, pending, evidence: refAt(ctx, r.line, r.endLine) };
  if (lastDeliveredId !== undefined) {
    group.lastDeliveredId = lastDeliveredId;
    const at = streamIdTime(lastDeliveredId);
    if (at) group.lastDeliveredAt = at;
  }
  // Present-but-nil (Redis cannot compute it) is null; absent (Redis < 7.0) stays undefined.
  if (r.pairs.has('entries-read')) group.entriesRead = nilOrInt(r.pairs.get('entries-read'));
  if (r.pairs.has('lag')) group.lag = nilOrInt(r.pairs.get('lag'));
  return group;
}

function nilOrInt(r: RedisReply | undefined): number | null {
  return replyIsNil(r) ? null : (replyInt(r) ?? null);
}
