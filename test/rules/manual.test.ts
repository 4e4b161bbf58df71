import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Finding } from '../../src/core/model/finding.ts';
import { fingerprint } from '../../src/core/rules/fingerprint.ts';
import { parseEvidenceRef, parseManualFinding, slugify } from '../../src/core/rules/manual.ts';

const SAMPLE = 'content/findings/quantum-trader-2025-12-24/no-git-on-host.md';

describe('parseManualFinding', () => {
  it("parses the sample's auditor observation", () => {
    const result = parseManualFinding(readFileSync(SAMPLE, 'utf8'), SAMPLE);
    if (!result.ok) throw new Error(result.error);
    const f = result.finding;
    expect(Finding.parse(f)).toEqual(f);
    expect(f).toMatchObject({
      ruleId: 'manual',
      source: 'manual',
      priority: 'P2',
      category: 'observability',
      subject: 'manual:no-git-repository-for-the-deployment-on-the-vps-auditor-s-observation',
      evidence: [{ file: 'raw/compose_files.txt' }],
      values: { observedBy: 'auditor', observedOn: '2025-12-24' },
      links: [],
    });
    expect(f.fingerprint).toBe(fingerprint('manual', f.subject));
    expect(f.explanation.startsWith("**Auditor's observation, not derived from the captured evidence.**")).toBe(true);
  });

  it('reads line ranges and an explicit subject, with CRLF line endings', () => {
    const text =
      '---\r\npriority: P1\r\ntitle: Backups untested\r\ncategory: ' +
      'availability\r\nevidence: [raw/x.txt#L3-L5, raw/y.txt#L7]\r\nfix: Restore ' +
      'one.\r\nsubject: manual:backups\r\n---\r\nNobody has restored a backup.\r\n';
    const result = parseManualFinding(text, 'b.md');
    expect(result).toMatchObject({
      ok: true,
      finding: {
        subject: 'manual:backups',
        explanation: 'Nobody has restored a backup.',
        evidence: [
          { file: 'raw/x.txt', startLine: 3, endLine: 5 },
          { file: 'raw/y.txt', startLine: 7, endLine: 7 },
        ],
      },
    });
  });

  it('explains what is wrong, naming the file and field', () => {
    expect(parseManualFinding('no frontmatter', 'a.md')).toEqual({
      ok: false,
      error: "a.md: expected YAML frontmatter between '---' lines at the top",
    });
    const base = 'title: T\ncategory: security\nevidence: [raw/a.txt]\nfix: F';
    expect(parseManualFinding(`---\npriority: P9\n${base}\n---\nbody`, 'a.md')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^a\.md: priority: /),
    });
    expect(parseManualFinding(`---\npriority: P1\n${base}\nowner: me\n---\nbody`, 'a.md')).toEqual({
      ok: false,
      error: 'a.md: (frontmatter): unknown key(s) owner',
    });
    expect(
      parseManualFinding(`---\npriority: P1\n${base.replace('raw/a.txt', 'raw/a.txt#L9-L2')}\n---\nbody`, 'a.md'),
    ).toEqual({ ok: false, error: "a.md: evidence.0: 'raw/a.txt#L9-L2' is not 'path', 'path#L3' or 'path#L3-L5'" });
    expect(parseManualFinding(`---\npriority: P1\n${base}\n---\n  \n`, 'a.md')).toEqual({
      ok: false,
      error: 'a.md: the body (the explanation) is empty',
    });
  });
});

describe('helpers', () => {
  it('slugify and parseEvidenceRef', () => {
    expect(slugify('No git repo on the VPS!')).toBe('no-git-repo-on-the-vps');
    expect(parseEvidenceRef('raw/docker_ps.txt#L2')).toEqual({ file: 'raw/docker_ps.txt', startLine: 2, endLine: 2 });
    expect(parseEvidenceRef('raw/a b.txt')).toBeUndefined();
  });
});
