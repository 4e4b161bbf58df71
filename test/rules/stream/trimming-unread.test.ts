import { describe, expect, it } from 'vitest';
import { streamTrimmingUnread } from '../../../src/core/rules/stream/trimming-unread.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { SAMPLE, SHOP_FAULTS, auditOf, auditOfFiles } from '../../helpers/issue11-audits.ts';

describe('stream/trimming-unread', () => {
  it(
    'reports indexer on events (MAXLEN 100, 300 added, read 20): 180 ' + 'entries trimmed unread, P1; audit keeps up',
    async () => {
      const r = evaluateRule(streamTrimmingUnread, await auditOf(SHOP_FAULTS));
      expect(r.reports.map((x) => [x.subject, x.messageId, x.values?.['trimmedUnread']])).toEqual([
        ['stream:events/group:indexer', 'trimmed', 180],
      ]);
      expect(r.reports[0]?.title).toBe('events trimmed 180 entries that group indexer had not read');
      expect(r.reports[0]?.evidence.map((e) => e.file)).toContain('raw/redis_xinfo_stream_events.txt');
    },
  );

  it('a group near the cap but not past it is P2 "about to be trimmed"', async () => {
    const a = await auditOf(SHOP_FAULTS);
    const events = a.redis.streams.find((s) => s.key === 'events');
    const indexer = events?.groups.find((g) => g.name === 'indexer');
    if (events === undefined || indexer === undefined) throw new Error('shop-faults lacks events/indexer');
    // Same capture, as it stood when indexer had read 220: lag 80 of 100 kept.
    const nearer = {
      ...a,
      redis: {
        ...a.redis,
        streams: [
          {
            ...events,
            groups: [{ ...indexer, lag: 80, entriesRead: 220, lastDeliveredId: events.firstEntryId ?? '' }],
          },
        ],
      },
    };
    const r = evaluateRule(streamTrimmingUnread, nearer);
    expect(r.reports.map((x) => [x.messageId, x.priority])).toEqual([['near', 'P2']]);
  });

  it(
    'is quiet where XDEL, not trimming, removed an entry (xinfo-stream-deleted: 6 ' +
      'added, 5 kept, lag nil) and where XINFO STREAM is missing (sample)',
    async () => {
      const a = await auditOfFiles({
        'raw/redis_stream_keys.txt': { text: 'quantum:stream:ai.decision.made\n' },
        'raw/redis_xinfo_stream_quantum_stream_ai_decision_made.txt':
          'test/fixtures/redis-xinfo-stream/xinfo-stream-deleted.raw.txt',
        'raw/redis_groups_quantum_stream_ai_decision_made.txt':
          'test/fixtures/redis-xinfo-groups/xinfo-groups-nil-lag.raw.txt',
      });
      const stream = a.redis.streams.find((s) => s.key === 'quantum:stream:ai.decision.made');
      expect([stream?.entriesAdded, stream?.length, stream?.maxDeletedEntryId]).toEqual([6, 5, '1795508594509-0']);
      expect(evaluateRule(streamTrimmingUnread, a).reports).toEqual([]);
      const sample = evaluateRule(streamTrimmingUnread, await auditOf(SAMPLE));
      expect(sample.reports).toEqual([]);
      expect(sample.notes.every((n) => n.includes('not known to be capped'))).toBe(true);
    },
  );
});
