import type { EvidenceRef } from '../../model/evidence.ts';
import { formatDuration, formatTime } from '../../format/units.ts';
import { defineRule } from '../define-rule.ts';
import { clientsByOwner, describeOwners } from '../redis/redis-support.ts';
import { groupDelay, groupSubject, isStalled, newestSample, plural } from './stream-support.ts';

/** A consumer group that is behind its stream: entries produced but not delivered to any consumer. */
export const consumerGroupLag = defineRule({
  id: 'stream/consumer-group-lag',
  title: 'Consumer group lags behind its stream',
  priority: 'P1',
  category: 'data-flow',
  description:
    'Reports consumer groups with lag ≥ 100 entries, or whose consumption stopped over an hour before the newest entry (P0 when stalled or lag ≥ 1000).',
  fix: 'Find the service that owns the group, check it is running XREADGROUP on this stream with ">" and acknowledging (XACK), fix the failure in its logs, then let it catch up or reset the group with XGROUP SETID if the backlog is stale.',
  messages: {
    lags: 'Consumer group {{group}} lags {{lag}} entries on {{stream}}',
    lagsNeverDelivered: 'Consumer group {{group}} lags {{lag}} entries on {{stream}} — nothing ever delivered',
    lagsStalled: [
      'Consumer group {{group}} lags {{lag}} entries on {{stream}} — consumption stalled on {{lastDeliveredAt:time}},',
      '{{stalledFor:duration}} before the {{reference}}',
    ],
    behind: 'Consumer group {{group}} is behind on {{stream}}',
    behindNeverDelivered: 'Consumer group {{group}} is behind on {{stream}} — nothing ever delivered',
    behindStalled: [
      'Consumer group {{group}} is behind on {{stream}} — consumption stalled on {{lastDeliveredAt:time}},',
      '{{stalledFor:duration}} before the {{reference}}',
    ],
    added: '{{lag}} entries were added to {{stream}} that the group {{group}} has not delivered to any consumer yet.',
    addedUncounted: 'Entries were added to {{stream}} that the group {{group}} has not delivered to any consumer yet.',
    lastDelivered: [
      "Its last delivered entry ({{lastDeliveredId}}) is from {{lastDeliveredAt:time}}, while the stream's",
      '{{reference}} is {{referenceAt:time}}: whatever should act on these entries has not acted for',
      '{{stalledFor:duration}}.',
    ],
    registered: [
      '{{consumerNames}} registered in the group, but registered names are not live readers: a consumer stays listed',
      'after its process dies.',
    ],
    noConsumers: 'The group has no consumers at all, so nothing reads it.',
    unacked: '{{pendingEntries}} delivered but never acknowledged.',
    clients: [
      'At capture, CLIENT LIST shows XADD as the last command of {{writers}} and XREADGROUP of {{readers}} (CLIENT',
      'LIST does not say which stream each one uses).',
    ],
  },
  requires: ['groups', 'redis', 'bundle'],
  defaults: { minLag: 100, p0Lag: 1000, stallSeconds: 3600 },
  evaluate(ctx) {
    const { minLag, p0Lag, stallSeconds } = ctx.options;
    const writers = clientsByOwner(ctx.facts.redis.clients, ['xadd']);
    const readers = clientsByOwner(ctx.facts.redis.clients, ['xreadgroup']);
    for (const stream of ctx.facts.groups) {
      for (const group of stream.groups) {
        const subject = groupSubject(stream, group);
        const lag = group.lag ?? undefined;
        const delay = groupDelay(ctx.facts.bundle.capturedAt, stream, group);
        const stalled = isStalled(group, delay, stallSeconds);
        ctx.note(
          `${subject}: lag ${lag ?? 'unknown'} (threshold ≥ ${minLag}, P0 ≥ ${p0Lag}), consumers ${group.consumers}, pending ${group.pending}, ` +
            `last delivered ${formatTime(group.lastDeliveredAt)}, ${delay.behindSeconds !== undefined ? `${formatDuration(delay.behindSeconds)} behind the ${delay.reference}` : `delay unknown`} (stalled > ${formatDuration(stallSeconds)}: ${stalled})`,
        );
        if (!stalled && (lag === undefined || lag < minLag)) continue;

        const values: Record<string, number | string | boolean> = {
          stream: stream.key,
          group: group.name,
          consumers: group.consumers,
          pending: group.pending,
          lastDeliveredId: group.lastDeliveredId,
          stalled,
        };
        if (lag !== undefined) values['lag'] = lag;
        if (group.entriesRead !== undefined && group.entriesRead !== null) values['entriesRead'] = group.entriesRead;
        if (group.lastDeliveredAt !== undefined) values['lastDeliveredAt'] = group.lastDeliveredAt;
        if (delay.behindSeconds !== undefined) values['stalledFor'] = Math.round(delay.behindSeconds);
        if (delay.referenceAt !== undefined) values['newestEntryAt'] = delay.referenceAt;
        if (stream.length !== undefined) values['streamLength'] = stream.length;
        if (writers.length > 0) values['xaddBy'] = describeOwners(writers);
        if (readers.length > 0) values['xreadgroupBy'] = describeOwners(readers);

        const stall = stalled ? (delay.neverDelivered ? 'NeverDelivered' : 'Stalled') : '';
        const title = `${lag !== undefined ? 'lags' : 'behind'}${stall}` as const;
        const evidence: EvidenceRef[] = [group.evidence];
        const newest = newestSample(stream);
        if (newest !== undefined && stalled) evidence.push(newest.evidence);

        ctx.report({
          subject,
          messageId: title,
          explain: [
            lag !== undefined ? 'added' : 'addedUncounted',
            stalled && !delay.neverDelivered && 'lastDelivered',
            group.consumers > 0 ? 'registered' : 'noConsumers',
            group.pending > 0 && 'unacked',
            (readers.length > 0 || writers.length > 0) && 'clients',
          ],
          data: {
            group: group.name,
            stream: stream.key,
            lag: lag ?? 0,
            lastDeliveredId: group.lastDeliveredId,
            lastDeliveredAt: group.lastDeliveredAt ?? '',
            stalledFor: delay.behindSeconds ?? 0,
            reference: delay.reference,
            referenceAt: delay.referenceAt ?? '',
            consumerNames: plural(group.consumers, 'consumer name is', 'consumer names are'),
            pendingEntries: plural(group.pending, 'entry was', 'entries were'),
            writers: describeOwners(writers) || 'no client',
            readers: describeOwners(readers) || 'no client',
          },
          priority: stalled || (lag !== undefined && lag >= p0Lag) ? 'P0' : ctx.priority,
          ...(lag !== undefined ? { observed: lag } : { observed: 'stalled' }),
          threshold: minLag,
          values,
          evidence,
          links: [{ type: 'related', ruleId: 'stream/pending-entries', subject }],
        });
      }
    }
  },
});
