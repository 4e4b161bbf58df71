// The one place renderers ask "is this bad?": they follow the findings and the thresholds the rules
// ran with (recorded per rule in the Audit), never numbers of their own. The terminal summary, the
// site's tiles and colours, and the flow graph all read from here.
import type { Audit } from '../model/audit.ts';
import type { Priority } from '../model/finding.ts';
import type { RedisStream } from '../model/redis.ts';
import { getRule } from './index.ts';
import { groupSubject } from './stream/stream-support.ts';

/** How a value is shown: '' calm, 'warn' with a P2/P3 finding, 'bad' with a P0/P1 finding. */
export type Tone = '' | 'warn' | 'bad';

/** The options rule `ruleId` ran with: as recorded in the audit, else the rule's defaults. */
export function getRuleOptions(audit: Pick<Audit, 'rules'>, ruleId: string): Record<string, unknown> {
  return audit.rules.find((r) => r.ruleId === ruleId)?.options ?? getRule(ruleId)?.defaults ?? {};
}

/** A numeric option of a rule, as it ran. */
export function getRuleNumber(audit: Pick<Audit, 'rules'>, ruleId: string, option: string): number | undefined {
  const v = getRuleOptions(audit, ruleId)[option];
  return typeof v === 'number' ? v : undefined;
}

/** The priority of the open (not accepted) finding of `ruleId` about `subject`, if there is one. */
export function getFindingPriority(
  audit: Pick<Audit, 'findings'>,
  ruleId: string,
  subject: string,
): Priority | undefined {
  return audit.findings.find((f) => f.ruleId === ruleId && f.subject === subject && !f.accepted)?.priority;
}

/** The tone of a value judged by a finding's priority. */
export const toneOf = (priority: Priority | undefined): Tone =>
  priority === undefined ? '' : priority === 'P0' || priority === 'P1' ? 'bad' : 'warn';

/** Lag (entries) from which the consumer-group-lag rule reports a group, as it ran. */
export const getLagThreshold = (audit: Pick<Audit, 'rules'>): number =>
  getRuleNumber(audit, 'stream/consumer-group-lag', 'minLag') ?? 0;

/** Whether a group is lagging: the consumer-group-lag rule reported it (lag over threshold, or stalled). */
export function isGroupLagging(
  audit: Pick<Audit, 'findings'>,
  stream: RedisStream,
  group: RedisStream['groups'][number],
): boolean {
  return getFindingPriority(audit, 'stream/consumer-group-lag', groupSubject(stream, group)) !== undefined;
}
