import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedArray } from '../../src/core/parsers/checked-array.ts';
import { checkResult } from '../../src/core/parsers/parser.ts';
import { redisClientListParser } from '../../src/core/parsers/redis-client-list.ts';

const Item = z.object({ name: z.string(), port: z.number().int().optional() });

describe('checkedArray', () => {
  it("keeps a valid list's own records instead of copies", () => {
    const items = [{ name: 'a' }, { name: 'b', port: 1 }];
    const checked = checkedArray(Item).safeParse(items);
    expect(checked.success).toBe(true);
    expect(checked.data).toEqual(items);
    expect(checked.data?.[1]).toBe(items[1]);
  });

  it('gives the message and path z.array gives for the first record that does not match', () => {
    const bad = [{ name: 'a' }, { name: 'b', port: 1.5 }, { name: 3 }];
    const ours = checkedArray(Item).safeParse(bad).error?.issues[0];
    const zods = z.array(Item).safeParse(bad).error?.issues[0];
    expect(ours?.message).toBe(zods?.message);
    expect(ours?.path).toEqual([1, 'port']);
    expect(zods?.path).toEqual([1, 'port']);
    expect(checkedArray(Item).safeParse('no').error?.issues[0]?.message).toBe(
      z.array(Item).safeParse('no').error?.issues[0]?.message,
    );
  });

  it("turns a parser's invalid record into that file's parse failure", () => {
    const value = redisClientListParser.parse('id=3 addr=10.0.0.1:5 fd=8 name= age=1 idle=2 flags=N cmd=get\n', {
      file: 'raw/clients.txt',
      firstLine: 1,
    });
    expect(value.ok).toBe(true);
    if (!value.ok) return;
    const client = value.value[0];
    expect(checkResult(redisClientListParser, value)).toEqual(value);
    if (client) (client as { ageSeconds: unknown }).ageSeconds = 'one';
    const failed = checkResult(redisClientListParser, value);
    expect(failed.ok).toBe(false);
    expect(failed.issues.at(-1)?.message).toMatch(/^redis-client-list produced an invalid model: Invalid input/);
  });
});
