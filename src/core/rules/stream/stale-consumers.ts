import type { StreamConsumer } from '../../model/redis.ts';
import { defineRule } from '../define-rule.ts';
import { eachGroup, groupSubject, plural, type Group } from './stream-support.ts';

/** Why a long idle consumer counts as gone rather than waiting on a quiet stream. */
type Proof = 'inactive' | 'siblings' | 'delivered' | 'outlier';

/** Consumers that have not read for a long time while their group went on: leftovers of a previous deployment. */
export const streamStaleConsumers = defineRule({
  id: 'stream/stale-consumers',
  title: 'Stale consumers in a consumer group',
  priority: 'P2',
  category: 'data-flow',
  description:
    'Reports consumers idle for staleSeconds or more (XINFO CONSUMERS; inactive on Redis 7.2+) while their ' +
    'group kept receiving deliveries; P2 when they hold pending entries, P3 otherwise.',
  fix:
    'Hand their pending entries to a live consumer (XAUTOCLAIM <stream> <group> <live consumer> 60000 0), then ' +
    'XGROUP DELCONSUMER each stale one; make consumers delete themselves on shutdown.',
  messages: {
    stale: '{{consumers}} in {{group}} on {{stream}} idle for {{idle:duration}} or more',
    staleHolding:
      '{{consumers}} in {{group}} on {{stream}} idle for {{idle:duration}} or more, holding {{pending}} pending',
    gone: 'XINFO CONSUMERS lists {{names}}: none has read for {{idle:duration}} or more.',
    byInactive: [
      'Redis 7.2+ counts inactive from any read attempt, successful or not, so a live consumer waiting on a quiet',
      'stream would show a small value: these processes are not reading.',
    ],
    bySiblings: [
      'Their siblings in the same group ({{siblings}}) read {{siblingIdle:duration}} before the capture, so',
      'deliveries went on without them: they are not waiting on a quiet stream, they are gone.',
    ],
    byDelivered: [
      'The group delivered an entry {{deliveredAgo:duration}} before the capture, after they last read: entries',
      'go to whoever asks, and they no longer ask.',
    ],
    suffix: [
      'Their names differ from the live ones only by a suffix ({{oldSuffix}} vs {{newSuffix}}), as a',
      "previous deployment's would.",
    ],
    holding: [
      'They hold {{pending}} delivered and unacknowledged entries that no live consumer will retry unless they are',
      'claimed (XAUTOCLAIM).',
    ],
    empty: 'They hold no pending entries now, but they clutter the group and hide real stalls in XINFO output.',
  },
  requires: ['groups'],
  uses: ['bundle'],
  defaults: { staleSeconds: 86_400, siblingFactor: 3, outlierSeconds: 600, outlierFactor: 10 },
  evaluate(ctx) {
    const capturedAt = ctx.facts.bundle?.capturedAt;
    for (const { stream, group } of eachGroup(ctx.facts.groups)) {
      const list = group.consumerList;
      if (list === undefined || list.length === 0) {
        ctx.note(`${groupSubject(stream, group)}: XINFO CONSUMERS not captured or empty`);
        continue;
      }
      const idle = (c: StreamConsumer) => (c.inactiveMs ?? c.idleMs) / 1000;
      const freshestOf = (cs: readonly StreamConsumer[]) => (cs.length > 0 ? Math.min(...cs.map(idle)) : undefined);
      const all = freshestOf(list) ?? 0;
      // Far longer than a sibling that reads: minutes against seconds, even if not days.
      const outlier = (c: StreamConsumer) =>
        idle(c) >= ctx.options.outlierSeconds && all * ctx.options.outlierFactor <= idle(c);
      const longIdle = list.filter((c) => idle(c) >= ctx.options.staleSeconds || outlier(c));
      const fresh = list.filter((c) => !longIdle.includes(c));
      const freshest = freshestOf(fresh);
      const deliveredAgo = deliveredSecondsAgo(group, capturedAt);
      const judge = (c: StreamConsumer): Proof | undefined =>
        idle(c) >= ctx.options.staleSeconds
          ? proof(c, idle(c), freshest, deliveredAgo, ctx.options.siblingFactor)
          : outlier(c) && freshest !== undefined
            ? 'outlier'
            : undefined;
      const stale = longIdle.filter((c) => judge(c) !== undefined);
      ctx.note(
        `${groupSubject(stream, group)}: ${list.length} consumer(s), ${longIdle.length} idle ≥ ` +
          `${ctx.options.staleSeconds}s or far longer than a sibling, ${stale.length} judged gone`,
      );
      const first = stale[0];
      if (first === undefined) continue;
      const why = judge(first);
      const pending = stale.reduce((n, c) => n + c.pending, 0);
      const minIdle = Math.min(...stale.map(idle));
      const suffix = deploySuffix(stale, fresh);
      ctx.report({
        subject: groupSubject(stream, group),
        messageId: pending > 0 ? 'staleHolding' : 'stale',
        explain: [
          'gone',
          why === 'inactive' && 'byInactive',
          (why === 'siblings' || why === 'outlier') && 'bySiblings',
          why === 'delivered' && 'byDelivered',
          suffix !== undefined && 'suffix',
          pending > 0 ? 'holding' : 'empty',
        ],
        data: {
          consumers: plural(stale.length, 'consumer', 'consumers'),
          group: group.name,
          stream: stream.key,
          idle: minIdle,
          pending,
          names: stale
            .slice(0, 5)
            .map((c) => c.name)
            .join(', '),
          siblings: fresh
            .slice(0, 5)
            .map((c) => c.name)
            .join(', '),
          siblingIdle: freshest ?? 0,
          deliveredAgo: deliveredAgo ?? 0,
          oldSuffix: suffix?.old ?? '',
          newSuffix: suffix?.new ?? '',
        },
        ...(pending === 0 ? { priority: 'P3' as const } : {}),
        observed: Math.round(minIdle),
        threshold: ctx.options.staleSeconds,
        values: {
          stream: stream.key,
          group: group.name,
          staleConsumers: stale.length,
          pending,
          minIdleSeconds: Math.round(minIdle),
          proof: why ?? '',
        },
        evidence: stale.slice(0, 5).map((c) => c.evidence),
      });
    }
  },
});

/** How we know a long-idle consumer is gone, or undefined when it may be waiting on a quiet stream. */
function proof(
  c: StreamConsumer,
  idleSeconds: number,
  freshestSibling: number | undefined,
  deliveredAgo: number | undefined,
  factor: number,
): Proof | undefined {
  if (c.inactiveMs !== undefined) return 'inactive';
  // Before 7.2 idle resets only on delivery: a consumer of a quiet stream looks idle while it waits.
  if (freshestSibling !== undefined && freshestSibling * factor <= idleSeconds) return 'siblings';
  if (deliveredAgo !== undefined && deliveredAgo * factor <= idleSeconds) return 'delivered';
  return undefined;
}

/** Seconds between the group's last delivered entry and the capture, when both times are known. */
function deliveredSecondsAgo(group: Group, capturedAt: string | undefined): number | undefined {
  if (capturedAt === undefined || group.lastDeliveredAt === undefined || /^0-0$/.test(group.lastDeliveredId ?? ''))
    return undefined;
  const s = (Date.parse(capturedAt) - Date.parse(group.lastDeliveredAt)) / 1000;
  return Number.isFinite(s) && s >= 0 ? s : undefined;
}

/**
 * A shared name with a different last part ('fulfil-7d9f8c-x2k4q' vs 'fulfil-5c2e1a-h7r2m'): deploy or pod suffixes.
 */
function deploySuffix(
  stale: readonly StreamConsumer[],
  fresh: readonly StreamConsumer[],
): { old: string; new: string } | undefined {
  for (const s of stale) {
    for (const f of fresh) {
      const a = s.name.split(/([-_.:])/);
      const b = f.name.split(/([-_.:])/);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      const shared = a.slice(0, i).join('');
      if (i === 0 || shared.replace(/[-_.:]/g, '').length < 3 || i >= a.length || i >= b.length) continue;
      return { old: a.slice(i).join(''), new: b.slice(i).join('') };
    }
  }
  return undefined;
}
