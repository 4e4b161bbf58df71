import type { EvidenceRef } from '../../model/evidence.ts';
import { QUOTE_CHARS, type Quote } from '../../model/finding.ts';
import { clip } from '../../text/chars.ts';
import { defineRule } from '../define-rule.ts';
import { getSideFlowWord, readGroup, SIDE_FLOW_WORDS } from '../stream/stream-support.ts';
import {
  containerRefs,
  containerSubject,
  imageOf,
  inspectField,
  isEdgeProxy,
  publishedPorts,
} from './container-support.ts';

/** A container whose Docker healthcheck reports unhealthy. */
export const containerUnhealthy = defineRule({
  id: 'container/unhealthy',
  title: 'Container is unhealthy',
  priority: 'P1',
  category: 'availability',
  description: "Reports containers whose Docker healthcheck status is 'unhealthy'.",
  fix:
    'Run the healthcheck command by hand inside the container (docker exec), fix what it reports, and watch ' +
    '`docker inspect --format "{{json .State.Health}}"` until it passes.',
  messages: {
    unhealthy: '{{container}} is unhealthy',
    unhealthyImage: '{{container}} ({{image}}) is unhealthy',
    unhealthyStreak: '{{container}} is unhealthy (failing streak {{failingStreak}})',
    unhealthyImageStreak: '{{container}} ({{image}}) is unhealthy (failing streak {{failingStreak}})',
    checksFailed: [
      "Docker runs this container's healthcheck on a schedule and the recent checks failed, so Docker marks it",
      'unhealthy. Docker does not restart unhealthy containers by itself (only Swarm or an external watchdog does), so',
      'it keeps running in a broken state.',
    ],
    edge: [
      '{{container}} looks like the edge proxy (nginx/traefik/haproxy/caddy/envoy): when its checks fail, requests',
      'from outside are likely failing too.',
    ],
    published: [
      '{{container}} publishes {{publishedPorts}} port(s) on the host, so clients reach it directly and may be getting',
      'errors.',
    ],
    internal: [
      '{{container}} publishes no ports, so the impact is on the services that call it inside the Docker network.',
    ],
    soleConsumer: [
      'It is the owner of consumer group {{group}} on {{stream}}, and nobody is consuming that group while entries',
      'wait ({{why}}): the business flow it carries is offline now.',
    ],
    probePrinted: 'The last probe ({{lastProbeAt}}) exited {{lastProbeExitCode}} and printed: "{{lastProbeOutput}}".',
    probeSilent: 'The last probe ({{lastProbeAt}}) exited {{lastProbeExitCode}} with no output.',
    notInspected: 'The container was not inspected, so the failing probe output is not in the bundle.',
    fixProbe: [
      "Run `docker inspect --format '{{json .State.Health}}' {{container}}` to see the failing probe, run the same",
      'check by hand with `docker exec {{container}} …`, fix the cause (or a wrong healthcheck command), then confirm',
      'the status returns to healthy.',
    ],
  },
  requires: ['containers', 'redis', 'bundle'],
  uses: ['groups', 'redisClients'],
  defaults: { maxOutputChars: 300, liveSeconds: 300, stallSeconds: 3600, sideFlowWords: [...SIDE_FLOW_WORDS] },
  evaluate(ctx) {
    for (const c of ctx.facts.containers) {
      const health = c.inspect?.health !== undefined && c.health === 'none' ? c.inspect.health : c.health;
      ctx.note(`${c.name}: health ${health} (threshold: not unhealthy)`);
      if (health !== 'unhealthy') continue;

      const edge = isEdgeProxy(c);
      const ports = publishedPorts(c);
      const exposed = edge || ports.length > 0;
      // An internal service is P0 when it alone owns a group on a business flow that nobody consumes now.
      const stalled = exposed ? undefined : stalledGroupOwned(c.name, ctx);
      const evidence = containerRefs(c);
      const values: Record<string, string | number | boolean> = {
        container: c.name,
        edgeProxy: edge,
        publishedPorts: ports.length,
      };
      if (c.status !== undefined) values['status'] = c.status;
      if (stalled !== undefined) values['stalledGroup'] = `${stalled.stream}/${stalled.group}`;

      let probe: 'probePrinted' | 'probeSilent' | undefined;
      let quote: Quote | undefined;
      // Placeholders of messages this report does not use are filled too (the compiler checks all it may use).
      const data = {
        container: c.name,
        image: imageOf(c),
        publishedPorts: ports.length,
        failingStreak: 0,
        lastProbeAt: '',
        lastProbeExitCode: 0,
        lastProbeOutput: '',
        group: stalled?.group ?? '',
        stream: stalled?.stream ?? '',
        why: stalled?.why ?? '',
      };
      const inspect = c.inspect;
      if (inspect !== undefined) {
        if (inspect.healthFailingStreak !== undefined) {
          values['failingStreak'] = inspect.healthFailingStreak;
          evidence.push(inspectField(inspect, '/State/Health/FailingStreak'));
        }
        const last = inspect.healthLog[inspect.healthLog.length - 1];
        if (last !== undefined) {
          const output = last.output.trim().replace(/\s+/g, ' ').slice(0, ctx.options.maxOutputChars);
          values['lastProbeExitCode'] = last.exitCode;
          values['lastProbeOutput'] = output;
          values['lastProbeAt'] = last.start;
          const cited = inspectField(inspect, `/State/Health/Log/${inspect.healthLog.length - 1}`);
          evidence.push(cited);
          probe = output ? 'probePrinted' : 'probeSilent';
          if (output) quote = { kind: 'last-probe', text: clip(output, QUOTE_CHARS), evidence: cited };
          Object.assign(data, { lastProbeAt: last.start, lastProbeExitCode: last.exitCode, lastProbeOutput: output });
        }
      }

      const streak = inspect?.healthFailingStreak;
      if (streak !== undefined) data.failingStreak = streak;
      const title = imageOf(c)
        ? streak !== undefined
          ? 'unhealthyImageStreak'
          : 'unhealthyImage'
        : streak !== undefined
          ? 'unhealthyStreak'
          : 'unhealthy';
      ctx.report({
        subject: containerSubject(c),
        messageId: title,
        explain: [
          'checksFailed',
          edge ? 'edge' : ports.length > 0 ? 'published' : 'internal',
          stalled !== undefined && 'soleConsumer',
          probe ?? (inspect === undefined && 'notInspected'),
        ],
        fixId: 'fixProbe',
        data,
        priority: exposed || stalled !== undefined ? 'P0' : 'P1',
        observed: 'unhealthy',
        threshold: 'healthy',
        values,
        evidence: stalled !== undefined ? [...evidence, stalled.evidence] : evidence,
        ...(quote !== undefined ? { quote } : {}),
      });
    }
  },
});

/** The first group on a business flow that `container` owns and nobody consumes while entries wait. */
function stalledGroupOwned(
  container: string,
  ctx: Parameters<(typeof containerUnhealthy)['evaluate']>[0],
): { group: string; stream: string; why: string; evidence: EvidenceRef } | undefined {
  for (const stream of ctx.facts.groups ?? [])
    for (const group of stream.groups) {
      if (group.owner?.container !== container) continue;
      if (getSideFlowWord(stream, group, ctx.options.sideFlowWords) !== undefined) continue;
      const { consumption: c } = readGroup(ctx.facts, stream, group, {
        liveSeconds: ctx.options.liveSeconds,
        stallSeconds: ctx.options.stallSeconds,
      });
      if (c.state === 'stopped' && ((group.lag ?? 0) > 0 || group.pending > 0))
        return { group: group.name, stream: stream.key, why: c.reasons.join('; '), evidence: group.evidence };
    }
  return undefined;
}
