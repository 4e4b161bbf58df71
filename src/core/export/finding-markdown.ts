// One finding as GitHub-flavoured Markdown: what the postmortem export writes per finding and what the
// site's "copy as Markdown" button puts on the clipboard, so both say the same thing.
import { code, escapeMarkdown, proseMarkdown, proseMarkdownBlock } from '../format/markdown.ts';
import type { Audit } from '../model/audit.ts';
import type { Finding } from '../model/finding.ts';
import { markdownCodeBlock, neutralizeDeep } from '../text/neutralize.ts';
import { formatRef, getExcerpt, getFindingPermalink, isSafeBaseUrl, type ExportInput } from './input.ts';

/** Options of {@link formatFindingMarkdown}. */
export interface FindingMarkdownOptions {
  /** Heading level of the finding's title (default 3). */
  level?: 2 | 3 | 4;
  /** Cite the evidence lines as fenced excerpts (needs `evidence`; default true). */
  excerpts?: boolean;
}

/** A Markdown link whose URL is ours (base URL checked, path made of slugs): `<…>` keeps any character literal. */
const link = (text: string, url: string) => `[${text}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`;

/**
 * A finding as Markdown: title with priority, rule, subject, observed value, evidence (with redacted
 * excerpts when the evidence texts are given), explanation and fix; its site permalink when a base URL
 * is given. Every evidence-derived string is neutralised and escaped.
 */
export function formatFindingMarkdown(
  raw: Finding,
  input: Pick<ExportInput, 'evidence' | 'baseUrl'> & { audit: Pick<Audit, 'bundle' | 'findings'> },
  options: FindingMarkdownOptions = {},
): string {
  const f = neutralizeDeep(raw);
  const hashes = '#'.repeat(options.level ?? 3);
  const out = [`${hashes} ${f.priority} · ${escapeMarkdown(f.title)}${f.source === 'manual' ? ' _(manual)_' : ''}`, ''];
  const meta = [`**Rule:** ${code(f.ruleId)}`, `**Category:** ${f.category}`, `**Subject:** ${code(f.subject)}`];
  if (input.baseUrl && isSafeBaseUrl(input.baseUrl))
    meta.push(link('permalink', getFindingPermalink(input.baseUrl, input.audit, raw.fingerprint)));
  out.push(meta.join(' · '), '');
  if (f.observed !== undefined)
    out.push(
      `- **Observed:** ${code(String(f.observed))}` +
        `${f.threshold !== undefined ? ` (threshold ${code(String(f.threshold))})` : ''}`,
    );
  if (f.accepted)
    out.push(
      `- **Accepted:** ${escapeMarkdown(f.accepted.reason)}` +
        `${f.accepted.expires ? ` (until ${code(f.accepted.expires)})` : ''}`,
    );
  out.push(`- **Fingerprint:** ${code(f.fingerprint)}`);
  for (const l of f.links) {
    const other = input.audit.findings.find((o) => o.fingerprint === l.fingerprint);
    if (other)
      out.push(`- **${l.type.replace('-', ' ')}:** ${other.priority} ${escapeMarkdown(neutralizeDeep(other.title))}`);
  }
  out.push('', proseMarkdownBlock(f.explanation), '', `**Fix:** ${proseMarkdown(f.fix)}`, '', '**Evidence:**', '');
  for (const ref of raw.evidence) {
    out.push(`- ${code(formatRef(ref))}`);
    const ex = options.excerpts === false ? undefined : getExcerpt(input.evidence, ref);
    if (ex) {
      const numbered = ex.lines.map((l, i) => `${String(ex.firstLine + i).padStart(5)}  ${l}`).join('\n');
      const more = ex.omitted > 0 ? `\n      … ${ex.omitted} more line${ex.omitted === 1 ? '' : 's'}` : '';
      out.push('', indent(markdownCodeBlock(numbered + more, 'text')), '');
    }
  }
  out.push('');
  return out.join('\n');
}

/** Indent a block under a list item (two spaces: GFM keeps it in the item). */
const indent = (block: string) =>
  block
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');
