import { defineRule } from '../define-rule.ts';
import { plural } from './redis-support.ts';

/** A connection in MONITOR mode: Redis copies every command it runs to it. */
export const redisMonitorClient = defineRule({
  id: 'redis/monitor-client',
  title: 'A MONITOR session is connected to Redis',
  priority: 'P1',
  category: 'security',
  description: 'Reports CLIENT LIST entries whose flags contain O: the connection runs MONITOR.',
  fix:
    'Close it (`CLIENT KILL ID <id>`), find who left it open (its address, name and age), and restrict MONITOR ' +
    'with an ACL (`-monitor`) for application users.',
  messages: {
    monitor: '{{clients}} running MONITOR on Redis ({{who}})',
    streams: [
      'A MONITOR connection receives a copy of every command every client runs, arguments included: passwords',
      'of AUTH aside, that is every key, every value written and every stream entry, in clear text, to whoever',
      'holds it.',
    ],
    slows: 'Redis formats and sends each command to it as well, which costs throughput (about half, under load).',
    age: 'The oldest has been connected for {{oldestAge:duration}}: this is not a quick debugging look.',
  },
  requires: ['redisClients'],
  defaults: { longSeconds: 600 },
  evaluate(ctx) {
    const monitors = ctx.facts.redisClients.filter((c) => c.flags.includes('O'));
    ctx.note(`${ctx.facts.redisClients.length} client(s), ${monitors.length} with flag O (threshold: 0)`);
    if (monitors.length === 0) return;
    const oldest = Math.max(...monitors.map((c) => c.ageSeconds));
    const who = monitors
      .slice(0, 3)
      .map(
        (c) =>
          `${c.addr}${c.name !== '' ? ` name ${c.name}` : ''}` +
          `${c.container !== undefined ? ` from ${c.container}` : ''}`,
      )
      .join('; ');
    ctx.report({
      subject: 'redis:monitor',
      messageId: 'monitor',
      explain: ['streams', 'slows', oldest >= ctx.options.longSeconds && 'age'],
      data: { clients: plural(monitors.length, 'client', 'clients'), who, oldestAge: oldest },
      observed: monitors.length,
      threshold: 0,
      values: { monitors: monitors.length, oldestAgeSeconds: oldest, addr: monitors[0]?.addr ?? '' },
      evidence: monitors.map((c) => c.evidence),
    });
  },
});
