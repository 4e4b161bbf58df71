import { describe, expect, it } from 'vitest';
import { pendingEntries } from '../../../src/core/rules/stream/pending-entries.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { blockedReader as sampleBlockedReader, sampleRedisAudit, tradeIntent } from '../redis/sample-redis.ts';

const withGroup = (patch: Partial<ReturnType<typeof tradeIntent>['groups'][number]>) => {
  const s = tradeIntent();
  s.groups[0] = { ...s.groups[0]!, ...patch };
  return sampleRedisAudit({ redis: { ...sampleRedisAudit().redis, streams: [s] } });
};

const blockedReader = sampleBlockedReader();

describe('stream/pending-entries', () => {
  it('reports the sample: 1 pending entry in the stalled group', () => {
    const audit = sampleRedisAudit();
    audit.redis.clients = [blockedReader];
    const { reports } = evaluateRule(pendingEntries, audit);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      subject: 'stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent',
      priority: 'P2',
      observed: 1,
      values: { pending: 1, stalled: true },
      evidence: [{ file: 'raw/redis_groups_trade_intent.txt', startLine: 1, endLine: 12 }],
      links: [
        {
          type: 'caused-by',
          ruleId: 'stream/consumer-group-lag',
          subject: 'stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent',
        },
      ],
    });
    expect(reports[0]!.title).toBe(
      '1 entry pending (never acknowledged) in stalled group ' +
        'quantum:group:execution:trade.intent on quantum:stream:trade.intent',
    );
  });

  it('does not call the group stalled from its old last delivery alone (no reader, consumer or owner captured)', () => {
    const { reports, notes } = evaluateRule(pendingEntries, sampleRedisAudit());
    expect(reports).toEqual([]);
    expect(notes[0]).toContain('stalled false');
  });

  it('ignores a few pending entries in a group that keeps consuming', () => {
    expect(
      evaluateRule(
        pendingEntries,
        withGroup({ pending: 4, lastDeliveredAt: '2025-12-24T04:32:14.000Z', lastDeliveredId: '1766550734000-0' }),
      ).reports,
    ).toEqual([]);
  });

  it('reports idle consumers that hold entries, citing their XINFO CONSUMERS lines', () => {
    const audit = withGroup({
      pending: 12,
      lastDeliveredAt: '2025-12-24T04:32:14.000Z',
      lastDeliveredId: '1766550734000-0',
      consumerList: [
        {
          name: 'execution-7f3a',
          pending: 12,
          idleMs: 7_200_000,
          evidence: { file: 'raw/redis_consumers.txt', startLine: 1, endLine: 8 },
        },
        {
          name: 'execution-91bc',
          pending: 0,
          idleMs: 9_000_000,
          evidence: { file: 'raw/redis_consumers.txt', startLine: 9, endLine: 16 },
        },
      ],
    });
    const { reports } = evaluateRule(pendingEntries, audit);
    expect(reports[0]).toMatchObject({
      priority: 'P2',
      observed: 12,
      // Every consumer idle for 2 h while 10014 entries wait: nobody is reading, even before Redis 7.2.
      values: { idleConsumersHoldingEntries: 1, stalled: true, consumption: 'stopped' },
    });
    expect(reports[0]!.evidence).toEqual([
      { file: 'raw/redis_groups_trade_intent.txt', startLine: 1, endLine: 12 },
      { file: 'raw/redis_consumers.txt', startLine: 1, endLine: 8 },
    ]);
  });

  it('raises to P1 at 1000 pending entries', () => {
    const { reports } = evaluateRule(
      pendingEntries,
      withGroup({ pending: 5000, lastDeliveredAt: '2025-12-24T04:32:14.000Z', lastDeliveredId: '1766550734000-0' }),
    );
    expect(reports[0]).toMatchObject({ priority: 'P1', observed: 5000, threshold: 1000 });
  });
});
