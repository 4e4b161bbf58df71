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
    'Reports, in one finding, running containers whose uptime is much shorter than the fleet median and than the host uptime: they were restarted (or crashed and came back) shortly before the capture.',
  fix: 'For each listed container, read `docker logs --since <start time>` and the previous exit (docker inspect State.ExitCode / OOMKilled, docker events) to learn whether the restart was a deploy or a crash.',
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
    const limit = Math.min(fleetMedian * medianRatio, hostUp !== undefined ? hostUp * hostRatio : Number.POSITIVE_INFINITY);
    const recent = uptimes.filter((u) => u.seconds < limit).sort((a, b) => a.seconds - b.seconds);
    for (const u of uptimes) {
      ctx.note(`${u.name}: up ${formatDuration(u.seconds)} from ${u.source} (threshold: < ${formatDuration(limit)} = ${medianRatio} × fleet median ${formatDuration(fleetMedian)})`);
    }

    // The bulk of the fleet being young while the host is old means the whole stack was restarted.
    const fleetRestarted = hostUp !== undefined && hostUp >= 86400 && fleetMedian < hostUp * fleetHostRatio;
    const hostText = hostUp !== undefined ? ` The host itself has been up ${formatDuration(hostUp)}.` : '';
    // Inspected members of the bulk give the exact time the stack came up (ps only says '2 hours').
    const exact = uptimes.filter((u) => u.source === 'inspect' && u.seconds >= limit);
    const exactText =
      exact.length > 0
        ? ` Exact start times from docker inspect: ${exact.map((u) => `${u.name} ${formatDuration(u.seconds)} before capture`).join(', ')}.`
        : '';
    const fleetText = fleetRestarted
      ? ` The rest of the fleet is not old either: its median uptime is ${formatDuration(fleetMedian)} while the host has been up ${formatDuration(hostUp ?? 0)}, so the whole stack was restarted (deploy, compose up, or Docker daemon restart) about ${formatDuration(fleetMedian)} before the capture.${exactText}`
      : '';
    if (recent.length === 0 && !fleetRestarted) return;

    const values: Record<string, number | string | boolean> = { fleetMedianSeconds: Math.round(fleetMedian), containersCompared: uptimes.length };
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
        title: `All ${uptimes.length} containers restarted about ${formatDuration(fleetMedian)} before capture (host up ${formatDuration(hostUp ?? 0)})`,
        explanation: `No single container stands out, but${fleetText.replace(/^ The rest of the fleet is not old either:/, '')} Anything that keeps state in memory (caches, consumer positions, warm-up) started over then.`,
        priority: 'P3',
        observed: Math.round(fleetMedian),
        threshold: Math.round((hostUp ?? 0) * fleetHostRatio),
        values,
        evidence,
      });
      return;
    }

    const list = recent.map((u) => `${u.name} (${formatDuration(u.seconds)})`).join(', ');
    ctx.report({
      subject: 'containers:recent-restarts',
      title: `${recent.length} container(s) restarted minutes before capture: ${list}`,
      explanation:
        `These containers had been up far less than the rest: the fleet median uptime is ${formatDuration(fleetMedian)}, and each of these is under ${formatDuration(limit)}.${hostText} ` +
        `So they were restarted shortly before the capture — by a deploy, by hand, or by Docker after a crash. A crash restart hides the failure: the container looks healthy now. ` +
        `Containers that restart together often share a cause (a dependency that went away, a shared config change).${fleetText}`,
      observed: recent.length,
      threshold: `uptime < ${formatDuration(limit)}`,
      values,
      evidence,
    });
  },
});
