import type { Audit } from '../model/audit.ts';
import type { EvidenceRef } from '../model/evidence.ts';
import type { Category, FindingLink, Priority } from '../model/finding.ts';

/**
 * Parts of the Audit a rule can need. The runner checks them before `evaluate` and marks the rule
 * 'not-evaluated' with a reason when one is missing (see requirements.ts).
 */
export type Requirement =
  | 'containers'
  | 'inspect'
  | 'host.memory'
  | 'host.disks'
  | 'host.uptime'
  | 'redis.memory'
  | 'redis.stats'
  | 'redis.clients'
  | 'redis.slowlog'
  | 'redis.streams'
  | 'redis.groups'
  | 'redis.samples'
  | 'logs'
  | 'health';

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

/** Handed to `evaluate`: the audit, merged options, and the two ways to speak. */
export interface RuleContext<O> {
  audit: Audit;
  options: O;
  /** The priority this rule reports at unless a report overrides it (config may change it). */
  priority: Priority;
  report: (r: Report) => void;
  /** Record an input the rule looked at and how it compared, for `evidex analyze --explain`. */
  note: (line: string) => void;
}

/** One rule: metadata, defaults and a pure evaluate. Its doc lives in content/rules/<id>.md. */
export interface Rule<O extends Record<string, unknown> = Record<string, unknown>> {
  /** Permanent, domain-first id: 'redis/consumer-group-lag'. */
  id: string;
  title: string;
  priority: Priority;
  category: Category;
  /** One sentence: what the rule checks (shown by `evidex rules`). */
  description: string;
  /** One-line remediation; long form in the doc page. */
  fix: string;
  requires: readonly Requirement[];
  /** Thresholds and knobs; config may override each key. */
  defaults: O;
  evaluate: (ctx: RuleContext<O>) => void;
}

/** Typed identity helper for rule modules. */
export const defineRule = <O extends Record<string, unknown>>(rule: Rule<O>): Rule<O> => rule;
