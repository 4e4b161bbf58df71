import type { EvidenceRef } from '../../model/evidence.ts';
import { formatDuration } from '../../format/units.ts';
import { defineRule } from '../define-rule.ts';
import { eachGroup, getSideFlowWord, readGroup, groupSubject, plural, SIDE_FLOW_WORDS } from './stream-support.ts';

/** Entries delivered to a consumer and never acknowledged: work that was taken and not finished. */
export const pendingEntries = defineRule({
  id: 'stream/pending-entries',
  title: 'Stream entries delivered but never acknowledged',
  priority: 'P2',
  category: 'data-flow',
  description:
    'Reports groups with pending (unacknowledged) entries when nobody consumes the group, it holds ≥ 100 ' +
    'pending (P1 from 1000), or idle consumers hold them.',
  fix:
    'Look at the pending entries (XPENDING <stream> <group> - + 10), find why the consumer did not XACK them, ' +
    'and claim them for a live consumer (XAUTOCLAIM) or acknowledge them once handled.',
  messages: {
    pending: '{{entries}} pending (never acknowledged) in group {{group}} on {{stream}}',
    pendingStalled: '{{entries}} pending (never acknowledged) in stalled group {{group}} on {{stream}}',
    delivered: [
      'Redis delivered {{entries}} of {{stream}} to a consumer of {{group}} that never acknowledged {{them}} (XACK).',
    ],
    stalled: [
      'The group stopped consuming on {{lastDeliveredAt:time}}; the pending entries are most likely the last a',
      'consumer took before it failed, and are worth reading first: a message that crashes its consumer stops the',
      'group this way.',
    ],
    many: [
      'That many unacknowledged entries means consumers take work faster than they finish it, or crash mid-way and',
      'leave entries behind.',
    ],
    idle: [
      '{{idleConsumers}} been idle for over {{idleFor:duration}}: {{idleList}}. Nothing will process their entries',
      'unless another consumer claims them.',
    ],
  },
  requires: ['groups', 'bundle', 'redis'],
  uses: ['containers', 'redisClients'],
  defaults: {
    pendingThreshold: 1000,
    minPending: 100,
    stallSeconds: 3600,
    liveSeconds: 300,
    idleConsumerMs: 3600000,
    sideFlowWords: [...SIDE_FLOW_WORDS],
  },
  evaluate(ctx) {
    const { pendingThreshold, stallSeconds, idleConsumerMs } = ctx.options;
    for (const { stream, group } of eachGroup(ctx.facts.groups)) {
      const subject = groupSubject(stream, group);
      const { consumption: c } = readGroup(ctx.facts, stream, group, {
        liveSeconds: ctx.options.liveSeconds,
        stallSeconds,
      });
      const stalled = c.state === 'stopped' || c.state === 'paused';
      const side = getSideFlowWord(stream, group, ctx.options.sideFlowWords);
      const idle = (group.consumerList ?? []).filter((c) => c.pending > 0 && c.idleMs >= idleConsumerMs);
      const holding = group.consumerList
        ? `${idle.length} idle consumer(s) holding entries (idle ≥ ${formatDuration(idleConsumerMs / 1000)})`
        : 'consumer list not captured';
      ctx.note(
        `${subject}: pending ${group.pending} (threshold ≥ ${pendingThreshold}, or > 0 when stalled), ` +
          `stalled ${stalled}, ${holding}`,
      );
      if (group.pending === 0) continue;
      if (!stalled && group.pending < ctx.options.minPending && idle.length === 0) continue;

      const evidence: EvidenceRef[] = [group.evidence, ...idle.slice(0, 5).map((c) => c.evidence)];
      const values: Record<string, number | string | boolean> = {
        stream: stream.key,
        group: group.name,
        pending: group.pending,
        consumers: group.consumers,
        stalled,
      };
      if (group.lastDeliveredAt !== undefined) values['lastDeliveredAt'] = group.lastDeliveredAt;
      if (group.consumerList) values['idleConsumersHoldingEntries'] = idle.length;
      values['consumption'] = c.state;
      if (group.owner) values['owner'] = group.owner.container;
      if (c.ownerState) values['ownerState'] = c.ownerState;
      if (group.owner) evidence.push(...group.owner.evidence.slice(0, 1));
      const why = stalled ? 'stalled' : group.pending >= ctx.options.minPending && 'many';
      const idleList = idle
        .slice(0, 5)
        .map((c) => `${c.name} (${c.pending} pending, idle ${formatDuration(c.idleMs / 1000)})`)
        .join(', ');
      ctx.report({
        subject,
        messageId: stalled ? 'pendingStalled' : 'pending',
        explain: ['delivered', why, idle.length > 0 && 'idle'],
        data: {
          entries: plural(group.pending, 'entry', 'entries'),
          stream: stream.key,
          group: group.name,
          them: group.pending === 1 ? 'it' : 'them',
          lastDeliveredAt: group.lastDeliveredAt ?? '',
          idleConsumers: plural(idle.length, 'consumer holding entries has', 'consumers holding entries have'),
          idleFor: idleConsumerMs / 1000,
          idleList,
        },
        priority: side !== undefined ? 'P3' : group.pending >= pendingThreshold ? 'P1' : ctx.priority,
        observed: group.pending,
        threshold: stalled ? 1 : pendingThreshold,
        values,
        evidence,
        links: [{ type: 'caused-by', ruleId: 'stream/consumer-group-lag', subject }],
      });
    }
  },
});
