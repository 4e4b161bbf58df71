// `evidex export --format md`: a postmortem document in GitHub-flavoured Markdown — where the audit
// came from, incidents, the backlog P0 first with redacted evidence excerpts, the timeline when one is
// given, the event flow as a ```mermaid block GitHub renders, and what the audit could not see.
import { code, escapeMarkdown, notEvaluatedSection } from '../format/markdown.ts';
import { formatTime } from '../format/units.ts';
import type { Audit } from '../model/audit.ts';
import type { Finding, Priority } from '../model/finding.ts';
import { markdownCodeBlock, neutralizeDeep, neutralizeLine } from '../text/neutralize.ts';
import { formatFindingMarkdown } from './finding-markdown.ts';
import { formatRef, openFindings, type ExportInput, type ExportTimelineEvent } from './input.ts';

const PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2', 'P3'];

/** A code span inside a table cell: GFM splits cells before it reads code spans, so `|` is escaped even there. */
const cellCode = (s: string) => code(s).replace(/\|/g, '\\|');

/** Options of {@link toPostmortemMarkdown}. */
export interface PostmortemMarkdownOptions {
  /** Mermaid source of the event flow (src/core/flow `toMermaid`); the section is left out when absent or empty. */
  mermaid?: string;
}

/** The postmortem Markdown document. */
export function toPostmortemMarkdown(input: ExportInput, options: PostmortemMarkdownOptions = {}): string {
  const audit = input.audit;
  const host = audit.host.hostname ?? audit.bundle.name;
  const out: string[] = [`# Postmortem evidence · ${escapeMarkdown(neutralizeLine(host))}`, ''];
  out.push(...identity(audit), '');
  if (!audit.redaction.enabled)
    out.push('> **Warning:** this audit was made with redaction turned off; excerpts may hold secrets.', '');

  const open = openFindings(audit);
  out.push('## Summary', '', '| Priority | Open findings |', '| --- | ---: |');
  for (const p of PRIORITIES) out.push(`| ${p} | ${open.filter((f) => f.priority === p).length} |`);
  out.push('');

  out.push(...incidents(audit), ...timeline(input.timeline));

  out.push('## Backlog', '');
  if (audit.findings.length === 0) out.push('No findings.', '');
  for (const p of PRIORITIES) {
    const group = audit.findings.filter((f) => f.priority === p);
    if (group.length === 0) continue;
    out.push(`### ${p}`, '');
    for (const f of group) out.push(formatFindingMarkdown(f, input, { level: 4 }));
  }

  const flow = options.mermaid?.trim();
  if (flow && flow.split('\n').length > 1) {
    out.push('## Event flow', '', 'Producers → streams → consumer groups → consumers; red marks a lagging path.', '');
    // toMermaid escapes every label (no fence, directive or markup can come from evidence); the fence is
    // still chosen longer than any backtick run in the text.
    out.push(markdownCodeBlock(flow, 'mermaid'), '');
  }

  out.push(
    ...notEvaluatedSection(
      audit,
      'These rules could not run on this bundle; no finding from them is not a pass.',
      (r) => `- ${code(r.ruleId)} (${r.status}): ${escapeMarkdown(neutralizeLine(r.reason ?? r.status))}`,
    ),
  );
  if (audit.evidenceIssues.length > 0) {
    out.push('## Evidence issues', '');
    for (const i of audit.evidenceIssues)
      out.push(
        `- ${code(`${i.file}${i.line ? `:${i.line}` : ''}`)} ${i.kind}: ${escapeMarkdown(neutralizeLine(i.message))}`,
      );
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** Host, capture time, bundle hash, tool and rules versions: the provenance every copy carries. */
export function identity(raw: Audit): string[] {
  const a = neutralizeDeep(raw);
  return [
    '| | |',
    '| --- | --- |',
    `| Host | ${escapeMarkdown(a.host.hostname ?? 'unknown')} |`,
    `| Captured | ${formatTime(a.bundle.capturedAt)}` +
      `${a.bundle.capturedAtSource ? ` (from ${escapeMarkdown(a.bundle.capturedAtSource)})` : ''} |`,
    `| Bundle | ${cellCode(a.bundle.name)}, ${a.bundle.files} files, ${a.bundle.bytes} bytes |`,
    `| Bundle sha256 | ${cellCode(a.bundle.sha256)} |`,
    `| evidex | ${escapeMarkdown(a.tool.version)}, rules version ${escapeMarkdown(a.tool.rulesVersion)} |`,
  ];
}

function incidents(audit: Audit): string[] {
  const list = audit.incidents;
  if (!list || list.length === 0) return [];
  const byFp = new Map(audit.findings.map((f) => [f.fingerprint, f] as const));
  const title = (fp: string) => {
    const f: Finding | undefined = byFp.get(fp);
    return f ? `${f.priority} ${escapeMarkdown(neutralizeLine(f.title))}` : code(fp);
  };
  const out = ['## Incidents', ''];
  for (const i of list) {
    out.push(`### ${i.priority} · ${escapeMarkdown(neutralizeLine(i.title))}`, '');
    out.push(`- **Cause:** ${title(i.cause)}`);
    if (i.containers.length > 0)
      out.push(`- **Containers:** ${i.containers.map((c) => code(neutralizeLine(c))).join(', ')}`);
    if (i.symptoms.length > 0) {
      out.push('- **Symptoms:**');
      for (const s of i.symptoms) out.push(`  - ${title(s)}`);
    }
    out.push('');
  }
  return out;
}

/** The timeline section, when the caller has a timeline (src/core/timeline builds one). */
function timeline(events: readonly ExportTimelineEvent[] | undefined): string[] {
  if (!events || events.length === 0) return [];
  const out = ['## Timeline', '', '| Time (UTC) | Event | Evidence |', '| --- | --- | --- |'];
  for (const e of events) {
    const what = `${escapeMarkdown(neutralizeLine(e.title))}${e.count && e.count > 1 ? ` (×${e.count})` : ''}`;
    const refs = (e.evidence ?? []).slice(0, 3).map((r) => cellCode(neutralizeLine(formatRef(r))));
    out.push(`| ${formatTime(e.at)} | ${what} | ${refs.join(', ')} |`);
  }
  out.push('');
  return out;
}
