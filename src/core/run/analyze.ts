import type { Bundle } from '../bundle/bundle.ts';
import { decodeText, sha256Hex } from '../bundle/decode.ts';
import { Audit, SCHEMA_VERSION } from '../model/audit.ts';
import type { EvidenceIssue, FileEntry } from '../model/evidence.ts';
import type { Finding } from '../model/finding.ts';
import { parsers as defaultParsers } from '../parsers/index.ts';
import { safeParse, type Parser } from '../parsers/parser.ts';
import { splitSections } from '../parsers/sections.ts';
import { createRedactor } from '../redact/redact.ts';
import type { EvidexConfig } from '../rules/config.ts';
import { compareFindings, runRules } from '../rules/run-rules.ts';
import { RULES_VERSION, TOOL_VERSION } from '../version.ts';
import { assemble, type ParsedPiece } from './assemble.ts';
import { estimateCapturedAt } from './captured-at.ts';
import { classify, findErrorOutput } from './classify.ts';

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
}

/** An evidence file's text as it may be shown: redacted unless redaction was turned off. */
export interface EvidenceText {
  path: string;
  kind: string;
  text: string;
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

/** Lines of `text`, counted in place: splitting a large log only to count it would copy it line by line. */
function countLines(text: string): number {
  if (text === '') return 0;
  let newlines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) newlines++;
  return newlines + 1 - (text.endsWith('\n') ? 1 : 0);
}

/** Parse one file (or its `---` sections) into pieces, with the evidence issues found on the way. */
function parseFile(parsers: readonly Parser[], path: string, text: string): { kind: string; pieces: ParsedPiece[]; issues: EvidenceIssue[] } {
  const name = path.split('/').pop() ?? path;
  const issues: EvidenceIssue[] = [];
  const pieces: ParsedPiece[] = [];
  const run = (parser: Parser, part: string, firstLine: number) => {
    const result = safeParse(parser, part, { file: path, firstLine });
    for (const i of result.issues) issues.push({ file: path, kind: i.kind, message: i.message, ...(i.line ? { line: i.line } : {}) });
    if (result.ok) pieces.push({ parserId: parser.id, file: path, firstLine, value: result.value });
  };
  const whole = classify(parsers, text, name);
  if (whole) {
    run(whole.parser, text, 1);
    return { kind: whole.parser.id, pieces, issues };
  }
  const sections = splitSections(text);
  if (sections.length > 1) {
    const kinds: string[] = [];
    for (const section of sections) {
      if (section.text.trim() === '') continue;
      const claim = classify(parsers, section.text, name);
      if (claim) {
        run(claim.parser, section.text, section.firstLine);
        kinds.push(claim.parser.id);
      } else {
        issues.push({ file: path, kind: 'unrecognised', line: section.firstLine, message: `section starting at line ${section.firstLine} matches no known capture: '${section.text.trim().split('\n')[0]?.slice(0, 80)}'` });
      }
    }
    if (kinds.length > 0) return { kind: [...new Set(kinds)].join('+'), pieces, issues };
  }
  const error = findErrorOutput(text);
  if (error) {
    issues.push({ file: path, kind: 'error-output', line: error.line, message: `command failed instead of capturing data: '${error.message}'` });
    return { kind: 'error-output', pieces, issues };
  }
  issues.push({ file: path, kind: 'unrecognised', message: `no parser recognises ${path}; it is listed but not analyzed` });
  return { kind: 'unrecognised', pieces, issues };
}

/** What an empty file was probably meant to hold, from its name: words for the evidence issue. */
function emptyMeaning(name: string): string {
  const n = name.toLowerCase();
  if (n.includes('slowlog')) return "SLOWLOG output is empty: 'no slow commands' cannot be told from 'not captured'";
  if (n.includes('compose')) return 'the compose/orchestration file listing is empty: no compose files were found or the command failed';
  return 'the capture is empty: the command printed nothing or was not run';
}

/**
 * Bundle → Audit: decode and fingerprint every file, recognise and parse it, join the facts, run the
 * rules, then redact. Pure: the same bundle and options give the same bytes, in Node or a browser.
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
  for (const [index, file] of sorted.entries()) {
    const sha256 = await sha256Hex(file.data);
    bytes += file.data.byteLength;
    const decoded = decodeText(file.data);
    const name = file.path.split('/').pop() ?? file.path;
    let kind: string;
    if (decoded.issue) {
      issues.push({ file: file.path, kind: decoded.issue.kind, message: decoded.issue.message });
    }
    if (/^README(\.(md|txt))?$/i.test(file.path)) {
      // The bundle's own description (who captured it, how): shown with the evidence, never parsed as evidence.
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
