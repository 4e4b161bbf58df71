import { formatBytes } from '../../format/units.ts';
import { defineRule } from '../define-rule.ts';
import { infoRefs } from './redis-support.ts';

/** mem_fragmentation_ratio far above 1 (wasted RSS) or below 1 (part of Redis is swapped out). */
export const redisFragmentation = defineRule({
  id: 'redis/fragmentation',
  title: 'Redis memory fragmentation',
  priority: 'P3',
  category: 'performance',
  description: 'Reports mem_fragmentation_ratio above 1.5 on a Redis using over 100 MB, or below 1 (swapping).',
  fix:
    'For high fragmentation enable activedefrag (jemalloc builds) or restart Redis in a quiet window; for a ' +
    'ratio below 1 stop the host swapping Redis (more RAM, a maxmemory, vm.swappiness).',
  messages: {
    high: 'Redis fragmentation ratio {{ratio}} (RSS {{rssBytes:bytes}} for {{usedBytes:bytes}} of data)',
    highNoRss: 'Redis fragmentation ratio {{ratio}} (RSS ? for {{usedBytes:bytes}} of data)',
    wasted: [
      'The process holds {{ratio}}× the memory its data needs: the rest is allocator fragmentation the host cannot use',
      'for anything else.',
    ],
    low: 'Redis fragmentation ratio {{ratio}} < {{lowRatio}}: part of Redis is swapped out',
    swapped: [
      'RSS smaller than the data Redis holds means the kernel has moved part of Redis to swap. Every access to those',
      'pages waits on disk, so latency jumps by orders of magnitude.',
    ],
  },
  requires: ['redisMemory', 'redis'],
  defaults: { highRatio: 1.5, lowRatio: 1, minUsedBytes: 100 * 1024 * 1024 },
  evaluate(ctx) {
    const mem = ctx.facts.redisMemory!;
    const ratio = mem.fragmentationRatio;
    if (ratio === undefined) {
      ctx.note('mem_fragmentation_ratio not captured');
      return;
    }
    const { highRatio, lowRatio, minUsedBytes } = ctx.options;
    ctx.note(
      `mem_fragmentation_ratio ${ratio} (high > ${highRatio}, low < ${lowRatio}), used_memory ` +
        `${formatBytes(mem.usedBytes)} (min ${formatBytes(minUsedBytes)})`,
    );
    const evidence = infoRefs(ctx.facts.redis.info, ['mem_fragmentation_ratio', 'used_memory', 'used_memory_rss']);
    if (evidence.length === 0) evidence.push(mem.evidence);
    const values = {
      fragmentationRatio: ratio,
      usedBytes: mem.usedBytes,
      ...(mem.rssBytes !== undefined ? { rssBytes: mem.rssBytes } : {}),
    };
    if (ratio > highRatio && mem.usedBytes >= minUsedBytes) {
      ctx.report({
        subject: 'redis',
        messageId: mem.rssBytes !== undefined ? 'high' : 'highNoRss',
        explain: ['wasted'],
        data: { ratio, rssBytes: mem.rssBytes ?? 0, usedBytes: mem.usedBytes },
        observed: ratio,
        threshold: highRatio,
        values,
        evidence,
      });
    } else if (ratio < lowRatio && mem.usedBytes >= 1024 * 1024) {
      ctx.report({
        subject: 'redis',
        messageId: 'low',
        explain: ['swapped'],
        data: { ratio, lowRatio },
        priority: 'P2',
        observed: ratio,
        threshold: lowRatio,
        values,
        evidence,
      });
    }
  },
});
