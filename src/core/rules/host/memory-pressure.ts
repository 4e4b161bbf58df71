import { defineRule } from '../define-rule.ts';
import { formatBytes, toPercent } from '../../format/units.ts';

/** Host RAM mostly in use: little left before swapping (or, without swap, the OOM killer). */
export const hostMemoryPressure = defineRule({
  id: 'host/memory-pressure',
  title: 'Host memory pressure',
  priority: 'P2',
  category: 'capacity',
  description: 'Reports when used/total memory reaches 80% or available/total falls to 20% (P1 at 90% / 10%).',
  fix:
    'Find the biggest consumers (`docker stats --no-stream`, `ps aux --sort=-rss | head`), set memory limits ' +
    'per container, and add RAM or move services off the host if the steady state is above 80%.',
  messages: {
    used: [
      'Host memory {{used:percent}} used: {{usedBytes:bytes}} of {{totalBytes:bytes}}, {{availableBytes:bytes}}',
      'available',
    ],
    inUse: [
      'Processes on the host use {{usedBytes:bytes}} of {{totalBytes:bytes}} RAM; only {{availableBytes:bytes}}',
      '({{available:percent}}) can still be handed out, counting reclaimable cache.',
    ],
    inUseRounded: [
      'Processes on the host use {{usedBytes:bytes}} of {{totalBytes:bytes}} RAM (values are rounded: the capture used',
      '`free -h`); only {{availableBytes:bytes}} ({{available:percent}}) can still be handed out, counting reclaimable',
      'cache.',
    ],
    spike: 'A traffic spike, a deploy that briefly runs two copies of a service, or a slow leak can use that up.',
    noSwap: 'There is no swap, so when memory runs out the kernel OOM killer ends a process straight away.',
  },
  requires: ['hostMemory'],
  defaults: { usedWarn: 0.8, usedSevere: 0.9, availableWarn: 0.2, availableSevere: 0.1 },
  evaluate(ctx) {
    const mem = ctx.facts.hostMemory;
    if (mem === undefined || mem.totalBytes <= 0) return;
    const { usedWarn, usedSevere, availableWarn, availableSevere } = ctx.options;
    const used = mem.usedBytes / mem.totalBytes;
    const available = mem.availableBytes / mem.totalBytes;
    ctx.note(
      `host: used ${formatBytes(mem.usedBytes)} / ${formatBytes(mem.totalBytes)} = ${toPercent(used)}%, ` +
        `available ${formatBytes(mem.availableBytes)} = ${toPercent(available)}% ` +
        `(threshold: used ≥ ${toPercent(usedWarn)}% or available ≤ ${toPercent(availableWarn)}%; P1 at ` +
        `${toPercent(usedSevere)}% / ${toPercent(availableSevere)}%)`,
    );
    // Float tolerance only: 12Gi / 15Gi must count as 80%.
    const eps = 1e-9;
    const severe = used + eps >= usedSevere || available - eps <= availableSevere;
    if (!severe && !(used + eps >= usedWarn || available - eps <= availableWarn)) return;

    ctx.report({
      subject: 'host',
      messageId: 'used',
      explain: [mem.precision === 'rounded' ? 'inUseRounded' : 'inUse', 'spike', mem.swapTotalBytes === 0 && 'noSwap'],
      data: {
        used,
        available,
        usedBytes: mem.usedBytes,
        totalBytes: mem.totalBytes,
        availableBytes: mem.availableBytes,
      },
      priority: severe ? 'P1' : 'P2',
      observed: toPercent(used),
      threshold: toPercent(severe ? usedSevere : usedWarn),
      values: {
        usedBytes: mem.usedBytes,
        totalBytes: mem.totalBytes,
        availableBytes: mem.availableBytes,
        usedPercent: toPercent(used),
        availablePercent: toPercent(available),
        precision: mem.precision,
      },
      evidence: [mem.evidence],
    });
  },
});
