import { Category, type Finding, type Incident, type Priority } from '../model/finding.ts';
import { compareText } from '../text/compare.ts';

// The one order every view shows findings in (the runner's output, --json, the CLI summary, Markdown,
// the site): priority first, then impact — a business flow before a side flow, more affected services
// before fewer, an older problem before a newer one — and only then category and the fingerprint, so the
// order is total and stable but never alphabetical by name.

const PRIORITY_ORDER: readonly Priority[] = ['P0', 'P1', 'P2', 'P3'];
const CATEGORY_ORDER: readonly string[] = Category.options;

/** Values that say how long a problem has lasted, in seconds. */
const AGE_KEYS = ['stalledFor', 'stalledSeconds', 'ageSeconds', 'idleSeconds', 'downSeconds'] as const;

/** How much a finding matters within its priority; larger is more. */
export interface Impact {
  /** 2 a business flow (the rule said so), 1 availability or data flow, 0 anything else or a side flow. */
  business: number;
  /** Services (containers) the problem touches: its incident's, else the ones the finding names. */
  affected: number;
  /** Seconds the problem has lasted, when the finding knows. */
  age: number;
  /** 1 for an incident's cause: it comes before its symptoms when nothing else tells them apart. */
  cause?: number;
}

/** Per-finding impact a rule's values give on their own, without incidents. */
export function getImpact(f: Finding): Impact {
  const flow = f.values['flow'];
  const business =
    flow === 'business' ? 2 : flow === 'side' ? 0 : f.category === 'availability' || f.category === 'data-flow' ? 1 : 0;
  const named = f.values['containers'];
  const affected =
    typeof named === 'number'
      ? named
      : typeof named === 'string' && named !== ''
        ? named.split(',').length
        : typeof f.values['container'] === 'string' && f.values['container'] !== ''
          ? 1
          : 0;
  let age = 0;
  for (const k of AGE_KEYS) {
    const v = f.values[k];
    if (typeof v === 'number' && Number.isFinite(v) && v > age) age = v;
  }
  return { business, affected, age };
}

export const priorityIndex = (p: Priority): number => PRIORITY_ORDER.indexOf(p);

/** Compare by priority, then by impact (business, affected, age), then category, then fingerprint. */
export function compareByImpact(a: Finding, b: Finding, ia: Impact = getImpact(a), ib: Impact = getImpact(b)): number {
  return (
    priorityIndex(a.priority) - priorityIndex(b.priority) ||
    ib.business - ia.business ||
    ib.affected - ia.affected ||
    ib.age - ia.age ||
    (ib.cause ?? 0) - (ia.cause ?? 0) ||
    CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/**
 * The impact of each finding once incidents are known: a member of an incident counts every service the
 * incident touches, and the incident's most business-critical, oldest member.
 */
export function getImpacts(findings: readonly Finding[], incidents: readonly Incident[]): Map<string, Impact> {
  const impacts = new Map(findings.map((f) => [f.fingerprint, getImpact(f)]));
  for (const inc of incidents) {
    const members = [inc.cause, ...inc.symptoms].map((fp) => impacts.get(fp)).filter((x) => x !== undefined);
    const joint: Impact = {
      business: Math.max(0, ...members.map((m) => m.business)),
      affected: Math.max(inc.containers.length, ...members.map((m) => m.affected)),
      age: Math.max(0, ...members.map((m) => m.age)),
    };
    for (const fp of [inc.cause, ...inc.symptoms])
      if (impacts.has(fp)) impacts.set(fp, { ...joint, cause: fp === inc.cause ? 1 : 0 });
  }
  return impacts;
}

/** Findings in the one order every view uses (see the top of this file). */
export function orderFindings(findings: readonly Finding[], incidents: readonly Incident[] = []): Finding[] {
  const impacts = getImpacts(findings, incidents);
  return [...findings].sort((a, b) => compareByImpact(a, b, impacts.get(a.fingerprint), impacts.get(b.fingerprint)));
}

/** Incidents most urgent first, by their cause in the same order as findings. */
export function orderIncidents(incidents: readonly Incident[], findings: readonly Finding[]): Incident[] {
  const impacts = getImpacts(findings, incidents);
  const byFp = new Map(findings.map((f) => [f.fingerprint, f]));
  return [...incidents].sort((x, y) => {
    const a = byFp.get(x.cause);
    const b = byFp.get(y.cause);
    const byPriority = priorityIndex(x.priority) - priorityIndex(y.priority);
    if (byPriority !== 0 || a === undefined || b === undefined) return byPriority || (x.id < y.id ? -1 : 1);
    // The incident's priority, not its cause's, is what ranks it.
    return compareByImpact(
      { ...a, priority: x.priority },
      { ...b, priority: y.priority },
      impacts.get(a.fingerprint),
      impacts.get(b.fingerprint),
    );
  });
}
