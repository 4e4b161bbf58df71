import type { EvidenceRef } from '../../model/evidence.ts';
import type { Priority } from '../../model/finding.ts';
import { formatDuration, formatTime } from '../../format/units.ts';
import { defineRule } from '../define-rule.ts';
import { clientsByOwner, describeOwners } from '../redis/redis-support.ts';
import {
  eachGroup,
  getLag,
  getSideFlowWord,
  readGroup,
  groupSubject,
  newestSample,
  OWNER_DOWN,
  plural,
  SIDE_FLOW_WORDS,
  type Consumption,
} from './stream-support.ts';

/** A consumer group that is behind its stream: entries produced but not delivered to any consumer. */
export const consumerGroupLag = defineRule({
  id: 'stream/consumer-group-lag',
  title: 'Consumer group lags behind its stream',
  priority: 'P1',
  category: 'data-flow',
  description:
    'Reports consumer groups that nobody consumes while entries wait, or that lag ≥ 50 entries; graded by ' +
    "the owner container's state and the flow (P0: business flow whose owner is down or nobody reads).",
  fix:
    'Find the service that owns the group, check it is running XREADGROUP on this stream with ">" and ' +
    'acknowledging (XACK), fix the failure in its logs, then let it catch up or reset the group with XGROUP ' +
    'SETID if the backlog is stale.',
  messages: {
    lags: 'Consumer group {{group}} lags {{lag}} entries on {{stream}}',
    lagsConsuming: 'Consumer group {{group}} lags {{lag}} entries on {{stream}} — consuming, but behind',
    lagsEstimated: 'Consumer group {{group}} is about {{lag}} entries behind on {{stream}} (Redis reports no lag)',
    lagsNeverDelivered: 'Consumer group {{group}} lags {{lag}} entries on {{stream}} — nothing ever delivered',
    lagsStalled: [
      'Consumer group {{group}} lags {{lag}} entries on {{stream}} — consumption stalled on {{lastDeliveredAt:time}},',
      '{{stalledFor:duration}} before the {{reference}}',
    ],
    lagsOwnerDown:
      'Consumer group {{group}} lags {{lag}} entries on {{stream}} — its owner {{owner}} is {{ownerState}}',
    paused: 'Consumer group {{group}} on {{stream}} is paused: its owner {{owner}} is paused ({{lag}} entries waiting)',
    behind: 'Consumer group {{group}} is behind on {{stream}}',
    behindNeverDelivered: 'Consumer group {{group}} is behind on {{stream}} — nothing ever delivered',
    behindStalled: [
      'Consumer group {{group}} is behind on {{stream}} — consumption stalled on {{lastDeliveredAt:time}},',
      '{{stalledFor:duration}} before the {{reference}}',
    ],
    behindOwnerDown: 'Consumer group {{group}} is behind on {{stream}} — its owner {{owner}} is {{ownerState}}',
    added: '{{lag}} entries were added to {{stream}} that the group {{group}} has not delivered to any consumer yet.',
    addedUncounted: 'Entries were added to {{stream}} that the group {{group}} has not delivered to any consumer yet.',
    lagNil: 'Redis reports no lag for this group: {{lagNilReason}}. Estimated from {{estimateFrom}}.',
    lagNilNoEstimate:
      'Redis reports no lag for this group ({{lagNilReason}}) and the bundle holds no length to estimate it.',
    stopped: 'Nobody is consuming: {{why}}.',
    consuming: 'Someone is consuming: {{why}}; the lag is a backlog being worked through, not a stall.',
    unknown: [
      'Whether anyone consumes cannot be told from this bundle (no consumer idle, pending idle, reader or owner',
      'state says so); the last delivered entry is {{stalledFor:duration}} older than the {{reference}}, which a live',
      'consumer working through a backlog also shows. Capture XINFO CONSUMERS and CLIENT LIST to tell.',
    ],
    quietBeforeSevenTwo: [
      'Its consumers look idle for {{freshestIdle:duration}}, but before Redis 7.2 a consumer’s idle resets only when',
      'an entry is delivered to it, so a live consumer on a quiet stream looks the same: not called dead for that.',
    ],
    lastDelivered: [
      "Its last delivered entry ({{lastDeliveredId}}) is from {{lastDeliveredAt:time}}, while the stream's",
      '{{reference}} is {{referenceAt:time}}: whatever should act on these entries has not acted for',
      '{{stalledFor:duration}}.',
    ],
    owner: 'Its owner is {{owner}} ({{ownerState}}): {{ownerDetail}}.',
    noOwner: [
      'No container in the bundle could be tied to the group (by environment, consumer names, client names or',
      'addresses), so its owner is not known.',
    ],
    pausedOwner: [
      '{{owner}} was paused (docker pause) on purpose or by an operator: nothing reads the group until it is',
      'unpaused.',
    ],
    sideFlow: 'The stream or group is named for a side flow ({{sideFlowWord}}), not business work: graded lower.',
    smallBacklog: 'The backlog is small ({{lag}} entries): graded lower.',
    nearLength: [
      'The backlog is {{lagShare}}% of the stream’s {{streamLength}} entries: if the stream is trimmed (MAXLEN or',
      'MINID), the unread entries are the next to go.',
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
  uses: ['containers', 'redisClients'],
  defaults: {
    minLag: 50,
    p0Lag: 1000,
    stallSeconds: 3600,
    liveSeconds: 300,
    smallLag: 50,
    nearLengthRatio: 0.9,
    sideFlowWords: [...SIDE_FLOW_WORDS],
  },
  evaluate(ctx) {
    const { minLag, p0Lag, stallSeconds, liveSeconds, smallLag, nearLengthRatio, sideFlowWords } = ctx.options;
    const writers = clientsByOwner(ctx.facts.redis.clients, ['xadd']);
    const readers = clientsByOwner(ctx.facts.redis.clients, ['xreadgroup']);
    for (const { stream, group } of eachGroup(ctx.facts.groups)) {
      const subject = groupSubject(stream, group);
      const reading = getLag(stream, group);
      const lag = reading.lag;
      const { delay, consumption: c } = readGroup(ctx.facts, stream, group, { liveSeconds, stallSeconds });
      const side = getSideFlowWord(stream, group, sideFlowWords);
      // A group with no consumers that never read is stream/group-never-read's; here only groups that read.
      const neverRead = group.consumers === 0 && (group.entriesRead === null || delay.neverDelivered);
      const stopped = (c.state === 'stopped' || c.state === 'paused') && !neverRead;
      const old = delay.behindSeconds !== undefined && delay.behindSeconds > stallSeconds;
      const ownerText = group.owner
        ? `${group.owner.container} via ${group.owner.via} (${c.ownerState ?? 'state unknown'})`
        : 'unknown';
      ctx.note(
        `${subject}: lag ${lag ?? 'unknown'}${reading.estimated ? ' (estimated)' : ''} (threshold ≥ ${minLag}), ` +
          `consumers ${group.consumers}, pending ${group.pending}, ` +
          `consumption ${c.state}${c.reasons.length > 0 ? ` (${c.reasons.join('; ')})` : ''}, owner ${ownerText}, ` +
          `flow ${side ? `side (${side})` : 'business'}, last delivered ${formatTime(group.lastDeliveredAt)}` +
          (delay.behindSeconds !== undefined
            ? `, ${formatDuration(delay.behindSeconds)} behind the ${delay.reference}`
            : ''),
      );
      const waiting = lag === undefined ? group.pending > 0 || old : lag > 0;
      // Report: nobody consumes while entries wait; or the lag is over the line; or, lag unknown, the last
      // delivery is old and nothing says anyone consumes (said so, and graded as behind, not as stalled).
      const unknownAndOld = lag === undefined && old && c.state === 'unknown' && !neverRead;
      if (!(stopped && waiting) && !unknownAndOld && (lag === undefined || lag < minLag)) continue;

      const ownerDown = c.ownerState !== undefined && OWNER_DOWN.has(c.ownerState) && c.ownerState !== 'missing';
      const nearLength =
        lag !== undefined &&
        stream.length !== undefined &&
        stream.length >= minLag &&
        lag >= nearLengthRatio * stream.length;
      const small = lag !== undefined && lag < smallLag;
      const priority = grade({ c, stopped, ownerDown, side: side !== undefined, small, nearLength, lag, p0Lag });

      const values: Record<string, number | string | boolean> = {
        stream: stream.key,
        group: group.name,
        consumers: group.consumers,
        pending: group.pending,
        lastDeliveredId: group.lastDeliveredId ?? 'unknown',
        stalled: stopped,
        consumption: c.state,
        flow: side ? 'side' : 'business',
      };
      if (lag !== undefined) values[reading.estimated ? 'lagEstimate' : 'lag'] = lag;
      if (group.entriesRead !== undefined && group.entriesRead !== null) values['entriesRead'] = group.entriesRead;
      if (group.lastDeliveredAt !== undefined) values['lastDeliveredAt'] = group.lastDeliveredAt;
      if (delay.behindSeconds !== undefined) values['stalledFor'] = Math.round(delay.behindSeconds);
      if (delay.referenceAt !== undefined) values['newestEntryAt'] = delay.referenceAt;
      if (stream.length !== undefined) values['streamLength'] = stream.length;
      if (writers.length > 0) values['xaddBy'] = describeOwners(writers);
      if (readers.length > 0) values['xreadgroupBy'] = describeOwners(readers);
      if (group.owner) {
        values['owner'] = group.owner.container;
        values['ownerVia'] = group.owner.via;
      }
      if (c.ownerState !== undefined) values['ownerState'] = c.ownerState;
      if (side) values['sideFlowWord'] = side;
      if (c.freshestIdleMs !== undefined) values['freshestConsumerIdleMs'] = c.freshestIdleMs;

      const counted = lag !== undefined ? (reading.estimated ? 'lagsEstimated' : 'lags') : 'behind';
      const title =
        c.state === 'paused' && stopped
          ? 'paused'
          : stopped && ownerDown
            ? lag !== undefined
              ? 'lagsOwnerDown'
              : 'behindOwnerDown'
            : stopped && delay.neverDelivered
              ? lag !== undefined
                ? 'lagsNeverDelivered'
                : 'behindNeverDelivered'
              : stopped && delay.behindSeconds !== undefined
                ? lag !== undefined
                  ? 'lagsStalled'
                  : 'behindStalled'
                : c.state === 'consuming' && counted === 'lags'
                  ? 'lagsConsuming'
                  : counted;
      const evidence: EvidenceRef[] = [group.evidence];
      for (const e of [...(group.owner?.evidence ?? []), ...c.evidence])
        if (!evidence.some((x) => JSON.stringify(x) === JSON.stringify(e))) evidence.push(e);
      const newest = newestSample(stream);
      if (newest !== undefined && stopped) evidence.push(newest.evidence);
      const quiet =
        c.idleMeansAttempt === false && c.state !== 'stopped' && (c.freshestIdleMs ?? 0) > liveSeconds * 1000;

      ctx.report({
        subject,
        messageId: title,
        explain: [
          lag !== undefined && !reading.estimated ? 'added' : 'addedUncounted',
          reading.nilReason !== undefined && (reading.estimated ? 'lagNil' : 'lagNilNoEstimate'),
          stopped ? 'stopped' : c.state === 'consuming' ? 'consuming' : c.state === 'unknown' && old && 'unknown',
          quiet && 'quietBeforeSevenTwo',
          stopped && !delay.neverDelivered && delay.behindSeconds !== undefined && 'lastDelivered',
          group.owner ? 'owner' : 'noOwner',
          c.state === 'paused' && 'pausedOwner',
          side !== undefined && 'sideFlow',
          small && !ownerDown && 'smallBacklog',
          nearLength && 'nearLength',
          group.consumers > 0 ? 'registered' : 'noConsumers',
          group.pending > 0 && 'unacked',
          (readers.length > 0 || writers.length > 0) && 'clients',
        ],
        data: {
          group: group.name,
          stream: stream.key,
          lag: lag ?? 0,
          lastDeliveredId: group.lastDeliveredId ?? 'unknown',
          lastDeliveredAt: group.lastDeliveredAt ?? '',
          stalledFor: delay.behindSeconds ?? 0,
          reference: delay.reference,
          referenceAt: delay.referenceAt ?? '',
          consumerNames: plural(group.consumers, 'consumer name is', 'consumer names are'),
          pendingEntries: plural(group.pending, 'entry was', 'entries were'),
          writers: describeOwners(writers) || 'no client',
          readers: describeOwners(readers) || 'no client',
          why: c.reasons.join('; '),
          owner: group.owner?.container ?? '',
          ownerState: c.ownerState ?? 'of unknown state',
          ownerDetail: group.owner?.detail ?? '',
          lagNilReason: reading.nilReason ?? '',
          estimateFrom: reading.estimateFrom ?? '',
          sideFlowWord: side ?? '',
          lagShare: lag !== undefined && stream.length ? Math.round((100 * lag) / stream.length) : 0,
          streamLength: stream.length ?? 0,
          freshestIdle: (c.freshestIdleMs ?? 0) / 1000,
        },
        priority,
        ...(lag !== undefined ? { observed: lag } : { observed: 'stalled' }),
        threshold: minLag,
        values,
        evidence,
        links: [{ type: 'related', ruleId: 'stream/pending-entries', subject }],
      });
    }
  },
});

/**
 * The priority of a lagging group. Nobody consuming a business flow whose owner is down (or with no live
 * reader at all) is an outage: P0. A deliberate pause is P2. Consuming but behind is P1, P0 when the backlog
 * is nearly the whole stream (a trim drops unread entries) or past p0Lag with nobody known to read. Side flows
 * and small backlogs go down a step or two.
 */
function grade(g: {
  c: Consumption;
  stopped: boolean;
  ownerDown: boolean;
  side: boolean;
  small: boolean;
  nearLength: boolean;
  lag: number | undefined;
  p0Lag: number;
}): Priority {
  if (g.c.state === 'paused' && g.stopped) return g.side || g.small ? 'P3' : 'P2';
  if (g.stopped) {
    if (g.side) return g.small ? 'P3' : 'P2';
    if (g.ownerDown) return 'P0';
    return g.small ? 'P2' : 'P0';
  }
  if (g.side) return g.nearLength ? 'P2' : 'P3';
  if (g.nearLength) return 'P0';
  // Not known to be consumed and a very large backlog: as urgent as the lag says, until a capture shows a reader.
  if (g.c.state === 'unknown' && g.lag !== undefined && g.lag >= g.p0Lag) return 'P0';
  return 'P1';
}
