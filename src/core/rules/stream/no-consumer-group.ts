import { defineRule } from '../define-rule.ts';
import { isDeadLetterStream } from './dead-letter.ts';
import { groupsCaptured } from './stream-support.ts';

/** A stream whose XINFO GROUPS came back empty: written, but no consumer group reads it. */
export const noConsumerGroup = defineRule({
  id: 'stream/no-consumer-group',
  title: 'Stream has no consumer group',
  priority: 'P3',
  category: 'data-flow',
  description:
    'Reports streams whose XINFO GROUPS was captured and empty; streams whose groups were not captured are ' +
    'listed as unknown, not reported.',
  fix:
    'Check the intended consumer: create its group (XGROUP CREATE <stream> <group> $ MKSTREAM) and start it, ' +
    'or, if nothing should read this stream, stop producing it or cap it with MAXLEN.',
  messages: {
    noGroup: 'Stream {{stream}} has no consumer group',
    noGroupLength: 'Stream {{stream}} has no consumer group ({{length}} entries)',
    untracked: [
      'XINFO GROUPS for {{stream}} returned no groups: no consumer group reads this stream, so nothing tracks what has',
      'been processed. Readers using plain XREAD (without a group) are not visible here; if none exist, entries are',
      'written and never acted on.',
    ],
  },
  requires: ['streams', 'groups', 'files'],
  defaults: {},
  evaluate(ctx) {
    const unknown: string[] = [];
    for (const stream of ctx.facts.groups) {
      if (!groupsCaptured(ctx.facts.files, stream)) {
        unknown.push(stream.key);
        continue;
      }
      ctx.note(`stream:${stream.key}: ${stream.groups.length} group(s) captured`);
      if (stream.groups.length > 0) continue;
      // A dead-letter stream is a parking lot with no group by design: stream/dead-letter speaks for it.
      if (isDeadLetterStream(stream.key)) continue;
      const evidence = stream.evidence.length > 0 ? stream.evidence : [];
      ctx.report({
        subject: `stream:${stream.key}`,
        messageId: stream.length !== undefined ? 'noGroupLength' : 'noGroup',
        explain: ['untracked'],
        data: { stream: stream.key, length: stream.length ?? 0 },
        observed: 0,
        threshold: '≥ 1 group',
        values: { stream: stream.key, groups: 0, ...(stream.length !== undefined ? { length: stream.length } : {}) },
        evidence,
      });
    }
    if (unknown.length > 0)
      ctx.note(`${unknown.length} stream(s) unknown (XINFO GROUPS not captured): ${unknown.join(', ')}`);
  },
});
