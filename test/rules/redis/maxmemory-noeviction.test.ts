import { describe, expect, it } from 'vitest';
import { redisMaxmemoryNoeviction } from '../../../src/core/rules/redis/maxmemory-noeviction.ts';
import { evaluateRule, makeContainer, makeInspect, makeAudit } from '../../helpers/audit-builder.ts';
import { sampleRedisAudit } from './sample-redis.ts';

describe('redis/maxmemory-noeviction', () => {
  it('reports the sample: maxmemory 0 with noeviction, citing the exact INFO lines', () => {
    const redis = makeContainer('quantum_redis', {
      image: 'redis:7-alpine',
      inspect: makeInspect('quantum_redis', { memoryLimitBytes: 0 }),
    });
    const { reports } = evaluateRule(redisMaxmemoryNoeviction, sampleRedisAudit({ containers: [redis] }));
    expect(reports).toHaveLength(1);
    const r = reports[0]!;
    expect(r.subject).toBe('redis');
    expect(r.observed).toBe(0);
    expect(r.values).toMatchObject({
      maxmemory: 0,
      maxmemoryPolicy: 'noeviction',
      usedBytes: 95834752,
      containerMemoryLimitBytes: 0,
    });
    expect(r.title).toContain('maxmemory is 0');
    expect(r.evidence).toContainEqual({ file: 'raw/redis_info_memory.txt', startLine: 32, endLine: 32 });
    expect(r.evidence).toContainEqual({ file: 'raw/redis_info_memory.txt', startLine: 34, endLine: 34 });
    expect(r.evidence).toContainEqual({
      file: 'raw/inspect_quantum_redis.json',
      startLine: 1,
      endLine: 100,
      pointer: '/0/HostConfig/Memory',
    });
  });

  it('prefers the line numbers the INFO parser recorded over the section layout', () => {
    const audit = sampleRedisAudit();
    (audit.redis.info[0] as { lines?: Record<string, number> }).lines = { maxmemory: 40, maxmemory_policy: 42 };
    const { reports } = evaluateRule(redisMaxmemoryNoeviction, audit);
    expect(reports[0]!.evidence[0]).toEqual({ file: 'raw/redis_info_memory.txt', startLine: 40, endLine: 40 });
  });

  it('stays quiet with a maxmemory set and usage well below it', () => {
    const audit = sampleRedisAudit();
    audit.redis.memory = { ...audit.redis.memory!, maxmemoryBytes: 2 * 1024 ** 3 };
    const { reports, notes } = evaluateRule(redisMaxmemoryNoeviction, audit);
    expect(reports).toEqual([]);
    expect(notes.some((n) => n.includes('used/maxmemory 0.04'))).toBe(true);
  });

  it('reports P1 when noeviction Redis is at 95% of its maxmemory', () => {
    const audit = makeAudit({
      redis: {
        stats: {},
        info: [],
        clients: [],
        streams: [],
        unkeyedLengths: [],
        evidence: [],
        memory: {
          usedBytes: 950,
          maxmemoryBytes: 1000,
          maxmemoryPolicy: 'noeviction',
          evidence: { file: 'raw/info.txt', startLine: 2, endLine: 2 },
        },
      },
    });
    const { reports } = evaluateRule(redisMaxmemoryNoeviction, audit);
    expect(reports[0]).toMatchObject({
      subject: 'redis',
      priority: 'P1',
      observed: 0.95,
      evidence: [{ file: 'raw/info.txt', startLine: 2, endLine: 2 }],
    });
  });
});
