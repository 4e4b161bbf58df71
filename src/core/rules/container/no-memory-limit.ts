import { defineRule } from '../define-rule.ts';
import { inspectField } from './container-support.ts';

/** Inspected containers that may use all of the host's memory (one grouped finding). */
export const containerNoMemoryLimit = defineRule({
  id: 'container/no-memory-limit',
  title: 'Containers run without a memory limit',
  priority: 'P2',
  category: 'capacity',
  description:
    'Reports, in one finding, the inspected containers whose HostConfig.Memory is 0 (no limit). Containers ' +
    'that were not inspected cannot be judged.',
  fix:
    'Set a memory limit per service from its observed peak plus headroom (compose: ' +
    '`deploy.resources.limits.memory: 1g` or `mem_limit: 1g`), so one leaking service is OOM-killed alone ' +
    'instead of starving the host.',
  messages: {
    unlimited: '{{unlimited}} of {{inspected}} inspected containers have no memory limit: {{containers}}',
    hostMemory: [
      "HostConfig.Memory is 0 for these containers, which means Docker lets each of them use all of the host's memory",
      '({{hostMemoryBytes:bytes}}).',
    ],
    anyMemory: [
      "HostConfig.Memory is 0 for these containers, which means Docker lets each of them use all of the host's memory.",
    ],
    victim: [
      'If one leaks or spikes, the host runs out of memory and the kernel OOM killer picks a victim — possibly Redis',
      'or another container that did nothing wrong — instead of only the offender.',
    ],
    partial: [
      'Only {{inspected}} of {{containersListed}} containers were inspected; the other {{notInspected}} may be',
      'unlimited too, but the bundle cannot show it.',
    ],
  },
  requires: ['inspect', 'host'],
  defaults: {},
  evaluate(ctx) {
    const inspected = ctx.facts.inspect.filter((c) => c.inspect !== undefined);
    const unlimited = inspected.filter((c) => c.inspect?.memoryLimitBytes === 0);
    for (const c of inspected)
      ctx.note(`${c.name}: HostConfig.Memory ${c.inspect?.memoryLimitBytes ?? 0} (threshold: > 0)`);
    const notInspected = ctx.facts.inspect.length - inspected.length;
    if (notInspected > 0) ctx.note(`${notInspected} container(s) not inspected: memory limit unknown`);
    if (unlimited.length === 0) return;

    const names = unlimited.map((c) => c.name);
    const mem = ctx.facts.host.memory;
    const values: Record<string, string | number> = {
      unlimited: unlimited.length,
      inspected: inspected.length,
      notInspected,
      containers: names.join(', '),
    };
    if (mem !== undefined) values['hostMemoryBytes'] = mem.totalBytes;
    ctx.report({
      subject: 'containers:no-memory-limit',
      messageId: 'unlimited',
      explain: [mem !== undefined ? 'hostMemory' : 'anyMemory', 'victim', notInspected > 0 && 'partial'],
      data: {
        unlimited: unlimited.length,
        inspected: inspected.length,
        containers: names.join(', '),
        containersListed: ctx.facts.inspect.length,
        notInspected,
        hostMemoryBytes: mem?.totalBytes ?? 0,
      },
      observed: unlimited.length,
      threshold: 0,
      values,
      evidence: unlimited.flatMap((c) =>
        c.inspect !== undefined ? [inspectField(c.inspect, '/HostConfig/Memory')] : [],
      ),
    });
  },
});
