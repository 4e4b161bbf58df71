import type { FlowGraph, FlowNode } from './graph.ts';

/** Longest label kept; evidence strings can be arbitrarily long. */
const MAX_LABEL = 80;

// Characters allowed through as-is. Everything else becomes a Mermaid entity (#58; for ':'), so no
// evidence string can close a label, start a directive (%%{init}), a comment, a click line or markup.
// Mermaid turns '#58;' into '&#58;', which the browser shows as the character, never as syntax.
const SAFE = /[A-Za-z0-9 ._\-/,+=@*~]/;

/** Escape any text for use inside a Mermaid `["…"]` or `|"…"|` label. Newlines become spaces. */
export function escapeMermaidLabel(text: string): string {
  const flat = text.replace(/[\r\n\t\f\v]+/g, ' ').trim();
  const chars = [...flat];
  const cut = chars.length > MAX_LABEL ? [...chars.slice(0, MAX_LABEL - 1), '…'] : chars;
  let out = '';
  for (const ch of cut) {
    const code = ch.codePointAt(0) ?? 0;
    // Control and invisible characters would only confuse readers; drop them.
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    out += SAFE.test(ch) ? ch : `#${code};`;
  }
  return out === '' ? '#160;' : out;
}

const SHAPES: Record<FlowNode['kind'], [string, string]> = {
  producer: ['([', '])'],
  stream: ['[(', ')]'],
  group: ['[[', ']]'],
  consumer: ['(', ')'],
  'unknown-stream': ['[/', '/]'],
};

/**
 * Mermaid `flowchart LR` text for a flow graph: generated ids, every label escaped, lagging path in class `lag`,
 * declared-only edges and nodes dashed grey.
 */
export function toMermaid(graph: FlowGraph): string {
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) {
    const [open, close] = SHAPES[n.kind];
    const label = n.detail
      ? `${escapeMermaidLabel(n.label)}<br/>${escapeMermaidLabel(n.detail)}`
      : escapeMermaidLabel(n.label);
    lines.push(`  ${n.id}${open}"${label}"${close}`);
  }
  // linkStyle indexes follow edge order; edges that share a style share one statement.
  const styles = new Map<string, number[]>();
  graph.edges.forEach((e, i) => {
    // Dotted: a guess from evidence, or declared and not seen. Solid: read from a capture, or declared and confirmed.
    const arrow = e.basis === 'declared' || (e.basis === 'evidence' && e.inferred) ? '-.->' : '-->';
    const label = e.label ? `|"${escapeMermaidLabel(e.label)}"|` : '';
    lines.push(`  ${e.from} ${arrow}${label} ${e.to}`);
    const style =
      e.basis === 'declared' ? (e.lagging ? DECLARED_LAG_LINK : DECLARED_LINK) : e.lagging ? LAG_LINK : undefined;
    if (style) styles.set(style, [...(styles.get(style) ?? []), i]);
  });
  // classDef / linkStyle take no ';' and no '#': Mermaid's entity pre-pass rewrites 'classDef…#…;'.
  lines.push('  classDef producer fill:transparent,stroke-width:1.5px');
  lines.push('  classDef stream stroke-width:2px');
  lines.push('  classDef lag stroke:red,stroke-width:3px,color:red');
  const declared = graph.nodes.filter((n) => n.declared).map((n) => n.id);
  if (declared.length > 0) lines.push('  classDef declared stroke-dasharray:8,stroke:gray');
  for (const kind of ['producer', 'stream'] as const) {
    const ids = graph.nodes.filter((n) => n.kind === kind && !n.lagging && !n.declared).map((n) => n.id);
    if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${kind}`);
  }
  if (declared.length > 0) lines.push(`  class ${declared.join(',')} declared`);
  const lagging = graph.nodes.filter((n) => n.lagging).map((n) => n.id);
  if (lagging.length > 0) lines.push(`  class ${lagging.join(',')} lag`);
  for (const [style, ids] of styles) lines.push(`  linkStyle ${ids.join(',')} ${style}`);
  return `${lines.join('\n')}\n`;
}

const LAG_LINK = 'stroke:red,stroke-width:3px';
/** Long dashes, grey: distinct from the short dots of an inferred edge. */
const DECLARED_LINK = 'stroke:gray,stroke-width:2px,stroke-dasharray:8';
const DECLARED_LAG_LINK = 'stroke:red,stroke-width:3px,stroke-dasharray:8';
