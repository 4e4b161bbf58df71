// Shared set-up of the export tests: the sample and redis-multi analyzed once per test file (redacted,
// as the CLI does), validators for the published schemas, and a hostile copy of an analysis.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Options, ValidateFunction } from 'ajv';
import { z } from 'zod';
import { Audit, type Analysis, type ExportInput } from '../../src/core/index.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';

// Both packages are CommonJS whose module.exports is the default export itself.
const require = createRequire(import.meta.url);
const AjvDraft04 = require('ajv-draft-04') as new (options: Options) => {
  compile: (schema: object) => ValidateFunction;
};
const addFormats = require('ajv-formats') as (ajv: object) => unknown;

export const SAMPLE = 'evidence/quantum-trader-2025-12-24';
export const REDIS_MULTI = 'test/fixtures/bundles/redis-multi';
export const BUNDLES = [SAMPLE, REDIS_MULTI] as const;

/** Analyze each bundle once (redaction on, as `evidex export` does). */
export async function analyzeAll(): Promise<Map<string, Analysis>> {
  const out = new Map<string, Analysis>();
  for (const b of BUNDLES) out.set(b, await analyzePath(b, { redact: true }));
  return out;
}

/** The JSON Schema `evidex schema` prints (the same call the command makes). */
export function auditSchema(): Record<string, unknown> {
  return z.toJSONSchema(Audit, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** A validator for `evidex schema`'s output (JSON Schema 2020-12, as zod writes it). */
export function auditValidator(schema: Record<string, unknown> = auditSchema()) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** A validator for the OASIS SARIF 2.1.0 schema (draft-04), committed under test/fixtures/schemas. */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync('test/fixtures/schemas/sarif-schema-2.1.0.json', 'utf8')) as Record<
    string,
    unknown
  >;
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Validate JUnit XML against the Jenkins JUnit XSD with xmllint; returns xmllint's output and status. */
export function xmllintJunit(dir: string, xml: string, name = 'junit.xml'): { ok: boolean; output: string } {
  const file = join(dir, name);
  writeFileSync(file, xml);
  // xmllint reports 'validates' or the errors on stderr, and exits non-zero when the file is invalid.
  const r = spawnSync('xmllint', ['--noout', '--schema', 'test/fixtures/schemas/jenkins-junit.xsd', file], {
    encoding: 'utf8',
  });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** Markup, Markdown, Mermaid, terminal and XML-breaking text planted in evidence-derived fields. */
export const HOSTILE =
  '</pre></code><script>alert(1)</script><img src=x onerror=alert(2)> | **bold** ' +
  '[x](javascript:alert(3)) `tick` ```fence\n# heading\u001b[31m\u0001\u202e]]></failure>&amp;';

/** A copy of an analysis whose first finding, subject, host and one evidence line carry {@link HOSTILE}. */
export function hostileInput(a: Analysis): ExportInput {
  const audit = structuredClone(a.audit);
  const f = audit.findings[0]!;
  f.title = `P0 ${HOSTILE}`;
  f.subject = `container:${HOSTILE}`;
  f.explanation = `Because ${HOSTILE}`;
  f.fix = `Run \`${HOSTILE}\``;
  f.observed = HOSTILE;
  audit.host.hostname = `host${HOSTILE}`;
  audit.bundle.name = `bundle ${HOSTILE}`;
  const ref = f.evidence.find((e) => e.startLine) ?? f.evidence[0]!;
  ref.startLine = 1;
  ref.endLine = 1;
  const evidence = a.evidence.map((e) => (e.path === ref.file ? { ...e, text: `${HOSTILE}\n${e.text}` } : e));
  return { audit, evidence };
}
