import { defineRule } from '../define-rule.ts';
import { containerSubject, eachInspected, inspectRefs } from './container-support.ts';

/** A container Docker's restart policy has had to restart several times. */
export const containerHighRestartCount = defineRule({
  id: 'container/high-restart-count',
  title: 'Container has restarted many times',
  priority: 'P2',
  category: 'availability',
  description: 'Reports inspected containers whose RestartCount is at or above a threshold (P1 from a higher one).',
  fix:
    'Find why it exits (docker logs before each restart, State.ExitCode, OOMKilled) and fix the cause; ' +
    'restarts hide crashes but lose work each time.',
  messages: {
    restarted: '{{container}} has been restarted {{restartCount}} times',
    policyRestarted: [
      "Docker's restart policy ({{restartPolicy}}) has restarted this container {{restartCount}} times since it was",
      'created: its process keeps exiting and coming back.',
    ],
    restartedByPolicy: [
      "Docker's restart policy has restarted this container {{restartCount}} times since it was created: its process",
      'keeps exiting and coming back.',
    ],
    cost: [
      'Each restart drops in-flight work and connections, and a crash that restarts quickly is easy to miss. The count',
      'resets when the container is recreated (compose up), so it counts crashes of this container instance only.',
    ],
    fixCrash: [
      'Read `docker logs --tail 500 {{container}}` around each restart and `docker inspect --format',
      "'{{.State.ExitCode}} {{.State.OOMKilled}}' {{container}}`, then fix the crash (exit code 137 with OOMKilled",
      'means memory).',
    ],
  },
  requires: ['inspect'],
  defaults: { warnAt: 3, severeAt: 10 },
  evaluate(ctx) {
    const { warnAt, severeAt } = ctx.options;
    for (const { c, inspect } of eachInspected(ctx.facts.inspect)) {
      const n = inspect.restartCount;
      ctx.note(`${c.name}: RestartCount ${n} (threshold: ≥ ${warnAt}, P1 ≥ ${severeAt})`);
      if (n < warnAt) continue;
      const values: Record<string, string | number | boolean> = {
        container: c.name,
        restartCount: n,
        lastExitCode: inspect.exitCode,
        oomKilled: inspect.oomKilled,
      };
      if (inspect.restartPolicy !== undefined) values['restartPolicy'] = inspect.restartPolicy;
      ctx.report({
        subject: containerSubject(c),
        messageId: 'restarted',
        explain: [inspect.restartPolicy !== undefined ? 'policyRestarted' : 'restartedByPolicy', 'cost'],
        fixId: 'fixCrash',
        data: { container: c.name, restartCount: n, restartPolicy: inspect.restartPolicy ?? '' },
        priority: n >= severeAt ? 'P1' : 'P2',
        observed: n,
        threshold: n >= severeAt ? severeAt : warnAt,
        values,
        evidence: inspectRefs(c, inspect, '/RestartCount'),
      });
    }
  },
});
