import type { EvidenceRef } from '../../model/evidence.ts';
import { defineRule } from '../define-rule.ts';
import { formatDuration } from '../../format/units.ts';
import { median, uptimeRef } from '../host/host-support.ts';
import { containerUptime } from './container-support.ts';

/** Containers that came up much later than the rest of the fleet (grouped into one finding). */
export const containerRecentRestarts = defineRule({
  id: 'container/recent-restarts',
  title: 'Containers restarted recently',
  priority: 'P2',
  category: 'availability',
  description:
    'Reports, in one finding, running containers whose uptime is much shorter than the fleet median and than ' +
    'the host uptime: they were restarted (or crashed and came back) shortly before the capture.',
  fix:
    'For each listed container, read `docker logs --since <start time>` and the previous exit (docker inspect ' +
    'State.ExitCode / OOMKilled, docker events) to learn whether the restart was a deploy or a crash.',
  messages: {
    recent: '{{count}} container(s) restarted minutes before capture: {{containers}}',
    allRestarted: [
      'All {{compared}} containers restarted about {{fleetMedian:duration}} before capture (host up',
      '{{hostUp:duration}})',
    ],
    farLess: [
      'These containers had been up far less than the rest: the fleet median uptime is {{fleetMedian:duration}}, and',
      'each of these is under {{limit:duration}}.',
    ],
    hostUp: 'The host itself has been up {{hostUp:duration}}.',
    shortlyBefore: [
      'So they were restarted shortly before the capture — by a deploy, by hand, or by Docker after a crash. A crash',
      'restart hides the failure: the container looks healthy now. Containers that restart together often share a',
      'cause (a dependency that went away, a shared config change).',
    ],
    fleetToo: [
      'The rest of the fleet is not old either: its median uptime is {{fleetMedian:duration}} while the host has been',
      'up {{hostUp:duration}}, so the whole stack was restarted (deploy, compose up, or Docker daemon restart) about',
      '{{fleetMedian:duration}} before the capture.',
    ],
    noneStandsOut: [
      'No single container stands out, but its median uptime is {{fleetMedian:duration}} while the host has been up',
      '{{hostUp:duration}}, so the whole stack was restarted (deploy, compose up, or Docker daemon restart) about',
      '{{fleetMedian:duration}} before the capture.',
    ],
    exactStarts: 'Exact start times from docker inspect: {{exactStarts}}.',
    stateLost: 'Anything that keeps state in memory (caches, consumer positions, warm-up) started over then.',
  },
  requires: ['containers', 'host', 'bundle'],
  defaults: {
    /** A container is "recent" when its uptime is below this share of the fleet median… */
    medianRatio: 0.5,
    /** …and below this share of the host uptime (when the host uptime is known). */
    hostRatio: 0.5,
    /** Fewer running containers than this: there is no fleet to compare with. */
    minFleet: 3,
    /** Whole fleet up for less than this share of the host uptime: the stack itself was restarted. */
    fleetHostRatio: 0.1,
  },
  evaluate(ctx) {
    const { medianRatio, hostRatio, minFleet, fleetHostRatio } = ctx.options;
    const capturedAt = ctx.facts.bundle.capturedAt;
    const hostUp = ctx.facts.host.uptimeSeconds;
    const uptimes = ctx.facts.containers.flatMap((c) => {
      const u = containerUptime(c, capturedAt);
      return u === undefined ? [] : [{ name: c.name, ...u }];
    });
    if (uptimes.length < minFleet) {
      ctx.note(`only ${uptimes.length} running container(s) with a known uptime (threshold: ≥ ${minFleet} to compare)`);
      return;
    }
    const fleetMedian = median(uptimes.map((u) => u.seconds));
    const limit = Math.min(
      fleetMedian * medianRatio,
      hostUp !== undefined ? hostUp * hostRatio : Number.POSITIVE_INFINITY,
    );
    const recent = uptimes.filter((u) => u.seconds < limit).sort((a, b) => a.seconds - b.seconds);
    for (const u of uptimes) {
      ctx.note(
        `${u.name}: up ${formatDuration(u.seconds)} from ${u.source} (threshold: < ${formatDuration(limit)} ` +
          `= ${medianRatio} × fleet median ${formatDuration(fleetMedian)})`,
      );
    }

    // The bulk of the fleet being young while the host is old means the whole stack was restarted.
    const fleetRestarted = hostUp !== undefined && hostUp >= 86400 && fleetMedian < hostUp * fleetHostRatio;
    // Inspected members of the bulk give the exact time the stack came up (ps only says '2 hours').
    const exact = uptimes.filter((u) => u.source === 'inspect' && u.seconds >= limit);
    if (recent.length === 0 && !fleetRestarted) return;
    const data = {
      count: recent.length,
      compared: uptimes.length,
      containers: recent.map((u) => `${u.name} (${formatDuration(u.seconds)})`).join(', '),
      fleetMedian: Math.round(fleetMedian),
      limit: Math.round(limit),
      hostUp: hostUp ?? 0,
      exactStarts: exact.map((u) => `${u.name} ${formatDuration(u.seconds)} before capture`).join(', '),
    };
    const exactStarts = fleetRestarted && exact.length > 0 && 'exactStarts';

    const values: Record<string, number | string | boolean> = {
      fleetMedianSeconds: Math.round(fleetMedian),
      containersCompared: uptimes.length,
    };
    if (hostUp !== undefined) values['hostUptimeSeconds'] = hostUp;
    for (const u of recent) values[u.name] = Math.round(u.seconds);
    const evidence: EvidenceRef[] = recent.map((u) => u.evidence);
    if (fleetRestarted) {
      evidence.push(...uptimeRef(ctx.facts.host), ...exact.map((u) => u.evidence));
      values['fleetRestarted'] = true;
      for (const u of exact) values[`fleet.${u.name}`] = Math.round(u.seconds);
    }

    if (recent.length === 0) {
      const oldest = uptimes.reduce((a, b) => (b.seconds > a.seconds ? b : a));
      evidence.push(oldest.evidence);
      ctx.report({
        subject: 'containers:recent-restarts',
        messageId: 'allRestarted',
        explain: ['noneStandsOut', exactStarts, 'stateLost'],
        data,
        priority: 'P3',
        observed: Math.round(fleetMedian),
        threshold: Math.round((hostUp ?? 0) * fleetHostRatio),
        values,
        evidence,
      });
      return;
    }

    ctx.report({
      subject: 'containers:recent-restarts',
      messageId: 'recent',
      explain: [
        'farLess',
        hostUp !== undefined && 'hostUp',
        'shortlyBefore',
        fleetRestarted && 'fleetToo',
        exactStarts,
      ],
      data,
      observed: recent.length,
      threshold: `uptime < ${formatDuration(limit)}`,
      values,
      evidence,
    });
  },
});
