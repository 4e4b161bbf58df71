import { defineRule } from '../define-rule.ts';
import { clientsByOwner, describeOwners, plural } from '../redis/redis-support.ts';
import { eachGroup, getSideFlowWord, groupSubject, readGroup, SIDE_FLOW_WORDS } from './stream-support.ts';

/** A lagging group while no Redis client is reading any stream with a group: the consumer process is gone. */
export const consumersNotReading = defineRule({
  id: 'stream/consumers-not-reading',
  title: 'Lagging consumer group with no reader connected',
  priority: 'P3',
  category: 'data-flow',
  description:
    'Reports lagging or stalled consumer groups when CLIENT LIST shows no connection whose last command is XREADGROUP.',
  fix:
    'Start (or fix the crash loop of) the service that owns the group, and make it log when its XREADGROUP ' +
    'loop exits.',
  messages: {
    noReader: 'No client is reading with XREADGROUP while group {{group}} lags on {{stream}}',
    noneWaiting: [
      'CLIENT LIST at capture shows {{connections}} and none of them last ran XREADGROUP, so no consumer of any group',
      'was waiting for entries. The {{consumerNames}} registered in {{group}} belong to processes that are not',
      'connected now.',
    ],
  },
  requires: ['groups', 'redisClients', 'redis', 'bundle'],
  uses: ['containers'],
  defaults: { minLag: 100, stallSeconds: 3600, liveSeconds: 300, sideFlowWords: [...SIDE_FLOW_WORDS] },
  evaluate(ctx) {
    const readers = clientsByOwner(ctx.facts.redisClients, ['xreadgroup']);
    ctx.note(`clients whose last command is XREADGROUP: ${describeOwners(readers) || 'none'}`);
    for (const { stream, group } of eachGroup(ctx.facts.groups)) {
      const { consumption: c } = readGroup(ctx.facts, stream, group, {
        liveSeconds: ctx.options.liveSeconds,
        stallSeconds: ctx.options.stallSeconds,
      });
      const lagging = (group.lag ?? 0) >= ctx.options.minLag || (c.state === 'stopped' && group.consumers > 0);
      ctx.note(`${groupSubject(stream, group)}: lagging ${lagging}, consumption ${c.state}`);
      if (!lagging || readers.length > 0) continue;
      const clientRef = ctx.facts.redis.evidence.find((e) =>
        ctx.facts.redisClients.some((c) => c.evidence.file === e.file),
      );
      ctx.report({
        subject: groupSubject(stream, group),
        messageId: 'noReader',
        explain: ['noneWaiting'],
        data: {
          group: group.name,
          stream: stream.key,
          connections: plural(ctx.facts.redisClients.length, 'connection', 'connections'),
          consumerNames: plural(group.consumers, 'consumer name', 'consumer names'),
        },
        ...(getSideFlowWord(stream, group, ctx.options.sideFlowWords) !== undefined ? { priority: 'P3' as const } : {}),
        observed: 0,
        threshold: '≥ 1 XREADGROUP client',
        values: {
          stream: stream.key,
          group: group.name,
          xreadgroupClients: 0,
          clients: ctx.facts.redisClients.length,
          ...(group.owner ? { owner: group.owner.container } : {}),
          ...(c.ownerState ? { ownerState: c.ownerState } : {}),
        },
        evidence: [group.evidence, ...(clientRef ? [clientRef] : []), ...(group.owner?.evidence.slice(0, 1) ?? [])],
        links: [{ type: 'related', ruleId: 'stream/consumer-group-lag', subject: groupSubject(stream, group) }],
      });
    }
  },
});
