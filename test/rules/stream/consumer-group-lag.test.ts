import { describe, expect, it } from 'vitest';
import type { RedisClient } from '../../../src/core/model/redis.ts';
import { consumerGroupLag } from '../../../src/core/rules/stream/consumer-group-lag.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { sampleRedisAudit, tradeIntent } from '../redis/sample-redis.ts';

const client = (line: number, ip: string, cmd: string, container?: string): RedisClient => ({
  id: String(line),
  addr: `${ip}:46168`,
  ip,
  port: 46168,
  name: '',
  ageSeconds: 1612,
  idleSeconds: 2,
  flags: cmd === 'xreadgroup' ? 'b' : 'N',
  db: 0,
  cmd,
  ...(container ? { container } : {}),
  fields: {},
  evidence: { file: 'raw/redis_client_list.txt', startLine: line, endLine: line },
});

describe('stream/consumer-group-lag', () => {
  it('reports the sample group as P0: lag 10014, stalled 3d 20h before the newest entry', () => {
    const audit = sampleRedisAudit();
    audit.redis.clients = [
      client(27, '172.18.0.29', 'xadd', 'quantum_trading_bot'),
      client(10, '172.18.0.6', 'xreadgroup', 'quantum_ai_engine'),
      client(1, '172.18.0.33', 'xadd'),
    ];
    const { reports, notes } = evaluateRule(consumerGroupLag, audit);
    expect(reports).toHaveLength(1);
    const r = reports[0]!;
    expect(r.subject).toBe('stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent');
    expect(r.priority).toBe('P0');
    expect(r.title).toBe(
      'Consumer group quantum:group:execution:trade.intent lags 10014 entries on quantum:stream:trade.intent ' +
        '— consumption stalled on 2025-12-20 08:31:18 UTC, 3 d 20 h before the newest entry',
    );
    expect(r.observed).toBe(10014);
    expect(r.values).toMatchObject({
      lag: 10014,
      consumers: 34,
      pending: 1,
      entriesRead: 45409,
      lastDeliveredAt: '2025-12-20T08:31:18.937Z',
      stalledFor: 331255,
      newestEntryAt: '2025-12-24T04:32:14.062Z',
      stalled: true,
      xaddBy: '172.18.0.33 ×1, quantum_trading_bot ×1',
      xreadgroupBy: 'quantum_ai_engine ×1',
    });
    expect(r.evidence).toEqual([
      { file: 'raw/redis_groups_trade_intent.txt', startLine: 1, endLine: 12 },
      // The blocked XREADGROUP client: it waits for new entries, so it is not reading this lagging group.
      { file: 'raw/redis_client_list.txt', startLine: 10, endLine: 10 },
      { file: 'raw/redis_sample_trade_intent.txt', startLine: 1, endLine: 9 },
    ]);
    expect(r.values).toMatchObject({ consumption: 'stopped', flow: 'business' });
    expect(r.explanation).toContain('blocked waiting for new entries');
    expect(r.links).toEqual([{ type: 'related', ruleId: 'stream/pending-entries', subject: r.subject }]);
    expect(notes[0]).toContain('lag 10014');
  });

  it('reports P1 for a moderate lag on a group that is still consuming', () => {
    const s = tradeIntent();
    s.groups[0] = {
      ...s.groups[0]!,
      lag: 250,
      lastDeliveredId: '1766550700000-0',
      lastDeliveredAt: '2025-12-24T04:31:40.000Z',
    };
    const { reports } = evaluateRule(
      consumerGroupLag,
      sampleRedisAudit({ redis: { ...sampleRedisAudit().redis, streams: [s] } }),
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ priority: 'P1', observed: 250, values: { stalled: false } });
    expect(reports[0]!.evidence).toEqual([{ file: 'raw/redis_groups_trade_intent.txt', startLine: 1, endLine: 12 }]);
  });

  it('stays quiet for a group that keeps up', () => {
    const s = tradeIntent();
    s.groups[0] = {
      ...s.groups[0]!,
      lag: 3,
      pending: 0,
      lastDeliveredId: '1766550734060-1',
      lastDeliveredAt: '2025-12-24T04:32:14.060Z',
    };
    const { reports, notes } = evaluateRule(
      consumerGroupLag,
      sampleRedisAudit({ redis: { ...sampleRedisAudit().redis, streams: [s] } }),
    );
    expect(reports).toEqual([]);
    expect(notes[0]).toContain('lag 3 (threshold ≥ 50');
  });

  it(
    'falls back to the capture time when no entry time is known; with lag ' +
      'and readers unknown it says so, P1 not stalled',
    () => {
      const s = tradeIntent({ samples: [] });
      delete s.lastEntryAt;
      delete s.lastEntryId;
      s.groups[0] = { ...s.groups[0]!, lag: null };
      const { reports } = evaluateRule(
        consumerGroupLag,
        sampleRedisAudit({ redis: { ...sampleRedisAudit().redis, streams: [s] } }),
      );
      // Nothing in this audit says whether anyone consumes (no CLIENT LIST, no XINFO CONSUMERS): an old last
      // delivery alone is what a live consumer working through a backlog also shows.
      expect(reports[0]).toMatchObject({
        priority: 'P1',
        observed: 'stalled',
        values: { consumption: 'unknown', stalled: false },
      });
      expect(reports[0]!.title).toBe(
        'Consumer group quantum:group:execution:trade.intent is behind on quantum:stream:trade.intent',
      );
      expect(reports[0]!.explanation).toContain('older than the capture time');
      expect(reports[0]!.explanation).toContain('cannot be told');
    },
  );
});
