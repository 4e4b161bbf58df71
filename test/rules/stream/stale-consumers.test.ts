import { describe, expect, it } from 'vitest';
import { streamStaleConsumers } from '../../../src/core/rules/stream/stale-consumers.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { REDIS_MULTI, SAMPLE, SHOP_FAULTS, auditOf, auditOfFiles } from '../../helpers/issue11-audits.ts';

describe('stream/stale-consumers', () => {
  it('with the default of a day, nobody in shop-faults is stale (the old consumer was idle 39 s)', async () => {
    const r = evaluateRule(streamStaleConsumers, await auditOf(SHOP_FAULTS));
    expect(r.reports).toEqual([]);
  });

  it(
    'scaled to seconds, the previous deployment consumer of fulfil ' + 'is stale: its siblings read 5x more recently',
    async () => {
      const r = evaluateRule(streamStaleConsumers, await auditOf(SHOP_FAULTS), { staleSeconds: 30 });
      expect(
        r.reports.map((x) => [x.subject, x.values?.['staleConsumers'], x.values?.['pending'], x.values?.['proof']]),
      ).toEqual([['stream:orders/group:fulfil', 1, 3, 'siblings']]);
      expect(r.reports[0]?.priority).toBeUndefined(); // holds pending: the rule's P2
      expect(r.reports[0]?.explanation).toContain('fulfil-7d9f8c-x2k4q');
      expect(r.reports[0]?.explanation).toContain('only by a suffix (7d9f8c-x2k4q vs 5c2e1a-');
    },
  );

  it('far longer than its siblings counts too (outlier mode, scaled to seconds: 39 s against 7 s)', async () => {
    const a = await auditOf(SHOP_FAULTS);
    const r = evaluateRule(streamStaleConsumers, a, { outlierSeconds: 30, outlierFactor: 5 });
    expect(r.reports.map((x) => [x.subject, x.values?.['proof'], x.data?.['names']])).toEqual([
      ['stream:orders/group:fulfil', 'outlier', 'fulfil-7d9f8c-x2k4q'],
    ]);
    // Not with a factor the capture does not reach.
    expect(evaluateRule(streamStaleConsumers, a, { outlierSeconds: 30, outlierFactor: 10 }).reports).toEqual([]);
  });

  it(
    'does not call consumers of a quiet stream dead before Redis 7.2: ' +
      'all idle alike, no later delivery (redis-multi)',
    async () => {
      const r = evaluateRule(streamStaleConsumers, await auditOf(REDIS_MULTI), { staleSeconds: 1 });
      expect(r.reports).toEqual([]);
      expect(
        r.notes.some((n) => /idle ≥ 1s or far longer than a sibling, 0 judged gone/.test(n) && !/0 idle ≥/.test(n)),
      ).toBe(true);
    },
  );

  it(
    'on Redis 7.2 (redis-doc XINFO CONSUMERS) inactive proves it: ' + 'Bob, inactive 11.5 days, holding 1 pending',
    async () => {
      const a = await auditOfFiles({
        'raw/redis_stream_keys.txt': { text: 'mystream\n' },
        'raw/redis_groups_mystream.txt': 'test/fixtures/public/redis-xinfo-groups/redis-doc-xinfo-groups-7.txt',
        'raw/redis_consumers_mystream__mygroup.txt':
          'test/fixtures/public/redis-xinfo-consumers/redis-doc-xinfo-consumers-7.2.txt',
      });
      const r = evaluateRule(streamStaleConsumers, a);
      expect(r.reports.map((x) => [x.subject, x.values?.['proof'], x.data?.['names']])).toEqual([
        ['stream:mystream/group:mygroup', 'inactive', 'Bob'],
      ]);
    },
  );

  it('reports nothing on the sample (no XINFO CONSUMERS captured)', async () => {
    expect(evaluateRule(streamStaleConsumers, await auditOf(SAMPLE)).reports).toEqual([]);
  });
});
