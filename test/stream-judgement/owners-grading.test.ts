// Issue 11, items 2 and 4: who owns each group (src/core/run/owners.ts), and grading by the owner and the flow.
// Facts are built inline (Lighthouse style) from the shapes the parsers give; the same judgement runs on the
// sample in stalled.test.ts and on the lab's scenario bundles below when that branch is present.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Container } from '../../src/core/model/container.ts';
import type { RedisClient, RedisStream } from '../../src/core/model/redis.ts';
import { containerUnhealthy as unhealthy } from '../../src/core/rules/container/unhealthy.ts';
import { consumerGroupLag } from '../../src/core/rules/stream/consumer-group-lag.ts';
import { getGroupOwner, serviceTokens } from '../../src/core/run/owners.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';
import { evaluateRule, makeAudit, makeContainer, makeInspect } from '../helpers/audit-builder.ts';

const NOW = '2026-12-01T12:00:00.000Z';
const AGO = (s: number) => String(Date.parse(NOW) - s * 1000);
const ref = (line: number) => ({ file: 'raw/redis_groups_orders.txt', startLine: line, endLine: line });

function stream(key: string, group: string, patch: Partial<RedisStream['groups'][number]> = {}): RedisStream {
  return {
    key,
    length: 5000,
    lastEntryId: `${AGO(5)}-0`,
    lastEntryAt: new Date(Date.parse(NOW) - 5000).toISOString(),
    groups: [
      {
        name: group,
        consumers: 1,
        pending: 3,
        lastDeliveredId: `${AGO(7200)}-0`,
        lastDeliveredAt: new Date(Date.parse(NOW) - 7_200_000).toISOString(),
        entriesRead: 1000,
        lag: 2000,
        evidence: ref(1),
        ...patch,
      },
    ],
    samples: [],
    evidence: [ref(1)],
  };
}
const consumer = (name: string, idleMs: number) => ({ name, pending: 3, idleMs, evidence: ref(20) });
const client = (name: string, ip: string, cmd: string, idle: number, flags = 'N', container?: string): RedisClient => ({
  id: '1',
  addr: `${ip}:5000`,
  ip,
  name,
  ageSeconds: 100,
  idleSeconds: idle,
  flags,
  cmd,
  ...(container ? { container } : {}),
  fields: {},
  evidence: { file: 'raw/redis_client_list.txt', startLine: 3, endLine: 3 },
});
const withEnv = (name: string, env: Record<string, string>, parts: Partial<Container> = {}): Container =>
  makeContainer(name, {
    inspect: makeInspect(name, {
      env: Object.entries(env).map(([n, value]) => ({ name: n, value })),
      networks: [{ name: 'shop', ip: `10.0.0.${name.length}` }],
    }),
    ...parts,
  });

describe('owners: who reads each group, and how it was found', () => {
  it('normalises replica suffixes, hashes and counters away', () => {
    expect(serviceTokens('notifier-7f9c-1')).toEqual(['notifier']);
    expect(serviceTokens('shop_invoicer_1')).toEqual(['shop', 'invoicer']);
  });

  it('environment: CONSUMER_GROUP names the group; a producer naming only the stream is not taken', () => {
    const s = stream('orders:created', 'invoicing');
    const cs = [
      withEnv('shop-checkout', { ORDERS_STREAM: 'orders:created' }),
      withEnv('shop-invoicer', { ORDERS_STREAM: 'orders:created', CONSUMER_GROUP: 'invoicing' }),
    ];
    const owner = getGroupOwner(s, s.groups[0]!, cs, []);
    expect(owner).toMatchObject({ container: 'shop-invoicer', via: 'environment' });
    expect(owner!.detail).toBe('CONSUMER_GROUP=invoicing in its environment names the group');
    expect(owner!.evidence[0]!.pointer).toBe('/0/Config/Env/1');
  });

  it("consumer name: 'notifier-7f9c-1' is container 'notifier'; two containers matching equally is no owner", () => {
    const s = stream('mail', 'mailer', { consumerList: [consumer('notifier-7f9c-1', 10)] });
    expect(getGroupOwner(s, s.groups[0]!, [makeContainer('notifier'), makeContainer('api')], [])).toMatchObject({
      container: 'notifier',
      via: 'consumer-name',
    });
    const tie = stream('mail', 'mailer', { consumerList: [consumer('a-1', 10), consumer('b-1', 10)] });
    expect(getGroupOwner(tie, tie.groups[0]!, [makeContainer('a'), makeContainer('b')], [])).toBeUndefined();
  });

  it(
    'client name and client address: a connection named like a ' +
      'consumer; a reader from a container named in the group',
    () => {
      const s = stream('jobs', 'w', { consumerList: [consumer('w-abc', 10)] });
      const byName = getGroupOwner(
        s,
        s.groups[0]!,
        [makeContainer('runner')],
        [client('w-abc', '10.0.0.9', 'xreadgroup', 0, 'N', 'runner')],
      );
      expect(byName).toMatchObject({ container: 'runner', via: 'client-name' });
      const t = stream('orders', 'shipping');
      const byAddr = getGroupOwner(
        t,
        t.groups[0]!,
        [makeContainer('shop-shipping'), makeContainer('shop-api')],
        [client('', '10.0.0.5', 'xreadgroup', 0, 'N', 'shop-shipping')],
      );
      expect(byAddr).toMatchObject({ container: 'shop-shipping', via: 'client-address' });
    },
  );
});

describe('grading by owner and flow', () => {
  const grade = (s: RedisStream, containers: Container[], clients: RedisClient[] = []) => {
    const g = s.groups[0]!;
    const owner = getGroupOwner(s, g, containers, clients);
    if (owner) g.owner = owner;
    const audit = makeAudit({
      bundle: { name: 't', sha256: '0'.repeat(64), files: 1, bytes: 1, capturedAt: NOW },
      containers,
      redis: { stats: {}, info: [], clients, streams: [s], unkeyedLengths: [], evidence: [] },
      files: [{ path: 'raw/redis_groups_orders.txt', kind: 'redis-xinfo-groups', bytes: 1, sha256: '0', lines: 12 }],
    });
    return evaluateRule(consumerGroupLag, audit).reports;
  };
  const invoicer = (parts: Partial<Container>) => withEnv('shop-invoicer', { CONSUMER_GROUP: 'invoicing' }, parts);

  it('owner OOM-killed on a business flow: P0, naming the owner, values.owner and its evidence', () => {
    const c = invoicer({ state: 'exited' });
    c.inspect = { ...c.inspect!, state: 'exited', oomKilled: true, exitCode: 137 };
    const [r] = grade(stream('orders:created', 'invoicing', { consumerList: [consumer('inv-1', 30_000)] }), [c]);
    expect(r).toMatchObject({ priority: 'P0', messageId: 'lagsOwnerDown' });
    expect(r!.title).toContain('its owner shop-invoicer is oom-killed');
    expect(r!.values).toMatchObject({ owner: 'shop-invoicer', ownerState: 'oom-killed', consumption: 'stopped' });
    expect(r!.evidence.some((e) => e.pointer === '/0/Config/Env/0')).toBe(true);
  });

  it('owner paused: P2, and says "paused"', () => {
    const [r] = grade(stream('orders:created', 'invoicing'), [invoicer({ state: 'paused' })]);
    expect(r).toMatchObject({ priority: 'P2', messageId: 'paused' });
    expect(r!.title).toMatch(/paused/);
  });

  it('owner alive and consuming, but behind: P1; the same on a side flow (crm) is P3', () => {
    const live = { consumerList: [consumer('inv-1', 40)] };
    expect(grade(stream('orders:created', 'invoicing', live), [invoicer({})])[0]).toMatchObject({
      priority: 'P1',
      messageId: 'lagsConsuming',
    });
    const side = grade(stream('crm:contacts', 'crm-sync', live), [withEnv('crm-sync', { CONSUMER_GROUP: 'crm-sync' })]);
    expect(side[0]).toMatchObject({ priority: 'P3', values: { flow: 'side', sideFlowWord: 'crm' } });
  });

  it('a small backlog whose owner exited on a side flow: P3; the backlog near the stream length: P0', () => {
    const down = withEnv('audit-writer', { CONSUMER_GROUP: 'audit' }, { state: 'exited' });
    const small = grade(stream('audit:log', 'audit', { lag: 20 }), [down]);
    expect(small[0]).toMatchObject({ priority: 'P3', values: { flow: 'side' } });
    const near = grade(stream('orders:created', 'invoicing', { lag: 4800, consumerList: [consumer('i-1', 40)] }), [
      invoicer({}),
    ]);
    expect(near[0]).toMatchObject({ priority: 'P0', values: { consumption: 'consuming' } });
    expect(near[0]!.explanation).toContain('96% of the stream');
  });

  it('lag nil: estimated from entries-read against the length, and why Redis gave none', () => {
    const [r] = grade(stream('orders:created', 'invoicing', { lag: null, consumerList: [consumer('i-1', 40)] }), [
      invoicer({}),
    ]);
    expect(r).toMatchObject({ messageId: 'lagsEstimated', observed: 4000, values: { lagEstimate: 4000 } });
    expect(r!.explanation).toMatch(/Redis gives no lag when entries were deleted/);
  });

  it(
    'unhealthy internal service, sole owner of a stalled business ' +
      'group: P0 (item 4); published ports are not needed',
    () => {
      const c = invoicer({ health: 'unhealthy' });
      const s = stream('orders:created', 'invoicing');
      s.groups[0]!.owner = getGroupOwner(s, s.groups[0]!, [c], [])!;
      const clients = [client('', '10.0.0.1', 'xreadgroup', 1, 'b')];
      const audit = makeAudit({
        bundle: { name: 't', sha256: '0'.repeat(64), files: 1, bytes: 1, capturedAt: NOW },
        containers: [c],
        redis: { stats: {}, info: [], clients, streams: [s], unkeyedLengths: [], evidence: [] },
        files: [{ path: 'raw/redis_groups_orders.txt', kind: 'redis-xinfo-groups', bytes: 1, sha256: '0', lines: 12 }],
      });
      const [r] = evaluateRule(unhealthy, audit).reports;
      expect(r).toMatchObject({ priority: 'P0', values: { stalledGroup: 'orders:created/invoicing' } });
      expect(r!.explanation).toContain('business flow it carries is offline now');
      // The same container with nothing stalled stays P1.
      const quiet = makeAudit({ containers: [invoicer({ health: 'unhealthy' })] });
      expect(evaluateRule(unhealthy, quiet).reports[0]!.priority).toBe('P1');
    },
  );
});

// The lab's captures (branch i11-lab) hold real dockerd + redis-server scenarios and an auditor's expected.json.
// EVIDEX_SCENARIOS points at another checkout's scenarios (to try them before the branches are merged).
const SCENARIOS = process.env['EVIDEX_SCENARIOS'] ?? 'test/fixtures/scenarios';
describe.runIf(existsSync(`${SCENARIOS}/shop-orders/bundle`))('lab scenarios (when the lab branch is merged)', () => {
  it(
    'shop-orders: the OOM-killed invoicer owns invoicing, P0; ' + 'fulfillment reads (lag 0) and is not called stalled',
    async () => {
      const { audit } = await analyzePath(`${SCENARIOS}/shop-orders/bundle`);
      const lag = audit.findings.find((f) => f.ruleId === 'stream/consumer-group-lag' && /invoicing$/.test(f.subject));
      expect(lag).toMatchObject({ priority: 'P0', values: { owner: 'shop-invoicer', ownerState: 'oom-killed' } });
      expect(
        audit.findings.some((f) => f.ruleId === 'stream/consumer-group-lag' && /fulfillment$/.test(f.subject)),
      ).toBe(false);
    },
  );

  it('media-transcode: the paused thumbnailer is P2 "paused"; the slow transcoder is P1, consuming', async () => {
    const { audit } = await analyzePath(`${SCENARIOS}/media-transcode/bundle`);
    const get = (g: string) =>
      audit.findings.find((f) => f.ruleId === 'stream/consumer-group-lag' && f.subject.endsWith(g));
    expect(get('group:thumbnailer')).toMatchObject({ priority: 'P2', messageId: 'paused' });
    expect(get('group:transcoder')).toMatchObject({ priority: 'P1', values: { consumption: 'consuming' } });
  });
});
