// Exports: pure generators from the (redacted) Audit to file contents. The CLI (`evidex export`) and
// src/node/export (Chromium: SVG diagram, PDF) call them; they never touch the file system.
export * from './input.ts';
export * from './errors.ts';
export { formatFindingMarkdown, type FindingMarkdownOptions } from './finding-markdown.ts';
export {
  toPostmortemMarkdown,
  identity as formatIdentityMarkdown,
  type PostmortemMarkdownOptions,
} from './markdown.ts';
export { toSarif, SARIF_LEVEL, SARIF_BUNDLE_BASE } from './sarif.ts';
export { toJunit, escapeXml, type JunitOptions } from './junit.ts';
export { toAuditJson } from './json.ts';
export { toHtmlReport, escapeHtml, isInertSvg, type HtmlDiagram, type HtmlReportOptions } from './html.ts';
export { readExportInput } from './read-input.ts';
