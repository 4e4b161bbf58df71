import { fileSize, type Bundle } from '../bundle/bundle.ts';
import { Audit, SCHEMA_VERSION } from '../model/audit.ts';
import type { EvidenceIssue, FileEntry } from '../model/evidence.ts';
import type { Finding } from '../model/finding.ts';
import { parserList as defaultParsers } from '../parsers/index.ts';
import type { Parser } from '../parsers/parser.ts';
import { createRedactor } from '../redact/redact.ts';
import type { EvidexConfig } from '../rules/config.ts';
import { runRules } from '../rules/run-rules.ts';
import { applyIncidents } from '../incidents/apply.ts';
import { RULES_VERSION, TOOL_VERSION } from '../version.ts';
import { assemble, type ParsedPiece } from './assemble.ts';
import { estimateCapturedAt } from './captured-at.ts';
import { analyzeFile, DEFAULT_STREAM_LIMITS, definedOnly, type FileResult, type StreamLimits } from './analyze-file.ts';
import { webPlatform, type Platform } from '../bundle/platform.ts';
import { toHex } from '../redact/hmac.ts';
import type { EvidenceText } from './parse-file.ts';
import { applyEmptyReplies, readDeclarations } from './declared.ts';
import { DEFAULT_RETAIN_LIMITS, retainLocations, retainShown, type RetainLimits } from './retain.ts';
import { compareText } from '../text/compare.ts';

export type { EvidenceText } from './parse-file.ts';
export { DEFAULT_STREAM_LIMITS, type StreamLimits } from './analyze-file.ts';
export { DEFAULT_RETAIN_LIMITS, type RetainLimits } from './retain.ts';

export interface AnalyzeOptions {
  config?: EvidexConfig;
  /** Findings an auditor wrote by hand (content/findings, or beside the bundle). */
  manualFindings?: Finding[];
  /** Redaction is on unless this is explicitly false. */
  redact?: boolean;
  /** Key for redaction fingerprints; keep it outside reports so equal secrets match across audits. */
  redactKey?: string;
  parsers?: readonly Parser[];
  /** Native hashing where the runtime has it (src/node/platform.ts); the pure version otherwise. */
  platform?: Platform;
  /** Called after each file, for progress on long work. */
  onProgress?: (done: number, total: number, file: string) => void;
  /** Called as a file is read, after each chunk: its path, the bytes read so far and its size (progress in a file). */
  onBytes?: (file: string, read: number, size: number) => void;
  /** What is kept of each file (evidence text, parse buffer); see {@link StreamLimits}. */
  stream?: Partial<StreamLimits>;
  /** How many clients, stream entries and citations per finding the audit keeps; see {@link RetainLimits}. */
  retain?: Partial<RetainLimits>;
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
 * Every file takes one path (analyze-file.ts), whether its bytes are held or streamed: captures a
 * parser reads line by line stream at any size; others are parsed up to `stream.maxParseChars`, and
 * every file's evidence text stops at the `stream` limits.
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
  // Rules and incidents read every entry; the audit keeps the first ones and their counts (retainShown).
  const retain = { ...DEFAULT_RETAIN_LIMITS, ...definedOnly(options.retain ?? {}) };
  const redactor = redact ? createRedactor({ enabled: true, key, maxLocations: retain.locations }) : undefined;
  const byPath = (x: { path: string }, y: { path: string }) => compareText(x.path, y.path);
  // Files are read in archive order (a tarball's streamed entries are decoded in one forward pass)
  // and joined in path order, so a folder and a tarball of the same files give the same audit.
  const reading = [...bundle.files].sort((x, y) => (x.entry ?? Infinity) - (y.entry ?? Infinity) || byPath(x, y));
  let bytes = 0;
  const streamLimits = { ...DEFAULT_STREAM_LIMITS, ...definedOnly(options.stream ?? {}) };
  const manifest = readDeclarations(bundle, parsers);
  if (manifest.issue) issues.push(manifest.issue);
  const read: FileResult[] = [];
  const onBytes = options.onBytes;
  for (const file of reading) {
    const declared = manifest.files.get(file.path);
    const size = fileSize(file);
    const bytesRead = onBytes ? (n: number) => onBytes(file.path, n, size) : undefined;
    read.push(await analyzeFile(file, parsers, redactor, streamLimits, options.platform, declared, bytesRead));
    options.onProgress?.(read.length, reading.length, file.path);
  }
  for (const result of read.sort((x, y) => byPath(x.entry, y.entry))) {
    bytes += result.entry.bytes;
    issues.push(...result.issues.filter(manifest.keep));
    pieces.push(...result.pieces);
    files.push(result.entry);
    texts.push(result.text);
  }
  // The platform's hasher, as for each file: WebCrypto would load Node's whole webcrypto layer for one digest.
  const hasher = (options.platform ?? webPlatform).sha256();
  hasher.update(new TextEncoder().encode(files.map((f) => `${f.path}\0${f.sha256}\n`).join('')));
  const digest = toHex(hasher.digest());

  issues.push(...manifest.issues(files));
  const joined = assemble(pieces, manifest.subjects);
  for (const f of files) {
    const a = joined.attributions.get(f.path);
    if (a) f.attribution = a;
  }
  issues.push(...joined.issues);
  // A value the parser could not key, keyed after all by its file name, is no longer an evidence gap.
  const keyed = issues.filter((i) => !(i.kind === 'values-without-keys' && joined.keyedByName.has(i.file)));
  issues.splice(0, issues.length, ...applyEmptyReplies(manifest, files, joined, keyed));
  const captured =
    manifest.capturedAt ??
    estimateCapturedAt({
      containers: joined.containers,
      health: joined.health,
      logs: joined.logs,
      streams: joined.redis.streams,
    });

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
  audit.rules = results;
  applyIncidents(audit, [...findings, ...(options.manualFindings ?? [])], results, options.config);
  retainShown(audit, retain);

  if (!redactor) return { audit: Audit.parse(audit), evidence: texts };
  const redacted = createRedactor({ enabled: true, key }).redactDeep(audit);
  const summary = redactor.summary();
  redacted.redaction = retainLocations(summary, retain.locations);
  return { audit: Audit.parse(redacted), evidence: texts };
}
