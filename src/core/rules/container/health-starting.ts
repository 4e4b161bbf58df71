import { defineRule } from '../define-rule.ts';
import { containerHealth, containerRefs, containerSubject } from './container-support.ts';

/** A container whose healthcheck has not passed yet. */
export const containerHealthStarting = defineRule({
  id: 'container/health-starting',
  title: 'Container health is still starting',
  priority: 'P2',
  category: 'availability',
  description: "Reports containers whose Docker health status is 'starting' (no healthcheck has passed yet).",
  fix:
    'Check again after the start period; if it stays "starting", read the probe output with docker inspect and ' +
    'fix the healthcheck or the service.',
  messages: {
    starting: "{{container}} health is 'starting'",
    startingFor: "{{container}} health is 'starting' after {{upSeconds:duration}}",
    noCheckPassed: [
      'No healthcheck has passed since {{container}} started. That is normal for the first seconds or minutes (the',
      'start period); it means the service may not be ready to serve yet.',
    ],
    stuck: [
      'If the capture was taken long after the start, the service is stuck starting or its healthcheck never succeeds.',
    ],
    stuckFor: [
      'If the capture was taken long after the start, the service is stuck starting or its healthcheck never succeeds',
      '— here it has been up {{upSeconds:duration}}.',
    ],
  },
  requires: ['containers'],
  defaults: {},
  evaluate(ctx) {
    for (const c of ctx.facts.containers) {
      const health = containerHealth(c);
      ctx.note(`${c.name}: health ${health} (threshold: not starting)`);
      if (health !== 'starting') continue;
      const age = c.statusAgeSeconds;
      const values: Record<string, string | number> = { container: c.name };
      if (age !== undefined) values['upSeconds'] = age;
      if (c.status !== undefined) values['status'] = c.status;
      ctx.report({
        subject: containerSubject(c),
        messageId: age !== undefined ? 'startingFor' : 'starting',
        explain: ['noCheckPassed', age !== undefined ? 'stuckFor' : 'stuck'],
        data: { container: c.name, upSeconds: age ?? 0 },
        observed: 'starting',
        threshold: 'healthy',
        values,
        evidence: containerRefs(c),
      });
    }
  },
});
