// Capture: for k in $(redis-cli --scan --type stream); do echo "$k $(redis-cli XLEN "$k")"; done
// Also read: `key: 123`, key and length on alternate lines, `(integer) 123`, and bare numbers:
//   10014
//   10013
//   1
// Bare numbers (a loop that echoed only the XLEN replies) cannot be tied to streams: they are kept
// without keys and flagged 'values-without-keys' rather than matched to a key list by position.
import { z } from 'zod';
import { EvidenceRef } from '../model/evidence.ts';
import { baseName, defineParser, issueAt, refAt, splitLines, trimmedLines } from './parser.ts';
import type { ParseIssue } from './parser.ts';
import { findErrorLine, unquoteRedis } from './redis-reply.ts';
import { redisCaptureEnd } from './redis-capture.ts';

/** Value of the redis-xlen parser: one length per XLEN reply, with its key when the capture named it. */
export const RedisXlenValue = z.object({
  lengths: z.array(
    z.object({
      key: z.string().optional(),
      length: z.number().int().nonnegative(),
      evidence: EvidenceRef,
    }),
  ),
});
export type RedisXlenValue = z.infer<typeof RedisXlenValue>;

const LENGTH = /^(?:\(integer\) )?(\d+)$/;
const KEYED = /^("(?:[^"\\]|\\.)*"|[^\s"]+?):?\s+(?:\(integer\) )?(\d+)$/;
const KEY = /^("(?:[^"\\]|\\.)*"|[^\s"]+)$/;

/** Parser for XLEN results, keyed or bare. */
export const redisXlenParser = defineParser({
  id: 'redis-xlen',
  description: 'Stream lengths from XLEN, with or without key names',
  command: 'for k in $(redis-cli --scan --type stream); do echo "$k $(redis-cli XLEN "$k")"; done',
  fileNames: /xlen|length|len/i,
  eachSection: true,
  detect(text, name, hinted): number {
    // SLOWLOG LEN, DBSIZE, LLEN … print the same bare integer; a name that says so is not an XLEN.
    if (/slowlog|dbsize|llen|scard|zcard|hlen|pfcount|client/.test(baseName(name))) return 0;
    const lines = trimmedLines(text);
    if (lines.length === 0) return 0;
    if (lines.every((l) => LENGTH.test(l)))
      return hinted ? 0.9 : lines.every((l) => l.startsWith('(integer)')) ? 0.5 : 0.3;
    if (lines.every((l) => KEYED.test(l) && !/^\d+$/.test(l.split(/\s+/)[0] ?? ''))) return hinted ? 0.95 : 0.7;
    // Key names may hold spaces (`echo "$k $(redis-cli XLEN "$k")"`): the length follows the last space.
    if (hinted && lines.every((l) => lastSpaceKeyed(l) !== undefined)) return 0.9;
    const pairs =
      lines.length % 2 === 0 &&
      lines.every((l, i) => (i % 2 === 0 ? KEY.test(l) && !LENGTH.test(l) && l.includes(':') : LENGTH.test(l)));
    if (pairs) return hinted ? 0.95 : 0.7;
    return 0;
  },
  schema: RedisXlenValue,
  parse(text, ctx) {
    const end = redisCaptureEnd<RedisXlenValue>(text, ctx, 'XLEN', { issue: 'XLEN capture is empty' });
    if (end) return end;
    const lines = splitLines(text);
    const issues: ParseIssue[] = [];
    const lengths: RedisXlenValue['lengths'] = [];
    let pendingKey: { key: string; line: number } | undefined;
    let unkeyedFirst: number | undefined;
    let stray = 0;

    lines.forEach((raw, i) => {
      const line = raw.trim();
      const n = i + 1;
      if (line === '') return;
      const len = LENGTH.exec(line);
      if (len) {
        const length = Number(len[1]);
        if (pendingKey) {
          lengths.push({ key: pendingKey.key, length, evidence: refAt(ctx, pendingKey.line, n) });
          pendingKey = undefined;
        } else {
          lengths.push({ length, evidence: refAt(ctx, n) });
          unkeyedFirst ??= n;
        }
        return;
      }
      const err = findErrorLine(line);
      if (err) {
        issues.push(
          issueAt(
            ctx,
            'error-output',
            `XLEN${pendingKey ? ` of ${pendingKey.key}` : ''} printed an error: ${err.message}`,
            n,
          ),
        );
        pendingKey = undefined;
        return;
      }
      const keyed = KEYED.exec(line);
      if (keyed) {
        lengths.push({ key: toKey(keyed[1] ?? ''), length: Number(keyed[2]), evidence: refAt(ctx, n) });
        pendingKey = undefined;
        return;
      }
      const spaced = lastSpaceKeyed(line);
      if (spaced) {
        lengths.push({ key: spaced.key, length: spaced.length, evidence: refAt(ctx, n) });
        pendingKey = undefined;
        return;
      }
      if (KEY.test(line)) {
        if (pendingKey) stray++;
        pendingKey = { key: toKey(line), line: n };
        return;
      }
      stray++;
    });

    if (lengths.length === 0)
      return { ok: false, issues: [...issues, { kind: 'unrecognised', message: 'no XLEN lengths found' }] };
    if (pendingKey)
      issues.push(
        issueAt(
          ctx,
          'parse-failure',
          `key ${pendingKey.key} has no length after it (truncated capture?)`,
          pendingKey.line,
        ),
      );
    if (stray > 0)
      issues.push({
        kind: 'parse-failure',
        message: `${stray} line(s) were neither a key nor a length and were skipped`,
      });
    if (unkeyedFirst !== undefined) {
      const count = lengths.filter((l) => l.key === undefined).length;
      issues.push(
        issueAt(
          ctx,
          'values-without-keys',
          `${count} stream length(s) were captured without key names, so they cannot be tied to streams`,
          unkeyedFirst,
        ),
      );
    }
    return { ok: true, value: { lengths }, issues };
  },
});

function toKey(s: string): string {
  return s.startsWith('"') && s.endsWith('"') && s.length >= 2 ? unquoteRedis(s) : s;
}

/** `orders stream 12`: a key holding spaces, then the length after the last space (no regex backtracking). */
function lastSpaceKeyed(line: string): { key: string; length: number } | undefined {
  const at = line.search(/\s\d+$/);
  if (at <= 0) return undefined;
  let key = line.slice(0, at).trimEnd();
  if (key.endsWith('(integer)')) key = key.slice(0, -'(integer)'.length).trimEnd();
  if (key.endsWith(':')) key = key.slice(0, -1);
  if (key === '' || /^\d+$/.test(key) || /^\(\w+\)/.test(key)) return undefined;
  return { key: toKey(key), length: Number(line.slice(at).trim()) };
}
