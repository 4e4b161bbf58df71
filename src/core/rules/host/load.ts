import { defineRule } from '../define-rule.ts';
import { uptimeRef } from './host-support.ts';

/** CPU run queue longer than the machine can serve. */
export const hostLoad = defineRule({
  id: 'host/load',
  title: 'High load average',
  priority: 'P2',
  category: 'capacity',
  description:
    'Reports when the 1- or 5-minute load average per CPU core exceeds 1.5. The bundle does not always say ' +
    'how many cores the host has: set the `cores` option, otherwise only a load of 4 or more is judged.',
  fix:
    'Find what is running (`top`, `docker stats --no-stream`), look for processes stuck in disk wait (state ' +
    'D), and add CPU limits or capacity if the load is steady.',
  messages: {
    loadPerCore: 'Load average {{load1}} / {{load5}} / {{load15}} (limit {{limit}}, {{perCore}} × {{cores}} cores)',
    loadAbsolute: 'Load average {{load1}} / {{load5}} / {{load15}} (limit {{limit}}, absolute, core count unknown)',
    lastMinute: 'On average {{peak}} processes were running or waiting for the CPU (or for disk) over the last minute.',
    lastFive: [
      'On average {{peak}} processes were running or waiting for the CPU (or for disk) over the last five minutes.',
    ],
    perCore: 'With {{cores}} cores that is {{peakPerCore}} per core: work queues up and every request gets slower.',
    coresUnknown: [
      'The bundle does not say how many cores the host has, so this compares with a fixed level; on a small machine it',
      'means requests queue for CPU.',
    ],
    spike: 'The 15-minute average is much lower, so this is a recent spike.',
  },
  requires: ['uptime', 'host'],
  defaults: { cores: null as number | null, perCore: 1.5, absolute: 4 },
  evaluate(ctx) {
    const load = ctx.facts.host.load;
    if (load === undefined) return;
    const [l1, l5, l15] = load;
    const { cores, perCore, absolute } = ctx.options;
    const known = cores !== null && cores > 0;
    const limit = known ? cores * perCore : absolute;
    const basis = cores !== null && cores > 0 ? `${perCore} × ${cores} cores` : 'absolute, core count unknown';
    ctx.note(`host: load ${l1} / ${l5} / ${l15} (threshold: 1 or 5 min > ${limit}, ${basis})`);
    const peak = Math.max(l1, l5);
    if (cores !== null && cores > 0 ? peak <= limit : peak < limit) return;
    ctx.report({
      subject: 'host',
      messageId: known ? 'loadPerCore' : 'loadAbsolute',
      explain: [l1 >= l5 ? 'lastMinute' : 'lastFive', known ? 'perCore' : 'coresUnknown', l15 < peak / 2 && 'spike'],
      data: {
        load1: l1,
        load5: l5,
        load15: l15,
        limit,
        perCore,
        cores: cores ?? 0,
        peak,
        peakPerCore: known ? Math.round((peak / cores) * 100) / 100 : 0,
      },
      observed: peak,
      threshold: limit,
      values: { load1: l1, load5: l5, load15: l15, ...(cores !== null ? { cores } : {}) },
      evidence: uptimeRef(ctx.facts.host),
    });
  },
});
