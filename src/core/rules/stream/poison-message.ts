import { defineRule } from '../define-rule.ts';
import { eachGroup, groupSubject, plural } from './stream-support.ts';

/** An entry delivered again and again and never acknowledged: the consumer fails on it every time. */
export const streamPoisonMessage = defineRule({
  id: 'stream/poison-message',
  title: 'Poison message: an entry redelivered many times, never acknowledged',
  priority: 'P2',
  category: 'data-flow',
  description:
    'Reports consumer groups whose extended XPENDING shows entries delivered at least minDeliveries times ' +
    'and still pending.',
  fix:
    "Read the entry (XRANGE <stream> <id> <id>) and the consumer's log for why it fails; fix the handler or " +
    'move the entry to a dead-letter stream (XADD + XACK) after a bounded number of deliveries.',
  messages: {
    poison: '{{entries}} in {{group}} on {{stream}} delivered up to {{maxDeliveries}} times and never acknowledged',
    redelivered: [
      'XPENDING shows {{entries}} delivered {{minDeliveries}} times or more and still pending (most: {{maxId}},',
      '{{maxDeliveries}} deliveries, held by {{consumer}}): the consumer takes it, fails and gets it again, and',
      'never acknowledges it.',
    ],
    cost: [
      'Each retry costs a processing attempt and its error; if the consumer retries before reading new entries,',
      'it also holds up everything behind it.',
    ],
  },
  requires: ['groups'],
  defaults: { minDeliveries: 10 },
  evaluate(ctx) {
    for (const { stream, group } of eachGroup(ctx.facts.groups)) {
      const entries = group.pendingEntries;
      if (entries === undefined) {
        ctx.note(`${groupSubject(stream, group)}: extended XPENDING not captured`);
        continue;
      }
      const poison = entries.filter((e) => e.deliveries >= ctx.options.minDeliveries);
      const most = Math.max(0, ...entries.map((e) => e.deliveries));
      ctx.note(
        `${groupSubject(stream, group)}: ${entries.length} pending entries listed, most deliveries ${most} ` +
          `(threshold ≥ ${ctx.options.minDeliveries})`,
      );
      const worst = poison.reduce<(typeof poison)[number] | undefined>(
        (a, e) => (a === undefined || e.deliveries > a.deliveries ? e : a),
        undefined,
      );
      if (worst === undefined) continue;
      ctx.report({
        subject: groupSubject(stream, group),
        messageId: 'poison',
        explain: ['redelivered', 'cost'],
        data: {
          entries: plural(poison.length, 'entry', 'entries'),
          group: group.name,
          stream: stream.key,
          maxDeliveries: worst.deliveries,
          minDeliveries: ctx.options.minDeliveries,
          maxId: worst.id,
          consumer: worst.consumer,
        },
        observed: worst.deliveries,
        threshold: ctx.options.minDeliveries,
        values: {
          stream: stream.key,
          group: group.name,
          entries: poison.length,
          maxDeliveries: worst.deliveries,
          entryId: worst.id,
          consumer: worst.consumer,
        },
        evidence: poison.slice(0, 5).map((e) => e.evidence),
        links: [{ type: 'related', ruleId: 'stream/pending-entries', subject: groupSubject(stream, group) }],
      });
    }
  },
});
