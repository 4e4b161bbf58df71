import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Parser } from '../../src/core/parsers/parser.ts';
import { redisClientListParser } from '../../src/core/parsers/redis-client-list.ts';
import { redisInfoParser } from '../../src/core/parsers/redis-info.ts';
import { findErrorLine, readRedisReplies, streamIdTime, unquoteRedis } from '../../src/core/parsers/redis-reply.ts';
import { redisSlowlogParser } from '../../src/core/parsers/redis-slowlog.ts';
import { redisStreamKeysParser } from '../../src/core/parsers/redis-stream-keys.ts';
import { redisXinfoConsumersParser } from '../../src/core/parsers/redis-xinfo-consumers.ts';
import { redisXinfoGroupsParser } from '../../src/core/parsers/redis-xinfo-groups.ts';
import { redisXinfoStreamParser } from '../../src/core/parsers/redis-xinfo-stream.ts';
import { redisXlenParser } from '../../src/core/parsers/redis-xlen.ts';
import { redisXpendingParser } from '../../src/core/parsers/redis-xpending.ts';
import { redisXrangeParser } from '../../src/core/parsers/redis-xrange.ts';
import { expectCitedLinesExist, fixture, sample } from './redis-helpers.ts';

describe('readRedisReplies', () => {
  it('reads tty output into a typed tree with lines', () => {
    const read = readRedisReplies(fixture('redis-xpending', 'xpending-summary.tty.txt'));
    expect(read.style).toBe('tty');
    expect(read.replies).toEqual([
      {
        kind: 'array',
        line: 1,
        endLine: 7,
        items: [
          { kind: 'integer', value: 17, line: 1 },
          { kind: 'string', value: '1795508581497-0', line: 2 },
          { kind: 'string', value: '1795508581606-0', line: 3 },
          {
            kind: 'array',
            line: 4,
            endLine: 7,
            items: [
              {
                kind: 'array',
                line: 4,
                endLine: 5,
                items: [
                  { kind: 'string', value: 'executor-1', line: 4 },
                  { kind: 'string', value: '2', line: 5 },
                ],
              },
              {
                kind: 'array',
                line: 6,
                endLine: 7,
                items: [
                  { kind: 'string', value: 'executor-2', line: 6 },
                  { kind: 'string', value: '15', line: 7 },
                ],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('nests by the column of each index ")" when indexes reach two digits', () => {
    const read = readRedisReplies(fixture('redis-xinfo-groups', 'xinfo-groups-nil-lag.tty.txt'));
    const top = read.replies[0];
    expect(top?.kind === 'array' && top.items).toHaveLength(1);
    const group = top?.kind === 'array' ? top.items[0] : undefined;
    expect(group?.kind === 'array' && group.items.map((i) => i.kind)).toEqual([
      'string',
      'string',
      'string',
      'integer',
      'string',
      'integer',
      'string',
      'string',
      'string',
      'nil',
      'string',
      'nil',
    ]);
    expect(read.strayLines).toEqual([]);
  });

  it('reads the 20-pair XINFO STREAM reply with entries nested three deep', () => {
    const top = readRedisReplies(fixture('redis-xinfo-stream', 'xinfo-stream.tty.txt')).replies[0];
    expect(top?.kind === 'array' && top.items.length).toBe(20);
    const first = top?.kind === 'array' ? top.items[17] : undefined;
    expect(first).toMatchObject({
      kind: 'array',
      line: 18,
      endLine: 26,
      items: [
        { kind: 'string', value: '1795508581374-0' },
        { kind: 'array', line: 19, endLine: 26 },
      ],
    });
  });

  it('reads several top-level replies in a row', () => {
    const read = readRedisReplies('(integer) 5\n(integer) 12\n1) "a"\n2) "b"\n1) "c"\n(nil)\n(empty array)\n');
    expect(read.replies.map((r) => r.kind)).toEqual(['integer', 'integer', 'array', 'array', 'nil', 'array']);
  });

  it('reads raw output as one string per line, skipping the -a password warning', () => {
    const read = readRedisReplies(fixture('redis-xinfo-groups', 'xinfo-groups-password-warning.raw.txt'));
    expect(read.style).toBe('raw');
    expect(read.replies[0]).toEqual({ kind: 'string', value: 'name', line: 2 });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', ')', ' ', '"', '\\', 'x', '\n', '(', 'a', '9') }), (s) => {
        readRedisReplies(s);
      }),
    );
  });
});

describe('unquoteRedis', () => {
  it('undoes redis-cli escapes, decoding \\xHH bytes as UTF-8', () => {
    expect(unquoteRedis('"{\\"a\\": \\"b\\\\c\\"}"')).toBe('{"a": "b\\c"}');
    expect(unquoteRedis('"line\\r\\nnext\\t"')).toBe('line\r\nnext\t');
    expect(unquoteRedis('"caf\\xc3\\xa9 \\xe2\\x82\\xac"')).toBe('café €');
  });

  it('reads every string as the byte-at-a-time reading: escapes, stray backslashes, UTF-8, lone surrogates', () => {
    const unit = fc.constantFrom(
      ...['\\', 'x', 'c3', 'a9', 'e2', '82', 'f0', '9f', 'Z', 'n', '"', 'é', '€', '😀', '\ud83d', '\ude00', ' ', 'g'],
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.boolean(), (body, quoted) => {
        const text = quoted ? `"${body}"` : body;
        expect(unquoteRedis(text)).toBe(unquoteByBytes(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('unquotes a quoted CLIENT LIST of megabytes on one line, as redis-cli --no-raw prints it', () => {
    const body = 'id=1 addr=10.0.0.1:5000 name=caf\\xc3\\xa9\\n'.repeat(50_000);
    const out = unquoteRedis(`"${body}"`);
    expect(out.split('\n')).toHaveLength(50_001);
    expect(out.startsWith('id=1 addr=10.0.0.1:5000 name=café\nid=1')).toBe(true);
    expect(out).toBe(unquoteByBytes(`"${body}"`));
  });
});

/** The reading unquoteRedis replaced (one byte array for the whole string), kept to check it against. */
function unquoteByBytes(quoted: string): string {
  const body = quoted.startsWith('"') && quoted.endsWith('"') && quoted.length >= 2 ? quoted.slice(1, -1) : quoted;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const simple: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && i + 1 < body.length) {
      const code = simple[body[i + 1]!];
      if (code !== undefined) {
        bytes.push(code);
        i++;
        continue;
      }
      const hex = /^x([0-9a-fA-F]{2})/.exec(body.slice(i + 1, i + 4));
      if (hex) {
        bytes.push(parseInt(hex[1]!, 16));
        i += 3;
        continue;
      }
    }
    const cp = body.codePointAt(i)!;
    if (cp > 0xffff) i++;
    bytes.push(...encoder.encode(String.fromCodePoint(cp)));
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
}

describe('streamIdTime and findErrorLine', () => {
  it('decodes the millisecond part of a stream id', () => {
    expect(streamIdTime('1766219478937-0')).toBe('2025-12-20T08:31:18.937Z');
    expect(streamIdTime('0-0')).toBeUndefined();
    expect(streamIdTime('99999999999999999999-0')).toBeUndefined();
  });

  it('finds tty, raw and redis-cli errors', () => {
    expect(findErrorLine("(error) ERR unknown command 'X'")).toEqual({ message: "ERR unknown command 'X'", line: 1 });
    expect(findErrorLine(fixture('redis-xinfo-groups', 'error-connection-refused.raw.txt'))?.message).toMatch(
      /^Could not connect/,
    );
    expect(findErrorLine(sample('redis_groups_trade_intent.txt'))).toBeUndefined();
  });
});

const PARSERS: Array<Parser<unknown>> = [
  redisInfoParser,
  redisClientListParser,
  redisSlowlogParser,
  redisStreamKeysParser,
  redisXlenParser,
  redisXrangeParser,
  redisXinfoGroupsParser,
  redisXinfoStreamParser,
  redisXinfoConsumersParser,
  redisXpendingParser,
] as Array<Parser<unknown>>;

const INPUTS = [
  sample('redis_groups_trade_intent.txt'),
  sample('redis_sample_trade_intent.txt'),
  sample('redis_info_memory.txt'),
  sample('redis_client_list.txt'),
  fixture('redis-slowlog', 'slowlog.tty.txt'),
  fixture('redis-xinfo-stream', 'xinfo-stream.tty.txt'),
  fixture('redis-xpending', 'xpending-extended.raw.txt'),
];

describe('every redis parser', () => {
  it.each(PARSERS.map((p) => [p.id, p] as const))(
    '%s never throws and cites only existing lines on cut or spliced captures',
    (_id, parser) => {
      fc.assert(
        fc.property(fc.constantFrom(...INPUTS), fc.nat(), fc.nat(), (text, a, b) => {
          const cut = text.slice(Math.min(a, b) % (text.length + 1), Math.max(a, b) % (text.length + 1));
          for (const input of [cut, text.slice(0, a % (text.length + 1)), cut.replace(/\n/g, '\r\n')]) {
            const result = parser.parse(input, { file: 'f', firstLine: 3 });
            if (result.ok) {
              expect(parser.schema.safeParse(result.value).success).toBe(true);
              expectCitedLinesExist(result.value, input, 3);
            }
            expect(typeof parser.detect(input, 'redis_x.txt')).toBe('number');
          }
        }),
        { numRuns: 150 },
      );
    },
  );
});
