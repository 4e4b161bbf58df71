import { defineRule } from '../define-rule.ts';

const SERIOUS = new Set(['warning', 'error', 'critical']);

/** The same warning or error logged over and over. */
export const logsRepeatedErrors = defineRule({
  id: 'logs/repeated-errors',
  title: 'Repeated warnings or errors in logs',
  priority: 'P3',
  category: 'observability',
  description:
    'Reports, per container, warning/error message templates (numbers and ids normalised) repeated 20 times ' +
    'or more in the captured log.',
  fix:
    'Fix the condition behind the top message; if it is expected, lower it to INFO or log it once with a ' +
    'counter, so real warnings stand out.',
  messages: {
    repeated: '{{container}}: {{level}} repeated {{count}}× — {{headline}}',
    same: [
      "In {{container}}'s captured log the same {{level}} was logged {{count}} times ({{share}}% of {{events}}",
      'events), for example: "{{example}}".',
    ],
    more: '{{moreTemplates}} more template(s) repeat {{minCount}}+ times.',
    standing: [
      'A message that repeats this often is a standing condition, not a one-off: either something is persistently',
      'broken, or the message is noise that hides new problems.',
    ],
  },
  requires: ['logs'],
  defaults: { minCount: 20, maxListed: 5 },
  evaluate(ctx) {
    const { minCount, maxListed } = ctx.options;
    for (const log of ctx.facts.logs) {
      const hot = log.repeated
        .filter((r) => SERIOUS.has(r.level) && r.count >= minCount)
        .sort((a, b) => b.count - a.count);
      ctx.note(`${log.container}: ${hot.length} warning/error template(s) repeated ≥ ${minCount} times (threshold: 0)`);
      if (hot.length === 0) continue;
      const top = hot[0];
      if (top === undefined) continue;
      const values: Record<string, string | number> = {
        container: log.container,
        templates: hot.length,
        events: log.events,
      };
      hot.slice(0, maxListed).forEach((r, i) => {
        values[`template${i + 1}`] = r.template;
        values[`count${i + 1}`] = r.count;
        values[`level${i + 1}`] = r.level;
      });
      const share = log.events > 0 ? Math.round((top.count / log.events) * 100) : 0;
      ctx.report({
        subject: `logs:${log.container}`,
        messageId: 'repeated',
        explain: ['same', hot.length > 1 && 'more', 'standing'],
        data: {
          container: log.container,
          level: top.level,
          count: top.count,
          headline: top.example.slice(0, 140),
          share,
          events: log.events,
          example: top.example.slice(0, 240),
          moreTemplates: hot.length - 1,
          minCount,
        },
        observed: top.count,
        threshold: minCount,
        values,
        evidence: hot.slice(0, maxListed).map((r) => r.evidence),
      });
    }
  },
});
