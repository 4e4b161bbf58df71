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

/** Mermaid `flowchart LR` text for a flow graph: generated ids, every label escaped, lagging path in class `lag`. */
export function toMermaid(graph: FlowGraph): string {
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) {
    const [open, close] = SHAPES[n.kind];
    const label = n.detail ? `${escapeMermaidLabel(n.label)}<br/>${escapeMermaidLabel(n.detail)}` : escapeMermaidLabel(n.label);
    lines.push(`  ${n.id}${open}"${label}"${close}`);
  }
  const lagEdges: number[] = [];
  const inferredEdges: number[] = [];
  graph.edges.forEach((e, i) => {
    const arrow = e.inferred ? '-.->' : '-->';
    const label = e.label ? `|"${escapeMermaidLabel(e.label)}"|` : '';
    lines.push(`  ${e.from} ${arrow}${label} ${e.to}`);
    if (e.lagging) lagEdges.push(i);
    else if (e.inferred) inferredEdges.push(i);
  });
  // classDef / linkStyle take no ';' and no '#': Mermaid's entity pre-pass rewrites 'classDef…#…;'.
  lines.push('  classDef producer fill:transparent,stroke-width:1.5px');
  lines.push('  classDef stream stroke-width:2px');
  lines.push('  classDef lag stroke:red,stroke-width:3px,color:red');
  for (const kind of ['producer', 'stream'] as const) {
    const ids = graph.nodes.filter((n) => n.kind === kind && !n.lagging).map((n) => n.id);
    if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${kind}`);
  }
  const lagging = graph.nodes.filter((n) => n.lagging).map((n) => n.id);
  if (lagging.length > 0) lines.push(`  class ${lagging.join(',')} lag`);
  if (lagEdges.length > 0) lines.push(`  linkStyle ${lagEdges.join(',')} stroke:red,stroke-width:3px`);
  return `${lines.join('\n')}\n`;
}
