import { defineRule } from '../define-rule.ts';
import { infoRefs, plural, statOrNote } from './redis-support.ts';

/** Redis deleted keys to stay under maxmemory: for streams and queues that is data loss. */
export const redisEvictions = defineRule({
  id: 'redis/evictions',
  title: 'Redis evicted keys',
  priority: 'P2',
  category: 'capacity',
  description: 'Reports evicted_keys > 0 in INFO stats: Redis deleted keys to stay under maxmemory.',
  fix:
    'Give Redis more memory or trim what it holds (XTRIM / MAXLEN on streams, TTLs on caches); use noeviction ' +
    'for data that must not disappear.',
  messages: {
    evicted: 'Redis evicted {{keys}}',
    evictedPolicy: 'Redis evicted {{keys}} under policy {{policy}}',
    gone: [
      'Redis reached its maxmemory and deleted {{keys}} to make room. If any of them were streams, queues or state',
      'rather than cache, that data is gone without an error to anyone.',
    ],
  },
  requires: ['redisStats', 'redis'],
  defaults: { threshold: 1 },
  evaluate(ctx) {
    const evicted = statOrNote(ctx, 'evicted_keys');
    if (evicted === undefined) return;
    const policy = ctx.facts.redis.memory?.maxmemoryPolicy;
    ctx.note(`evicted_keys ${evicted} (threshold ≥ ${ctx.options.threshold}), policy ${policy ?? 'not captured'}`);
    if (evicted < ctx.options.threshold) return;
    ctx.report({
      subject: 'redis',
      messageId: policy ? 'evictedPolicy' : 'evicted',
      explain: ['gone'],
      data: { keys: plural(evicted, 'key', 'keys'), policy: policy ?? '' },
      observed: evicted,
      threshold: ctx.options.threshold,
      values: { evictedKeys: evicted, ...(policy ? { maxmemoryPolicy: policy } : {}) },
      evidence: infoRefs(ctx.facts.redis.info, ['evicted_keys', 'maxmemory_policy', 'maxmemory']),
    });
  },
});
