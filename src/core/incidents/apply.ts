import type { Audit } from '../model/audit.ts';
import type { Finding, RuleResult } from '../model/finding.ts';
import type { EvidexConfig } from '../rules/config.ts';
import { formIncidents } from './form.ts';

/**
 * Findings that share a fingerprint are one finding: the first keeps the others' evidence and links.
 * The runner already merges one rule's repeated reports; this also covers findings from elsewhere
 * (manual findings, a second reader of the same capture) so no two findings in an audit share one.
 */
export function mergeSameFingerprint(findings: readonly Finding[]): { findings: Finding[]; merged: Finding[] } {
  const first = new Map<string, Finding>();
  const merged: Finding[] = [];
  for (const f of findings) {
    const kept = first.get(f.fingerprint);
    if (kept === undefined) {
      first.set(f.fingerprint, { ...f, evidence: [...f.evidence], links: [...f.links] });
      continue;
    }
    const cited = new Set(kept.evidence.map((e) => JSON.stringify(e)));
    for (const e of f.evidence) if (!cited.has(JSON.stringify(e))) kept.evidence.push(e);
    for (const l of f.links)
      if (!kept.links.some((k) => k.type === l.type && k.fingerprint === l.fingerprint)) kept.links.push(l);
    merged.push(f);
  }
  return { findings: [...first.values()], merged };
}

/**
 * The last step of a run: merge findings with one fingerprint, form incidents, and put findings and
 * incidents on the audit in the one order; what was decided goes to the rules' `--explain` inputs.
 */
export function applyIncidents(
  audit: Audit,
  findings: readonly Finding[],
  results: RuleResult[],
  config?: EvidexConfig,
): void {
  const { findings: unique, merged } = mergeSameFingerprint(findings);
  const inputsOf = (ruleId: string) => results.find((r) => r.ruleId === ruleId)?.inputs;
  for (const m of merged) inputsOf(m.ruleId)?.push(`${m.subject}: same fingerprint as another finding; merged into it`);
  const fixedPriority = new Set(
    Object.entries(config?.rules ?? {})
      .filter(([, o]) => typeof o === 'object' && o.priority !== undefined)
      .map(([id]) => id),
  );
  // Side flows are the ones the lag rule judged so, with the words it ran with (configured or default).
  const words = results.find((r) => r.ruleId === 'stream/consumer-group-lag')?.options?.['sideFlowWords'];
  const sideFlowWords = Array.isArray(words) && words.every((w) => typeof w === 'string') ? words : undefined;
  const formed = formIncidents(audit, unique, { fixedPriority, ...(sideFlowWords ? { sideFlowWords } : {}) });
  for (const n of formed.notes) inputsOf(n.ruleId)?.push(n.note);
  audit.findings = formed.findings;
  if (formed.incidents.length > 0) audit.incidents = formed.incidents;
  else delete audit.incidents;
}
