import { defineRule } from '../define-rule.ts';

/** Exceptions printed with a stack trace in a container's log. */
export const logsStackTraces = defineRule({
  id: 'logs/stack-traces',
  title: 'Stack traces in logs',
  priority: 'P2',
  category: 'observability',
  description:
    'Reports, per container, the stack traces found in its captured log, listing each distinct exception line.',
  fix:
    'Open the first trace, fix the failing call (or handle the expected error without a traceback), and add an ' +
    'alert on new exception types.',
  messages: {
    traces: '{{container}}: {{traces}} stack trace(s) — {{headline}}',
    contains: [
      "{{container}}'s captured log contains {{traces}} stack trace(s) with {{distinct}} distinct exception(s):",
      '{{listed}}.',
    ],
    containsLanguages: [
      "{{container}}'s captured log contains {{traces}} {{languages}} stack trace(s) with {{distinct}} distinct",
      'exception(s): {{listed}}.',
    ],
    failed: [
      'A traceback means an exception reached a handler that printed it: the operation that raised it failed. Within a',
      'short log tail, even a few traces usually repeat all day.',
    ],
  },
  requires: ['logs'],
  defaults: { maxListed: 5 },
  evaluate(ctx) {
    for (const log of ctx.facts.logs) {
      ctx.note(`${log.container}: ${log.stackTraces.length} stack trace(s) (threshold: 0)`);
      if (log.stackTraces.length === 0) continue;
      const byHeadline = new Map<string, number>();
      for (const t of log.stackTraces) byHeadline.set(t.headline, (byHeadline.get(t.headline) ?? 0) + 1);
      const distinct = [...byHeadline.entries()].sort((a, b) => b[1] - a[1]);
      const listed = distinct.slice(0, ctx.options.maxListed).map(([h, n]) => (n > 1 ? `${n}× ${h}` : h));
      const languages = [...new Set(log.stackTraces.map((t) => t.language).filter((l) => l !== 'unknown'))];
      const values: Record<string, string | number> = {
        container: log.container,
        traces: log.stackTraces.length,
        distinct: distinct.length,
      };
      distinct.slice(0, ctx.options.maxListed).forEach(([h, n], i) => {
        values[`headline${i + 1}`] = h;
        values[`count${i + 1}`] = n;
      });
      const first = distinct[0]?.[0] ?? '';
      ctx.report({
        subject: `logs:${log.container}`,
        messageId: 'traces',
        explain: [languages.length > 0 ? 'containsLanguages' : 'contains', 'failed'],
        data: {
          container: log.container,
          traces: log.stackTraces.length,
          headline: first.slice(0, 140),
          languages: languages.join('/'),
          distinct: distinct.length,
          listed: listed.join('; ').replace(/\.$/, ''),
        },
        observed: log.stackTraces.length,
        threshold: 0,
        values,
        evidence: log.stackTraces.slice(0, 10).map((t) => t.evidence),
      });
    }
  },
});
