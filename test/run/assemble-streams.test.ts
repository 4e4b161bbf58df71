import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBundle } from '../../src/core/bundle/bundle.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const groups = (name: string, consumers: number, pending: number) =>
  [
    'name',
    name,
    'consumers',
    String(consumers),
    'pending',
    String(pending),
    'last-delivered-id',
    '1766219478937-0',
    'entries-read',
    '5',
    'lag',
    '0',
  ].join('\n') + '\n';
const consumers = (name: string, pending: number) =>
  ['name', name, 'pending', String(pending), 'idle', '1200', 'inactive', '1300'].join('\n') + '\n';

async function audit(files: Record<string, string>) {
  const raw = Object.entries(files).map(([path, text]) => ({ path, data: enc(text) }));
  return (await analyzeBundle(createBundle('t', raw, [], { stripTopLevel: false }), { redactKey: 'k' })).audit;
}

describe('stream captures are attached to listed keys, never to invented ones', () => {
  it('with a key list, a capture matching no key is unattributed, not a new stream', async () => {
    const a = await audit({
      'raw/redis_stream_keys.txt': 'shop:orders\nshop:payments\n',
      'raw/redis_groups_shop_orders.txt': groups('billing', 1, 2),
      'raw/redis_groups_inventory.txt': groups('stock', 1, 0),
    });
    expect(a.redis.streams.map((s) => s.key)).toEqual(['shop:orders', 'shop:payments']);
    expect(a.redis.streams[0]?.groups.map((g) => g.name)).toEqual(['billing']);
    expect(a.evidenceIssues.find((i) => i.file === 'raw/redis_groups_inventory.txt')?.kind).toBe('unattributed');
  });

  it('streams are listed in code-unit order, the same in every locale (capitals before lower case)', async () => {
    const a = await audit({ 'raw/redis_stream_keys.txt': 'b:events\nB:events\na:events\nÄ:events\n' });
    // localeCompare would give a, b, B, Ä (or another order in another locale).
    expect(a.redis.streams.map((s) => s.key)).toEqual(['B:events', 'a:events', 'b:events', 'Ä:events']);
  });

  it('the same reply captured twice gives one group, and consumer lists go to the group the name names', async () => {
    const two = groups('billing', 1, 2) + groups('shipping', 1, 0);
    const a = await audit({
      'raw/redis_stream_keys.txt': 'shop:orders\n',
      'raw/redis_groups_shop_orders.txt': two,
      'raw/redis_groups_shop_orders.raw.txt': two,
      'raw/redis_consumers_shop_orders__shipping.txt': consumers('ship-1', 0),
      'raw/redis_consumers_shop_orders__billing.txt': consumers('bill-1', 2),
    });
    const g = a.redis.streams[0]?.groups ?? [];
    expect(g.map((x) => [x.name, x.consumerList?.map((c) => c.name)])).toEqual([
      ['billing', ['bill-1']],
      ['shipping', ['ship-1']],
    ]);
    const fps = a.findings.map((f) => f.fingerprint);
    expect(new Set(fps).size).toBe(fps.length);
  });

  it('a stream guessed from one file name is not the "only candidate" for every other capture', async () => {
    const a = await audit({
      'raw/redis_groups_orders.txt': groups('billing', 1, 2),
      'raw/redis_groups_payments.txt': groups('ledger', 1, 0),
    });
    expect(a.redis.streams.map((s) => [s.key, s.groups.map((g) => g.name)])).toEqual([
      ['orders', ['billing']],
      ['payments', ['ledger']],
    ]);
    expect(a.evidenceIssues.filter((i) => i.kind === 'attribution-guess')).toHaveLength(2);
  });
});

describe('captures named after the whole command (payments-gateway scenario layout)', () => {
  // Real files of test/fixtures/scenarios/payments-gateway/bundle/cmd-output (redis-cli 7.0.15).
  const DIR = 'test/fixtures/scenarios/payments-gateway/bundle/cmd-output';
  const read = (f: string) => readFileSync(`${DIR}/${f}`, 'utf8');
  const files = [
    'redis-cli_SCAN_0_TYPE_stream.txt',
    'redis-cli_XLEN_payments_refunds.txt',
    'redis-cli_XINFO_GROUPS_payments_refunds.txt',
    'redis-cli_XPENDING_payments_refunds_refunds.txt',
    'redis-cli_XPENDING_payments_refunds_refunds_-__10.txt',
  ];

  it('a bare XLEN number is the length of the key its file name spells, not an unkeyed value', async () => {
    const a = await audit(Object.fromEntries(files.slice(0, 2).map((f) => [`cmd-output/${f}`, read(f)])));
    const s = a.redis.streams.find((x) => x.key === 'payments:refunds');
    expect(s?.length).toBe(Number(read('redis-cli_XLEN_payments_refunds.txt').trim()));
    expect(a.redis.unkeyedLengths).toEqual([]);
    expect(a.evidenceIssues.filter((i) => i.kind === 'values-without-keys')).toEqual([]);
  });

  it("XPENDING's range arguments after the group (`- + 10`) do not hide the group", async () => {
    const a = await audit(Object.fromEntries(files.map((f) => [`cmd-output/${f}`, read(f)])));
    const g = a.redis.streams.find((x) => x.key === 'payments:refunds')?.groups[0];
    expect(g?.name).toBe('refunds');
    expect(g?.pendingSummary?.count).toBeGreaterThan(0);
    expect(g?.pendingEntries?.length).toBe(g?.pendingSummary?.count);
    expect(a.evidenceIssues.filter((i) => i.kind === 'unattributed')).toEqual([]);
  });

  it('a name whose tail is not only arguments still names no group', async () => {
    const a = await audit({
      'cmd-output/redis-cli_SCAN_0_TYPE_stream.txt': read('redis-cli_SCAN_0_TYPE_stream.txt'),
      'cmd-output/redis-cli_XINFO_GROUPS_payments_refunds.txt': read('redis-cli_XINFO_GROUPS_payments_refunds.txt'),
      'cmd-output/redis-cli_XPENDING_payments_refunds_refunds_v2.txt': read(
        'redis-cli_XPENDING_payments_refunds_refunds.txt',
      ),
    });
    expect(a.redis.streams.find((x) => x.key === 'payments:refunds')?.groups[0]?.pendingSummary).toBeUndefined();
    expect(a.evidenceIssues.find((i) => i.kind === 'unattributed')?.message).toMatch(/refunds_v2/);
  });
});

describe('a Redis 5.0 release candidate XINFO GROUPS (no last-delivered-id)', () => {
  // Real output printed in the Redis documentation of 2018 (test/fixtures/public/SOURCES.md).
  const groups50 = readFileSync(
    'test/fixtures/public/redis-xinfo-groups/redis-doc-2018-xinfo-groups-5.0-rc.txt',
    'utf8',
  );

  it('keeps the groups, and every stream rule runs without inventing a delivery', async () => {
    const a = await audit({ 'raw/redis_stream_keys.txt': 'mystream\n', 'raw/redis_groups_mystream.txt': groups50 });
    const g = a.redis.streams[0]?.groups ?? [];
    expect(g.map((x) => [x.name, x.consumers, x.pending, x.lastDeliveredId])).toEqual([
      ['mygroup', 2, 2, undefined],
      ['some-other-group', 1, 0, undefined],
    ]);
    expect(a.rules.filter((r) => r.status === 'error')).toEqual([]);
    expect(a.findings.filter((f) => f.ruleId === 'stream/group-never-read')).toEqual([]);
  });
});
