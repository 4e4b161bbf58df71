import { defineRule } from '../define-rule.ts';
import { infoRefs } from './redis-support.ts';

/** Many lookups for keys that do not exist: a cold or mis-keyed cache, or readers polling missing keys. */
export const redisKeyspaceMissRatio = defineRule({
  id: 'redis/keyspace-miss-ratio',
  title: 'High Redis keyspace miss ratio',
  priority: 'P3',
  category: 'performance',
  description: 'Reports keyspace_misses / (hits + misses) above 20% once there were at least 10000 lookups.',
  fix:
    'Find which keys miss (MONITOR briefly, or client-side metrics), then fix key names, TTLs or the ' +
    'cache-fill path.',
  messages: {
    misses: 'Redis keyspace miss ratio {{missPercent}}% ({{misses}} misses of {{lookups}} lookups)',
    fallThrough: [
      '{{missPercent}}% of key lookups asked for keys that did not exist. For a cache that means most reads fall',
      'through to the slower source; for a queue or state store it usually means a reader uses the wrong key name.',
    ],
  },
  requires: ['redisStats', 'redis'],
  defaults: { maxRatio: 0.2, minLookups: 10000 },
  evaluate(ctx) {
    const hits = ctx.facts.redisStats['keyspace_hits'];
    const misses = ctx.facts.redisStats['keyspace_misses'];
    if (hits === undefined || misses === undefined) {
      ctx.note('keyspace_hits / keyspace_misses not in the captured INFO stats');
      return;
    }
    const lookups = hits + misses;
    const ratio = lookups === 0 ? 0 : misses / lookups;
    const pct = Math.round(ratio * 1000) / 10;
    ctx.note(
      `keyspace misses ${misses} of ${lookups} lookups = ${pct}% (threshold > ${ctx.options.maxRatio * 100}% ` +
        `with ≥ ${ctx.options.minLookups} lookups)`,
    );
    if (lookups < ctx.options.minLookups || ratio <= ctx.options.maxRatio) return;
    ctx.report({
      subject: 'redis',
      messageId: 'misses',
      explain: ['fallThrough'],
      data: { missPercent: pct, misses, lookups },
      observed: pct,
      threshold: ctx.options.maxRatio * 100,
      values: { keyspaceHits: hits, keyspaceMisses: misses, missRatioPercent: pct },
      evidence: infoRefs(ctx.facts.redis.info, ['keyspace_hits', 'keyspace_misses']),
    });
  },
});
