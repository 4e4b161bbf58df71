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
  description: 'Reports consumer groups with lag ≥ 100 entries, or whose consumption stopped over an hour before the newest entry (P0 when stalled or lag ≥ 1000).',
  fix: 'Find the service that owns the group, check it is running XREADGROUP on this stream with ">" and acknowledging (XACK), fix the failure in its logs, then let it catch up or reset the group with XGROUP SETID if the backlog is stale.',
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

        const lagText = lag !== undefined ? `lags ${lag} entries` : 'is behind';
        const stallText = stalled
          ? delay.neverDelivered
            ? ' — nothing ever delivered'
            : ` — consumption stalled on ${formatTime(group.lastDeliveredAt)}, ${formatDuration(delay.behindSeconds ?? 0)} before the ${delay.reference}`
          : '';
        const who =
          readers.length > 0 || writers.length > 0
            ? ` At capture, CLIENT LIST shows XADD as the last command of ${describeOwners(writers) || 'no client'} and XREADGROUP of ${describeOwners(readers) || 'no client'} (CLIENT LIST does not say which stream each one uses).`
            : '';
        const consumersText =
          group.consumers > 0
            ? `${plural(group.consumers, 'consumer name is', 'consumer names are')} registered in the group, but registered names are not live readers: a consumer stays listed after its process dies.`
            : 'The group has no consumers at all, so nothing reads it.';
        const evidence: EvidenceRef[] = [group.evidence];
        const newest = newestSample(stream);
        if (newest !== undefined && stalled) evidence.push(newest.evidence);

        ctx.report({
          subject,
          title: `Consumer group ${group.name} ${lagText} on ${stream.key}${stallText}`,
          explanation:
            `${lag !== undefined ? `${lag} entries` : 'Entries'} were added to ${stream.key} that the group ${group.name} has not delivered to any consumer yet. ` +
            (stalled && !delay.neverDelivered
              ? `Its last delivered entry (${group.lastDeliveredId}) is from ${formatTime(group.lastDeliveredAt)}, while the stream's ${delay.reference} is ${formatTime(delay.referenceAt)}: whatever should act on these entries has not acted for ${formatDuration(delay.behindSeconds ?? 0)}. `
              : '') +
            `${consumersText}${group.pending > 0 ? ` ${plural(group.pending, 'entry was', 'entries were')} delivered but never acknowledged.` : ''}${who}`,
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
