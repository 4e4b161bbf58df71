// Type tests, checked by `tsc` (npm test runs it over test/**): each @ts-expect-error below must
// stay an error. If one of these lines ever compiles, tsc fails with "unused @ts-expect-error".
import { defineRule } from '../../src/core/rules/define-rule.ts';
import { joiners, type JoinerTable } from '../../src/core/run/assemble.ts';
import type { ParserValues } from '../../src/core/parsers/index.ts';

// A registered parser without a joiner does not compile: the table must hold one per parser id.
const { df: _dropped, ...withoutDf } = joiners;
// @ts-expect-error — 'df' is registered, so a table without its joiner is rejected.
export const missingJoiner: JoinerTable = withoutDf;

// A joiner for a parser that does not exist does not compile either.
export const extraJoiner = {
  ...joiners,
  // @ts-expect-error — no registered parser has this id.
  'docker-compose-pss': () => undefined,
} satisfies JoinerTable;

// A joiner reads its parser's own value type, derived from the registry: free yields HostMemory.
export const freeValue: ParserValues['free']['totalBytes'] = 0;
// @ts-expect-error — df's value has no totalBytes (it is a list of disks).
export const dfValue: ParserValues['df']['totalBytes'] = 0;

// A rule reading a fact it did not declare does not compile.
export const undeclaredFact = defineRule({
  id: 'test/undeclared-fact',
  title: 'Reads an undeclared fact',
  priority: 'P3',
  category: 'evidence',
  description: 'Type test only.',
  fix: 'n/a',
  requires: ['disks'],
  uses: ['host'],
  defaults: {},
  messages: { seen: 'seen' },
  evaluate(ctx) {
    void ctx.facts.disks.length;
    void ctx.facts.host?.hostname;
    // @ts-expect-error — 'containers' is neither required nor used by this rule.
    void ctx.facts.containers;
  },
});
