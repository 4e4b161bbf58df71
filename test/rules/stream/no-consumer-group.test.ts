import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noConsumerGroup } from '../../../src/core/rules/stream/no-consumer-group.ts';
import { runRules } from '../../../src/core/rules/run-rules.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { listedOnly, sampleRedisAudit, tradeIntent } from '../redis/sample-redis.ts';

const keys = readFileSync('evidence/quantum-trader-2025-12-24/raw/redis_stream_keys.txt', 'utf8').trim().split('\n');

/** The sample: 21 listed streams, XINFO GROUPS captured for trade.intent only. */
function sampleStreams() {
  const audit = sampleRedisAudit();
  audit.redis.streams = keys.map((k, i) =>
    k === 'quantum:stream:trade.intent' ? tradeIntent() : listedOnly(k, i + 1),
  );
  audit.files = [
    { path: 'raw/redis_groups_trade_intent.txt', kind: 'redis-xinfo-groups', bytes: 128, sha256: 'x', lines: 12 },
  ];
  return audit;
}

describe('stream/no-consumer-group', () => {
  it('does not report the 20 sample streams whose groups were not captured, and says so', () => {
    const { reports, notes } = evaluateRule(noConsumerGroup, sampleStreams());
    expect(reports).toEqual([]);
    expect(notes).toContain('stream:quantum:stream:trade.intent: 1 group(s) captured');
    expect(notes.at(-1)).toMatch(
      /^20 stream\(s\) unknown \(XINFO GROUPS not captured\): quantum:stream:ai\.decision\.made, /,
    );
  });

  it('reports a stream whose XINFO GROUPS capture was empty', () => {
    const audit = sampleStreams();
    const tick = audit.redis.streams.find((s) => s.key === 'quantum:stream:market.tick')!;
    tick.evidence.push({ file: 'raw/redis_groups_market_tick.txt', startLine: 1 });
    tick.length = 10013;
    audit.files.push({
      path: 'raw/redis_groups_market_tick.txt',
      kind: 'redis-xinfo-groups',
      bytes: 0,
      sha256: 'y',
      lines: 1,
    });
    const { reports } = evaluateRule(noConsumerGroup, audit);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      subject: 'stream:quantum:stream:market.tick',
      observed: 0,
      values: { groups: 0, length: 10013 },
      evidence: [
        { file: 'raw/redis_stream_keys.txt', startLine: 11, endLine: 11 },
        { file: 'raw/redis_groups_market_tick.txt', startLine: 1 },
      ],
    });
  });

  it('is not evaluated when no XINFO GROUPS was captured at all', () => {
    const audit = sampleStreams();
    audit.redis.streams = audit.redis.streams.filter((s) => s.groups.length === 0);
    audit.files = [];
    const { results } = runRules(audit, { rules: [noConsumerGroup] });
    expect(results[0]).toMatchObject({
      status: 'not-evaluated',
      reason: "no XINFO GROUPS captured (from 'redis-cli XINFO GROUPS <stream>')",
    });
  });
});
