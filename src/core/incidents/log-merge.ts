import type { EvidenceRef } from '../model/evidence.ts';
import type { Finding } from '../model/finding.ts';
import { appendExplanation, incidentSentence } from './messages.ts';
import { priorityIndex } from './order.ts';

// One container gets one log finding for the same lines. The log rules read one log summary from
// different angles — the error rate, the stack traces, the repeated templates — and on a service that
// fails the same way a hundred times all three cite the same lines. They are merged into the
// strongest (priority, then the most specific angle); the others' titles are kept as its detail and
// their evidence is added to its own, so nothing cited is lost.

/** Log rules whose findings can describe the same lines, most specific first. */
export const LOG_ANGLES: readonly string[] = ['logs/stack-traces', 'logs/repeated-errors', 'logs/error-rate'];

/** A cited range longer than this is a whole capture, not 'the same lines'. */
const MAX_SPAN = 200;

const span = (e: EvidenceRef): [number, number] | undefined =>
  e.startLine === undefined ? undefined : [e.startLine, e.endLine ?? e.startLine];

/** Whether two findings cite at least one common line of one file (whole-capture refs do not count). */
export function citeSameLines(a: Finding, b: Finding): boolean {
  for (const x of a.evidence) {
    const sx = span(x);
    if (sx === undefined || sx[1] - sx[0] > MAX_SPAN) continue;
    for (const y of b.evidence) {
      const sy = span(y);
      if (sy === undefined || y.file !== x.file || sy[1] - sy[0] > MAX_SPAN) continue;
      if (sx[0] <= sy[1] && sy[0] <= sx[1]) return true;
    }
  }
  return false;
}

const strength = (f: Finding): [number, number] => [priorityIndex(f.priority), LOG_ANGLES.indexOf(f.ruleId)];
const stronger = (a: Finding, b: Finding): boolean => {
  const [pa, ra] = strength(a);
  const [pb, rb] = strength(b);
  return pa !== pb ? pa < pb : ra < rb;
};

/** What a merge decided: which item was folded into which. */
export interface LogMerge<T> {
  kept: T[];
  folded: Array<{ item: T; into: T }>;
}

/**
 * Merge the log findings of one container that cite the same lines into the strongest; the others are
 * returned as folded (their evidence and titles now in the kept one). Items keep their order.
 */
export function mergeSameLogLines<T extends { finding: Finding }>(items: readonly T[]): LogMerge<T> {
  const logs = items.filter((i) => LOG_ANGLES.includes(i.finding.ruleId));
  const byContainer = new Map<string, T[]>();
  for (const i of logs) {
    const c = typeof i.finding.values['container'] === 'string' ? i.finding.values['container'] : i.finding.subject;
    byContainer.set(c, [...(byContainer.get(c) ?? []), i]);
  }
  const into = new Map<T, T>();
  for (const group of byContainer.values()) {
    if (group.length < 2) continue;
    // Components of 'cites a line in common', each merged into its strongest member.
    const parent = new Map<T, T>(group.map((g) => [g, g]));
    const root = (x: T): T => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r)!;
      return r;
    };
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++)
        if (citeSameLines(group[i]!.finding, group[j]!.finding)) parent.set(root(group[j]!), root(group[i]!));
    const components = new Map<T, T[]>();
    for (const g of group) components.set(root(g), [...(components.get(root(g)) ?? []), g]);
    for (const members of components.values()) {
      if (members.length < 2) continue;
      const best = members.reduce((a, b) => (stronger(b.finding, a.finding) ? b : a));
      for (const m of members) if (m !== best) into.set(m, best);
    }
  }
  const folded: LogMerge<T>['folded'] = [];
  for (const item of items) {
    const target = into.get(item);
    if (target === undefined) continue;
    const kept = target.finding;
    const cited = new Set(kept.evidence.map((e) => JSON.stringify(e)));
    for (const e of item.finding.evidence) if (!cited.has(JSON.stringify(e))) kept.evidence.push(e);
    kept.values[`also:${item.finding.ruleId}`] = item.finding.title;
    appendExplanation(kept, incidentSentence('sameLines', { title: item.finding.title }));
    folded.push({ item, into: target });
  }
  return { kept: items.filter((i) => !into.has(i)), folded };
}
