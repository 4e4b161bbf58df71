import { defineRule } from '../define-rule.ts';
import { containerSubject, eachInspected, inspectRefs } from './container-support.ts';

/** A container run with --privileged: root in it is root on the host. */
export const containerPrivileged = defineRule({
  id: 'container/privileged',
  title: 'Container runs privileged',
  priority: 'P1',
  category: 'security',
  description: 'Reports inspected containers whose HostConfig.Privileged is true.',
  fix:
    'Drop `privileged: true`; grant only what it needs (`cap_add` of one capability, a `devices:` entry) and ' +
    'run it as a non-root user.',
  messages: {
    privileged: '{{container}} runs privileged',
    privilegedNotRunning: '{{container}} is configured privileged (not running: {{state}})',
    hostRoot: [
      'HostConfig.Privileged is true: the container gets every capability, every host device and no seccomp or',
      'AppArmor confinement, so a process that is compromised in it (or just misbehaves) can mount the host disks,',
      'load kernel modules and take over the host.',
    ],
    notRunning: 'It is not running now, but it gets all of this the next time it starts.',
  },
  requires: ['inspect'],
  defaults: {},
  evaluate(ctx) {
    for (const { c, inspect } of eachInspected(ctx.facts.inspect)) {
      ctx.note(`${c.name}: Privileged ${inspect.privileged ?? 'n/a'} (threshold: false)`);
      if (inspect.privileged !== true) continue;
      const running = inspect.state === 'running' || inspect.state === 'restarting' || inspect.state === 'paused';
      ctx.report({
        subject: containerSubject(c),
        messageId: running ? 'privileged' : 'privilegedNotRunning',
        explain: ['hostRoot', !running && 'notRunning'],
        data: { container: c.name, state: inspect.state },
        observed: true,
        threshold: 'false',
        values: { container: c.name, privileged: true, state: inspect.state },
        evidence: inspectRefs(c, inspect, '/HostConfig/Privileged'),
      });
    }
  },
});
