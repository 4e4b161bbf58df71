// The core's public entry: everything the CLI, the site and a browser worker use comes from here.
// Modules behind it are free to change shape; what this file exports is the contract.
export * from './errors.ts';
export * from './version.ts';
export * from './model/index.ts';
export * from './bundle/bundle.ts';
export { createStreamDecoder, decodeText, sha256Hex } from './bundle/decode.ts';
export { createLimitTracker, maxTarStreamBytes, type LimitTracker } from './bundle/limits.ts';
export { readTarBundle, readTarSource } from './bundle/tar.ts';
export { webPlatform, type Platform, type Sha256 } from './bundle/platform.ts';
export { parsers, parserList, getParser, type ParserId, type ParserValues } from './parsers/index.ts';
export type { Parser, ParseContext, ParseResult, LineReader } from './parsers/parser.ts';
export {
  analyzeBundle,
  DEFAULT_STREAM_LIMITS,
  DEFAULT_RETAIN_LIMITS,
  type Analysis,
  type AnalyzeOptions,
  type EvidenceText,
  type StreamLimits,
  type RetainLimits,
} from './run/analyze.ts';
export * from './run/exit-code.ts';
export { rules, getRule } from './rules/index.ts';
export type { AnyRule, Rule } from './rules/define-rule.ts';
export { parseConfig, type EvidexConfig } from './rules/config.ts';
export { parseManualFinding } from './rules/manual.ts';
export * from './rules/judgement.ts';
export { FACTS, type FactMap, type FactName } from './rules/facts.ts';
export * from './diff/diff.ts';
export * from './diff/metrics.ts';
export * from './flow/graph.ts';
export * from './flow/mermaid.ts';
export * from './flow/topology.ts';
export * from './format/units.ts';
export * from './format/summary.ts';
export * from './format/quote.ts';
export * from './format/markdown.ts';
export * from './format/explain.ts';
export * from './format/diff.ts';
export { createRedactor, type Redactor } from './redact/redact.ts';
export { createObfuscator } from './redact/obfuscate.ts';
export { neutralizeDeep, neutralizeLine, neutralizeText, hasUnsafeControls } from './text/neutralize.ts';
export * from './timeline/index.ts';
export * from './incidents/index.ts';
export * from './export/index.ts';
export * from './text/slug.ts';
