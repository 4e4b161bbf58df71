import { defineRule } from '../define-rule.ts';
import { toPercent } from '../../format/units.ts';

/** A log tail where a large share of events are errors. */
export const logsErrorRate = defineRule({
  id: 'logs/error-rate',
  title: 'High error rate in logs',
  priority: 'P2',
  category: 'observability',
  description:
    'Reports a container log capture where error-level events (error, critical) exceed 5% of all events, ' +
    'with at least 10 errors.',
  fix:
    'Group the errors by message (the repeated-errors and stack-traces findings help), fix the top cause, and ' +
    'make sure errors reach alerting rather than only the container log.',
  messages: {
    errors: '{{container}}: {{errors}} of {{events}} log events are errors ({{ratio:percent}})',
    tail: [
      "In the captured tail of {{container}}'s log ({{lines}} lines), {{errors}} events were logged at error level or",
      'above.',
    ],
    tailSpan: [
      "In the captured tail of {{container}}'s log ({{lines}} lines between {{firstAt}} and {{lastAt}}), {{errors}}",
      'events were logged at error level or above.',
    ],
    continuous: [
      'More than one in {{oneIn}} events being an error means something fails continuously, not occasionally.',
    ],
    continuousExamples: [
      'More than one in {{oneIn}} events being an error means something fails continuously, not occasionally; the',
      'first ones read: {{examples}}.',
    ],
  },
  requires: ['logs'],
  defaults: { maxRatio: 0.05, minErrors: 10 },
  evaluate(ctx) {
    const { maxRatio, minErrors } = ctx.options;
    for (const log of ctx.facts.logs) {
      const errors = (log.levels['error'] ?? 0) + (log.levels['critical'] ?? 0);
      const ratio = log.events > 0 ? errors / log.events : 0;
      ctx.note(
        `${log.container}: ${errors} error events of ${log.events} = ${toPercent(ratio)}% (threshold: > ` +
          `${toPercent(maxRatio)}% and ≥ ${minErrors} errors)`,
      );
      if (errors < minErrors || ratio <= maxRatio) continue;
      const span = log.firstAt !== undefined && log.lastAt !== undefined;
      const examples = log.errors.slice(0, 3);
      ctx.report({
        subject: `logs:${log.container}`,
        messageId: 'errors',
        explain: [span ? 'tailSpan' : 'tail', examples.length > 0 ? 'continuousExamples' : 'continuous'],
        data: {
          container: log.container,
          errors,
          events: log.events,
          ratio,
          lines: log.lines,
          firstAt: log.firstAt ?? '',
          lastAt: log.lastAt ?? '',
          oneIn: Math.round(1 / maxRatio),
          examples: examples.map((e) => `"${e.message.slice(0, 160)}"`).join('; '),
        },
        observed: toPercent(ratio),
        threshold: toPercent(maxRatio),
        values: {
          container: log.container,
          errors,
          events: log.events,
          errorPercent: toPercent(ratio),
          lines: log.lines,
        },
        evidence: [log.evidence, ...examples.map((e) => e.evidence)],
      });
    }
  },
});
