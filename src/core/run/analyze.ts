import { isStreamed, type Bundle } from '../bundle/bundle.ts';
import { decodeText, sha256Hex } from '../bundle/decode.ts';
import { Audit, SCHEMA_VERSION } from '../model/audit.ts';
import type { EvidenceIssue, FileEntry } from '../model/evidence.ts';
import type { Finding } from '../model/finding.ts';
import { parsers as defaultParsers } from '../parsers/index.ts';
import type { Parser } from '../parsers/parser.ts';
import { createRedactor } from '../redact/redact.ts';
import type { EvidexConfig } from '../rules/config.ts';
import { compareFindings, runRules } from '../rules/run-rules.ts';
import { RULES_VERSION, TOOL_VERSION } from '../version.ts';
import { assemble, type ParsedPiece } from './assemble.ts';
import { estimateCapturedAt } from './captured-at.ts';
import { countLines, emptyMeaning, isReadme, parseFile, type EvidenceText } from './parse-file.ts';
import { analyzeStreamedFile, DEFAULT_STREAM_LIMITS, definedOnly, type StreamLimits } from './stream-file.ts';

export type { EvidenceText } from './parse-file.ts';
export { DEFAULT_STREAM_LIMITS, type StreamLimits } from './stream-file.ts';

export interface AnalyzeOptions {
  config?: EvidexConfig;
  /** Findings an auditor wrote by hand (content/findings, or beside the bundle). */
  manualFindings?: Finding[];
  /** Redaction is on unless this is explicitly false. */
  redact?: boolean;
  /** Key for redaction fingerprints; keep it outside reports so equal secrets match across audits. */
  redactKey?: string;
  parsers?: readonly Parser[];
  /** Called after each file, for progress on long work. */
  onProgress?: (done: number, total: number, file: string) => void;
  /** Caps for files read as streams (bundle files with `open`); see {@link StreamLimits}. */
  stream?: Partial<StreamLimits>;
}

export interface Analysis {
  audit: Audit;
  evidence: EvidenceText[];
}

/**
 * Used only when the caller passes no key (library use, tests). The CLI always passes the user's own
 * key (EVIDEX_REDACT_KEY or a key file outside any report), so fingerprints cannot be recomputed from a report.
 */
const DEFAULT_REDACT_KEY = 'evidex-default-redaction-key';

/**
 * Bundle → Audit: decode and fingerprint every file, recognise and parse it, join the facts, run the
 * rules, then redact. Pure: the same bundle and options give the same bytes, in Node or a browser.
 * Files with `open` (large files of folder bundles) are read once as streams and never held whole;
 * they give the same Audit as in memory, except that captures other than docker logs are parsed only
 * up to `stream.maxParseChars`, and their evidence text stops at the `stream` limits.
 */
export async function analyzeBundle(bundle: Bundle, options: AnalyzeOptions = {}): Promise<Analysis> {
  const parsers = options.parsers ?? defaultParsers;
  const files: FileEntry[] = [];
  const issues: EvidenceIssue[] = [...bundle.issues];
  const pieces: ParsedPiece[] = [];
  const texts: EvidenceText[] = [];
  // One redactor counts what the evidence files hold; a second with the same key scrubs the model,
  // which repeats those values (inspect Env, log lines) and must not count them twice. Each file is
  // redacted as soon as it is parsed, so its decoded and redacted texts are not all held at once.
  const redact = options.redact !== false;
  const key = options.redactKey ?? DEFAULT_REDACT_KEY;
  const redactor = redact ? createRedactor({ enabled: true, key }) : undefined;
  const sorted = [...bundle.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let bytes = 0;
  const streamLimits = { ...DEFAULT_STREAM_LIMITS, ...definedOnly(options.stream ?? {}) };
  for (const [index, file] of sorted.entries()) {
    if (isStreamed(file)) {
      const streamed = await analyzeStreamedFile(file, parsers, redactor, streamLimits);
      bytes += streamed.entry.bytes;
      issues.push(...streamed.issues);
      pieces.push(...streamed.pieces);
      files.push(streamed.entry);
      texts.push(streamed.text);
      options.onProgress?.(index + 1, sorted.length, file.path);
      continue;
    }
    const sha256 = await sha256Hex(file.data);
    bytes += file.data.byteLength;
    const decoded = decodeText(file.data);
    const name = file.path.split('/').pop() ?? file.path;
    let kind: string;
    if (decoded.issue) {
      issues.push({ file: file.path, kind: decoded.issue.kind, message: decoded.issue.message });
    }
    if (isReadme(file.path)) {
      kind = 'readme';
    } else if (decoded.issue?.kind === 'binary') {
      kind = 'binary';
    } else if (decoded.text.trim() === '') {
      kind = 'empty';
      issues.push({ file: file.path, kind: 'empty-capture', message: emptyMeaning(name) });
    } else {
      const parsed = parseFile(parsers, file.path, decoded.text);
      kind = parsed.kind;
      pieces.push(...parsed.pieces);
      issues.push(...parsed.issues);
    }
    files.push({ path: file.path, kind, bytes: file.data.byteLength, sha256, lines: countLines(decoded.text) });
    texts.push({ path: file.path, kind, text: redactor ? redactor.redactText(decoded.text, file.path).text : decoded.text });
    options.onProgress?.(index + 1, sorted.length, file.path);
  }
  const digest = await sha256Hex(new TextEncoder().encode(files.map((f) => `${f.path}\0${f.sha256}\n`).join('')));

  const joined = assemble(pieces);
  for (const f of files) {
    const a = joined.attributions.get(f.path);
    if (a) f.attribution = a;
  }
  issues.push(...joined.issues);
  const captured = estimateCapturedAt({ containers: joined.containers, health: joined.health, logs: joined.logs, streams: joined.redis.streams });

  const audit: Audit = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'evidex', version: TOOL_VERSION, rulesVersion: RULES_VERSION },
    bundle: {
      name: bundle.name,
      sha256: digest,
      files: files.length,
      bytes,
      ...(captured ? { capturedAt: captured.at, capturedAtSource: captured.source } : {}),
    },
    host: joined.host,
    containers: joined.containers,
    redis: joined.redis,
    health: joined.health,
    logs: joined.logs,
    findings: [],
    rules: [],
    evidenceIssues: issues,
    files,
    redaction: { enabled: redact, counts: {}, locations: [] },
  };
  const { findings, results } = runRules(audit, options.config ? { config: options.config } : {});
  audit.findings = [...findings, ...(options.manualFindings ?? [])].sort(compareFindings);
  audit.rules = results;

  if (!redactor) return { audit: Audit.parse(audit), evidence: texts };
  const redacted = createRedactor({ enabled: true, key }).redactDeep(audit);
  const summary = redactor.summary();
  redacted.redaction = { enabled: true, counts: summary.counts, locations: summary.locations };
  return { audit: Audit.parse(redacted), evidence: texts };
}

