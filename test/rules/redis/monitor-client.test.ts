import { describe, expect, it } from 'vitest';
import { redisMonitorClient } from '../../../src/core/rules/redis/monitor-client.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { SAMPLE, SHOP_FAULTS, auditOf, auditOfFiles } from '../../helpers/issue11-audits.ts';

describe('redis/monitor-client', () => {
  it(
    'reports the redis-cli monitor session left open in ' + 'shop-faults (flags=O), citing its CLIENT LIST line',
    async () => {
      const r = evaluateRule(redisMonitorClient, await auditOf(SHOP_FAULTS));
      expect(r.reports.map((x) => [x.subject, x.observed])).toEqual([['redis:monitor', 1]]);
      expect(r.reports[0]?.title).toMatch(/^1 client running MONITOR on Redis \(127\.0\.0\.1:\d+\)$/);
      expect(r.reports[0]?.evidence).toEqual([{ file: 'raw/redis_client_list.txt', startLine: 1, endLine: 1 }]);
    },
  );

  it('reports nothing without an O flag: the sample (62 clients) and the 7.0 / 8.0 CLIENT LIST fixtures', async () => {
    expect(evaluateRule(redisMonitorClient, await auditOf(SAMPLE)).reports).toEqual([]);
    const a = await auditOfFiles({
      'raw/redis_client_list.txt': 'test/fixtures/redis-client-list/client-list.raw.txt',
      'raw/redis_client_list_8.txt': 'test/fixtures/redis-client-list/client-list-8.0.txt',
    });
    const r = evaluateRule(redisMonitorClient, a);
    expect(r.reports).toEqual([]);
    expect(r.notes[0]).toMatch(/^\d+ client\(s\), 0 with flag O/);
  });
});
