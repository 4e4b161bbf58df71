import { defineRule } from '../define-rule.ts';
import { containerSubject, inspectRefs } from './container-support.ts';
import { consumedBy } from './service-env.ts';

/** A container someone paused: its processes are frozen, so whatever it consumes piles up. */
export const containerPaused = defineRule({
  id: 'container/paused',
  title: 'Container is paused',
  priority: 'P3',
  category: 'availability',
  description:
    'Reports containers that are paused (docker pause: State.Paused, or "(Paused)" in docker ps); P2 when ' +
    'the container consumes a stream or queue.',
  fix:
    'If the pause was deliberate (maintenance, a freeze during an incident), note who paused it and until ' +
    'when; otherwise `docker unpause <name>`.',
  messages: {
    paused: '{{container}} is paused',
    pausedConsumer: '{{container}} is paused while it consumes {{consumes}}',
    frozen: [
      'Docker froze every process of this container (docker pause, a cgroup freeze): it is not dead and not',
      'restarting, it just does nothing until someone runs docker unpause. Its connections stay open, so',
      'servers still list them.',
    ],
    backlog: 'It consumes {{consumes}}: entries wait for it until it is unpaused, and its group falls behind.',
    deliberate: 'A pause is an operator action, so this is usually deliberate: find out who paused it and why.',
  },
  requires: ['containers'],
  uses: ['streams'],
  defaults: {},
  evaluate(ctx) {
    const streams = ctx.facts.streams ?? [];
    for (const c of ctx.facts.containers) {
      const paused = c.state === 'paused' || c.inspect?.state === 'paused';
      ctx.note(`${c.name}: state ${c.state}${c.inspect ? `, inspect ${c.inspect.state}` : ''} (threshold: paused)`);
      if (!paused) continue;
      const consumes = consumedBy(c, streams);
      ctx.report({
        subject: containerSubject(c),
        messageId: consumes !== undefined ? 'pausedConsumer' : 'paused',
        explain: ['frozen', consumes !== undefined && 'backlog', 'deliberate'],
        data: { container: c.name, consumes: consumes ?? '' },
        ...(consumes !== undefined ? { priority: 'P2' as const } : {}),
        observed: 'paused',
        threshold: 'running',
        values: { container: c.name, state: 'paused', ...(consumes !== undefined ? { consumes } : {}) },
        evidence: inspectRefs(c, c.inspect, '/State/Paused'),
      });
    }
  },
});
