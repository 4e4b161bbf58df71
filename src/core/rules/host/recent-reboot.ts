import { defineRule } from '../define-rule.ts';
import { formatDuration } from '../../format/units.ts';
import { uptimeRef } from './host-support.ts';

/** A host that booted shortly before the capture. */
export const hostRecentReboot = defineRule({
  id: 'host/recent-reboot',
  title: 'Host rebooted recently',
  priority: 'P2',
  category: 'availability',
  description: 'Reports a host whose uptime is below one day.',
  fix:
    'Find out why it rebooted (`last -x reboot`, `journalctl --list-boots`, `journalctl -b -1 -p err`): ' +
    'planned kernel update, or a crash, OOM panic or power event to fix.',
  messages: {
    booted: 'Host booted {{uptimeSeconds:duration}} before capture',
    upOnly: [
      'The host has been up only {{uptimeSeconds:duration}}. If nobody rebooted it on purpose, it crashed or lost',
      'power; either way every container restarted, in-memory state (Redis without persistence, caches, consumer',
      'positions) may have been lost, and what ran before the reboot is not in these logs.',
    ],
  },
  requires: ['uptime', 'host'],
  defaults: { minUptimeSeconds: 86400 },
  evaluate(ctx) {
    const up = ctx.facts.uptime;
    if (up === undefined) return;
    ctx.note(`host: up ${formatDuration(up)} (threshold: ≥ ${formatDuration(ctx.options.minUptimeSeconds)})`);
    if (up >= ctx.options.minUptimeSeconds) return;
    ctx.report({
      subject: 'host',
      messageId: 'booted',
      explain: ['upOnly'],
      data: { uptimeSeconds: up },
      observed: up,
      threshold: ctx.options.minUptimeSeconds,
      values: { uptimeSeconds: up },
      evidence: uptimeRef(ctx.facts.host),
    });
  },
});
