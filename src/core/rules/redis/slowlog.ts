import type { SlowlogEntry } from '../../model/redis.ts';
import { formatLatency as ms } from '../../format/units.ts';
import { defineRule } from '../define-rule.ts';
import { compareText } from '../../text/compare.ts';

/** Commands in SLOWLOG that took longer than the threshold: Redis is single-threaded, so every client waited. */
export const redisSlowlog = defineRule({
  id: 'redis/slowlog',
  title: 'Slow Redis commands',
  priority: 'P3',
  category: 'performance',
  description: 'Reports SLOWLOG entries slower than 10 ms (P2 when one took a second or more).',
  fix:
    'Replace the slow commands (KEYS → SCAN, big XRANGE/LRANGE → paged reads, large DEL → UNLINK) and keep big ' +
    'values out of hot paths.',
  messages: {
    slow: '{{count}} Redis command(s) slower than {{threshold:latency}}; slowest {{command}} took {{slowest:latency}}',
    waited: [
      'Redis runs commands one at a time, so while each of these ran every other client waited. Slow commands:',
      '{{summary}}.',
    ],
    slowestAt: 'The slowest ran at {{at}}.',
    slowestFrom: 'The slowest ran at {{at}} from {{client}}.',
  },
  requires: ['slowlog'],
  defaults: { thresholdMicros: 10000, severeMicros: 1000000 },
  evaluate(ctx) {
    const entries = ctx.facts.slowlog ?? [];
    const slow = entries.filter((e) => e.durationMicros >= ctx.options.thresholdMicros);
    ctx.note(`${entries.length} SLOWLOG entr(y/ies), ${slow.length} at or above ${ms(ctx.options.thresholdMicros)}`);
    if (slow.length === 0) return;
    const byCommand = new Map<string, SlowlogEntry[]>();
    for (const e of slow) {
      const name = (e.command[0] ?? '?').toUpperCase();
      byCommand.set(name, [...(byCommand.get(name) ?? []), e]);
    }
    const worst = slow.reduce((a, b) => (b.durationMicros > a.durationMicros ? b : a));
    const summary = [...byCommand.entries()]
      .sort((a, b) => b[1].length - a[1].length || compareText(a[0], b[0]))
      .map(([name, list]) => `${name} ×${list.length}`)
      .join(', ');
    ctx.report({
      subject: 'redis',
      messageId: 'slow',
      explain: ['waited', worst.clientName || worst.client ? 'slowestFrom' : 'slowestAt'],
      data: {
        count: slow.length,
        threshold: ctx.options.thresholdMicros,
        command: worst.command[0]?.toUpperCase() ?? '?',
        slowest: worst.durationMicros,
        summary,
        at: worst.at,
        client: worst.clientName || worst.client || '',
      },
      priority: worst.durationMicros >= ctx.options.severeMicros ? 'P2' : ctx.priority,
      observed: worst.durationMicros,
      threshold: ctx.options.thresholdMicros,
      values: {
        slowEntries: slow.length,
        slowestMicros: worst.durationMicros,
        slowestCommand: worst.command.slice(0, 3).join(' '),
        commands: summary,
      },
      evidence: slow
        .sort((a, b) => b.durationMicros - a.durationMicros)
        .slice(0, 5)
        .map((e) => e.evidence),
    });
  },
});
