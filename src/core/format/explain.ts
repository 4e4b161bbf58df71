import type { Finding, RuleResult } from '../model/finding.ts';
import { neutralizeDeep } from '../text/neutralize.ts';

/** `evidex analyze --explain RULE`: the rule's status, why, what it looked at, and what it found. */
export function formatExplain(rawResult: RuleResult, rawFindings: readonly Finding[]): string {
  // Every string from evidence is shown escaped: none can move the cursor or forge a line.
  const result = neutralizeDeep(rawResult);
  const findings = neutralizeDeep(rawFindings);
  const out = [`${result.ruleId}: ${result.status}${result.reason ? ` — ${result.reason}` : ''}`];
  if (result.inputs.length > 0) {
    out.push('inputs:');
    for (const i of result.inputs) out.push(`  ${i}`);
  }
  for (const f of findings) {
    out.push(`finding ${f.priority} ${f.title}`);
    if (f.observed !== undefined)
      out.push(
        `  observed ${String(f.observed)}` +
          `${f.threshold !== undefined ? ` against threshold ${String(f.threshold)}` : ''}`,
      );
  }
  return out.join('\n') + '\n';
}
