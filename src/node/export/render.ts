// The exports that need more than the core: the HTML report with its flow diagram drawn, and the PDF
// printed from that same document. Everything else is a pure call into src/core/export.
import type { Browser } from 'playwright-core';
import {
  createFlowGraph,
  getLagThreshold,
  isGroupLagging,
  toHtmlReport,
  toMermaid,
  type ExportInput,
  type FlowGraph,
  type HtmlDiagram,
  type RedisStream,
} from '../../core/index.ts';
import {
  closedPage,
  findChromium,
  launchChromium,
  mermaidInlineScript,
  printPdf,
  renderMermaidSvg,
} from './chromium.ts';

/** The flow graph as the site draws it: the threshold the rules ran with, lagging exactly where the rule fired. */
export function getExportFlow(input: ExportInput): { graph: FlowGraph; mermaid: string } {
  const { audit } = input;
  const graph = createFlowGraph(audit, {
    lagThreshold: getLagThreshold(audit),
    isLagging: (st: RedisStream, g: RedisStream['groups'][number]) => isGroupLagging(audit, st, g),
  });
  return { graph, mermaid: toMermaid(graph) };
}

/** How the HTML export draws its diagram. */
export type DiagramMode = 'auto' | 'svg' | 'script' | 'none';

/** Draw the diagram in an open browser; a Mermaid failure becomes a 'none' diagram with its reason. */
async function drawSvg(browser: Browser, mermaid: string): Promise<HtmlDiagram> {
  const page = await closedPage(browser);
  try {
    return { kind: 'svg', svg: await renderMermaidSvg(page, mermaid) };
  } catch (err) {
    return { kind: 'none', reason: `Mermaid could not draw it (${(err as Error).message.split('\n')[0]})` };
  } finally {
    await page.context().close();
  }
}

/**
 * The HTML report. With Chromium present the diagram is drawn to inline SVG now (no script in the
 * file); without, Mermaid's bundle is inlined and draws it when the file is opened (mode 'auto').
 */
export async function exportHtml(
  input: ExportInput,
  mode: DiagramMode = 'auto',
  browser?: Browser,
): Promise<{ html: string; diagram: HtmlDiagram['kind'] }> {
  const flow = getExportFlow(input);
  let diagram: HtmlDiagram;
  if (flow.graph.nodes.length === 0 || mode === 'none') diagram = { kind: 'none', reason: 'no flow to draw' };
  else if (mode === 'script' || (mode === 'auto' && !browser && 'missing' in findChromium()))
    diagram = { kind: 'script', script: mermaidInlineScript() };
  else if (browser) diagram = await drawSvg(browser, flow.mermaid);
  else {
    const own = await launchChromium('html');
    try {
      diagram = await drawSvg(own, flow.mermaid);
    } finally {
      await own.close();
    }
  }
  return { html: toHtmlReport(input, { flow: { ...flow, diagram } }), diagram: diagram.kind };
}

/** The PDF: the HTML report (diagram drawn to SVG) printed by headless Chromium. */
export async function exportPdf(input: ExportInput): Promise<Uint8Array> {
  const browser = await launchChromium('pdf');
  try {
    const { html } = await exportHtml(input, 'svg', browser);
    const page = await closedPage(browser);
    try {
      return await printPdf(page, html);
    } finally {
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
}
