import { describe, expect, it } from 'vitest';
import { streamGroupNeverRead } from '../../../src/core/rules/stream/group-never-read.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { REDIS_MULTI, SAMPLE, SHOP_FAULTS, auditOf } from '../../helpers/issue11-audits.ts';

describe('stream/group-never-read', () => {
  it(
    'reports crm-sync on analytics (created at 0, no consumers, entries-read ' +
      'nil, lag 50), not warehouse (created at $, lag 0)',
    async () => {
      const r = evaluateRule(streamGroupNeverRead, await auditOf(SHOP_FAULTS));
      expect(r.reports.map((x) => [x.subject, x.observed])).toEqual([['stream:analytics/group:crm-sync', 50]]);
      expect(r.reports[0]?.title).toBe('Group crm-sync on analytics was never read (50 entries waiting)');
      expect(r.notes).toContain(
        'stream:analytics/group:warehouse: 0 consumers, last-delivered 1796168560644-11, entries-read nil, waiting 0',
      );
    },
  );

  it(
    'reports mailer on notifications in redis-multi (created at 0, never ' +
      'read, lag 2) and none of its groups that read',
    async () => {
      const r = evaluateRule(streamGroupNeverRead, await auditOf(REDIS_MULTI));
      expect(r.reports.map((x) => [x.subject, x.observed])).toEqual([['stream:notifications/group:mailer', 2]]);
      expect(r.notes).toHaveLength(4);
    },
  );

  it('reports nothing on the sample (its one group has read 45409 entries)', async () => {
    expect(evaluateRule(streamGroupNeverRead, await auditOf(SAMPLE)).reports).toEqual([]);
  });
});
