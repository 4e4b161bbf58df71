import { defineRule } from '../define-rule.ts';
import { containerRefs, imageOf, inspectField, isEdgeProxy, publishedPorts } from './container-support.ts';

/** A container whose Docker healthcheck reports unhealthy. */
export const containerUnhealthy = defineRule({
  id: 'container/unhealthy',
  title: 'Container is unhealthy',
  priority: 'P1',
  category: 'availability',
  description: "Reports containers whose Docker healthcheck status is 'unhealthy'.",
  fix: 'Run the healthcheck command by hand inside the container (docker exec), fix what it reports, and watch `docker inspect --format "{{json .State.Health}}"` until it passes.',
  requires: ['containers'],
  defaults: { maxOutputChars: 300 },
  evaluate(ctx) {
    for (const c of ctx.facts.containers) {
      const health = c.inspect?.health !== undefined && c.health === 'none' ? c.inspect.health : c.health;
      ctx.note(`${c.name}: health ${health} (threshold: not unhealthy)`);
      if (health !== 'unhealthy') continue;

      const edge = isEdgeProxy(c);
      const ports = publishedPorts(c);
      const exposed = edge || ports.length > 0;
      const evidence = containerRefs(c);
      const values: Record<string, string | number | boolean> = { container: c.name, edgeProxy: edge, publishedPorts: ports.length };
      if (c.status !== undefined) values['status'] = c.status;

      let probe = '';
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
          evidence.push(inspectField(inspect, `/State/Health/Log/${inspect.healthLog.length - 1}`));
          probe = ` The last probe (${last.start}) exited ${last.exitCode}${output ? ` and printed: "${output}"` : ' with no output'}.`;
        }
      }

      const streak = values['failingStreak'] !== undefined ? ` (failing streak ${values['failingStreak']})` : '';
      const role = edge
        ? `${c.name} looks like the edge proxy (nginx/traefik/haproxy/caddy/envoy): when its checks fail, requests from outside are likely failing too.`
        : ports.length > 0
          ? `${c.name} publishes ${ports.length} port(s) on the host, so clients reach it directly and may be getting errors.`
          : `${c.name} publishes no ports, so the impact is on the services that call it inside the Docker network.`;
      ctx.report({
        subject: `container:${c.name}`,
        title: `${c.name}${imageOf(c) ? ` (${imageOf(c)})` : ''} is unhealthy${streak}`,
        explanation:
          `Docker runs this container's healthcheck on a schedule and the recent checks failed, so Docker marks it unhealthy. ` +
          `Docker does not restart unhealthy containers by itself (only Swarm or an external watchdog does), so it keeps running in a broken state. ${role}` +
          (probe || (inspect === undefined ? ' The container was not inspected, so the failing probe output is not in the bundle.' : '')),
        fix: `Run \`docker inspect --format '{{json .State.Health}}' ${c.name}\` to see the failing probe, run the same check by hand with \`docker exec ${c.name} …\`, fix the cause (or a wrong healthcheck command), then confirm the status returns to healthy.`,
        priority: exposed ? 'P0' : 'P1',
        observed: 'unhealthy',
        threshold: 'healthy',
        values,
        evidence,
      });
    }
  },
});
