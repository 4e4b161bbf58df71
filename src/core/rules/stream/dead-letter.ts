import type { EvidenceRef } from '../../model/evidence.ts';
import type { LogSummary } from '../../model/logs.ts';
import { defineRule } from '../define-rule.ts';
import { plural } from './stream-support.ts';

/** Dead-letter naming: a last segment like dlq / dead / dead-letter / deadletter, or a dlq: / dead-letter: prefix. */
const DEAD_LETTER_SUFFIX =
  /(?:^|[.:_/-])(?:dlq|dlx|dead|dead[-_.]?letters?(?:[-_.]queue)?|deadletters?|parking[-_.]?lot)$/i;
const DEAD_LETTER_PREFIX = /^(?:dlq|dead[-_.]?letters?|deadletters?)[.:_/-]/i;
/** Log lines about dead-lettering. */
const DEAD_LETTER_LOG = /dead[- _]?letter|\bdlq\b|moved to (?:the )?(?:dlq|dead)/i;

/** Whether a stream key names a dead-letter stream ('orders.dlq', 'payments:dead', 'mail-dead-letter'). */
export function isDeadLetterStream(key: string): boolean {
  return DEAD_LETTER_SUFFIX.test(key) || DEAD_LETTER_PREFIX.test(key);
}

/** A dead-letter stream that holds entries: work that failed for good and waits for a person. */
export const streamDeadLetter = defineRule({
  id: 'stream/dead-letter',
  title: 'Dead-letter stream holds entries',
  priority: 'P2',
  category: 'data-flow',
  description:
    'Reports dead-letter streams (*.dlq, *:dead, *-dead-letter, dlq:*…) with entries; P1 when they hold many ' +
    'or the newest arrived shortly before the capture. Cites log lines about dead-lettering.',
  fix:
    'Read a few entries (XRANGE <stream> - + COUNT 10) for the failure reason, fix the cause in the consumer, ' +
    'then replay or discard them on purpose and trim the stream.',
  messages: {
    holds: 'Dead-letter stream {{stream}} holds {{entries}}',
    parked: [
      'Entries land in a dead-letter stream when a consumer gave up on them: each one is work that was not done',
      '(an order not shipped, a message not sent) and nobody does it until a person looks.',
    ],
    recent: 'The newest arrived {{newestAgo:duration}} before the capture: entries are still failing now.',
    many: 'It holds {{length}} entries: this is a steady failure, not a one-off.',
    logs: 'Logs show the dead-lettering: {{logCount}} line(s), e.g. "{{logExample}}" ({{logContainer}}).',
    oneAudit: 'One capture cannot show whether it is still growing; compare with the next audit.',
  },
  requires: ['streams'],
  uses: ['logs', 'bundle'],
  defaults: { manyEntries: 100, recentSeconds: 3600, recentMinEntries: 10 },
  evaluate(ctx) {
    const logs = ctx.facts.logs ?? [];
    const capturedAt = ctx.facts.bundle?.capturedAt;
    const named = ctx.facts.streams.filter((s) => isDeadLetterStream(s.key)).length;
    ctx.note(`${ctx.facts.streams.length} stream(s), ${named} named like a dead-letter stream`);
    for (const stream of ctx.facts.streams) {
      if (!isDeadLetterStream(stream.key)) continue;
      const length = stream.length ?? 0;
      ctx.note(`stream:${stream.key}: dead-letter stream, length ${stream.length ?? 'unknown'} (threshold > 0)`);
      if (length === 0) continue;
      const newestAgo =
        capturedAt !== undefined && stream.lastEntryAt !== undefined
          ? Math.max(0, (Date.parse(capturedAt) - Date.parse(stream.lastEntryAt)) / 1000)
          : undefined;
      const recent = newestAgo !== undefined && Number.isFinite(newestAgo) && newestAgo <= ctx.options.recentSeconds;
      const many = length >= ctx.options.manyEntries;
      const lines = deadLetterLines(logs, stream.key);
      const high = many || (recent && length >= ctx.options.recentMinEntries);
      ctx.report({
        subject: `stream:${stream.key}`,
        messageId: 'holds',
        explain: [
          'parked',
          many && 'many',
          recent && 'recent',
          lines.count > 0 && 'logs',
          !recent && !many && 'oneAudit',
        ],
        data: {
          stream: stream.key,
          entries: plural(length, 'entry', 'entries'),
          length,
          newestAgo: newestAgo ?? 0,
          logCount: lines.count,
          logExample: lines.example,
          logContainer: lines.container,
        },
        ...(high ? { priority: 'P1' as const } : {}),
        observed: length,
        threshold: 0,
        values: {
          stream: stream.key,
          length,
          ...(newestAgo !== undefined && Number.isFinite(newestAgo) ? { newestAgoSeconds: Math.round(newestAgo) } : {}),
          logLines: lines.count,
        },
        evidence: [...stream.evidence, ...lines.evidence],
      });
    }
  },
});

/** Log lines about dead-lettering (or naming this stream), from every container's summary. */
function deadLetterLines(
  logs: readonly LogSummary[],
  key: string,
): { count: number; example: string; container: string; evidence: EvidenceRef[] } {
  const hits: Array<{ n: number; text: string; container: string; ref: EvidenceRef }> = [];
  const mentions = (s: string) => DEAD_LETTER_LOG.test(s) || s.includes(key);
  for (const log of logs) {
    const repeated = log.repeated.filter((r) => mentions(r.example));
    for (const r of repeated) hits.push({ n: r.count, text: r.example, container: log.container, ref: r.evidence });
    if (repeated.length > 0) continue;
    for (const e of log.errors)
      if (mentions(e.message)) hits.push({ n: 1, text: e.message, container: log.container, ref: e.evidence });
  }
  const first = hits[0];
  return {
    count: hits.reduce((n, h) => n + h.n, 0),
    example: first?.text.slice(0, 160) ?? '',
    container: first?.container ?? '',
    evidence: hits.slice(0, 3).map((h) => h.ref),
  };
}
