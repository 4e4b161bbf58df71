import { formatBytes } from '../../format/units.ts';
import { defineRule } from '../define-rule.ts';
import { findRedisContainer, infoRefs } from './redis-support.ts';

/** Redis without a memory ceiling (maxmemory 0), or at its ceiling with writes about to be refused. */
export const redisMaxmemoryNoeviction = defineRule({
  id: 'redis/maxmemory-noeviction',
  title: 'Redis memory is unbounded or about to refuse writes',
  priority: 'P2',
  category: 'capacity',
  description:
    'Reports Redis with maxmemory 0 (grows until the host runs out), or with noeviction close to its maxmemory.',
  fix:
    'Set maxmemory below what the host (or the container limit) can give Redis, keep noeviction if keys must ' +
    'not be dropped, and alert on used_memory / maxmemory.',
  messages: {
    unbounded: 'Redis maxmemory is 0 (unbounded), policy {{policy}}, using {{used}}',
    noCeiling: 'maxmemory 0 means Redis has no memory ceiling of its own.',
    containerLimit: [
      'The container {{container}} has a {{limitBytes:bytes}} memory limit, so the kernel kills Redis when it reaches',
      'it.',
    ],
    containerUnlimited: [
      "The container {{container}} has no memory limit either, so Redis can take the host's memory until the kernel's",
      'OOM killer picks a process to kill — possibly Redis itself, losing whatever was not yet persisted.',
    ],
    hostLimit: 'Nothing in Redis stops it growing until the host runs out of memory and the kernel kills a process.',
    noSwap: 'The host has no swap, so there is no slow-down before that point.',
    noeviction: [
      'The policy is noeviction: once a maxmemory is set, Redis refuses writes (OOM errors to clients) at the limit',
      'instead of deleting keys — right for streams and queues, but producers must handle the errors.',
    ],
    evicts: 'The policy is {{policy}}: once a maxmemory is set, Redis deletes keys to stay under it.',
    nearLimit: 'Redis uses {{usedPercent}}% of maxmemory {{maxmemoryBytes:bytes}} with noeviction',
    refuseWrites: [
      'Redis is at {{usedPercent}}% of its maxmemory and the policy is noeviction: when it reaches the limit every',
      'write command fails with an OOM error, so producers stop being able to publish.',
    ],
  },
  requires: ['redisMemory', 'host', 'redis'],
  uses: ['containers'],
  defaults: { nearLimitRatio: 0.9 },
  evaluate(ctx) {
    const mem = ctx.facts.redisMemory!;
    const policy = mem.maxmemoryPolicy;
    const evidence = infoRefs(ctx.facts.redis.info, [
      'maxmemory',
      'maxmemory_policy',
      'used_memory',
      'total_system_memory',
    ]);
    if (evidence.length === 0) evidence.push(mem.evidence);
    const used = mem.usedHuman ?? formatBytes(mem.usedBytes);
    ctx.note(
      `maxmemory ${mem.maxmemoryBytes} ` +
        `(${mem.maxmemoryBytes === 0 ? 'unbounded' : formatBytes(mem.maxmemoryBytes)}), policy ${policy}, used ${used}`,
    );

    if (mem.maxmemoryBytes === 0) {
      const redis = findRedisContainer(ctx.facts.containers ?? []);
      const limit = redis?.inspect?.memoryLimitBytes;
      const host = ctx.facts.host.memory;
      const values: Record<string, number | string | boolean> = {
        maxmemory: 0,
        maxmemoryPolicy: policy,
        usedBytes: mem.usedBytes,
      };
      if (mem.totalSystemMemoryBytes !== undefined) values['totalSystemMemoryBytes'] = mem.totalSystemMemoryBytes;
      if (limit !== undefined) values['containerMemoryLimitBytes'] = limit;
      if (host !== undefined) values['hostSwapBytes'] = host.swapTotalBytes;
      const ceiling =
        limit !== undefined && limit > 0 ? 'containerLimit' : limit === 0 ? 'containerUnlimited' : 'hostLimit';
      ctx.report({
        subject: 'redis',
        messageId: 'unbounded',
        explain: [
          'noCeiling',
          ceiling,
          host !== undefined && host.swapTotalBytes === 0 && 'noSwap',
          policy === 'noeviction' ? 'noeviction' : 'evicts',
        ],
        // `${…}` keeps the old words for a container without a name ('undefined' cannot happen: limit needs one).
        data: { policy, used, container: `${redis?.name}`, limitBytes: limit ?? 0 },
        observed: 0,
        threshold: '> 0',
        values,
        evidence: [
          ...evidence,
          ...(redis?.inspect !== undefined && limit === 0
            ? [{ ...redis.inspect.evidence, pointer: `${redis.inspect.evidence.pointer ?? ''}/HostConfig/Memory` }]
            : []),
        ],
      });
      return;
    }

    const ratio = mem.usedBytes / mem.maxmemoryBytes;
    ctx.note(`used/maxmemory ${ratio.toFixed(2)} (threshold ${ctx.options.nearLimitRatio})`);
    if (policy === 'noeviction' && ratio >= ctx.options.nearLimitRatio) {
      ctx.report({
        subject: 'redis',
        messageId: 'nearLimit',
        explain: ['refuseWrites'],
        data: { usedPercent: Math.round(ratio * 100), maxmemoryBytes: mem.maxmemoryBytes },
        priority: 'P1',
        observed: Math.round(ratio * 100) / 100,
        threshold: ctx.options.nearLimitRatio,
        values: {
          maxmemory: mem.maxmemoryBytes,
          maxmemoryPolicy: policy,
          usedBytes: mem.usedBytes,
          ratio: Math.round(ratio * 1000) / 1000,
        },
        evidence,
      });
    }
  },
});
