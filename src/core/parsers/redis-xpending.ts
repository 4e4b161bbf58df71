// Capture: redis-cli XPENDING <stream> <group>              (summary)
//          redis-cli XPENDING <stream> <group> - + 100      (extended)
//   17                       1795508581497-0
//   1795508581497-0          executor-1
//   1795508581606-0          40285
//   executor-1               1
//   2                        1795508581503-0 …
// Summary: count, smallest and greatest pending id (nil when none), then per-consumer
// [name, count] (count is a string in the reply). Extended: [id, consumer, idle ms, deliveries]
// per entry. Raw style flattens both, so the first line tells them apart: a count or an id.
import { z } from 'zod';
import { PendingEntry, PendingSummary } from '../model/redis.ts';
import { defineParser, issueAt, refAt, trimmedLines } from './parser.ts';
import type { ParseContext, ParseIssue } from './parser.ts';
import type { RedisReply } from './redis-reply.ts';
import { bareValue, isEmptyTtyArray, isStreamId, replyInt, replyIsNil, replyText, restBlank } from './redis-reply.ts';
import { emptyReply, parseRedisReply } from './redis-capture.ts';
import type { RawLine, RedisReplyReading } from './redis-capture.ts';

/** Value of the redis-xpending parser: the summary or the extended form. */
export const RedisXpendingValue = z.discriminatedUnion('kind', [
  PendingSummary.extend({ kind: z.literal('summary') }),
  z.object({ kind: z.literal('extended'), entries: z.array(PendingEntry) }),
]);
export type RedisXpendingValue = z.infer<typeof RedisXpendingValue>;
type Summary = Extract<RedisXpendingValue, { kind: 'summary' }>;

/** Parser for XPENDING output, summary or extended. */
export const redisXpendingParser = defineParser({
  id: 'redis-xpending',
  description: 'Pending entries of a consumer group from XPENDING (summary or extended form)',
  command: 'redis-cli XPENDING <stream> <group> [- + <count>]',
  fileNames: /pending/i,
  eachSection: true,
  detect(text, _name, hinted): number {
    const lines = trimmedLines(text);
    const plain = lines.map((l) => bareValue(l).replace(/^\(integer\) /, ''));
    if (/^1\) \(integer\) \d+$/.test(lines[0] ?? '') && /^2\) (?:"\d+-\d+"|\(nil\))$/.test(lines[1] ?? '')) return 0.95;
    if (/^1\) 1\) "\d+-\d+"$/.test(lines[0] ?? '') && /^3\) \(integer\) \d+$/.test(lines[2] ?? ''))
      return hinted ? 0.95 : 0.85;
    if (/^\d+$/.test(plain[0] ?? '') && isStreamId(plain[1]) && isStreamId(plain[2])) return hinted ? 0.95 : 0.7;
    if (
      plain.length >= 4 &&
      plain.length % 4 === 0 &&
      plain.every((l, i) => (i % 4 === 0 ? isStreamId(l) : i % 4 === 1 ? true : /^\d+$/.test(l)))
    )
      return hinted ? 0.95 : 0.75;
    if (hinted && (plain[0] === '0' || isEmptyTtyArray(lines[0]))) return 0.8;
    return 0;
  },
  schema: RedisXpendingValue,
  parse: (text, ctx) => parseRedisReply(text, ctx, XPENDING),
});

const XPENDING: RedisReplyReading<RedisXpendingValue> = {
  command: 'XPENDING',
  blank: emptyReply('XPENDING', 'nothing is pending', { kind: 'extended', entries: [] }),
  tree: fromTree,
  raw: fromRaw,
};

function fromTree(replies: RedisReply[], ctx: ParseContext, issues: ParseIssue[]): RedisXpendingValue | undefined {
  const top = replies[0];
  if (!top || top.kind !== 'array') return undefined;
  const head = top.items[0];
  if (top.items.length === 0) return { kind: 'extended', entries: [] };
  if (head?.kind === 'integer') {
    const count = head.value;
    const summary: Summary = { kind: 'summary', count, consumers: [], evidence: refAt(ctx, top.line, top.endLine) };
    const minId = top.items[1];
    const maxId = top.items[2];
    if (!replyIsNil(minId)) summary.minId = replyText(minId) ?? '';
    if (!replyIsNil(maxId)) summary.maxId = replyText(maxId) ?? '';
    const list = top.items[3];
    if (list?.kind === 'array') {
      for (const c of list.items) {
        const name = c.kind === 'array' ? replyText(c.items[0]) : undefined;
        const n = c.kind === 'array' ? replyInt(c.items[1]) : undefined;
        if (c.kind !== 'array' || name === undefined || n === undefined) {
          issues.push(issueAt(ctx, 'parse-failure', 'an XPENDING consumer row is incomplete and was skipped', c.line));
          continue;
        }
        summary.consumers.push({ name, count: n, evidence: refAt(ctx, c.line, c.endLine) });
      }
    }
    return summary;
  }
  if (head?.kind !== 'array') return undefined;
  const entries: PendingEntry[] = [];
  for (const e of top.items) {
    const row = e.kind === 'array' ? e.items : [];
    const entry = makePending(
      replyText(row[0]),
      replyText(row[1]),
      replyInt(row[2]),
      replyInt(row[3]),
      refAt(ctx, e.line, e.kind === 'array' ? e.endLine : e.line),
    );
    if (entry) entries.push(entry);
    else issues.push(issueAt(ctx, 'parse-failure', 'an XPENDING entry is incomplete and was skipped', e.line));
  }
  return { kind: 'extended', entries };
}

function fromRaw(lines: RawLine[], ctx: ParseContext, issues: ParseIssue[]): RedisXpendingValue | undefined {
  const first = lines[0];
  if (!first) return { kind: 'extended', entries: [] };
  if (/^\d+$/.test(first.value)) {
    const min = lines[1];
    const max = lines[2];
    if ((min && min.value !== '' && !isStreamId(min.value)) || (max && max.value !== '' && !isStreamId(max.value)))
      return undefined;
    const end = lines[lines.length - 1]?.line ?? first.line;
    const summary: Summary = {
      kind: 'summary',
      count: Number(first.value),
      consumers: [],
      evidence: refAt(ctx, first.line, end),
    };
    if (min?.value) summary.minId = min.value;
    if (max?.value) summary.maxId = max.value;
    for (let i = 3; i < lines.length; i += 2) {
      const name = lines[i];
      const n = lines[i + 1];
      if (!name || name.value === '') continue; // nil consumer list prints an empty line
      if (!n || !/^\d+$/.test(n.value)) {
        issues.push(
          issueAt(ctx, 'parse-failure', `XPENDING consumer ${name.value} has no count (truncated capture?)`, name.line),
        );
        break;
      }
      summary.consumers.push({ name: name.value, count: Number(n.value), evidence: refAt(ctx, name.line, n.line) });
    }
    return summary;
  }
  if (!isStreamId(first.value)) return undefined;
  const entries: PendingEntry[] = [];
  for (let i = 0; i < lines.length && !restBlank(lines, i); i += 4) {
    const [id, consumer, idle, deliveries] = lines.slice(i, i + 4);
    const entry =
      id &&
      makePending(
        id.value,
        consumer?.value,
        toInt(idle?.value),
        toInt(deliveries?.value),
        refAt(ctx, id.line, deliveries?.line ?? id.line),
      );
    if (!entry) {
      issues.push(
        issueAt(
          ctx,
          'parse-failure',
          'XPENDING output ends with an incomplete entry (truncated capture?)',
          id?.line ?? first.line,
        ),
      );
      break;
    }
    entries.push(entry);
  }
  return { kind: 'extended', entries };
}

function makePending(
  id: string | undefined,
  consumer: string | undefined,
  idleMs: number | undefined,
  deliveries: number | undefined,
  evidence: PendingEntry['evidence'],
): PendingEntry | undefined {
  if (!id || !isStreamId(id) || consumer === undefined || idleMs === undefined || deliveries === undefined)
    return undefined;
  return { id, consumer, idleMs, deliveries, evidence };
}

function toInt(s: string | undefined): number | undefined {
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined;
}
