import type { EvidenceRef } from '../../model/evidence.ts';
import { formatDuration } from '../../format/units.ts';
import { defineRule } from '../define-rule.ts';
import { NotEvaluated } from '../requirements.ts';
import { findRedisContainer, infoRef, plural } from './redis-support.ts';

/** Redis started recently while the host kept running: it crashed, was killed or was redeployed. */
export const redisRecentRestart = defineRule({
  id: 'redis/recent-restart',
  title: 'Redis restarted recently',
  priority: 'P2',
  category: 'availability',
  description:
    'Reports a Redis server up for less than a day (INFO uptime, else its container StartedAt) on a host ' +
    'that has been up longer.',
  fix:
    "Find why Redis restarted (docker events, the container's previous logs, dmesg for the OOM killer, deploy " +
    'history) and confirm persistence (AOF/RDB) brought the data back.',
  messages: {
    restarted: 'Redis restarted {{uptime:duration}} before the capture',
    restartedAt: 'Redis restarted {{uptime:duration}} before the capture ({{startedAt:time}})',
    restartedHostUp: [
      'Redis restarted {{uptime:duration}} before the capture while the host was up {{hostUptime:duration}}',
    ],
    restartedAtHostUp: [
      'Redis restarted {{uptime:duration}} before the capture ({{startedAt:time}}) while the host was up',
      '{{hostUptime:duration}}',
    ],
    runningOnly: 'Redis had been running for only {{uptime:duration}} when the evidence was captured.',
    withHost: 'The host itself booted {{hostUptime:duration}} ago, so Redis most likely restarted with it.',
    onItsOwn: [
      'The host has been up {{hostUptime:duration}}, so Redis restarted on its own: a crash, the OOM killer, a manual',
      'restart or a redeploy.',
    ],
    noAutoRestart: [
      'Docker counts 0 automatic restarts, so the container was started again by hand or by a deploy (docker compose',
      'up / restart), not by its restart policy after a crash.',
    ],
    policyRestarts: 'Docker restarted it {{restarts}} under its restart policy, which happens after the process exits.',
    together: [
      '{{startedTogether}} started within {{sameStartSeconds}} s of it, which points at a deploy or compose up.',
    ],
    connectionsLost: [
      'During a restart every producer and consumer loses its connection, and anything Redis had not persisted yet is',
      'gone.',
    ],
  },
  requires: ['host', 'redis', 'bundle'],
  uses: ['containers'],
  defaults: { recentSeconds: 86400, hostMarginSeconds: 600, sameStartSeconds: 60 },
  evaluate(ctx) {
    const { facts, options } = ctx;
    const containers = facts.containers ?? [];
    const container = findRedisContainer(containers);
    const capturedAt = facts.bundle.capturedAt;
    let uptime: number | undefined;
    let source = '';
    const evidence: EvidenceRef[] = [];
    let startedAt: string | undefined;
    if (facts.redis.uptimeSeconds !== undefined) {
      uptime = facts.redis.uptimeSeconds;
      source = 'INFO server uptime_in_seconds';
      const ref = infoRef(facts.redis.info, 'uptime_in_seconds');
      if (ref) evidence.push(ref);
      if (capturedAt !== undefined) startedAt = new Date(Date.parse(capturedAt) - uptime * 1000).toISOString();
    } else if (container?.inspect?.startedAt !== undefined && capturedAt !== undefined) {
      startedAt = container.inspect.startedAt;
      uptime = (Date.parse(capturedAt) - Date.parse(startedAt)) / 1000;
      source =
        `${container.name} inspect State.StartedAt vs capture time ${capturedAt} ` +
        `(${facts.bundle.capturedAtSource ?? 'estimated'})`;
      evidence.push({
        ...container.inspect.evidence,
        pointer: `${container.inspect.evidence.pointer ?? ''}/State/StartedAt`,
      });
    }
    if (uptime === undefined || !Number.isFinite(uptime)) {
      throw new NotEvaluated(
        container === undefined
          ? 'no Redis uptime: INFO server not captured and no Redis container found'
          : `no Redis uptime: INFO server not captured and ${container.name} has no inspect StartedAt or the ` +
              'capture time is unknown',
      );
    }
    const host = facts.host.uptimeSeconds;
    ctx.note(
      `Redis up ${formatDuration(uptime)} from ${source} (recent < ${formatDuration(options.recentSeconds)}); ` +
        `host up ${host !== undefined ? formatDuration(host) : 'unknown'}`,
    );
    if (uptime >= options.recentSeconds) return;

    const withHost = host !== undefined && host < uptime + options.hostMarginSeconds;
    // Host carries no per-field evidence; the assembler pushes uname, then os-release, then uptime.
    const hostRef = host === undefined ? undefined : facts.host.uptimeEvidence;
    // Containers started in the same minute as Redis point at a deploy or `compose up`, not a crash.
    const sameStart =
      startedAt === undefined
        ? []
        : containers
            .filter(
              (c) =>
                c !== container &&
                c.inspect?.startedAt !== undefined &&
                Math.abs(Date.parse(c.inspect.startedAt) - Date.parse(startedAt!)) / 1000 <= options.sameStartSeconds,
            )
            .map((c) => c.name)
            .sort();
    const restartCount = container?.inspect?.restartCount;
    const values: Record<string, number | string | boolean> = { uptimeSeconds: Math.round(uptime), source };
    if (startedAt !== undefined) values['startedAt'] = startedAt;
    if (host !== undefined) values['hostUptimeSeconds'] = host;
    if (restartCount !== undefined) values['restartCount'] = restartCount;
    if (sameStart.length > 0) values['startedTogetherWith'] = sameStart.join(', ');
    if (container !== undefined) values['container'] = container.name;

    const hostUp = host !== undefined && !withHost;
    const at = startedAt !== undefined;
    const title = hostUp ? (at ? 'restartedAtHostUp' : 'restartedHostUp') : at ? 'restartedAt' : 'restarted';
    ctx.report({
      subject: 'redis',
      messageId: title,
      explain: [
        'runningOnly',
        host !== undefined && (withHost ? 'withHost' : 'onItsOwn'),
        restartCount === 0 ? 'noAutoRestart' : restartCount !== undefined && 'policyRestarts',
        sameStart.length > 0 && 'together',
        'connectionsLost',
      ],
      data: {
        uptime,
        startedAt: startedAt ?? '',
        hostUptime: host ?? 0,
        restarts: plural(restartCount ?? 0, 'time', 'times'),
        startedTogether: sameStart.join(', '),
        sameStartSeconds: options.sameStartSeconds,
      },
      priority: withHost ? 'P3' : ctx.priority,
      observed: Math.round(uptime),
      threshold: options.recentSeconds,
      values,
      evidence: [...evidence, ...(hostRef !== undefined && !withHost ? [hostRef] : [])],
    });
  },
});
