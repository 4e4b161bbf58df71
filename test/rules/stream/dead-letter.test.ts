import { describe, expect, it } from 'vitest';
import { isDeadLetterStream, streamDeadLetter } from '../../../src/core/rules/stream/dead-letter.ts';
import { noConsumerGroup } from '../../../src/core/rules/stream/no-consumer-group.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { REDIS_MULTI, SAMPLE, SHOP_FAULTS, auditOf, auditOfFiles } from '../../helpers/issue11-audits.ts';

describe('stream/dead-letter', () => {
  it('names dead-letter streams by their suffix or prefix, not by words inside', () => {
    const yes = [
      'orders.dlq',
      'payments:dlq',
      'mail:dead',
      'mail-dead-letter',
      'jobs.deadletter',
      'dlq:orders',
      'x_dead_letter_queue',
    ];
    const no = ['quantum:stream:learning.retraining.failed', 'deadline:tasks', 'orders', 'dlqueue', 'readlq'];
    expect(yes.filter((k) => !isDeadLetterStream(k))).toEqual([]);
    expect(no.filter(isDeadLetterStream)).toEqual([]);
  });

  it(
    'reports payments:dlq (4 entries, newest seconds before the capture) ' +
      'at P2, not the emptied notifications-dead-letter',
    async () => {
      const r = evaluateRule(streamDeadLetter, await auditOf(SHOP_FAULTS));
      expect(r.reports.map((x) => [x.subject, x.observed, x.priority ?? streamDeadLetter.priority])).toEqual([
        ['stream:payments:dlq', 4, 'P2'],
      ]);
      expect(r.reports[0]?.explanation).toContain('entries are still failing now');
      expect(r.notes).toContain('stream:notifications-dead-letter: dead-letter stream, length 0 (threshold > 0)');
    },
  );

  it('is P1 when recent dead letters reach recentMinEntries', async () => {
    const r = evaluateRule(streamDeadLetter, await auditOf(SHOP_FAULTS), { recentMinEntries: 3 });
    expect(r.reports[0]?.priority).toBe('P1');
  });

  it('reports nothing where no stream is named like one (sample: 21 streams incl. *.failed; redis-multi)', async () => {
    expect(evaluateRule(streamDeadLetter, await auditOf(SAMPLE)).reports).toEqual([]);
    expect(evaluateRule(streamDeadLetter, await auditOf(REDIS_MULTI)).reports).toEqual([]);
  });

  it('stream/no-consumer-group leaves dead-letter streams to this rule (a DLQ has no group by design)', async () => {
    const files = (key: string) => ({
      'raw/redis_stream_keys.txt': { text: `${key}\n` },
      'raw/redis_groups.txt': 'test/fixtures/redis-xinfo-groups/xinfo-groups-none.tty.txt',
    });
    const plain = evaluateRule(noConsumerGroup, await auditOfFiles(files('shop:orders')));
    expect(plain.reports.map((x) => x.subject)).toEqual(['stream:shop:orders']);
    const dlq = evaluateRule(noConsumerGroup, await auditOfFiles(files('shop:orders.dlq')));
    expect(dlq.reports).toEqual([]);
  });
});
