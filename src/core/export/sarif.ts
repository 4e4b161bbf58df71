// `evidex export --format sarif`: SARIF 2.1.0 for code-scanning and security dashboards. Rules become
// tool.driver.rules (with the doc page as helpUri when the site's base URL is known), each finding a
// result whose level follows its priority, located at its evidence file and lines, keyed for
// deduplication by the finding's fingerprint (stable across captures).
import type { Audit } from '../model/audit.ts';
import type { Category, Finding, Priority } from '../model/finding.ts';
import { rules as registry } from '../rules/index.ts';
import { neutralizeLine, neutralizeText } from '../text/neutralize.ts';
import { formatRef, getFindingPermalink, getRuleDocUrl, isSafeBaseUrl, type ExportInput } from './input.ts';

/** SARIF result level by priority: P0/P1 are errors, P2 warnings, P3 notes. */
export const SARIF_LEVEL: Record<Priority, 'error' | 'warning' | 'note'> = {
  P0: 'error',
  P1: 'error',
  P2: 'warning',
  P3: 'note',
};

/** GitHub code scanning reads `security-severity` (0–10) on security rules to rank alerts. */
const SECURITY_SEVERITY: Record<Priority, string> = { P0: '9.5', P1: '8.0', P2: '5.5', P3: '2.0' };

/** The base id the artifact locations are relative to: the root of the evidence bundle. */
export const SARIF_BUNDLE_BASE = 'BUNDLE';

interface SarifRule {
  id: string;
  name?: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { category: string; priority: Priority; tags: string[]; 'security-severity'?: string };
}

/** A bundle-relative POSIX path as a URI reference: every segment percent-encoded. */
const toUri = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** The SARIF log of an audit, as a plain object (JSON.stringify it). */
export function toSarif(input: ExportInput): Record<string, unknown> {
  const { audit } = input;
  const base = input.baseUrl && isSafeBaseUrl(input.baseUrl) ? input.baseUrl : undefined;
  const ids = [...new Set([...audit.rules.map((r) => r.ruleId), ...audit.findings.map((f) => f.ruleId)])];
  const rules = ids.map((id) => toRule(id, audit, base));
  const index = new Map(rules.map((r, i) => [r.id, i] as const));
  const results = audit.findings.map((f) => toResult(f, index.get(f.ruleId) ?? -1, input, base));
  const notifications = audit.rules
    .filter((r) => r.status === 'error' || r.status === 'not-evaluated')
    .map((r) => ({
      level: r.status === 'error' ? 'error' : 'note',
      message: { text: `${r.ruleId} ${r.status}: ${neutralizeLine(r.reason ?? r.status)}` },
      descriptor: { id: r.ruleId },
    }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'evidex',
            version: audit.tool.version,
            semanticVersion: audit.tool.version,
            ...(base ? { informationUri: `${base.replace(/\/+$/, '')}/` } : {}),
            rules,
            properties: { rulesVersion: audit.tool.rulesVersion },
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        automationDetails: { id: `evidex/${neutralizeLine(audit.host.hostname ?? audit.bundle.name)}/` },
        originalUriBaseIds: {
          [SARIF_BUNDLE_BASE]: {
            description: {
              text: `Root of the evidence bundle ${neutralizeLine(audit.bundle.name)} (sha256 ${audit.bundle.sha256})`,
            },
          },
        },
        artifacts: audit.files.map((f) => ({
          location: { uri: toUri(f.path), uriBaseId: SARIF_BUNDLE_BASE },
          length: f.bytes,
          hashes: { 'sha-256': f.sha256 },
        })),
        results,
        properties: {
          host: audit.host.hostname === undefined ? null : neutralizeLine(audit.host.hostname),
          capturedAt: audit.bundle.capturedAt ?? null,
          bundleSha256: audit.bundle.sha256,
        },
      },
    ],
  };
}

function toRule(id: string, audit: Audit, base: string | undefined): SarifRule {
  const meta = registry.find((r) => r.id === id);
  const found = audit.findings.find((f) => f.ruleId === id);
  const priority: Priority = meta?.priority ?? found?.priority ?? 'P2';
  const category: Category | string = meta?.category ?? found?.category ?? 'evidence';
  const manual = id === 'manual' || (!meta && found?.source === 'manual');
  return {
    id,
    ...(meta ? { name: meta.title } : {}),
    shortDescription: { text: meta?.title ?? (manual ? 'Finding written by an auditor' : id) },
    ...(meta ? { fullDescription: { text: meta.description } } : {}),
    ...(base && meta ? { helpUri: getRuleDocUrl(base, id) } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[priority] },
    properties: {
      category,
      priority,
      tags: [category],
      ...(category === 'security' ? { 'security-severity': SECURITY_SEVERITY[priority] } : {}),
    },
  };
}

function toResult(
  f: Finding,
  ruleIndex: number,
  input: ExportInput,
  base: string | undefined,
): Record<string, unknown> {
  const locations = f.evidence.map((ref) => ({
    physicalLocation: {
      artifactLocation: { uri: toUri(ref.file), uriBaseId: SARIF_BUNDLE_BASE },
      ...(ref.startLine
        ? { region: { startLine: ref.startLine, endLine: Math.max(ref.startLine, ref.endLine ?? ref.startLine) } }
        : {}),
    },
    ...(ref.pointer ? { message: { text: `JSON pointer ${neutralizeLine(ref.pointer)}` } } : {}),
  }));
  return {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: SARIF_LEVEL[f.priority],
    message: {
      text: `${neutralizeLine(f.title)}\n\n${neutralizeText(f.explanation)}\n\nFix: ${neutralizeText(f.fix)}`,
    },
    locations,
    partialFingerprints: { 'evidexFingerprint/v1': f.fingerprint },
    ...(f.accepted ? { suppressions: [{ kind: 'external', justification: neutralizeLine(f.accepted.reason) }] } : {}),
    ...(base ? { hostedViewerUri: getFindingPermalink(base, input.audit, f.fingerprint) } : {}),
    properties: {
      priority: f.priority,
      category: f.category,
      subject: neutralizeLine(f.subject),
      evidence: f.evidence.map((r) => neutralizeLine(formatRef(r))),
      ...(f.incident ? { incident: f.incident } : {}),
    },
  };
}
