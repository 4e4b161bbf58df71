import { defineRule } from '../define-rule.ts';
import { groupSubject, plural } from './stream-support.ts';

/** A consumer group nobody ever read from while its stream holds entries: a consumer never deployed. */
export const streamGroupNeverRead = defineRule({
  id: 'stream/group-never-read',
  title: 'Consumer group was never read',
  priority: 'P2',
  category: 'data-flow',
  description:
    'Reports consumer groups with 0 consumers that never delivered anything (last-delivered-id 0-0, ' +
    'entries-read nil or 0) while their stream has entries.',
  fix:
    'Deploy (or fix the configuration of) the service meant to read it, with this group and stream name; if ' +
    'nothing should, XGROUP DESTROY the group so it stops hiding the fact.',
  messages: {
    never: 'Group {{group}} on {{stream}} was never read ({{waiting}} waiting)',
    nobody: [
      'XINFO GROUPS shows {{group}} with no consumers and no delivery ever (last-delivered-id {{lastDeliveredId}},',
      'entries-read {{entriesRead}}): no process has ever called XREADGROUP for it, while the stream holds',
      '{{length}} entries.',
    ],
    misnamed: [
      'Usually the consumer was never deployed, or reads under another group or stream name (a typo, an',
      'environment variable not set).',
    ],
  },
  requires: ['groups'],
  defaults: {},
  evaluate(ctx) {
    for (const stream of ctx.facts.groups) {
      const length = stream.length;
      for (const group of stream.groups) {
        const never =
          group.consumers === 0 && /^0-0$/.test(group.lastDeliveredId ?? '') && (group.entriesRead ?? 0) === 0;
        const waiting = group.lag ?? length ?? 0;
        ctx.note(
          `${groupSubject(stream, group)}: ${group.consumers} consumers, ` +
            `last-delivered ${group.lastDeliveredId ?? 'unknown'}, entries-read ${group.entriesRead ?? 'nil'}, ` +
            `waiting ${waiting}`,
        );
        if (!never || waiting === 0 || (length !== undefined && length === 0)) continue;
        ctx.report({
          subject: groupSubject(stream, group),
          messageId: 'never',
          explain: ['nobody', 'misnamed'],
          data: {
            group: group.name,
            stream: stream.key,
            waiting: plural(waiting, 'entry', 'entries'),
            lastDeliveredId: group.lastDeliveredId ?? 'unknown',
            entriesRead: group.entriesRead ?? 'nil',
            length: length ?? waiting,
          },
          observed: waiting,
          threshold: 0,
          values: {
            stream: stream.key,
            group: group.name,
            consumers: 0,
            waiting,
            ...(length !== undefined ? { length } : {}),
          },
          evidence: [group.evidence],
          links: [{ type: 'related', ruleId: 'stream/consumer-group-lag', subject: groupSubject(stream, group) }],
        });
      }
    }
  },
});
