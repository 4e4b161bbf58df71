import { defineRule } from '../define-rule.ts';
import {
  containerSubject,
  eachInspected,
  inspectRefs,
  LAST_WORDS_MESSAGES,
  lastWords,
  lastWordsMessage,
} from './container-support.ts';

/** A container the kernel killed for running out of memory. */
export const containerOomKilled = defineRule({
  id: 'container/oom-killed',
  title: 'Container was OOM-killed',
  priority: 'P1',
  category: 'capacity',
  description: 'Reports inspected containers whose State.OOMKilled is true.',
  fix:
    'Find what used the memory (docker stats, the app metrics), fix a leak or size the memory limit to the ' +
    'real peak, and make sure the host has room for all limits together.',
  messages: {
    ...LAST_WORDS_MESSAGES,
    killedAtLimit: '{{container}} was killed for running out of memory (limit {{memoryLimitBytes:bytes}})',
    killedNoLimit: '{{container}} was killed for running out of memory (no memory limit)',
    oomKiller: "Docker records that the kernel's OOM killer ended this container's process.",
    ownLimit: [
      'It hit its own memory limit of {{memoryLimitBytes:bytes}}: either the limit is too small for its real peak or',
      'the process leaks memory.',
    ],
    hostOut: [
      'It has no memory limit, so the whole host ran out of memory and the kernel picked this process to kill: other',
      'containers were at risk too.',
    ],
    lost: 'Work in flight at the time was lost.',
    lostRunning: [
      'Work in flight at the time was lost; it is running again now, but the flag shows it has happened since its last',
      'start.',
    ],
  },
  requires: ['inspect'],
  uses: ['logs'],
  defaults: {},
  evaluate(ctx) {
    for (const { c, inspect } of eachInspected(ctx.facts.inspect)) {
      ctx.note(`${c.name}: OOMKilled ${inspect.oomKilled} (threshold: false)`);
      if (!inspect.oomKilled) continue;
      const limit = inspect.memoryLimitBytes;
      const values: Record<string, string | number | boolean> = {
        container: c.name,
        memoryLimitBytes: limit,
        state: inspect.state,
        exitCode: inspect.exitCode,
      };
      // Its log's end is what it was doing when killed only while it stays down: a restarted one has logged since.
      const said = inspect.state === 'running' ? undefined : lastWords(ctx.facts.logs, c);
      const evidence = inspectRefs(c, inspect, '/State/OOMKilled', '/HostConfig/Memory');
      ctx.report({
        subject: containerSubject(c),
        messageId: limit > 0 ? 'killedAtLimit' : 'killedNoLimit',
        explain: [
          'oomKiller',
          limit > 0 ? 'ownLimit' : 'hostOut',
          inspect.state === 'running' ? 'lostRunning' : 'lost',
          lastWordsMessage(said),
        ],
        data: { container: c.name, memoryLimitBytes: limit, said: said?.text ?? '' },
        observed: true,
        threshold: 'false',
        values,
        evidence: said !== undefined ? [...evidence, said.evidence] : evidence,
        ...(said !== undefined ? { quote: said } : {}),
      });
    }
  },
});
