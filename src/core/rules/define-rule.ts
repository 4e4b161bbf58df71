import type { EvidenceRef } from '../model/evidence.ts';
import type { Category, FindingLink, Priority, Quote } from '../model/finding.ts';
import type { MessageData, MessageValue, Template, Unit } from '../format/message.ts';
import type { FactName, Facts } from './facts.ts';

/** A link to another finding, resolved to its fingerprint after every rule ran. */
export interface LinkRequest {
  type: FindingLink['type'];
  ruleId: string;
  subject: string;
}

/** A rule's message templates by id: `{{name}}` / `{{name:unit}}` placeholders (ESLint meta.messages). */
export type Messages = Readonly<Record<string, Template>>;

/** The ids of a rule's messages. */
export type MessageId<Msgs extends Messages> = Extract<keyof Msgs, string>;

type Ident<N extends string> = N extends '' | `${string}${' ' | '.' | '{' | '}' | ':' | '-'}${string}` ? never : N;
type PlaceholderName<P extends string> = P extends `${infer N}:${Unit}` ? Ident<N> : Ident<P>;

type TemplateParts<T> = T extends readonly string[] ? T[number] : T extends string ? T : never;
type PlaceholdersOf<T> = Placeholders<TemplateParts<T>>;

/** The placeholder names of a template known to the compiler; `{{.State.Health}}` (Docker's) is text. */
export type Placeholders<S extends string> = string extends S
  ? never
  : S extends `${string}{{${infer P}}}${infer Rest}`
    ? PlaceholderName<P> | Placeholders<Rest>
    : never;

/** `data` must hold every placeholder of the messages a report uses; more keys are allowed. */
type DataField<Msgs extends Messages, K extends MessageId<Msgs>> = [PlaceholdersOf<Msgs[K]>] extends [never]
  ? { data?: MessageData }
  : { data: { readonly [P in PlaceholdersOf<Msgs[K]>]: MessageValue } & MessageData };

/** What a rule reports besides its words; the runner fills in ruleId, category, fingerprint and resolves links. */
interface ReportFields {
  /** Readable identity of the thing at fault: 'container:quantum_nginx', 'stream:<key>/group:<name>', 'mount:/'. */
  subject: string;
  /** Defaults to the configured / default priority; rules may raise or lower by severity. */
  priority?: Priority;
  observed?: number | string | boolean;
  threshold?: number | string;
  /** The measured values, for diffs and the site: stable keys, raw numbers (not the words' data). */
  values?: Record<string, number | string | boolean>;
  evidence: EvidenceRef[];
  /** The subject's own words that explain the finding (see `Quote`); its line is cited with the evidence. */
  quote?: Quote;
  links?: LinkRequest[];
}

/**
 * What a rule reports: data plus message ids. The title is `messageId` rendered with `data`; the
 * explanation is the `explain` messages rendered and joined by a space (false / undefined entries are
 * skipped, so optional sentences read `cond && 'id'`); `fixId` replaces the rule's fix for this finding.
 */
export type Report<
  Msgs extends Messages = Messages,
  K extends MessageId<Msgs> = MessageId<Msgs>,
  E extends MessageId<Msgs> = MessageId<Msgs>,
  X extends MessageId<Msgs> = MessageId<Msgs>,
> = ReportFields & {
  messageId: K;
  explain?: readonly (E | false | undefined)[];
  fixId?: X;
} & DataField<Msgs, K | E | X>;

/** Handed to `evaluate`: the declared facts (and only those), merged options, and the two ways to speak. */
export interface RuleContext<
  O,
  F extends FactName = FactName,
  U extends FactName = never,
  Msgs extends Messages = Messages,
> {
  /** The facts listed in `requires` (always present) and `uses` (when captured); reading any other does not compile. */
  facts: Facts<F> & Partial<Facts<U>>;
  options: O;
  /** The priority this rule reports at unless a report overrides it (config may change it). */
  priority: Priority;
  /** Report a finding by message id; an id not in `messages`, or data missing a placeholder, does not compile. */
  report: <K extends MessageId<Msgs>, E extends MessageId<Msgs> = never, X extends MessageId<Msgs> = never>(
    r: Report<Msgs, K, E, X>,
  ) => void;
  /** Record an input the rule looked at and how it compared, for `evidex analyze --explain`. */
  note: (line: string) => void;
}

/** One rule: metadata, defaults and a pure evaluate. Its doc lives in content/rules/<id>.md. */
export interface Rule<
  O extends Record<string, unknown> = Record<string, unknown>,
  F extends FactName = FactName,
  U extends FactName = never,
  Msgs extends Messages = Messages,
> {
  /** Permanent, domain-first id: 'redis/consumer-group-lag'. */
  id: string;
  title: string;
  priority: Priority;
  category: Category;
  /** One sentence: what the rule checks (shown by `evidex rules`). */
  description: string;
  /** One-line remediation, not a template; long form in the doc page. A report's `fixId` may replace it. */
  fix: string;
  /** Every title and sentence the rule says, by id, with `{{name}}` / `{{name:unit}}` placeholders. */
  messages: Msgs;
  /** The facts the rule reads. When one is missing the rule is 'not-evaluated', and says which and why. */
  requires: readonly F[];
  /** Facts the rule reads when they were captured and does without otherwise. */
  uses?: readonly U[];
  /** Thresholds and knobs; config may override each key. */
  defaults: O;
  evaluate: (ctx: RuleContext<O, F, U, Msgs>) => void;
}

/**
 * Typed identity helper for rule modules: keeps the literal fact names, so `ctx.facts` holds just those,
 * and the literal messages, so `ctx.report` takes only their ids and the data their placeholders name.
 */
export const defineRule = <
  O extends Record<string, unknown>,
  const F extends FactName,
  const Msgs extends Messages,
  const U extends FactName = never,
>(
  rule: Rule<O, F, U, Msgs>,
): Rule<O, F, U, Msgs> => rule;

/** A rule of any options and facts, as the registry and the runner hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- options differ per rule; each rule checks its own
export type AnyRule = Rule<any, any, any, any>;
