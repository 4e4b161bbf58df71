// Capture: redis-cli XINFO CONSUMERS <stream> <group>
//   name
//   executor-1
//   pending
//   2
//   idle …
// Same record layout as XINFO GROUPS (raw: a `name` key starts the next consumer). Redis 7.2
// adds `inactive` (ms since the last successful read, -1 if never), which we keep as inactiveMs.
import { z } from 'zod';
import { StreamConsumer } from '../model/redis.ts';
import { defineParser, refAt, trimmedLines } from './parser.ts';
import type { ParseContext } from './parser.ts';
import { bareValue, isEmptyTtyArray, replyInt, replyText } from './redis-reply.ts';
import { emptyReply, parseRedisRecords } from './redis-capture.ts';
import type { PairRecord, RedisRecordsReading } from './redis-capture.ts';

/** Value of the redis-xinfo-consumers parser. */
export const RedisXinfoConsumersValue = z.object({ consumers: z.array(StreamConsumer) });
export type RedisXinfoConsumersValue = z.infer<typeof RedisXinfoConsumersValue>;

/** Parser for XINFO CONSUMERS output. */
export const redisXinfoConsumersParser = defineParser({
  id: 'redis-xinfo-consumers',
  description: 'Consumers of one group from XINFO CONSUMERS, raw or tty style',
  command: 'redis-cli XINFO CONSUMERS <stream> <group>',
  fileNames: /consumer/i,
  eachSection: true,
  detect(text, _name, hinted): number {
    const lines = trimmedLines(text);
    const plain = lines.map(bareValue);
    if (plain[0] === 'name' && plain[2] === 'pending' && plain[4] === 'idle' && !plain.includes('last-delivered-id'))
      return 0.95;
    if (hinted && isEmptyTtyArray(lines[0])) return 0.6;
    return 0;
  },
  schema: RedisXinfoConsumersValue,
  parse: (text, ctx) => parseRedisRecords(text, ctx, XINFO_CONSUMERS),
});

const XINFO_CONSUMERS: RedisRecordsReading<StreamConsumer, RedisXinfoConsumersValue> = {
  command: 'XINFO CONSUMERS',
  blank: emptyReply('XINFO CONSUMERS', 'the group has no consumers', { consumers: [] }),
  firstKey: 'name',
  record: toConsumer,
  skipped: 'a consumer record lacks name, pending or idle and was skipped',
  value: (consumers) => ({ consumers }),
};

function toConsumer(r: PairRecord, ctx: ParseContext): StreamConsumer | undefined {
  const name = replyText(r.pairs.get('name'));
  const pending = replyInt(r.pairs.get('pending'));
  const idleMs = replyInt(r.pairs.get('idle'));
  // A record with last-delivered-id is a group's, not a consumer's.
  if (name === undefined || pending === undefined || idleMs === undefined || r.pairs.has('last-delivered-id'))
    return undefined;
  const consumer: StreamConsumer = { name, pending, idleMs, evidence: refAt(ctx, r.line, r.endLine) };
  const inactive = replyInt(r.pairs.get('inactive'));
  if (inactive !== undefined) consumer.inactiveMs = inactive;
  return consumer;
}
