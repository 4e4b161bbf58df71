import { describe, expect, it } from 'vitest';
import type { SlowlogEntry } from '../../../src/core/model/redis.ts';
import { redisSlowlog } from '../../../src/core/rules/redis/slowlog.ts';
import { runRules } from '../../../src/core/rules/run-rules.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { sampleRedisAudit } from './sample-redis.ts';

const slow = (id: number, micros: number, command: string[], line: number): SlowlogEntry => ({
  id,
  at: '2025-12-24T04:10:00.000Z',
  durationMicros: micros,
  command,
  client: '172.18.0.6:55276',
  evidence: { file: 'raw/redis_slowlog.txt', startLine: line, endLine: line + 5 },
});

describe('redis/slowlog', () => {
  it('is not evaluated on the sample: the SLOWLOG capture is empty', () => {
    const audit = sampleRedisAudit({
      evidenceIssues: [{ file: 'raw/redis_slowlog.txt', kind: 'empty-capture', message: 'SLOWLOG output is empty' }],
    });
    const { results } = runRules(audit, { rules: [redisSlowlog] });
    expect(results).toEqual([
      {
        ruleId: 'redis/slowlog',
        status: 'not-evaluated',
        reason: 'SLOWLOG capture is empty (raw/redis_slowlog.txt)',
        inputs: [],
      },
    ]);
  });

  it('passes when every entry is under 10 ms', () => {
    const audit = sampleRedisAudit();
    audit.redis.slowlog = [slow(1, 4000, ['XADD', 'quantum:stream:trade.intent'], 1)];
    expect(evaluateRule(redisSlowlog, audit).reports).toEqual([]);
  });

  it('reports slow commands, slowest first in the evidence, P2 past one second', () => {
    const audit = sampleRedisAudit();
    audit.redis.slowlog = [
      slow(1, 25000, ['XRANGE', 'quantum:stream:trade.intent', '-', '+'], 1),
      slow(2, 1500000, ['KEYS', '*'], 7),
      slow(3, 3000, ['GET', 'x'], 13),
    ];
    const { reports } = evaluateRule(redisSlowlog, audit);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      subject: 'redis',
      priority: 'P2',
      observed: 1500000,
      values: { slowEntries: 2, slowestCommand: 'KEYS *', commands: 'KEYS ×1, XRANGE ×1' },
    });
    expect(reports[0]!.evidence.map((e) => e.startLine)).toEqual([7, 1]);
  });
});
