import { defineRule } from '../define-rule.ts';
import { infoRefs, infoValue, plural, statOrNote } from './redis-support.ts';

/** Redis turned clients away (maxclients reached) since it started. */
export const redisRejectedConnections = defineRule({
  id: 'redis/rejected-connections',
  title: 'Redis rejected connections',
  priority: 'P1',
  category: 'availability',
  description: 'Reports rejected_connections > 0 in INFO stats: clients were refused because maxclients was reached.',
  fix:
    'Find the clients that leak connections (CLIENT LIST grouped by addr), fix their pooling, and raise ' +
    'maxclients (and the file-descriptor limit) only if the load is real.',
  messages: {
    rejected: 'Redis rejected {{connections}}',
    rejectedMax: 'Redis rejected {{connections}} (maxclients {{maxclients}})',
    refused: 'Since it started, Redis refused {{attempts}} because it already had maxclients connections.',
    refusedOf: [
      'Since it started, Redis refused {{attempts}} because it already had maxclients connections (out of {{received}}',
      'received).',
    ],
    lost: 'Each refused client got an error instead of a connection — services that do not retry lose that work.',
  },
  requires: ['redisStats', 'redis'],
  defaults: { threshold: 1 },
  evaluate(ctx) {
    const rejected = statOrNote(ctx, 'rejected_connections');
    if (rejected === undefined) return;
    const received = ctx.facts.redisStats['total_connections_received'];
    ctx.note(`rejected_connections ${rejected} (threshold ≥ ${ctx.options.threshold})`);
    if (rejected < ctx.options.threshold) return;
    const maxclients = infoValue(ctx.facts.redis.info, 'maxclients');
    ctx.report({
      subject: 'redis',
      messageId: maxclients !== undefined ? 'rejectedMax' : 'rejected',
      explain: [received !== undefined ? 'refusedOf' : 'refused', 'lost'],
      data: {
        connections: plural(rejected, 'connection', 'connections'),
        maxclients: maxclients ?? '',
        attempts: plural(rejected, 'connection attempt', 'connection attempts'),
        received: received ?? 0,
      },
      observed: rejected,
      threshold: ctx.options.threshold,
      values: {
        rejectedConnections: rejected,
        ...(received !== undefined ? { totalConnectionsReceived: received } : {}),
      },
      evidence: infoRefs(ctx.facts.redis.info, ['rejected_connections', 'total_connections_received', 'maxclients']),
    });
  },
});
