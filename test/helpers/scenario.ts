// The scenario lab's expectations (test/fixtures/scenarios/<name>/expected.json), written by an auditor before
// evidex ran on the bundle, and the comparison of an audit against them. The comparison returns every problem
// at once, as readable lines, so one failing scenario shows the whole gap (missing, extra, misprioritised).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Audit } from '../../src/core/model/audit.ts';
import type { Finding, Priority } from '../../src/core/model/finding.ts';

const Prio = z.enum(['P0', 'P1', 'P2', 'P3']);
/** One priority, or the range an auditor accepts as defensible (e.g. ["P1", "P2"]). */
const Priorities = z.union([Prio, z.array(Prio).min(1)]);

/** A rule id, or the rules any one of which the auditor accepts for the item. */
const RuleIds = z.union([z.string(), z.array(z.string()).min(1)]);

/** A finding the auditor expects: its rule, a substring its subject must contain, and its priority. */
const ExpectedFinding = z.object({
  ruleId: RuleIds,
  subject: z.string().min(1),
  priority: Priorities,
  /** Why the auditor expects it (free text, for the reader). */
  why: z.string().optional(),
});
const ExpectedSymptom = ExpectedFinding.extend({ priority: Priorities.optional() });

export const ScenarioExpectation = z.object({
  scenario: z.string(),
  description: z.string(),
  incidents: z.array(
    z.object({
      id: z.string(),
      summary: z.string(),
      cause: ExpectedFinding.extend({
        /** Words the cause's headline must show: its title or the quote under it (what the container last said). */
        says: z.string().min(1).optional(),
      }),
      symptoms: z.array(ExpectedSymptom),
    }),
  ),
  /** Other findings expected on their own (not part of an incident). */
  findings: z.array(ExpectedFinding),
  /** What must not be raised: a rule (or any rule) on a subject, optionally only at these priorities. */
  mustNotFlag: z.array(
    z.object({
      ruleId: RuleIds.optional(),
      subject: z.string().min(1),
      /** Only these priorities are wrong (e.g. scanner 404s at P0–P2); absent: any priority is wrong. */
      priority: Priorities.optional(),
      why: z.string(),
    }),
  ),
});
export type ScenarioExpectation = z.infer<typeof ScenarioExpectation>;

export function loadExpectation(file: string): ScenarioExpectation {
  return ScenarioExpectation.parse(JSON.parse(readFileSync(file, 'utf8')));
}

const list = (p: Priority | Priority[] | undefined): Priority[] | undefined =>
  p === undefined ? undefined : Array.isArray(p) ? p : [p];
const show = (f: Finding) => `${f.priority} ${f.ruleId} ${f.subject}`;
type Rules = string | string[] | undefined;
const matches = (f: Finding, want: { ruleId?: Rules; subject: string }) =>
  (want.ruleId === undefined ||
    (Array.isArray(want.ruleId) ? want.ruleId.includes(f.ruleId) : f.ruleId === want.ruleId)) &&
  f.subject.includes(want.subject);
const rules = (r: Rules) => (r === undefined ? 'any rule' : Array.isArray(r) ? r.join('|') : r);

/** What kind of gap a problem line reports (the scenario test has one check per kind). */
export type ProblemKind = 'cause' | 'symptom' | 'finding' | 'must-not-flag' | 'duplicate' | 'p0';
export interface Problem {
  kind: ProblemKind;
  message: string;
}

/** One line per way the audit differs from the expectation; empty when it meets it. */
export function compareScenario(audit: Audit, want: ScenarioExpectation): Problem[] {
  const problems: Problem[] = [];
  let kind: ProblemKind = 'cause';
  const push = (message: string) => problems.push({ kind, message });
  const findings = audit.findings;
  const byFp = new Map(findings.map((f) => [f.fingerprint, f]));

  /** The finding for an expected item, or a problem line. */
  const locate = (
    what: string,
    item: { ruleId: string | string[]; subject: string; priority?: Priority | Priority[] | undefined },
  ): Finding | undefined => {
    const hits = findings.filter((f) => matches(f, item));
    const allowed = list(item.priority);
    if (hits.length === 0) {
      const near = findings.filter((f) => f.subject.includes(item.subject)).map(show);
      push(
        `missing ${what}: ${allowed?.join('|') ?? 'any'} ${rules(item.ruleId)} ~${item.subject}` +
          (near.length > 0 ? `  (on that subject evidex has: ${near.join('; ')})` : '  (nothing on that subject)'),
      );
      return undefined;
    }
    const ok = allowed === undefined ? hits : hits.filter((f) => allowed.includes(f.priority));
    if (ok.length === 0) {
      push(`misprioritised ${what}: want ${allowed!.join('|')}, got ${hits.map(show).join('; ')}`);
      return hits[0];
    }
    return ok[0];
  };

  for (const inc of want.incidents) {
    kind = 'cause';
    const cause = locate(`cause of incident ${inc.id}`, inc.cause);
    kind = 'symptom';
    const symptoms = inc.symptoms.map((s) => locate(`symptom of incident ${inc.id}`, s));
    kind = 'cause';
    if (!cause) continue;
    const says = inc.cause.says;
    if (says !== undefined && !cause.title.includes(says) && !(cause.quote?.text.includes(says) ?? false)) {
      push(
        `incident ${inc.id}: the headline of ${show(cause)} does not show '${says}' ` +
          `(title: ${cause.title}; quote: ${cause.quote?.text ?? 'none'})`,
      );
    }
    // The cause must be the top finding of its incident: when evidex forms incidents, the incident whose cause
    // is this finding; when it does not, the finding must still come before its symptoms in the backlog.
    if (audit.incidents !== undefined) {
      const formed = audit.incidents.find((i) => i.cause === cause.fingerprint);
      if (!formed) {
        const holder = audit.incidents.find((i) => i.symptoms.includes(cause.fingerprint));
        push(
          `incident ${inc.id}: ${show(cause)} is not the cause of any incident` +
            (holder
              ? ` (it is a symptom under ${byFp.get(holder.cause) ? show(byFp.get(holder.cause)!) : holder.cause})`
              : ''),
        );
      } else {
        kind = 'symptom';
        for (const s of symptoms) {
          if (s && s.fingerprint !== cause.fingerprint && !formed.symptoms.includes(s.fingerprint))
            push(`incident ${inc.id}: symptom ${show(s)} is not folded under its cause ${show(cause)}`);
        }
      }
    } else {
      push(`incident ${inc.id}: evidex formed no incidents (audit.incidents absent); cause ${show(cause)}`);
    }
  }
  kind = 'finding';
  for (const f of want.findings) locate('finding', f);
  kind = 'must-not-flag';

  for (const no of want.mustNotFlag) {
    const bad = list(no.priority);
    for (const f of findings.filter((x) => matches(x, no) && (bad === undefined || bad.includes(x.priority))))
      push(`must not flag: ${show(f)}  — ${no.why}`);
  }

  kind = 'duplicate';
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const prev = seen.get(f.fingerprint);
    if (prev) push(`duplicate fingerprint ${f.fingerprint}: ${show(prev)} and ${show(f)}`);
    seen.set(f.fingerprint, f);
  }

  // Every P0 must be one the auditor expects at P0: a business flow offline now.
  kind = 'p0';
  // A symptom without its own priority may share its cause's.
  const p0Allowed = [
    ...want.incidents.flatMap((i) => [
      i.cause,
      ...i.symptoms.map((s) => ({ ...s, priority: s.priority ?? i.cause.priority })),
    ]),
    ...want.findings,
  ].filter((e) => list(e.priority)?.includes('P0'));
  // A finding evidex folded under an incident whose cause is an expected P0 cause shares that incident's urgency.
  const p0Causes = want.incidents.map((i) => i.cause).filter((c) => list(c.priority)?.includes('P0'));
  const underP0 = new Set(
    (audit.incidents ?? [])
      .filter((i) => {
        const c = byFp.get(i.cause);
        return c !== undefined && p0Causes.some((e) => matches(c, e));
      })
      .flatMap((i) => i.symptoms),
  );
  for (const f of findings.filter((x) => x.priority === 'P0'))
    if (!p0Allowed.some((e) => matches(f, e)) && !underP0.has(f.fingerprint)) push(`unexpected P0: ${show(f)}`);

  return problems;
}
