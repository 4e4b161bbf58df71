import { defineRule } from '../define-rule.ts';
import { formatBytes } from '../../format/units.ts';
import { containerRefs, inspectField } from './container-support.ts';

/** A container the kernel killed for running out of memory. */
export const containerOomKilled = defineRule({
  id: 'container/oom-killed',
  title: 'Container was OOM-killed',
  priority: 'P1',
  category: 'capacity',
  description: 'Reports inspected containers whose State.OOMKilled is true.',
  fix: 'Find what used the memory (docker stats, the app metrics), fix a leak or size the memory limit to the real peak, and make sure the host has room for all limits together.',
  requires: ['inspect'],
  defaults: {},
  evaluate(ctx) {
    for (const c of ctx.facts.inspect) {
      const inspect = c.inspect;
      if (inspect === undefined) continue;
      ctx.note(`${c.name}: OOMKilled ${inspect.oomKilled} (threshold: false)`);
      if (!inspect.oomKilled) continue;
      const limit = inspect.memoryLimitBytes;
      const values: Record<string, string | number | boolean> = { container: c.name, memoryLimitBytes: limit, state: inspect.state, exitCode: inspect.exitCode };
      ctx.report({
        subject: `container:${c.name}`,
        title: `${c.name} was killed for running out of memory (${limit > 0 ? `limit ${formatBytes(limit)}` : 'no memory limit'})`,
        explanation:
          `Docker records that the kernel's OOM killer ended this container's process. ` +
          (limit > 0
            ? `It hit its own memory limit of ${formatBytes(limit)}: either the limit is too small for its real peak or the process leaks memory.`
            : 'It has no memory limit, so the whole host ran out of memory and the kernel picked this process to kill: other containers were at risk too.') +
          ` Work in flight at the time was lost${inspect.state === 'running' ? '; it is running again now, but the flag shows it has happened since its last start' : ''}.`,
        observed: true,
        threshold: 'false',
        values,
        evidence: [...containerRefs(c), inspectField(inspect, '/State/OOMKilled'), inspectField(inspect, '/HostConfig/Memory')],
      });
    }
  },
});
