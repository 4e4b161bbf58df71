// `evidex export --format html`: one self-contained HTML file — styles, data and the flow diagram
// inside, a CSP that lets no request leave it (default-src 'none'), readable from file:// and from a
// mail attachment, and printable: its first page carries host, capture time, bundle sha256, evidex and
// rules version, and the P0 findings. The PDF export prints this same document.
import { Marked } from 'marked';
import { proseMarkdown, proseMarkdownBlock } from '../format/markdown.ts';
import { formatTime } from '../format/units.ts';
import type { Audit } from '../model/audit.ts';
import type { Finding, Priority } from '../model/finding.ts';
import type { FlowGraph } from '../flow/graph.ts';
import { neutralizeLine, neutralizeText } from '../text/neutralize.ts';
import {
  formatRef,
  getExcerpt,
  getFindingPermalink,
  isSafeBaseUrl,
  openFindings,
  type ExportInput,
  type ExportTimelineEvent,
} from './input.ts';

const PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2', 'P3'];

/** How the flow diagram travels in the file. */
export type HtmlDiagram =
  /** Rendered at export time (headless Chromium running Mermaid): inline SVG, no script needed. */
  | { kind: 'svg'; svg: string }
  /**
   * Mermaid's own browser bundle inlined: `script` draws #flow-src into #flow-diagram when the file is
   * opened with scripts on (src/node/export builds it). It may hold no `<`.
   */
  | { kind: 'script'; script: string }
  /** No diagram: the Mermaid source and the edge table only. */
  | { kind: 'none'; reason: string };

/** Options of {@link toHtmlReport}. */
export interface HtmlReportOptions {
  /** The flow graph (src/core/flow) and its Mermaid source; no flow section when absent or empty. */
  flow?: { graph: FlowGraph; mermaid: string; diagram: HtmlDiagram };
}

/** Text for HTML element content or a quoted attribute: controls shown escaped, markup characters as entities. */
export function escapeHtml(text: string, multiline = false): string {
  return (multiline ? neutralizeText(text) : neutralizeLine(text)).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

// Authored prose with evidence values inside (explanations, fixes): the Markdown core/format writes,
// rendered with raw HTML escaped and links reduced to their text, as the site does.
const prose = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text, true),
    link({ tokens }) {
      return this.parser.parseInline(tokens);
    },
    image: ({ text }) => escapeHtml(text),
  },
});
const proseBlock = (text: string) => prose.parse(proseMarkdownBlock(neutralizeText(text)), { async: false });
const proseInline = (text: string) => prose.parseInline(proseMarkdown(neutralizeText(text)), { async: false });

/** Refuse an SVG that could run code or fetch anything; Mermaid's strict mode should never produce one. */
export function isInertSvg(svg: string): boolean {
  return (
    /^\s*<svg[\s>]/i.test(svg) &&
    !/<script|<iframe|<object|<embed|<image|<use\b|<a\b|\son[a-z]+\s*=|javascript:|@import|url\(\s*['"]?(?!#)/i.test(
      svg,
    )
  );
}

/** The whole report as one HTML document. */
export function toHtmlReport(input: ExportInput, options: HtmlReportOptions = {}): string {
  const { audit } = input;
  const base = input.baseUrl && isSafeBaseUrl(input.baseUrl) ? input.baseUrl : undefined;
  const host = audit.host.hostname ?? audit.bundle.name;
  const open = openFindings(audit);
  const p0 = open.filter((f) => f.priority === 'P0');
  const anchors = new Map(audit.findings.map((f, i) => [f.fingerprint, `f${i + 1}`] as const));
  const script = options.flow?.diagram.kind === 'script';
  const csp =
    `default-src 'none'; style-src 'unsafe-inline'; img-src data:; ` +
    `script-src ${script ? "'unsafe-inline'" : "'none'"}; base-uri 'none'; form-action 'none'`;
  const capturedFrom = audit.bundle.capturedAtSource ? `, from ${escapeHtml(audit.bundle.capturedAtSource)}` : '';
  const capturedRaw = audit.bundle.capturedAt
    ? ` <span class="muted">(${escapeHtml(audit.bundle.capturedAt)}${capturedFrom})</span>`
    : '';
  const counts = PRIORITIES.map(
    (p) => `<span class="prio ${p}">${p}</span> ${open.filter((f) => f.priority === p).length}`,
  );
  const accepted = audit.findings.length > open.length ? ` · ${audit.findings.length - open.length} accepted` : '';
  const p0Items = p0.map(
    (f) =>
      `<li><a href="#${anchors.get(f.fingerprint)}">${escapeHtml(f.title)}</a> ` +
      `<span class="muted">${escapeHtml(f.ruleId)} · <code>${escapeHtml(f.subject)}</code></span></li>`,
  );
  const body: string[] = [];

  body.push(
    '<header class="first">',
    `<h1>evidex report · ${escapeHtml(host)}</h1>`,
    '<dl class="identity">',
    row('Host', escapeHtml(audit.host.hostname ?? 'unknown')),
    row('Captured', `${escapeHtml(formatTime(audit.bundle.capturedAt))}${capturedRaw}`),
    row(
      'Bundle',
      `<code>${escapeHtml(audit.bundle.name)}</code> · ${audit.bundle.files} files · ${audit.bundle.bytes} bytes`,
    ),
    row('Bundle sha256', `<code class="hash">${escapeHtml(audit.bundle.sha256)}</code>`),
    row('evidex', `${escapeHtml(audit.tool.version)} · rules version ${escapeHtml(audit.tool.rulesVersion)}`),
    row(
      'Redaction',
      audit.redaction.enabled
        ? 'on (secrets replaced before anything was written)'
        : '<strong class="p0t">OFF: excerpts may hold secrets</strong>',
    ),
    '</dl>',
    `<p class="counts">${counts.join(' · ')}${accepted}</p>`,
    `<section id="p0" class="act-now" aria-label="P0: act now"><h2>P0 · act now</h2>`,
    p0.length === 0 ? '<p>No P0 finding.</p>' : `<ol>${p0Items.join('')}</ol>`,
    '</section>',
    '</header>',
  );

  body.push(...incidents(audit, anchors), ...timeline(input.timeline));

  body.push('<section id="backlog"><h2>Backlog</h2>');
  if (audit.findings.length === 0) body.push('<p>No findings.</p>');
  for (const p of PRIORITIES) {
    const group = audit.findings.filter((f) => f.priority === p);
    if (group.length === 0) continue;
    body.push(`<h3 class="band">${p} <span class="muted">(${group.length})</span></h3>`);
    for (const f of group) body.push(finding(f, input, anchors, base));
  }
  body.push('</section>');

  if (options.flow && options.flow.graph.nodes.length > 0) body.push(flow(options.flow));
  body.push(...unjudged(audit), ...issues(audit), ...files(audit));
  body.push(
    `<footer><p class="muted">Generated by evidex ${escapeHtml(audit.tool.version)} from bundle sha256 ` +
      `<code class="hash">${escapeHtml(audit.bundle.sha256)}</code>. ` +
      'Self-contained: this file loads nothing from anywhere.</p></footer>',
  );

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>evidex report · ${escapeHtml(host)} · ${escapeHtml(formatTime(audit.bundle.capturedAt))}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    ...(options.flow?.diagram.kind === 'script' ? scriptTags(options.flow.diagram.script) : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const row = (k: string, v: string) => `<div><dt>${k}</dt><dd>${v}</dd></div>`;

function finding(f: Finding, input: ExportInput, anchors: Map<string, string>, base: string | undefined): string {
  const id = anchors.get(f.fingerprint) ?? '';
  const manual = f.source === 'manual' ? ' <span class="muted">(written by an auditor)</span>' : '';
  const permalink = base
    ? ` · <a href="${escapeHtml(getFindingPermalink(base, input.audit, f.fingerprint))}">permalink</a>`
    : '';
  const out = [
    `<article class="finding ${f.priority}${f.accepted ? ' accepted' : ''}" id="${id}">`,
    `<h4><span class="prio ${f.priority}">${f.priority}</span> ${escapeHtml(f.title)}${manual}</h4>`,
    `<p class="meta">${escapeHtml(f.category)} · <code>${escapeHtml(f.ruleId)}</code> · ` +
      `subject <code>${escapeHtml(f.subject)}</code>${permalink}</p>`,
  ];
  if (f.accepted)
    out.push(
      `<p class="muted">Accepted: ${escapeHtml(f.accepted.reason)}` +
        `${f.accepted.expires ? ` (until ${escapeHtml(f.accepted.expires)})` : ''}</p>`,
    );
  if (f.observed !== undefined)
    out.push(
      `<p><strong>Observed</strong> <code>${escapeHtml(String(f.observed))}</code>` +
        `${f.threshold !== undefined ? ` · threshold <code>${escapeHtml(String(f.threshold))}</code>` : ''}</p>`,
    );
  out.push(
    `<div class="prose">${proseBlock(f.explanation)}</div>`,
    `<p class="fix"><strong>Fix:</strong> ${proseInline(f.fix)}</p>`,
  );
  for (const l of f.links) {
    const other = input.audit.findings.find((o) => o.fingerprint === l.fingerprint);
    if (other)
      out.push(
        `<p class="muted">${escapeHtml(l.type.replace('-', ' '))}: ` +
          `<a href="#${anchors.get(other.fingerprint)}">${other.priority} ${escapeHtml(other.title)}</a></p>`,
      );
  }
  out.push('<ul class="evidence">');
  for (const ref of f.evidence) {
    const ex = getExcerpt(input.evidence, ref);
    out.push(`<li><code>${escapeHtml(formatRef(ref))}</code>`);
    if (ex) {
      const lines = ex.lines.map((l, i) => `<span class="ln">${ex.firstLine + i}</span>${escapeHtml(l)}`).join('\n');
      const more =
        ex.omitted > 0 ? `\n<span class="muted">… ${ex.omitted} more line${ex.omitted === 1 ? '' : 's'}</span>` : '';
      out.push(`<pre class="excerpt">${lines}${more}</pre>`);
    }
    out.push('</li>');
  }
  out.push('</ul>', '</article>');
  return out.join('\n');
}

function incidents(audit: Audit, anchors: Map<string, string>): string[] {
  if (!audit.incidents || audit.incidents.length === 0) return [];
  const byFp = new Map(audit.findings.map((f) => [f.fingerprint, f] as const));
  const ref = (fp: string) => {
    const f = byFp.get(fp);
    return f
      ? `<a href="#${anchors.get(fp)}">${f.priority} ${escapeHtml(f.title)}</a>`
      : `<code>${escapeHtml(fp)}</code>`;
  };
  const out = ['<section id="incidents"><h2>Incidents</h2>'];
  for (const i of audit.incidents) {
    out.push(
      `<article class="incident ${i.priority}">` +
        `<h3><span class="prio ${i.priority}">${i.priority}</span> ${escapeHtml(i.title)}</h3>`,
      `<p><strong>Cause:</strong> ${ref(i.cause)}</p>`,
      i.containers.length > 0
        ? `<p><strong>Containers:</strong> ${i.containers.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ')}</p>`
        : '',
      i.symptoms.length > 0
        ? `<p><strong>Symptoms:</strong></p><ul>${i.symptoms.map((s) => `<li>${ref(s)}</li>`).join('')}</ul>`
        : '',
      '</article>',
    );
  }
  out.push('</section>');
  return out;
}

function timeline(events: readonly ExportTimelineEvent[] | undefined): string[] {
  if (!events || events.length === 0) return [];
  return [
    '<section id="timeline"><h2>Timeline</h2>' +
      '<table><thead><tr><th>Time (UTC)</th><th>Event</th><th>Evidence</th></tr></thead><tbody>',
    ...events.map((e) => {
      const count = e.count && e.count > 1 ? ` (×${e.count})` : '';
      const refs = (e.evidence ?? [])
        .slice(0, 3)
        .map((r) => `<code>${escapeHtml(formatRef(r))}</code>`)
        .join(', ');
      return (
        `<tr><td class="nowrap">${escapeHtml(formatTime(e.at))}</td>` +
        `<td>${escapeHtml(e.title)}${count}</td><td>${refs}</td></tr>`
      );
    }),
    '</tbody></table></section>',
  ];
}

const DIAGRAM_DIV = '<div class="diagram" id="flow-diagram" role="img" aria-label="Event flow diagram"';

function flow(f: NonNullable<HtmlReportOptions['flow']>): string {
  const byId = new Map(f.graph.nodes.map((n) => [n.id, n] as const));
  const name = (id: string) => escapeHtml(byId.get(id)?.label ?? id);
  const d = f.diagram;
  const notDrawn = d.kind === 'none' ? d.reason : 'the rendered SVG was refused';
  const drawing =
    d.kind === 'svg' && isInertSvg(d.svg)
      ? `${DIAGRAM_DIV} data-rendered="svg">${d.svg}</div>`
      : d.kind === 'script'
        ? `${DIAGRAM_DIV} data-rendered="pending">` +
          '<p class="muted">Drawing the diagram… (needs scripts; the edges are listed below either way)</p></div>'
        : `<p class="muted">Diagram not drawn: ${escapeHtml(notDrawn)}. ` +
          'The Mermaid source and the edges are below.</p>';
  return [
    '<section id="flow"><h2>Event flow</h2>',
    '<p class="muted">producers → streams → consumer groups → consumers · solid: read from a capture · ' +
      `dotted: inferred · red: lagging path (group lag ≥ ${f.graph.lagThreshold})</p>`,
    drawing,
    '<details class="src"><summary>Mermaid source</summary>' +
      `<pre id="flow-src">${escapeHtml(f.mermaid, true)}</pre></details>`,
    '<table><thead><tr><th>From</th><th>To</th><th>Label</th><th>Found by</th></tr></thead><tbody>',
    ...f.graph.edges.map(
      (e) =>
        `<tr${e.lagging ? ' class="bad"' : ''}><td>${name(e.from)}</td><td>${name(e.to)}</td>` +
        `<td>${escapeHtml(e.label ?? '')}</td><td>${escapeHtml(e.inferredFrom)}</td></tr>`,
    ),
    '</tbody></table></section>',
  ].join('\n');
}

function unjudged(audit: Audit): string[] {
  const list = audit.rules.filter((r) => r.status === 'not-evaluated' || r.status === 'error');
  if (list.length === 0) return [];
  return [
    '<section id="not-evaluated"><h2>Not evaluated</h2>' +
      '<p>These rules could not run on this bundle; no finding from them is not a pass.</p><ul>',
    ...list.map(
      (r) => `<li><code>${escapeHtml(r.ruleId)}</code> (${r.status}): ${escapeHtml(r.reason ?? r.status)}</li>`,
    ),
    '</ul></section>',
  ];
}

function issues(audit: Audit): string[] {
  if (audit.evidenceIssues.length === 0) return [];
  return [
    '<section id="evidence-issues"><h2>Evidence issues</h2><ul>',
    ...audit.evidenceIssues.map(
      (i) =>
        `<li><code>${escapeHtml(`${i.file}${i.line ? `:${i.line}` : ''}`)}</code> ` +
        `${escapeHtml(i.kind)}: ${escapeHtml(i.message)}</li>`,
    ),
    '</ul></section>',
  ];
}

function files(audit: Audit): string[] {
  return [
    '<section id="files"><h2>Evidence files</h2><table class="files">' +
      '<thead><tr><th>File</th><th>Kind</th><th>Lines</th><th>sha256</th></tr></thead><tbody>',
    ...audit.files.map(
      (f) =>
        `<tr><td><code>${escapeHtml(f.path)}</code></td><td>${escapeHtml(f.kind)}</td><td class="num">${f.lines}</td>` +
        `<td><code class="hash">${escapeHtml(f.sha256)}</code></td></tr>`,
    ),
    '</tbody></table></section>',
  ];
}

/**
 * The inline script that draws the diagram when no SVG could be drawn at export time (built by
 * src/node/export: Mermaid's bundle carried as a JSON string). It must hold no `<` at all, so nothing
 * inside can end the element or open a comment; one that does is left out.
 */
function scriptTags(script: string): string[] {
  return script.includes('<') ? [] : [`<script>${script}</script>`];
}

// A backslash at the end of a line continues it: the text of the style sheet has no line break there.
const CSS = `
:root{--fg:#16181d;--muted:#50565f;--border:#d5d8de;--bg-alt:#f4f5f7;--link:#0b57d0;\
--p0:#b00020;--p0-bg:#fdecee;--p1:#a34700;--p1-bg:#fff0e0;--p2:#7a5a00;--p2-bg:#fff7d1;--p3:#36557a;--p3-bg:#e9eff7;\
--mono:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;\
font-size:14px;line-height:1.4;color:var(--fg);background:#fff}
body{margin:0}
main{max-width:1100px;margin:0 auto;padding:12px 20px}
h1{font-size:1.45rem;margin:0 0 6px}
h2{font-size:1.2rem;margin:18px 0 6px;border-bottom:1px solid var(--border)}
h3{font-size:1.05rem;margin:12px 0 4px}
h4{font-size:1rem;margin:0 0 4px}
a{color:var(--link)}
code,pre{font-family:var(--mono);font-size:.9em;overflow-wrap:anywhere}
.muted{color:var(--muted)}
.identity{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:1px 14px;margin:0 0 6px}
.identity div{display:contents}
.identity dt{font-weight:600}
.identity dd{margin:0;min-width:0;overflow-wrap:anywhere}
.hash{font-size:.8em}
.counts{margin:4px 0}
.prio{display:inline-block;font-weight:700;font-size:.8em;padding:0 5px;border-radius:3px;border:1px solid currentColor}
.prio.P0{color:var(--p0);background:var(--p0-bg)}.prio.P1{color:var(--p1);background:var(--p1-bg)}\
.prio.P2{color:var(--p2);background:var(--p2-bg)}.prio.P3{color:var(--p3);background:var(--p3-bg)}
.p0t{color:var(--p0)}
.act-now{border:2px solid var(--p0);background:var(--p0-bg);padding:4px 12px;margin:6px 0}
.act-now h2{border:0;margin:4px 0;color:var(--p0)}
.act-now ol{margin:4px 0 6px;padding-left:22px}
.finding,.incident{border:1px solid var(--border);border-left:5px solid var(--border);padding:8px 12px;margin:8px 0;\
break-inside:avoid-page}
.finding.P0,.incident.P0{border-left-color:var(--p0)}.finding.P1,.incident.P1{border-left-color:var(--p1)}\
.finding.P2,.incident.P2{border-left-color:var(--p2)}.finding.P3,.incident.P3{border-left-color:var(--p3)}
.finding.accepted{opacity:.75}
.meta{margin:0 0 4px;color:var(--muted)}
.prose p{margin:4px 0}
.fix{margin:4px 0}
.evidence{margin:4px 0;padding-left:18px}
pre{background:var(--bg-alt);border:1px solid var(--border);padding:6px 8px;white-space:pre-wrap;margin:3px 0}
pre .ln{display:inline-block;min-width:3.5em;color:var(--muted);user-select:none}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border:1px solid var(--border);padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--bg-alt)}
td.num{text-align:right}.nowrap{white-space:nowrap}
tr.bad td{color:var(--p0)}
.diagram{overflow-x:auto;border:1px solid var(--border);padding:6px;background:#fff}
.diagram svg{max-width:100%;height:auto}
footer{margin-top:20px}
@page{size:A4;margin:14mm 12mm}
@media print{
  html{font-size:10.5pt}
  main{max-width:none;padding:0}
  a{color:inherit;text-decoration:none}
  details.src{display:none}
  h2,h3,h4{break-after:avoid-page}
  .act-now,.prio,pre{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  #backlog{break-before:page}
  .diagram{break-inside:avoid-page}
}
`;
