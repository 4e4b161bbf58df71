import { describe, expect, it } from 'vitest';
import { streamPoisonMessage } from '../../../src/core/rules/stream/poison-message.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { REDIS_MULTI, SAMPLE, SHOP_FAULTS, auditOf, auditOfFiles } from '../../helpers/issue11-audits.ts';

describe('stream/poison-message', () => {
  it(
    'reports the payments entry delivered 25 times to ledger ' + '(extended XPENDING), not the one delivered twice',
    async () => {
      const r = evaluateRule(streamPoisonMessage, await auditOf(SHOP_FAULTS));
      expect(r.reports.map((x) => [x.subject, x.observed, x.values?.['entries']])).toEqual([
        ['stream:payments/group:ledger', 25, 1],
      ]);
      expect(r.reports[0]?.evidence).toHaveLength(1);
      expect(r.reports[0]?.evidence[0]?.file).toBe('raw/redis_pending_entries_payments__ledger.txt');
    },
  );

  it('the entry delivered twice becomes one with a threshold of 2 (the rule reads every listed entry)', async () => {
    const r = evaluateRule(streamPoisonMessage, await auditOf(SHOP_FAULTS), { minDeliveries: 2 });
    expect(r.reports[0]?.values?.['entries']).toBe(2);
  });

  it(
    'reads a per-group capture whose file name goes on with the ' + "command's arguments (XPENDING k g - + 10)",
    async () => {
      const a = await auditOfFiles({
        'raw/redis_stream_keys.txt': { text: 'quantum:stream:trade.intent\n' },
        'raw/redis_groups_quantum_stream_trade_intent.txt': 'test/fixtures/redis-xinfo-groups/xinfo-groups.raw.txt',
        'raw/redis-cli_XPENDING_quantum_stream_trade_intent_quantum_group_execution_trade_intent_-_+_10.txt':
          'test/fixtures/redis-xpending/xpending-extended.raw.txt',
      });
      const group = a.redis.streams[0]?.groups.find((g) => g.name === 'quantum:group:execution:trade.intent');
      expect(group?.pendingEntries).toHaveLength(10);
      expect(evaluateRule(streamPoisonMessage, a, { minDeliveries: 1 }).reports.map((x) => x.subject)).toEqual([
        'stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent',
      ]);
    },
  );

  it(
    'reports nothing for entries delivered once (the xpending-extended fixture) ' +
      'and where XPENDING is only a summary (sample, redis-multi)',
    async () => {
      const a = await auditOfFiles({
        'raw/redis_stream_keys.txt': { text: 'quantum:stream:trade.intent\n' },
        'raw/redis_groups_quantum_stream_trade_intent.txt': 'test/fixtures/redis-xinfo-groups/xinfo-groups.raw.txt',
        'raw/redis_pending_quantum_stream_trade_intent__quantum_group_execution_trade_intent.txt':
          'test/fixtures/redis-xpending/xpending-extended.raw.txt',
      });
      const extended = evaluateRule(streamPoisonMessage, a);
      expect(extended.reports).toEqual([]);
      expect(extended.notes.some((n) => /10 pending entries listed, most deliveries 1 /.test(n))).toBe(true);
      expect(evaluateRule(streamPoisonMessage, await auditOf(SAMPLE)).reports).toEqual([]);
      expect(evaluateRule(streamPoisonMessage, await auditOf(REDIS_MULTI)).reports).toEqual([]);
    },
  );
});
