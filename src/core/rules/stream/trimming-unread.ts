import { defineRule } from '../define-rule.ts';
import { groupSubject, plural } from './stream-support.ts';

/** A capped stream whose oldest unread entries are trimmed away before a group reads them. */
export const streamTrimmingUnread = defineRule({
  id: 'stream/trimming-unread',
  title: 'Capped stream trims entries a group has not read',
  priority: 'P1',
  category: 'data-flow',
  description:
    'Reports groups on a capped stream (XINFO STREAM entries-added > length) whose unread count reaches ' +
    'nearRatio of the length: past the length, unread entries were trimmed (P1); near it, they are about to ' +
    'be (P2).',
  fix:
    "Make the group catch up (more consumers, faster handler) and raise the stream's MAXLEN / MINID well above " +
    'the backlog the slowest group can build; entries already trimmed can only be replayed from their source.',
  messages: {
    trimmed: '{{stream}} trimmed {{lost}} that group {{group}} had not read',
    near: [
      'Group {{group}} lags {{unread}} on {{stream}}, which keeps only {{length}}: unread entries are about to',
      'be trimmed',
    ],
    capped: [
      'XINFO STREAM shows {{entriesAdded}} entries added and {{length}} kept: the stream is capped (MAXLEN/MINID',
      'trimming) and drops its oldest entries as new ones arrive.',
    ],
    lostWhy: [
      '{{group}} has read {{entriesRead}} of them (lag {{unread}}), and its lag is more than the stream still',
      'holds: {{lost}} were removed before this group saw them. Whatever it does with them (a shipment, an',
      'invoice, an index update) was never done.',
    ],
    passedWhy: 'Its last delivered id {{lastDeliveredId}} is older than the first entry kept ({{firstEntryId}}).',
    skippedWhy: [
      'It has since read on from the first entry kept (last delivered {{lastDeliveredId}}): the gap is behind it',
      'and will not be read.',
    ],
    nearWhy: [
      '{{group}} has {{unread}} unread, {{percent:percent}} of what the stream keeps: if it falls further behind,',
      'trimming removes entries before it reads them.',
    ],
  },
  requires: ['groups'],
  defaults: { nearRatio: 0.8 },
  evaluate(ctx) {
    for (const stream of ctx.facts.groups) {
      const { length, entriesAdded } = stream;
      if (length === undefined || entriesAdded === undefined || entriesAdded <= length || length === 0) {
        ctx.note(
          `stream:${stream.key}: not known to be capped ` +
            `(length ${length ?? '?'}, entries-added ${entriesAdded ?? '?'})`,
        );
        continue;
      }
      // XDEL sets max-deleted-entry-id; trimming does not. With deletions, lag is nil and removal is not trimming
      // alone.
      const deleted = stream.maxDeletedEntryId !== undefined && !/^0-0$/.test(stream.maxDeletedEntryId);
      for (const group of stream.groups) {
        const unread =
          group.lag ??
          (!deleted && group.entriesRead !== null && group.entriesRead !== undefined
            ? entriesAdded - group.entriesRead
            : undefined);
        ctx.note(
          `${groupSubject(stream, group)}: unread ${unread ?? 'unknown'} of length ${length}, entries-added ` +
            `${entriesAdded}${deleted ? ' (XDEL used)' : ''}`,
        );
        if (unread === undefined || unread < ctx.options.nearRatio * length) continue;
        const first = stream.firstEntryId ?? stream.recordedFirstEntryId;
        const passed =
          first !== undefined &&
          group.lastDeliveredId !== undefined &&
          compareStreamIds(group.lastDeliveredId, first) < 0;
        // More unread than the stream holds: the difference is gone, whether the group's position is still
        // before the first entry kept or it has since read on past the gap (Redis keeps counting it in lag).
        const lost = unread > length && !deleted ? Math.min(unread - length, entriesAdded - length) : 0;
        const data = {
          stream: stream.key,
          group: group.name,
          unread,
          length,
          entriesAdded,
          entriesRead: group.entriesRead ?? 'nil',
          lastDeliveredId: group.lastDeliveredId ?? 'unknown',
          firstEntryId: first ?? '',
          lost: plural(lost, 'entry', 'entries'),
          percent: unread / length,
        };
        ctx.report({
          subject: groupSubject(stream, group),
          messageId: lost > 0 ? 'trimmed' : 'near',
          explain: ['capped', lost > 0 ? 'lostWhy' : 'nearWhy', lost > 0 && (passed ? 'passedWhy' : 'skippedWhy')],
          data,
          ...(lost > 0 ? {} : { priority: 'P2' as const }),
          observed: unread,
          threshold: Math.round(ctx.options.nearRatio * length),
          values: { stream: stream.key, group: group.name, unread, length, entriesAdded, trimmedUnread: lost },
          evidence: [group.evidence, ...stream.evidence],
          links: [{ type: 'related', ruleId: 'stream/consumer-group-lag', subject: groupSubject(stream, group) }],
        });
      }
    }
  },
});

/** Compare stream ids numerically: milliseconds, then sequence. */
function compareStreamIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}
