// Capture: redis-cli CLIENT LIST
// (one line per client, wrapped here)
//   id=3270 addr=172.18.0.33:46800 laddr=172.18.0.25:6379 fd=15 name= age=299 idle=1 flags=N db=0 …
//     cmd=xadd user=default redir=-1 resp=2 lib-name=redis-py lib-ver=7.1.0
//   id=2471 addr=172.18.0.6:51160 laddr=172.18.0.25:6379 fd=39 name= age=2182 idle=56 flags=N db=0 …
//     cmd=get user=default redir=-1 resp=2
// 7.2 added lib-name/lib-ver, later versions add more (io-thread, …): every field is kept in
// `fields` as printed, and the common ones are also typed. redis-cli prints the reply unquoted in
// both styles; a capture through EVAL or an old terminal may quote it as one line with \n escapes.
import type { z } from 'zod';
import { RedisClient } from '../model/redis.ts';
import { defineParser, refAt, splitLines } from './parser.ts';
import type { ParseIssue } from './parser.ts';
import { unquoteRedis } from './redis-reply.ts';
import { redisCaptureEnd } from './redis-capture.ts';
import { checkedArray } from './checked-array.ts';
import { copyString } from '../text/chars.ts';

/** Value of the redis-client-list parser: one record per CLIENT LIST line. */
export const RedisClientListValue = checkedArray(RedisClient);
export type RedisClientListValue = z.infer<typeof RedisClientListValue>;

/**
 * Records that keep every field as printed (`fields`); later ones keep the typed fields only, which
 * is all the rules read. The audit keeps no more records than this (run/retain.ts), so no client it
 * shows lacks its fields, and a list of 20,000 clients is not held as 20,000 field maps.
 */
export const CLIENT_FIELDS_KEPT = 1_000;

// Redis 2.8 and older print no id: the record starts at addr= and fd= always follows it.
const CLIENT_LINE = /^(?:id=\d+ addr=\S*|addr=\S+ fd=-?\d+ )/;

/** Parser for CLIENT LIST output. */
export const redisClientListParser = defineParser({
  id: 'redis-client-list',
  description: 'Redis CLIENT LIST output (2.6+ field sets, with or without id=)',
  command: 'redis-cli CLIENT LIST',
  fileNames: /client/i,
  eachSection: true,
  detect(text): number {
    const first =
      splitLines(text)
        .find((l) => l.trim() !== '')
        ?.trim() ?? '';
    if (CLIENT_LINE.test(first)) return 0.95;
    if (/^"(?:id=\d+ addr=|addr=\S+ fd=-?\d+ )/.test(first)) return 0.9;
    return 0;
  },
  schema: RedisClientListValue,
  parse(text, ctx) {
    const end = redisCaptureEnd<RedisClientListValue>(text, ctx, 'CLIENT LIST', {
      issue: 'CLIENT LIST capture is empty',
    });
    if (end) return end;

    let lines = splitLines(text);
    let lineOf = (i: number): number => i + 1;
    const firstIdx = lines.findIndex((l) => l.trim() !== '');
    const first = (lines[firstIdx] ?? '').trim();
    if (first.startsWith('"') && first.endsWith('"')) {
      lines = splitLines(unquoteRedis(first));
      lineOf = () => firstIdx + 1;
    }

    const clients: RedisClientListValue = [];
    const issues: ParseIssue[] = [];
    let skipped = 0;
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      if (!CLIENT_LINE.test(line)) {
        skipped++;
        return;
      }
      const lean = clients.length >= CLIENT_FIELDS_KEPT;
      const client = toClient(parseFields(line, lean ? TYPED_KEYS : undefined), refAt(ctx, lineOf(i)));
      if (lean) client.fields = {};
      clients.push(client);
    });
    if (clients.length === 0)
      return { ok: false, issues: [{ kind: 'unrecognised', message: 'no CLIENT LIST lines (id=… addr=…) found' }] };
    if (skipped > 0)
      issues.push({
        kind: 'parse-failure',
        message: `${skipped} line(s) were not CLIENT LIST records and were skipped`,
      });
    return { ok: true, value: clients, issues };
  },
});

/** The fields toClient types: all a record past CLIENT_FIELDS_KEPT keeps. */
const TYPED_KEYS: ReadonlySet<string> = new Set([
  'id',
  'addr',
  'name',
  'age',
  'idle',
  'flags',
  'db',
  'cmd',
  'lib-name',
]);

/**
 * Split `k=v k=v` on spaces; values never hold spaces (Redis rejects names with them) but may hold '='.
 * With `only`, other keys are not kept.
 */
function parseFields(line: string, only?: ReadonlySet<string>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const token of line.split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq <= 0) continue;
    const key = token.slice(0, eq);
    if (only && !only.has(key)) continue;
    if (!(key in fields)) fields[key] = own(token.slice(eq + 1));
  }
  return fields;
}

/**
 * A value the record keeps as its own string: in V8 a cut of 13 characters or more (an addr, a laddr, a
 * name) is a view into the whole capture (shorter cuts are copied, property names are interned), and
 * 20,000 records of views would keep the capture's text alive after the parse, beside the copy its
 * evidence page keeps.
 */
function own(s: string): string {
  return s.length < 13 ? s : copyString(s);
}

function toClient(fields: Record<string, string>, evidence: RedisClient['evidence']): RedisClient {
  const addr = fields['addr'] ?? '';
  const { ip, port } = splitAddr(addr);
  const client: RedisClient = {
    id: fields['id'] ?? '',
    addr,
    ip,
    name: fields['name'] ?? '',
    ageSeconds: toInt(fields['age']) ?? 0,
    idleSeconds: toInt(fields['idle']) ?? 0,
    flags: fields['flags'] ?? '',
    cmd: fields['cmd'] ?? '',
    fields,
    evidence,
  };
  if (port !== undefined) client.port = port;
  const db = toInt(fields['db']);
  if (db !== undefined) client.db = db;
  const libName = fields['lib-name'];
  if (libName) client.libName = libName;
  return client;
}

/** `1.2.3.4:5`, `[::1]:5` (IPv6 is bracketed by Redis) or `/path.sock:0` for unix sockets. */
function splitAddr(addr: string): { ip: string; port?: number } {
  const colon = addr.lastIndexOf(':');
  if (colon < 0) return { ip: addr };
  const host = addr.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = toInt(addr.slice(colon + 1));
  return port === undefined ? { ip: host } : { ip: host, port };
}

function toInt(s: string | undefined): number | undefined {
  return s !== undefined && /^-?\d+$/.test(s) ? Number(s) : undefined;
}
