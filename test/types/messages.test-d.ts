// Type test, checked by `tsc -p tsconfig.json` (which covers test/**), not run by vitest. Each
// expect-error comment below marks a report that must not compile: remove one and tsc fails on that line.
import { defineRule } from '../../src/core/rules/define-rule.ts';

export const typedMessages = defineRule({
  id: 'test/typed-messages',
  title: 'Typed messages',
  priority: 'P3',
  category: 'evidence',
  description: 'Exists only for the compiler.',
  fix: 'None.',
  messages: {
    full: '{{mount}} is {{usePercent}}% full, {{availBytes:bytes}} free',
    plain: 'Nothing to fill in; `docker inspect --format {{.State.Health}}` is literal text.',
    since: 'It stalled at {{at:time}}, {{stalledFor:duration}} ago.',
    long: ['A template in parts, joined by a space,', 'still names its {{count}} placeholders.'],
  },
  requires: ['disks'],
  defaults: {},
  evaluate(ctx) {
    const evidence = [{ file: 'raw/df.txt' }];
    // Known ids with their placeholders' data compile; Docker's {{.State.Health}} needs none.
    ctx.report({ subject: 'a', messageId: 'full', data: { mount: '/', usePercent: 74, availBytes: 1 }, evidence });
    ctx.report({ subject: 'b', messageId: 'plain', evidence });
    ctx.report({
      subject: 'c',
      messageId: 'plain',
      explain: ['plain', ctx.priority === 'P0' && 'since'],
      data: { at: '2025-12-20T08:31:18Z', stalledFor: 60 },
      evidence,
    });

    // @ts-expect-error 'missing' is not one of the rule's messages
    ctx.report({ subject: 'd', messageId: 'missing', evidence });
    // @ts-expect-error an unknown id in the explanation
    ctx.report({ subject: 'e', messageId: 'plain', explain: ['plain', 'nope'], evidence });
    // @ts-expect-error an unknown id as the fix
    ctx.report({ subject: 'f', messageId: 'plain', fixId: 'nope', evidence });
    // @ts-expect-error data lacks {{availBytes}}
    ctx.report({ subject: 'g', messageId: 'full', data: { mount: '/', usePercent: 74 }, evidence });
    // @ts-expect-error a template in parts: {{count}} is still required
    ctx.report({ subject: 'i', messageId: 'long', data: {}, evidence });
    ctx.report({ subject: 'j', messageId: 'long', data: { count: 3 }, evidence });
    // @ts-expect-error 'since' may be said, so its {{at}} and {{stalledFor}} are required
    ctx.report({ subject: 'h', messageId: 'plain', explain: [ctx.priority === 'P1' && 'since'], evidence });
  },
});
