import { describe, expect, it } from 'vitest';
import { redisFragmentation } from '../../../src/core/rules/redis/fragmentation.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { sampleRedisAudit } from './sample-redis.ts';

const withMemory = (usedBytes: number, fragmentationRatio: number) => {
  const audit = sampleRedisAudit();
  audit.redis.memory = { ...audit.redis.memory!, usedBytes, fragmentationRatio };
  return audit;
};

describe('redis/fragmentation', () => {
  it('does not fire on the sample (ratio 1.07)', () => {
    const { reports, notes } = evaluateRule(redisFragmentation, sampleRedisAudit());
    expect(reports).toEqual([]);
    expect(notes[0]).toContain('mem_fragmentation_ratio 1.07');
  });

  it('reports a high ratio on a large instance, citing the ratio line', () => {
    const { reports } = evaluateRule(redisFragmentation, withMemory(500 * 1024 * 1024, 2.3));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ subject: 'redis', observed: 2.3, threshold: 1.5 });
    expect(reports[0]!.evidence[0]).toEqual({ file: 'raw/redis_info_memory.txt', startLine: 41, endLine: 41 });
  });

  it('ignores a high ratio on a small instance', () => {
    expect(evaluateRule(redisFragmentation, withMemory(20 * 1024 * 1024, 3)).reports).toEqual([]);
  });

  it('reports a ratio below 1 as swapping, at P2', () => {
    const { reports } = evaluateRule(redisFragmentation, withMemory(500 * 1024 * 1024, 0.7));
    expect(reports[0]).toMatchObject({ priority: 'P2', observed: 0.7, threshold: 1 });
  });
});
