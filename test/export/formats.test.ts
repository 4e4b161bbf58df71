// The file exports as function calls on real analyses (the sample and redis-multi): JSON against
// `evidex schema`, SARIF against the OASIS 2.1.0 schema, JUnit against the Jenkins XSD (xmllint), the
// postmortem Markdown through a GFM renderer; permalinks as the site names its pages; hostile text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatFindingMarkdown,
  getFindingPermalink,
  getRuleDocUrl,
  isAtOrAbove,
  readExportInput,
  toAuditJson,
  toHtmlReport,
  toJunit,
  toPostmortemMarkdown,
  toSarif,
  type Analysis,
  type ExportInput,
} from '../../src/core/index.ts';
import { getExportFlow } from '../../src/node/export/render.ts';
import { findingSlug, ruleSlug, slugify } from '../../src/core/text/slug.ts';
import {
  BUNDLES,
  HOSTILE,
  SAMPLE,
  analyzeAll,
  auditValidator,
  hostileInput,
  sarifValidator,
  xmllintJunit,
} from './helpers.ts';

const BASE = 'https://reports.example/evidex/';
let analyses: Map<string, Analysis>;
let tmp: string;

beforeAll(async () => {
  analyses = await analyzeAll();
  tmp = mkdtempSync(join(tmpdir(), 'evidex-export-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const input = (bundle: string, extra: Partial<ExportInput> = {}): ExportInput => {
  const a = analyses.get(bundle)!;
  return { audit: a.audit, evidence: a.evidence, ...extra };
};

describe.each(BUNDLES)('exports of %s', (bundle) => {
  it('json: the Audit, valid against the schema `evidex schema` publishes, and read back unchanged', () => {
    const text = toAuditJson(input(bundle).audit);
    const validate = auditValidator();
    const ok = validate(JSON.parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(readExportInput('a.json', text).audit).toEqual(input(bundle).audit);
  });

  it(
    'sarif: valid SARIF 2.1.0; one result per finding, level by ' +
      'priority, located at its evidence, keyed by fingerprint',
    () => {
      const log = toSarif(input(bundle, { baseUrl: BASE }));
      const validate = sarifValidator();
      const ok = validate(JSON.parse(JSON.stringify(log)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
      const run = (log['runs'] as Array<Record<string, unknown>>)[0]!;
      const driver = (run['tool'] as { driver: { rules: Array<{ id: string; helpUri?: string }> } }).driver;
      const results = run['results'] as Array<{
        ruleId: string;
        ruleIndex: number;
        level: string;
        partialFingerprints: Record<string, string>;
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }>;
        hostedViewerUri?: string;
      }>;
      const { audit } = input(bundle);
      expect(results).toHaveLength(audit.findings.length);
      const levels = { P0: 'error', P1: 'error', P2: 'warning', P3: 'note' } as const;
      audit.findings.forEach((f, i) => {
        const r = results[i]!;
        expect(r.ruleId).toBe(f.ruleId);
        expect(driver.rules[r.ruleIndex]!.id).toBe(f.ruleId);
        expect(r.level).toBe(levels[f.priority]);
        expect(r.partialFingerprints['evidexFingerprint/v1']).toBe(f.fingerprint);
        expect(r.locations.map((l) => decodeURIComponent(l.physicalLocation.artifactLocation.uri))).toEqual(
          f.evidence.map((e) => e.file),
        );
        expect(r.locations.map((l) => l.physicalLocation.region?.startLine)).toEqual(
          f.evidence.map((e) => e.startLine),
        );
        expect(r.hostedViewerUri).toBe(`${BASE}${slugify(audit.bundle.name)}/findings/${findingSlug(f.fingerprint)}/`);
      });
      for (const rule of driver.rules.filter((r) => !r.id.startsWith('manual')))
        expect(rule.helpUri).toBe(`${BASE}rules/${ruleSlug(rule.id)}/`);
      // Without a base URL, no link points anywhere.
      expect(JSON.stringify(toSarif(input(bundle)))).not.toMatch(/helpUri|hostedViewerUri|reports\.example/);
    },
  );

  it(
    'junit: valid against the JUnit XSD; each finding at or above ' +
      '--fail-on a failed test case, passing rules passed cases',
    () => {
      const { audit } = input(bundle);
      for (const failOn of ['P1', 'P3'] as const) {
        const xml = toJunit(input(bundle), { failOn });
        const lint = xmllintJunit(tmp, xml, `${failOn}.xml`);
        expect(lint.output).toMatch(/validates/);
        expect(lint.ok).toBe(true);
        const failing = audit.findings.filter((f) => !f.accepted && isAtOrAbove(f.priority, failOn));
        expect((xml.match(/<failure /g) ?? []).length).toBe(failing.length);
        expect(xml).toMatch(new RegExp(`<testsuites [^>]*failures="${failing.length}"`));
        const passedRules = audit.rules.filter((r) => r.status === 'pass');
        for (const r of passedRules) expect(xml).toContain(`<testcase name="${r.ruleId}" `);
        const categories = new Set(audit.findings.map((f) => f.category));
        for (const c of categories) expect(xml).toContain(`<testsuite name="${c}" `);
      }
    },
  );

  it('md: GitHub Markdown with the provenance table, summary table, backlog headings and a mermaid fence', () => {
    const a = input(bundle, { baseUrl: BASE });
    const md = toPostmortemMarkdown(a, { mermaid: getExportFlow(a).mermaid });
    const html = marked.parse(md, { async: false, gfm: true });
    expect(html).toMatch(/<h1>Postmortem evidence · /);
    expect(html).toContain('<h2>Summary</h2>');
    expect(html).toContain('<h2>Backlog</h2>');
    expect((html.match(/<table>/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(html).toContain(`<code>${a.audit.bundle.sha256}</code>`);
    expect(html).toMatch(/<pre><code class="language-mermaid">flowchart LR\n/);
    for (const f of a.audit.findings.filter((x) => x.priority === 'P0'))
      expect(html).toContain(`href="${getFindingPermalink(BASE, a.audit, f.fingerprint)}"`);
    // Every finding has its own heading.
    expect((html.match(/<h4>P[0-3] · /g) ?? []).length).toBe(a.audit.findings.length);
  });
});

describe('the sample', () => {
  it('md cites redacted evidence excerpts with their line numbers', () => {
    const a = input(SAMPLE);
    const md = toPostmortemMarkdown(a);
    expect(md).toMatch(/- `raw\/docker_ps\.txt:30`\n\n {2}```text\n {2}\s+30 {2}quantum_nginx/);
    // The sample's environment holds secrets; the export shows the redaction marks, never the values.
    expect(a.audit.redaction.enabled).toBe(true);
  });

  it('md lists incidents when the audit has them, and a timeline when one is given', () => {
    const a = input(SAMPLE);
    const [cause, symptom] = a.audit.findings;
    const audit = {
      ...a.audit,
      incidents: [
        {
          id: 'i1',
          title: 'Trade intents not executed',
          priority: 'P0' as const,
          cause: cause!.fingerprint,
          symptoms: [symptom!.fingerprint],
          containers: ['quantum_ai_engine'],
        },
      ],
    };
    const timeline = [{ at: '2025-12-20T08:31:18Z', title: 'Consumption stalls', evidence: cause!.evidence }];
    const html = marked.parse(toPostmortemMarkdown({ ...a, audit, timeline }), { async: false });
    expect(html).toContain('<h2>Incidents</h2>');
    expect(html).toContain('<h3>P0 · Trade intents not executed</h3>');
    expect(html).toContain('<h2>Timeline</h2>');
    expect(html).toMatch(/<td>2025-12-20 08:31:18 UTC<\/td>\s*<td>Consumption stalls<\/td>/);
    // Without incidents and a timeline, neither section is written.
    expect(toPostmortemMarkdown({ ...a, audit: { ...a.audit, incidents: [] } })).not.toMatch(/## (Incidents|Timeline)/);
  });

  it('permalinks are the site pages: /<audit>/findings/<fingerprint slug>/ and /rules/<rule slug>/', () => {
    const { audit } = input(SAMPLE);
    const f = audit.findings[0]!;
    expect(getFindingPermalink('https://x.example/r', audit, f.fingerprint)).toBe(
      `https://x.example/r/${slugify(audit.bundle.name)}/findings/${findingSlug(f.fingerprint)}/`,
    );
    expect(getRuleDocUrl('https://x.example/r/', f.ruleId)).toBe(`https://x.example/r/rules/${ruleSlug(f.ruleId)}/`);
  });

  it('the finding Markdown the site copies is the one the export writes', () => {
    const a = input(SAMPLE);
    const f = a.audit.findings[0]!;
    expect(toPostmortemMarkdown(a)).toContain(formatFindingMarkdown(f, a, { level: 4 }));
  });

  it('readExportInput refuses what is not an Audit, naming the problem', () => {
    expect(() => readExportInput('x.json', '{"schemaVersion":1}')).toThrow(/x\.json.*does not match the Audit schema/);
    expect(() => readExportInput('x.json', 'nope')).toThrow(/invalid JSON/);
  });
});

describe('hostile evidence', () => {
  let hostile: ExportInput;
  beforeAll(() => {
    hostile = hostileInput(analyses.get(SAMPLE)!);
  });

  it('md: no markup, link, heading or raw control comes through', () => {
    const html = marked.parse(toPostmortemMarkdown(hostile), { async: false, gfm: true });
    expect(html).not.toMatch(/<script|<img|href="javascript|<h1># heading/i);
    expect(html).not.toMatch(/[\u0001\u001b\u202e]/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('html: everything escaped, nothing runs, controls shown', () => {
    const html = toHtmlReport(hostile);
    expect(html).not.toMatch(/<script|<img|<[a-z][^>]*\son[a-z]+=|href="javascript/i);
    expect(html).not.toMatch(/[\u0001\u001b\u202e]/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('\\x1b[31m\\x01\\u202e');
    expect(html).toContain("script-src 'none'");
  });

  it('html: an inline diagram script holding any "<" is left out, and an SVG that could run code is refused', () => {
    const a = input(SAMPLE);
    const flow = getExportFlow(a);
    const withScript = (script: string) => toHtmlReport(a, { flow: { ...flow, diagram: { kind: 'script', script } } });
    expect(withScript('window.ok=1')).toContain('<script>window.ok=1</script>');
    expect(withScript('x="</script><img src=x>"')).not.toMatch(/<script>|<img/);
    const svg = (s: string) => toHtmlReport(a, { flow: { ...flow, diagram: { kind: 'svg', svg: s } } });
    expect(svg('<svg><g class="node"></g></svg>')).toContain('<svg><g class="node"></g></svg>');
    expect(svg('<svg><script>alert(1)</script></svg>')).not.toContain('<script>');
    expect(svg('<svg><rect onload="alert(1)"/></svg>')).not.toContain('onload=');
    expect(svg('<svg><image href="https://x.example/a.png"/></svg>')).not.toContain('x.example');
  });

  it('junit: still valid XML against the XSD', () => {
    const xml = toJunit(hostile, { failOn: 'P3' });
    const lint = xmllintJunit(tmp, xml, 'hostile.xml');
    expect(lint.output).toMatch(/validates/);
    expect(lint.ok).toBe(true);
    expect(xml).not.toMatch(/<script|<img|]]><\/failure>/);
  });

  it('sarif: still valid, and no raw control reaches a message', () => {
    const log = toSarif(hostile);
    const validate = sarifValidator();
    expect(validate(JSON.parse(JSON.stringify(log)))).toBe(true);
    expect(/\\u0001|\\u001b|\u202e/.test(JSON.stringify(log))).toBe(false);
    expect(JSON.stringify(log)).toContain(JSON.stringify(HOSTILE.slice(0, 20)).slice(1, -1));
  });
});
