import { describe, expect, it } from 'vitest';
import { redisEvictions } from '../../../src/core/rules/redis/evictions.ts';
import { redisKeyspaceMissRatio } from '../../../src/core/rules/redis/keyspace-miss-ratio.ts';
import { redisRejectedConnections } from '../../../src/core/rules/redis/rejected-connections.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { sampleRedisAudit } from './sample-redis.ts';

const withStats = (stats: Record<string, number>) => {
  const audit = sampleRedisAudit();
  audit.redis.stats = { ...audit.redis.stats, ...stats };
  return audit;
};

describe('redis/rejected-connections', () => {
  it('does not fire on the sample (0 rejected)', () => {
    const { reports, notes } = evaluateRule(redisRejectedConnections, sampleRedisAudit());
    expect(reports).toEqual([]);
    expect(notes).toEqual(['rejected_connections 0 (threshold ≥ 1)']);
  });
  it('reports rejected connections with the INFO line', () => {
    const { reports } = evaluateRule(redisRejectedConnections, withStats({ rejected_connections: 17 }));
    expect(reports[0]).toMatchObject({
      subject: 'redis',
      observed: 17,
      values: { rejectedConnections: 17, totalConnectionsReceived: 3365 },
    });
    expect(reports[0]!.evidence[0]).toEqual({ file: 'raw/redis_info_stats.txt', startLine: 13, endLine: 13 });
  });
});

describe('redis/evictions', () => {
  it('does not fire on the sample (0 evicted)', () => {
    expect(evaluateRule(redisEvictions, sampleRedisAudit()).reports).toEqual([]);
  });
  it('reports evicted keys with the policy', () => {
    const { reports } = evaluateRule(redisEvictions, withStats({ evicted_keys: 420 }));
    expect(reports[0]).toMatchObject({
      subject: 'redis',
      observed: 420,
      values: { evictedKeys: 420, maxmemoryPolicy: 'noeviction' },
    });
    expect(reports[0]!.evidence).toContainEqual({ file: 'raw/redis_info_stats.txt', startLine: 22, endLine: 22 });
  });
});

describe('redis/keyspace-miss-ratio', () => {
  it('does not fire on the sample: 24071 of 913147 lookups = 2.6%', () => {
    const { reports, notes } = evaluateRule(redisKeyspaceMissRatio, sampleRedisAudit());
    expect(reports).toEqual([]);
    expect(notes[0]).toContain('24071 of 913147 lookups = 2.6%');
  });
  it('reports a miss ratio above 20% with enough traffic', () => {
    const { reports } = evaluateRule(
      redisKeyspaceMissRatio,
      withStats({ keyspace_hits: 60000, keyspace_misses: 40000 }),
    );
    expect(reports[0]).toMatchObject({ subject: 'redis', observed: 40, values: { missRatioPercent: 40 } });
    expect(reports[0]!.evidence).toEqual([
      { file: 'raw/redis_info_stats.txt', startLine: 27, endLine: 27 },
      { file: 'raw/redis_info_stats.txt', startLine: 28, endLine: 28 },
    ]);
  });
  it('ignores a high ratio on too little traffic', () => {
    expect(evaluateRule(redisKeyspaceMissRatio, withStats({ keyspace_hits: 10, keyspace_misses: 90 })).reports).toEqual(
      [],
    );
  });
});
