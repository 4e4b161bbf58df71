// Capture: redis-cli XINFO STREAM <stream>
//   length
//   40
//   radix-tree-keys
//   3
//   last-generated-id …
// Key/value pairs; first-entry and last-entry hold a whole entry ([id, [field, value, …]] or nil).
// Raw style flattens those, so an entry's fields run until the next known XINFO STREAM key.
// max-deleted-entry-id, entries-added and recorded-first-entry-id exist from Redis 7.0.
import { z } from 'zod';
import { cited } from '../model/evidence.ts';
import { RedisStream, StreamEntry } from '../model/redis.ts';
import { baseName, defineParser, issueAt, lineAt, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue } from './parser.ts';
import type { RedisReply } from './redis-reply.ts';
import { bareValue, isStreamId, replyInt, replyIsNil, replyPairs, replyText, restBlank } from './redis-reply.ts';
import { parseRedisReply } from './redis-capture.ts';
import type { RawLine, RedisReplyReading } from './redis-capture.ts';
import { entryFromTree, makeEntry } from './redis-xrange.ts';

// The ids and counts XINFO STREAM reports that the stream model holds, as the model types them.
const { firstEntryId, lastEntryId, maxDeletedEntryId, entriesAdded, recordedFirstEntryId } = RedisStream.shape;

/** Value of the redis-xinfo-stream parser. */
export const RedisXinfoStreamValue = cited({
  length: z.number().int().nonnegative(),
  radixTreeKeys: z.number().int().optional(),
  radixTreeNodes: z.number().int().optional(),
  /** Number of consumer groups. */
  groups: z.number().int().nonnegative(),
  firstEntryId,
  lastEntryId,
  lastGeneratedId: z.string().optional(),
  maxDeletedEntryId,
  entriesAdded,
  recordedFirstEntryId,
  firstEntry: StreamEntry.optional(),
  lastEntry: StreamEntry.optional(),
});
export type RedisXinfoStreamValue = z.infer<typeof RedisXinfoStreamValue>;

const TOP_KEYS = new Set([
  'length',
  'radix-tree-keys',
  'radix-tree-nodes',
  'last-generated-id',
  'max-deleted-entry-id',
  'entries-added',
  'recorded-first-entry-id',
  'groups',
  'first-entry',
  'last-entry',
]);

/** Parser for XINFO STREAM output. */
export const redisXinfoStreamParser = defineParser({
  id: 'redis-xinfo-stream',
  description: 'Stream summary from XINFO STREAM, raw or tty style',
  command: 'redis-cli XINFO STREAM <stream>',
  fileNames: /xinfo[_-]?stream|stream[_-]?info/i,
  eachSection: true,
  detect(text, name): number {
    const plain = splitLines(text)
      .map((l) => bareValue(l.trim()))
      .filter((l) => l !== '');
    if (plain[0] === 'length' && (plain.includes('radix-tree-keys') || plain.includes('last-generated-id')))
      return 0.95;
    if (plain[0] === 'length' && /xinfo|stream_info/.test(baseName(name))) return 0.7;
    return 0;
  },
  schema: RedisXinfoStreamValue,
  parse: (text, ctx) => parseRedisReply(text, ctx, XINFO_STREAM),
});

/** What a reply held before it is read into the value: its pairs, with first-entry and last-entry read. */
interface Read {
  pairs: Map<string, RedisReply>;
  first: StreamEntry | undefined;
  last: StreamEntry | undefined;
  span: [number, number];
}

const XINFO_STREAM: RedisReplyReading<RedisXinfoStreamValue> = {
  command: 'XINFO STREAM',
  blank: { issue: 'XINFO STREAM capture is empty' },
  tree(replies, ctx) {
    const top = replies[0];
    if (!top || top.kind !== 'array') return undefined;
    const pairs = replyPairs(top.items);
    const first = entryFromTree(pairs.get('first-entry'), ctx);
    const last = entryFromTree(pairs.get('last-entry'), ctx);
    return toValue({ pairs, first, last, span: [top.line, top.endLine] }, ctx);
  },
  raw(lines, ctx, issues) {
    if (lines[0]?.value !== 'length') return undefined;
    // What the walk reports stands only once the reply is known to be XINFO STREAM's.
    const found: ParseIssue[] = [];
    const end = lines.findLast((l) => l.value !== '') ?? lines[0];
    const value = toValue({ ...fromRaw(lines, ctx, found), span: [lines[0].line, end.line] }, ctx);
    if (value) issues.push(...found);
    return value;
  },
};

/** The value of the pairs read; undefined without a length (not an XINFO STREAM reply). */
function toValue({ pairs, first, last, span }: Read, ctx: ParseContext): RedisXinfoStreamValue | undefined {
  const length = replyInt(pairs.get('length'));
  if (length === undefined) return undefined;
  const groupsReply = pairs.get('groups');
  // XINFO STREAM FULL prints groups as an array of group records rather than a count.
  const groups = groupsReply?.kind === 'array' ? groupsReply.items.length : (replyInt(groupsReply) ?? 0);
  const value: RedisXinfoStreamValue = { length, groups, evidence: refAt(ctx, span[0], span[1]) };
  const setInt = (key: string, set: (n: number) => void) => {
    const n = replyInt(pairs.get(key));
    if (n !== undefined) set(n);
  };
  const setId = (key: string, set: (s: string) => void) => {
    const r = pairs.get(key);
    const s = replyText(r);
    if (!replyIsNil(r) && s !== undefined) set(s);
  };
  setInt('radix-tree-keys', (n) => (value.radixTreeKeys = n));
  setInt('radix-tree-nodes', (n) => (value.radixTreeNodes = n));
  setInt('entries-added', (n) => (value.entriesAdded = n));
  setId('last-generated-id', (s) => (value.lastGeneratedId = s));
  setId('max-deleted-entry-id', (s) => (value.maxDeletedEntryId = s));
  setId('recorded-first-entry-id', (s) => (value.recordedFirstEntryId = s));
  if (first) {
    value.firstEntry = first;
    value.firstEntryId = first.id;
  }
  if (last) {
    value.lastEntry = last;
    value.lastEntryId = last.id;
  }
  return value;
}

/** Walk raw pairs; first-entry/last-entry take an id line then field/value lines up to the next known key. */
function fromRaw(lines: RawLine[], ctx: ParseContext, issues: ParseIssue[]) {
  const pairs = new Map<string, RedisReply>();
  let first: StreamEntry | undefined;
  let last: StreamEntry | undefined;
  const seen = new Set<string>();
  let i = 0;
  while (i < lines.length) {
    const key = lines[i];
    if (!key || restBlank(lines, i)) break;
    if (!TOP_KEYS.has(key.value) || seen.has(key.value)) {
      issues.push(
        issueAt(
          ctx,
          'parse-failure',
          `unexpected key '${key.value.slice(0, 40)}' (XINFO STREAM FULL raw output is only read up to here)`,
          key.line,
        ),
      );
      break;
    }
    seen.add(key.value);
    if (key.value === 'first-entry' || key.value === 'last-entry') {
      const id = lines[i + 1];
      i += 2;
      if (!id || !isStreamId(id.value)) continue; // nil entry: empty stream
      const fields: Record<string, string> = {};
      let end = id.line;
      let cut = false;
      // A field named like a key already printed (e.g. `length`) is a field, not the next key.
      while (i < lines.length && !(TOP_KEYS.has(lines[i]?.value ?? '') && !seen.has(lines[i]?.value ?? ''))) {
        const f = lines[i];
        const v = lines[i + 1];
        if (!f) break;
        fields[f.value] = v?.value ?? '';
        end = v?.line ?? f.line;
        i += 2;
        if (!v) cut = true;
      }
      if (cut || Object.keys(fields).length === 0) {
        const message = `${key.value} ${id.value} is cut short (a field without its value, or no fields at all)`;
        issues.push({ kind: 'parse-failure', message, line: lineAt(ctx, id.line) });
      }
      const entry = makeEntry(id.value, fields, refAt(ctx, id.line, end));
      if (key.value === 'first-entry') first = entry;
      else last = entry;
      continue;
    }
    const value = lines[i + 1];
    pairs.set(
      key.value,
      value ? { kind: 'string', value: value.value, line: value.line } : { kind: 'nil', line: key.line },
    );
    i += 2;
  }
  return { pairs, first, last };
}
