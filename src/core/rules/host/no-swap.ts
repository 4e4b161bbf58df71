import { defineRule } from '../define-rule.ts';
import { formatBytes, toPercent } from '../../format/units.ts';

/** No swap on a host whose memory is already mostly used. */
export const hostNoSwap = defineRule({
  id: 'host/no-swap',
  title: 'No swap while memory is under pressure',
  priority: 'P3',
  category: 'capacity',
  description:
    'Reports a host with no swap configured when memory use is at or above 70%; without pressure, the ' +
    'absence is only noted.',
  fix:
    'Add a small swap file as a buffer (`fallocate -l 4G /swapfile && chmod 600 /swapfile && mkswap /swapfile ' +
    '&& swapon /swapfile`, plus /etc/fstab) with vm.swappiness=10, and still set container memory limits.',
  messages: {
    noSwap: 'No swap configured while memory is {{usedPercent}}% used',
    noSlack: [
      'The host has no swap and {{usedBytes:bytes}} of {{totalBytes:bytes}} memory is in use. Without swap there is no',
      'slack: the moment memory runs out, the kernel OOM killer ends a process (often the largest one, such as Redis',
      'or a model server) instead of paging out idle memory and slowing down first.',
    ],
  },
  requires: ['hostMemory'],
  defaults: { usedPercent: 70 },
  evaluate(ctx) {
    const mem = ctx.facts.hostMemory;
    if (mem === undefined || mem.totalBytes <= 0) return;
    const used = toPercent(mem.usedBytes / mem.totalBytes);
    ctx.note(
      `host: swap ${formatBytes(mem.swapTotalBytes)}, memory ${used}% used (threshold: swap 0 and used ≥ ` +
        `${ctx.options.usedPercent}%)`,
    );
    if (mem.swapTotalBytes > 0) return;
    if (used < ctx.options.usedPercent) {
      ctx.note('host: no swap, but memory is not under pressure: not reported');
      return;
    }
    ctx.report({
      subject: 'host',
      messageId: 'noSwap',
      explain: ['noSlack'],
      data: { usedPercent: used, usedBytes: mem.usedBytes, totalBytes: mem.totalBytes },
      observed: 0,
      threshold: `> 0 when used ≥ ${ctx.options.usedPercent}%`,
      values: { swapTotalBytes: mem.swapTotalBytes, usedPercent: used, totalBytes: mem.totalBytes },
      evidence: [mem.evidence],
    });
  },
});
