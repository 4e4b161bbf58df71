import { describe, expect, it } from 'vitest';
import { payloadDefaultValues } from '../../../src/core/rules/stream/payload-default-values.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { entry, sampleRedisAudit, tradeIntent } from '../redis/sample-redis.ts';

const SUBJECT = 'stream:quantum:stream:trade.intent/field:';

describe('stream/payload-default-values', () => {
  it('reports the four stuck payload fields of the sample, each at its own priority', () => {
    const { reports, notes } = evaluateRule(payloadDefaultValues, sampleRedisAudit());
    const by = Object.fromEntries(reports.map((r) => [r.subject.slice(SUBJECT.length), r]));
    expect(Object.keys(by).sort()).toEqual([
      'payload.exchange_divergence',
      'payload.funding_rate',
      'payload.leverage',
      'payload.regime',
    ]);
    expect(by['payload.regime']).toMatchObject({
      priority: 'P1',
      observed: 'unknown',
      values: { field: 'payload.regime', value: 'unknown', samples: 3 },
    });
    expect(by['payload.leverage']).toMatchObject({ priority: 'P2', observed: 1 });
    expect(by['payload.funding_rate']).toMatchObject({ priority: 'P3', observed: 0 });
    expect(by['payload.exchange_divergence']).toMatchObject({ priority: 'P3', observed: 0 });
    expect(by['payload.regime']!.title).toBe(
      "payload.regime is 'unknown' in all 3 sampled entries of quantum:stream:trade.intent",
    );
    // The payload value line of each sample (id, event_type, its value, 'payload', then the JSON).
    expect(by['payload.regime']!.evidence).toEqual([
      { file: 'raw/redis_sample_trade_intent.txt', startLine: 23, endLine: 23 },
      { file: 'raw/redis_sample_trade_intent.txt', startLine: 14, endLine: 14 },
      { file: 'raw/redis_sample_trade_intent.txt', startLine: 5, endLine: 5 },
    ]);
    // Constant but meaningful values are explained, not reported.
    expect(notes).toContain(
      "stream:quantum:stream:trade.intent/field:event_type: 'trade.intent' in all 3 samples (constant, not a default)",
    );
    expect(notes).toContain(
      'stream:quantum:stream:trade.intent/field:payload.confidence: 0.72 in all 3 samples (constant, not a default)',
    );
  });

  it('does not report a field that varies across samples', () => {
    const s = tradeIntent();
    s.samples = [
      entry('1766550734060-1', '2025-12-24T04:32:14.060Z', 19, JSON.stringify({ regime: 'trending' })),
      entry('1766550734062-0', '2025-12-24T04:32:14.062Z', 10, JSON.stringify({ regime: 'unknown' })),
      entry('1766550734062-1', '2025-12-24T04:32:14.062Z', 1, JSON.stringify({ regime: 'ranging' })),
    ];
    const { reports } = evaluateRule(
      payloadDefaultValues,
      sampleRedisAudit({ redis: { ...sampleRedisAudit().redis, streams: [s] } }),
    );
    expect(reports).toEqual([]);
  });

  it('does not judge fewer than 3 samples', () => {
    const s = tradeIntent();
    s.samples = s.samples.slice(0, 2);
    const { reports, notes } = evaluateRule(
      payloadDefaultValues,
      sampleRedisAudit({ redis: { ...sampleRedisAudit().redis, streams: [s] } }),
    );
    expect(reports).toEqual([]);
    expect(notes).toEqual(['stream:quantum:stream:trade.intent: 2 sample(s), fewer than 3: not judged']);
  });

  it('follows configured field priorities', () => {
    const { reports } = evaluateRule(payloadDefaultValues, sampleRedisAudit(), { fieldPriorities: { regime: 'P0' } });
    expect(reports.find((r) => r.subject.endsWith('payload.regime'))!.priority).toBe('P0');
    expect(reports.find((r) => r.subject.endsWith('payload.leverage'))!.priority).toBe('P2');
  });
});
