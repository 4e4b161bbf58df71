import type { Audit } from '../model/audit.ts';
import type { Finding, Incident, Priority } from '../model/finding.ts';
import { orderFindings, orderIncidents } from './order.ts';

// The backlog every view prints (CLI summary, Markdown, the site): incidents first within each
// priority, each as its cause with its symptoms folded under it, then the findings no incident
// holds. Evidence-quality notes (what the capture could not show) are kept apart: they are about
// the bundle, not the host, and are not work items for the on-call engineer.

/**
 * One line of the backlog: an incident (cause + symptoms) or a finding on its own. An incident whose cause
 * has no symptoms is still an incident (in `audit.incidents`), but views show it as its one finding.
 */
export interface BacklogItem {
  priority: Priority;
  /** The incident's cause, or the finding itself. */
  finding: Finding;
  incident?: Incident;
  /** The incident's symptoms, in the one order; empty for a finding on its own. */
  symptoms: Finding[];
}

export interface Backlog {
  /** Work items, P0 first; within a priority, incidents before findings on their own, then by impact. */
  items: BacklogItem[];
  /** Evidence-quality notes: empty captures, values without keys, unrecognised or error-holding files. */
  notes: Finding[];
  /** Findings configuration accepted, shown apart with their reason. */
  accepted: Finding[];
  /** Open backlog findings per priority (symptoms counted at their own priority; notes and accepted left out). */
  counts: Record<Priority, number>;
  /** Open backlog findings in all. */
  total: number;
}

/** Whether a finding is a note on the evidence's quality rather than a problem of the host. */
export const isEvidenceNote = (f: Pick<Finding, 'ruleId'>): boolean => f.ruleId.startsWith('evidence/');

/** The backlog of an audit: incidents from `audit.incidents`, everything in the one order. */
export function getBacklog(audit: Pick<Audit, 'findings' | 'incidents'>): Backlog {
  const incidents = orderIncidents(audit.incidents ?? [], audit.findings);
  const all = orderFindings(audit.findings, incidents);
  const byFp = new Map(all.map((f) => [f.fingerprint, f]));
  const open = all.filter((f) => f.accepted === undefined);
  const notes = open.filter(isEvidenceNote);
  const work = open.filter((f) => !isEvidenceNote(f));
  const rank = new Map(work.map((f, i) => [f.fingerprint, i]));

  const folded = new Set<string>();
  const items: BacklogItem[] = [];
  for (const inc of incidents) {
    const cause = byFp.get(inc.cause);
    if (cause === undefined || !rank.has(cause.fingerprint)) continue;
    const symptoms = inc.symptoms
      .map((fp) => byFp.get(fp))
      .filter((f): f is Finding => f !== undefined && rank.has(f.fingerprint) && !folded.has(f.fingerprint));
    folded.add(cause.fingerprint);
    for (const s of symptoms) folded.add(s.fingerprint);
    items.push({ priority: inc.priority, finding: cause, incident: inc, symptoms });
  }
  for (const f of work) if (!folded.has(f.fingerprint)) items.push({ priority: f.priority, finding: f, symptoms: [] });

  // Within a priority: incidents with symptoms first (in incident order), then every other line by impact.
  const order = ['P0', 'P1', 'P2', 'P3'];
  const folds = (i: BacklogItem) => i.incident !== undefined && i.symptoms.length > 0;
  const position = (i: BacklogItem) =>
    folds(i) && i.incident !== undefined ? incidents.indexOf(i.incident) : (rank.get(i.finding.fingerprint) ?? 0);
  items.sort(
    (a, b) =>
      order.indexOf(a.priority) - order.indexOf(b.priority) ||
      Number(folds(b)) - Number(folds(a)) ||
      position(a) - position(b),
  );

  const counts: Record<Priority, number> = { P0: 0, P1: 0, P2: 0, P3: 0 };
  for (const f of work) counts[f.priority]++;
  return {
    items,
    notes,
    accepted: all.filter((f) => f.accepted !== undefined),
    counts,
    total: work.length,
  };
}
