import type { Audit } from '../model/audit.ts';
import type { Finding, FindingLink, RuleResult } from '../model/finding.ts';
import type { Acceptance, EvidexConfig, RuleOverride } from './config.ts';
import { MessageError, renderMessage } from '../format/message.ts';
import type { AnyRule, LinkRequest, Messages, Report } from './define-rule.ts';
import { FACTS, type FactName } from './facts.ts';
import { exactFingerprint, fingerprint, normalizeSubject } from './fingerprint.ts';
import { rules as registry } from './index.ts';
import { missingFacts, NotEvaluated } from './requirements.ts';
import { compareByImpact } from '../incidents/order.ts';
import { mergeSameLogLines } from '../incidents/log-merge.ts';

export interface RunRulesOptions {
  config?: EvidexConfig;
  /** Rules to run, in order; defaults to the registry. */
  rules?: readonly AnyRule[];
  /** ISO time acceptances expire against; defaults to the bundle's capture time. */
  now?: string;
}

export interface RunRulesResult {
  findings: Finding[];
  results: RuleResult[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults ← configured options; object-valued options merge one level so a config can change one key of a map. */
export function mergeOptions(
  defaults: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    const base = defaults[k];
    merged[k] = isPlainObject(base) && isPlainObject(v) ? { ...base, ...v } : v;
  }
  return merged;
}

/**
 * The one finding order (src/core/incidents/order.ts): priority, then impact — business flow, affected
 * services, age — then category and fingerprint. Never alphabetical by rule or subject.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return compareByImpact(a, b);
}

function matchesAcceptance(a: Acceptance, f: Finding): boolean {
  if (a.fingerprint !== undefined) return a.fingerprint === f.fingerprint;
  if (a.rule !== f.ruleId) return false;
  return a.subject === undefined || normalizeSubject(a.subject) === normalizeSubject(f.subject);
}

/** An acceptance is expired once the day after `expires` has begun at `now` (the expiry day itself still counts). */
const isExpired = (a: Acceptance, now: string | undefined): boolean =>
  a.expires !== undefined && now !== undefined && a.expires < now.slice(0, 10);

/** The facts a rule declared, read from the audit (the runner has checked the required ones are there). */
export function pickFacts(audit: Audit, names: readonly FactName[]): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const name of names) {
    const value = FACTS[name].get(audit);
    if (value !== undefined) facts[name] = value;
  }
  return facts;
}

/** A report's words, rendered once (text style) so JSON readers and every printer get the same ones. */
export interface ReportWords {
  title: string;
  explanation: string;
  fix?: string;
  explain: string[];
}

/** Render a report's title, explanation and fix from the rule's messages; throws MessageError on a misfit. */
export function renderReport(rule: AnyRule, r: Report): ReportWords {
  const messages: Messages = rule.messages;
  const data = r.data ?? {};
  const render = (id: string): string => {
    const template = Object.hasOwn(messages, id) ? messages[id] : undefined;
    if (template === undefined) throw new MessageError(`no message '${id}'`);
    return renderMessage(template, data);
  };
  const explain = (r.explain ?? []).filter((id): id is string => typeof id === 'string');
  return {
    title: render(r.messageId),
    explanation: explain.map(render).join(' '),
    ...(r.fixId !== undefined ? { fix: render(r.fixId) } : {}),
    explain,
  };
}

interface Pending {
  finding: Finding;
  links: LinkRequest[];
  resultIndex: number;
}

/**
 * Run every rule on an audit: 'off' by config, 'not-evaluated' with the reason when evidence is
 * missing, 'error' (contained) when a rule throws, else 'pass' / 'fail'. Returns findings in
 * deterministic order with fingerprints, resolved links and acceptances applied.
 */
export function runRules(audit: Audit, options: RunRulesOptions = {}): RunRulesResult {
  const rules = options.rules ?? registry;
  const overrides = options.config?.rules ?? {};
  const results: RuleResult[] = [];
  const pending: Pending[] = [];

  for (const rule of rules) {
    const override: RuleOverride | undefined = overrides[rule.id];
    const inputs: string[] = [];
    if (override === 'off' || (override !== undefined && override.enabled === false)) {
      results.push({ ruleId: rule.id, status: 'off', reason: 'turned off in configuration', inputs });
      continue;
    }
    const missing = missingFacts(audit, rule.requires);
    if (missing.length > 0) {
      results.push({ ruleId: rule.id, status: 'not-evaluated', reason: missing.join('; '), inputs });
      continue;
    }
    const configured = override?.priority;
    const reports: Array<{ r: Report; words: ReportWords }> = [];
    const options = mergeOptions(rule.defaults, override?.options);
    try {
      rule.evaluate({
        facts: pickFacts(audit, [...rule.requires, ...(rule.uses ?? [])]),
        options,
        priority: configured ?? rule.priority,
        // Rendered as it is reported, so a template the data does not fit fails the rule, not the run.
        report: (r: Report) => void reports.push({ r, words: renderReport(rule, r) }),
        note: (line) => inputs.push(line),
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof NotEvaluated)
        results.push({ ruleId: rule.id, status: 'not-evaluated', reason: message, inputs });
      // Partial reports of a rule that crashed are dropped: half a judgement is not a finding.
      else results.push({ ruleId: rule.id, status: 'error', reason: `rule failed: ${message}`, inputs });
      continue;
    }
    const resultIndex = results.length;
    results.push({ ruleId: rule.id, status: reports.length > 0 ? 'fail' : 'pass', inputs, options });
    for (const { r, words } of reports) {
      pending.push({
        resultIndex,
        links: r.links ?? [],
        finding: {
          ruleId: rule.id,
          priority: configured ?? r.priority ?? rule.priority,
          category: rule.category,
          title: words.title,
          explanation: words.explanation,
          fix: words.fix ?? rule.fix,
          subject: r.subject,
          fingerprint: fingerprint(rule.id, r.subject),
          ...(r.observed !== undefined ? { observed: r.observed } : {}),
          ...(r.threshold !== undefined ? { threshold: r.threshold } : {}),
          values: { ...(r.values ?? {}) },
          evidence: r.evidence,
          ...(r.quote !== undefined ? { quote: r.quote } : {}),
          links: [],
          source: 'rule',
          messageId: r.messageId,
          ...(words.explain.length > 0 ? { explain: words.explain } : {}),
          ...(r.fixId !== undefined ? { fixId: r.fixId } : {}),
          data: { ...(r.data ?? {}) },
        },
      });
    }
  }

  // The same rule reporting the same subject twice (the same capture read twice) is one finding:
  // keep the first, with the evidence of both. A run never holds two findings with one fingerprint.
  const bySubject = new Map<string, Pending>();
  for (const p of pending.splice(0)) {
    const key = `${p.finding.ruleId}\0${p.finding.subject}`;
    const first = bySubject.get(key);
    if (first === undefined) {
      bySubject.set(key, p);
      pending.push(p);
      continue;
    }
    const cited = new Set(first.finding.evidence.map((e) => JSON.stringify(e)));
    for (const e of p.finding.evidence) if (!cited.has(JSON.stringify(e))) first.finding.evidence.push(e);
    results[p.resultIndex]?.inputs.push(`${p.finding.subject}: reported twice; merged into one finding`);
  }

  // One container gets one log finding for the same lines: an error rate, a stack trace and a repeated
  // error citing one line are merged into the strongest; links to the folded ones follow it.
  const redirect = new Map<string, string>();
  const merged = mergeSameLogLines(pending.splice(0));
  pending.push(...merged.kept);
  for (const { item, into } of merged.folded) {
    redirect.set(`${item.finding.ruleId}\0${item.finding.subject}`, `${into.finding.ruleId}\0${into.finding.subject}`);
    results[item.resultIndex]?.inputs.push(
      `${item.finding.subject}: cites the same lines as ${into.finding.ruleId}; merged into that finding`,
    );
    results[into.resultIndex]?.inputs.push(
      `${into.finding.subject}: holds ${item.finding.ruleId} on the same lines as detail`,
    );
  }

  // Two findings whose subjects normalise alike (web-1, web-2) would share a fingerprint: keep the
  // first, give the others one from the raw subject so every finding in a run is addressable.
  const seen = new Map<string, string>();
  for (const p of pending) {
    const f = p.finding;
    const other = seen.get(f.fingerprint);
    if (other !== undefined && other !== `${f.ruleId}\0${f.subject}`) {
      f.fingerprint = exactFingerprint(f.ruleId, f.subject);
      results[p.resultIndex]?.inputs.push(
        `${f.subject}: normalised subject collides with '${other.split('\0')[1]}'; fingerprinted on the exact subject`,
      );
    }
    seen.set(f.fingerprint, `${f.ruleId}\0${f.subject}`);
  }

  const byKey = new Map(pending.map((p) => [`${p.finding.ruleId}\0${p.finding.subject}`, p.finding.fingerprint]));
  for (const p of pending) {
    const links: FindingLink[] = [];
    for (const l of p.links) {
      const key = `${l.ruleId}\0${l.subject}`;
      const fp = byKey.get(redirect.get(key) ?? key);
      if (fp !== undefined && fp !== p.finding.fingerprint && !links.some((x) => x.fingerprint === fp))
        links.push({ type: l.type, fingerprint: fp });
    }
    p.finding.links = links;
  }

  const now = options.now ?? audit.bundle.capturedAt;
  for (const a of options.config?.accept ?? []) {
    for (const p of pending) {
      if (!matchesAcceptance(a, p.finding)) continue;
      const inputs = results[p.resultIndex]?.inputs;
      if (isExpired(a, now)) {
        inputs?.push(
          `${p.finding.subject}: acceptance expired on ${a.expires} (now ${now?.slice(0, 10)}), not applied: ` +
            `"${a.reason}"`,
        );
        continue;
      }
      if (a.expires !== undefined && now === undefined)
        inputs?.push(`${p.finding.subject}: acceptance expiry ${a.expires} not checked: capture time unknown`);
      p.finding.accepted = { reason: a.reason, ...(a.expires !== undefined ? { expires: a.expires } : {}) };
      inputs?.push(`${p.finding.subject}: accepted by configuration: "${a.reason}"`);
    }
  }

  return { findings: pending.map((p) => p.finding).sort(compareFindings), results };
}
