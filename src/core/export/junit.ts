// `evidex export --format junit`: JUnit XML so a CI job shows the audit as tests. One <testsuite> per
// category; in it one failed <testcase> per finding at or above the threshold, a passed one per finding
// below it (its priority noted), a passed one per rule that found nothing, a <skipped> one per rule
// that was not evaluated or turned off, and an <error> one per rule that failed to run.
import type { Audit } from '../model/audit.ts';
import type { Finding, Priority, RuleResult } from '../model/finding.ts';
import { rules as registry } from '../rules/index.ts';
import { isAtOrAbove } from '../run/exit-code.ts';
import { neutralizeLine, neutralizeText } from '../text/neutralize.ts';
import { formatRef, getFindingPermalink, isSafeBaseUrl, type ExportInput } from './input.ts';
import { compareText } from '../text/compare.ts';

/** Options of {@link toJunit}. */
export interface JunitOptions {
  /** Findings at this priority or above are failures (default P1). */
  failOn?: Priority;
}

/** Characters XML 1.0 cannot hold at all, even escaped: C0 controls but TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const XML_INVALID = new RegExp(
  [
    '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]',
    '[\\ud800-\\udbff](?![\\udc00-\\udfff])',
    '(?<![\\ud800-\\udbff])[\\udc00-\\udfff]',
  ].join('|'),
  'g',
);

/** Text for an XML attribute or element: controls shown escaped (neutralised), markup characters as entities. */
export function escapeXml(text: string, multiline = false): string {
  return (multiline ? neutralizeText(text) : neutralizeLine(text))
    .replace(XML_INVALID, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
    .replace(/\r/g, '&#13;');
}

interface Case {
  name: string;
  classname: string;
  body?: string;
  failed?: boolean;
  errored?: boolean;
  skipped?: boolean;
}

/** The JUnit XML document of an audit. */
export function toJunit(input: ExportInput, options: JunitOptions = {}): string {
  const { audit } = input;
  const failOn = options.failOn ?? 'P1';
  const base = input.baseUrl && isSafeBaseUrl(input.baseUrl) ? input.baseUrl : undefined;
  const suites = new Map<string, Case[]>();
  const add = (category: string, c: Case) => suites.set(category, [...(suites.get(category) ?? []), c]);
  const byRule = new Map<string, Finding[]>();
  for (const f of audit.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);

  const results: RuleResult[] = [...audit.rules];
  for (const id of byRule.keys())
    if (!results.some((r) => r.ruleId === id)) results.push({ ruleId: id, status: 'fail', inputs: [] });
  for (const r of results) {
    const meta = registry.find((x) => x.id === r.ruleId);
    const findings = byRule.get(r.ruleId) ?? [];
    const category = meta?.category ?? findings[0]?.category ?? 'evidence';
    const classname = `evidex.${category}.${r.ruleId.replace(/\//g, '.')}`;
    if (findings.length > 0) {
      for (const f of findings) add(f.category, findingCase(f, classname, failOn, audit, base));
    } else if (r.status === 'error') {
      add(category, { name: r.ruleId, classname, errored: true, body: r.reason ?? 'the rule failed to run' });
    } else if (r.status === 'not-evaluated' || r.status === 'off') {
      add(category, { name: r.ruleId, classname, skipped: true, body: r.reason ?? r.status });
    } else {
      add(category, { name: r.ruleId, classname });
    }
  }

  const all = [...suites.values()].flat();
  const count = (p: (c: Case) => boolean | undefined, cs: Case[]) => cs.filter((c) => p(c) === true).length;
  const host = audit.host.hostname ?? audit.bundle.name;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`evidex ${host}`)}" tests="${all.length}" ` +
      `failures="${count((c) => c.failed, all)}" errors="${count((c) => c.errored, all)}" time="0">`,
  ];
  for (const [category, cases] of [...suites].sort(([a], [b]) => compareText(a, b))) {
    const timestamp = audit.bundle.capturedAt
      ? ` timestamp="${escapeXml(audit.bundle.capturedAt.replace(/\.\d+Z$|Z$/, ''))}"`
      : '';
    lines.push(
      `  <testsuite name="${escapeXml(category)}" package="evidex" tests="${cases.length}" ` +
        `failures="${count((c) => c.failed, cases)}" errors="${count((c) => c.errored, cases)}" ` +
        `skipped="${count((c) => c.skipped, cases)}" time="0"${timestamp} hostname="${escapeXml(host)}">`,
      '    <properties>',
      `      <property name="bundle" value="${escapeXml(audit.bundle.name)}"/>`,
      `      <property name="bundle.sha256" value="${escapeXml(audit.bundle.sha256)}"/>`,
      `      <property name="evidex.version" value="${escapeXml(audit.tool.version)}"/>`,
      `      <property name="rules.version" value="${escapeXml(audit.tool.rulesVersion)}"/>`,
      `      <property name="fail-on" value="${failOn}"/>`,
      '    </properties>',
    );
    for (const c of cases) lines.push(...caseXml(c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function findingCase(f: Finding, classname: string, failOn: Priority, audit: Audit, base: string | undefined): Case {
  const details = [
    `${f.priority} ${f.title}`,
    `subject: ${f.subject}`,
    `evidence: ${f.evidence.map(formatRef).join(', ')}`,
    ...(base ? [`permalink: ${getFindingPermalink(base, audit, f.fingerprint)}`] : []),
    '',
    f.explanation,
    '',
    `Fix: ${f.fix}`,
  ].join('\n');
  const name = `${f.priority} ${f.title}`;
  if (f.accepted) return { name, classname, skipped: true, body: `accepted: ${f.accepted.reason}` };
  if (isAtOrAbove(f.priority, failOn)) return { name, classname, failed: true, body: details };
  return { name, classname, body: `below --fail-on ${failOn}:\n${details}` };
}

function caseXml(c: Case): string[] {
  const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}" time="0"`;
  if (!c.body) return [`${open}/>`];
  const body = escapeXml(c.body, true);
  const first = escapeXml(c.body.split('\n')[0] ?? '');
  const inner = c.skipped
    ? `<skipped>${body}</skipped>`
    : c.errored
      ? `<error type="rule-error" message="${first}">${body}</error>`
      : c.failed
        ? `<failure type="${escapeXml(c.name.slice(0, 2))}" message="${first}">${body}</failure>`
        : `<system-out>${body}</system-out>`;
  return [`${open}>`, `      ${inner}`, '    </testcase>'];
}
