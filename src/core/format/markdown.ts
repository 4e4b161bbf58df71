import type { Audit } from '../model/audit.ts';
import type { Finding, RuleResult } from '../model/finding.ts';
import { PRIORITIES } from './summary.ts';
import { formatRefs } from './refs.ts';
import { formatTime } from './units.ts';
import { neutralizeDeep } from '../text/neutralize.ts';
import { getBacklog } from '../incidents/backlog.ts';

/** Escape evidence-derived text for Markdown: no markup, links, HTML or table breaks can come through. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\`*_{}\[\]()#+!|~>]/g, (c) => `\\${c}`)
      .replace(/</g, '&lt;')
      // GFM autolinks bare URLs, www. hosts and e-mail addresses: entities break the pattern, render the same.
      .replace(/:\/\//g, ':&#47;&#47;')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}&#46;`)
      .replace(/@/g, '&#64;')
      .replace(/\r?\n/g, ' ')
  );
}

/** Evidence-derived text as an inline code span: literal inside, and no way to close the span early. */
export function code(text: string): string {
  const t = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 || t.startsWith(' ') ? `${fence} ${t} ${fence}` : `${fence}${t}${fence}`;
}

/**
 * Split text into code spans and the text between them, by CommonMark's rule: a run of N backticks
 * opens a span that the next run of exactly N closes; an unmatched run is literal text.
 */
function splitCodeSpans(text: string): Array<{ code: boolean; text: string }> {
  const parts: Array<{ code: boolean; text: string }> = [];
  const runs = [...text.matchAll(/`+/g)];
  let at = 0;
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    const close = runs.slice(i + 1).findIndex((r) => r[0].length === open[0].length);
    if (close < 0 || open.index < at) continue;
    const end = runs[i + 1 + close]!;
    if (open.index > at) parts.push({ code: false, text: text.slice(at, open.index) });
    parts.push({ code: true, text: text.slice(open.index, end.index + end[0].length) });
    at = end.index + end[0].length;
    i += 1 + close;
  }
  if (at < text.length) parts.push({ code: false, text: text.slice(at) });
  return parts;
}

/**
 * Authored prose (rule fixes and explanations, manual findings) as one line of GitHub Markdown: its code
 * spans and **bold** survive, everything else is escaped as evidence text is. Values interpolated from
 * evidence can at most open or close a code span, which only ever shows text literally.
 */
export function proseMarkdown(text: string): string {
  return splitCodeSpans(text.replace(/\r?\n/g, ' '))
    .map((p) => (p.code ? p.text : escapeMarkdown(p.text).replace(/\\\*\\\*(?=\S)(.+?)(?<=\S)\\\*\\\*/g, '**$1**')))
    .join('');
}

/**
 * Multi-paragraph authored prose (a manual finding's body): paragraphs and `-`/`*`/`1.` list items
 * are kept as Markdown blocks, each line's text goes through {@link proseMarkdown}.
 */
export function proseMarkdownBlock(text: string): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(proseMarkdown(paragraph.join(' ')), '');
    paragraph = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const item = /^\s*([-*]|\d{1,3}[.)])\s+(.*)$/.exec(line);
    if (line.trim() === '') flush();
    else if (item) {
      flush();
      out.push(`${/\d/.test(item[1]!) ? item[1]!.replace(')', '.') : '-'} ${proseMarkdown(item[2]!)}`);
    } else {
      if (out.length > 0 && /^(-|\d+\.) /.test(out[out.length - 1]!) && paragraph.length === 0) out.push('');
      paragraph.push(line.trim());
    }
  }
  flush();
  while (out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

function findingBlock(f: Finding, audit: Audit, heading = '###', label = ''): string[] {
  const lines = [
    `${heading} ${f.priority} · ${label}${escapeMarkdown(f.title)}${f.source === 'manual' ? ' _(manual)_' : ''}`,
    '',
  ];
  lines.push(`- **Rule:** \`${f.ruleId}\` · **Category:** ${f.category} · **Fingerprint:** \`${f.fingerprint}\``);
  if (f.observed !== undefined)
    lines.push(
      `- **Observed:** ${escapeMarkdown(String(f.observed))}` +
        `${f.threshold !== undefined ? ` (threshold ${escapeMarkdown(String(f.threshold))})` : ''}`,
    );
  if (f.accepted)
    lines.push(
      `- **Accepted:** ${escapeMarkdown(f.accepted.reason)}` +
        `${f.accepted.expires ? ` (until ${f.accepted.expires})` : ''}`,
    );
  lines.push(`- **Evidence:** ${escapeMarkdown(formatRefs(f, 10))}`);
  for (const link of f.links) {
    const other = audit.findings.find((o) => o.fingerprint === link.fingerprint);
    if (other) lines.push(`- **${link.type.replace('-', ' ')}:** ${other.priority} ${escapeMarkdown(other.title)}`);
  }
  lines.push('', proseMarkdownBlock(f.explanation), '', `**Fix:** ${proseMarkdown(f.fix)}`, '');
  return lines;
}

/** The backlog as GitHub-flavoured Markdown, P0 first: what a postmortem attaches. */
export function formatBacklogMarkdown(raw: Audit): string {
  // Every string from evidence is neutralised before Markdown escaping: no control reaches the file.
  const audit = neutralizeDeep(raw);
  const out: string[] = [];
  out.push(`# Backlog · ${escapeMarkdown(audit.host.hostname ?? audit.bundle.name)}`, '');
  out.push(
    `Bundle ${code(audit.bundle.name)} · sha256 \`${audit.bundle.sha256}\` · ${audit.bundle.files} files · ` +
      `captured ~${formatTime(audit.bundle.capturedAt)} · evidex ${audit.tool.version}`,
    '',
  );
  // Incidents first within each priority, the cause and then its symptoms; evidence notes in their own section.
  const backlog = getBacklog(audit);
  out.push('| Priority | Findings |', '| --- | --- |');
  for (const p of PRIORITIES) out.push(`| ${p} | ${backlog.counts[p]} |`);
  out.push('');
  for (const p of PRIORITIES) {
    const group = backlog.items.filter((i) => i.priority === p);
    if (group.length === 0) continue;
    out.push(`## ${p}`, '');
    for (const item of group) {
      if (item.incident === undefined || item.symptoms.length === 0) {
        out.push(...findingBlock(item.finding, audit));
        continue;
      }
      const n = item.symptoms.length;
      const containers =
        item.incident.containers.length > 0 ? item.incident.containers.map((c) => code(c)).join(', ') : 'none named';
      out.push(
        `### ${p} · Incident: ${escapeMarkdown(item.incident.title)}`,
        '',
        `${n} symptom${n === 1 ? '' : 's'} folded under the cause · containers: ${containers} ` +
          `· id \`${item.incident.id}\``,
        '',
      );
      out.push(...findingBlock(item.finding, audit, '####', 'Cause: '));
      for (const s of item.symptoms) out.push(...findingBlock(s, audit, '####', 'Symptom: '));
    }
  }
  if (backlog.accepted.length > 0) {
    out.push('## Accepted', '');
    for (const f of backlog.accepted) out.push(...findingBlock(f, audit));
  }
  out.push(
    ...notEvaluatedSection(
      audit,
      'These rules could not run on this bundle; absence of a finding here is not a pass.',
      (r) => `- ${code(r.ruleId)}: ${escapeMarkdown(r.reason ?? r.status)}`,
    ),
  );
  const noted = new Set(backlog.notes.flatMap((f) => f.evidence.map((e) => e.file)));
  const issues = audit.evidenceIssues.filter((i) => !noted.has(i.file));
  if (backlog.notes.length + issues.length > 0) {
    out.push(
      '## Evidence quality',
      '',
      'What this capture could not show; notes on the evidence, not work items for the host.',
      '',
    );
    for (const f of backlog.notes) out.push(`- ${code(formatRefs(f, 3))} ${escapeMarkdown(f.title)}`);
    for (const i of issues)
      out.push(`- ${code(`${i.file}${i.line ? `:${i.line}` : ''}`)} ${i.kind}: ${escapeMarkdown(i.message)}`);
    out.push('');
  }
  return out.join('\n');
}

/** The "Not evaluated" section: the rules that could not run (no finding from them is no pass), or nothing. */
export function notEvaluatedSection(audit: Audit, intro: string, item: (r: RuleResult) => string): string[] {
  const unjudged = audit.rules.filter((r) => r.status === 'not-evaluated' || r.status === 'error');
  return unjudged.length > 0 ? ['## Not evaluated', '', intro, '', ...unjudged.map(item), ''] : [];
}
