import type { EvidenceRef } from '../model/evidence.ts';
import type { Category, FindingLink, Priority } from '../model/finding.ts';
import type { FactName, Facts } from './facts.ts';

/** A link to another finding, resolved to its fingerprint after every rule ran. */
export interface LinkRequest {
  type: FindingLink['type'];
  ruleId: string;
  subject: string;
}

/** What a rule reports; the runner fills in ruleId, category, fingerprint and resolves links. */
export interface Report {
  /** Readable identity of the thing at fault: 'container:quantum_nginx', 'stream:<key>/group:<name>', 'mount:/'. */
  subject: string;
  /** Concrete, with the values: 'quantum_nginx is unhealthy (failing streak 12)'. */
  title: string;
  explanation: string;
  /** Defaults to the rule's fix. */
  fix?: string;
  /** Defaults to the configured / default priority; rules may raise or lower by severity. */
  priority?: Priority;
  observed?: number | string | boolean;
  threshold?: number | string;
  values?: Record<string, number | string | boolean>;
  evidence: EvidenceRef[];
  links?: LinkRequest[];
}

/** Handed to `evaluate`: the declared facts (and only those), merged options, and the two ways to speak. */
export interface RuleContext<O, F extends FactName = FactName, U extends FactName = never> {
  /** The facts listed in `requires` (always present) and `uses` (when captured); reading any other does not compile. */
  facts: Facts<F> & Partial<Facts<U>>;
  options: O;
  /** The priority this rule reports at unless a report overrides it (config may change it). */
  priority: Priority;
  report: (r: Report) => void;
  /** Record an input the rule looked at and how it compared, for `evidex analyze --explain`. */
  note: (line: string) => void;
}

/** One rule: metadata, defaults and a pure evaluate. Its doc lives in content/rules/<id>.md. */
export interface Rule<O extends Record<string, unknown> = Record<string, unknown>, F extends FactName = FactName, U extends FactName = never> {
  /** Permanent, domain-first id: 'redis/consumer-group-lag'. */
  id: string;
  title: string;
  priority: Priority;
  category: Category;
  /** One sentence: what the rule checks (shown by `evidex rules`). */
  description: string;
  /** One-line remediation; long form in the doc page. */
  fix: string;
  /** The facts the rule reads. When one is missing the rule is 'not-evaluated', and says which and why. */
  requires: readonly F[];
  /** Facts the rule reads when they were captured and does without otherwise. */
  uses?: readonly U[];
  /** Thresholds and knobs; config may override each key. */
  defaults: O;
  evaluate: (ctx: RuleContext<O, F, U>) => void;
}

/** Typed identity helper for rule modules: keeps the literal fact names, so `ctx.facts` holds just those. */
export const defineRule = <O extends Record<string, unknown>, const F extends FactName, const U extends FactName = never>(
  rule: Rule<O, F, U>,
): Rule<O, F, U> => rule;

/** A rule of any options and facts, as the registry and the runner hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- options differ per rule; each rule checks its own
export type AnyRule = Rule<any, any, any>;
