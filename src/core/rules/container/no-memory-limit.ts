import { defineRule } from '../define-rule.ts';
import { formatBytes } from '../../format/units.ts';
import { inspectField } from './container-support.ts';

/** Inspected containers that may use all of the host's memory (one grouped finding). */
export const containerNoMemoryLimit = defineRule({
  id: 'container/no-memory-limit',
  title: 'Containers run without a memory limit',
  priority: 'P2',
  category: 'capacity',
  description: 'Reports, in one finding, the inspected containers whose HostConfig.Memory is 0 (no limit). Containers that were not inspected cannot be judged.',
  fix: 'Set a memory limit per service from its observed peak plus headroom (compose: `deploy.resources.limits.memory: 1g` or `mem_limit: 1g`), so one leaking service is OOM-killed alone instead of starving the host.',
  requires: ['inspect', 'host'],
  defaults: {},
  evaluate(ctx) {
    const inspected = ctx.facts.inspect.filter((c) => c.inspect !== undefined);
    const unlimited = inspected.filter((c) => c.inspect?.memoryLimitBytes === 0);
    for (const c of inspected) ctx.note(`${c.name}: HostConfig.Memory ${c.inspect?.memoryLimitBytes ?? 0} (threshold: > 0)`);
    const notInspected = ctx.facts.inspect.length - inspected.length;
    if (notInspected > 0) ctx.note(`${notInspected} container(s) not inspected: memory limit unknown`);
    if (unlimited.length === 0) return;

    const names = unlimited.map((c) => c.name);
    const mem = ctx.facts.host.memory;
    const values: Record<string, string | number> = { unlimited: unlimited.length, inspected: inspected.length, notInspected, containers: names.join(', ') };
    if (mem !== undefined) values['hostMemoryBytes'] = mem.totalBytes;
    const scope =
      notInspected > 0
        ? ` Only ${inspected.length} of ${ctx.facts.inspect.length} containers were inspected; the other ${notInspected} may be unlimited too, but the bundle cannot show it.`
        : '';
    ctx.report({
      subject: 'containers:no-memory-limit',
      title: `${unlimited.length} of ${inspected.length} inspected containers have no memory limit: ${names.join(', ')}`,
      explanation:
        `HostConfig.Memory is 0 for these containers, which means Docker lets each of them use all of the host's memory${mem !== undefined ? ` (${formatBytes(mem.totalBytes)})` : ''}. ` +
        `If one leaks or spikes, the host runs out of memory and the kernel OOM killer picks a victim — possibly Redis or another container that did nothing wrong — instead of only the offender.${scope}`,
      observed: unlimited.length,
      threshold: 0,
      values,
      evidence: unlimited.flatMap((c) => (c.inspect !== undefined ? [inspectField(c.inspect, '/HostConfig/Memory')] : [])),
    });
  },
});
