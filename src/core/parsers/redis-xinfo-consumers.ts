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
import { defineParser, lineAt, refAt, splitLines } from './parser.ts';
import type { ParseIssue } from './parser.ts';
import {
  baseName,
  checkRedisCapture,
  isBlank,
  rawLines,
  readRedisReplies,
  replyInt,
  replyText,
} from './redis-reply.ts';
import { rawRecords, treeRecords } from './redis-xinfo-groups.ts';

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
  detect(text, name): number {
    const hinted = /consumer/.test(baseName(name));
    const lines = splitLines(text)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const plain = lines.map((l) => l.replace(/^(?:\d+\)\s+)+/, '').replace(/^"(.*)"$/, '$1'));
    if (plain[0] === 'name' && plain[2] === 'pending' && plain[4] === 'idle' && !plain.includes('last-delivered-id'))
      return 0.95;
    if (hinted && /^\(empty (?:array|list or set)\)$/.test(lines[0] ?? '')) return 0.6;
    return 0;
  },
  schema: RedisXinfoConsumersValue,
  parse(text, ctx) {
    if (isBlank(text)) {
      return {
        ok: true,
        value: { consumers: [] },
        issues: [
          {
            kind: 'empty-capture',
            message:
              'XINFO CONSUMERS capture is empty: either the group has no consumers (raw redis-cli prints a blank line) or nothing was captured',
          },
        ],
      };
    }
    const stop = checkRedisCapture(text, ctx, 'XINFO CONSUMERS');
    if (stop) return { ok: false, issues: stop };
    const read = readRedisReplies(text);
    const records = read.style === 'tty' ? treeRecords(read.replies) : rawRecords(rawLines(read), 'name');
    if (!records)
      return {
        ok: false,
        issues: [{ kind: 'unrecognised', message: 'text does not look like XINFO CONSUMERS output' }],
      };
    const issues: ParseIssue[] = [];
    const consumers: StreamConsumer[] = [];
    for (const r of records) {
      const name = replyText(r.pairs.get('name'));
      const pending = replyInt(r.pairs.get('pending'));
      const idleMs = replyInt(r.pairs.get('idle'));
      if (name === undefined || pending === undefined || idleMs === undefined || r.pairs.has('last-delivered-id')) {
        issues.push({
          kind: 'parse-failure',
          message: 'a consumer record lacks name, pending or idle and was skipped',
          line: lineAt(ctx, r.line),
        });
        continue;
      }
      const consumer: StreamConsumer = { name, pending, idleMs, evidence: refAt(ctx, r.line, r.endLine) };
      const inactive = replyInt(r.pairs.get('inactive'));
      if (inactive !== undefined) consumer.inactiveMs = inactive;
      consumers.push(consumer);
    }
    if (consumers.length === 0 && records.length > 0)
      return {
        ok: false,
        issues: [...issues, { kind: 'unrecognised', message: 'no complete XINFO CONSUMERS record found' }],
      };
    return { ok: true, value: { consumers }, issues };
  },
});
