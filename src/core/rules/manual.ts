import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { EvidenceRef } from '../model/evidence.ts';
import { Category, type Finding, Priority } from '../model/finding.ts';
import { fingerprint } from './fingerprint.ts';

// A manual finding is what an auditor saw that the evidence cannot show (a missing git repo, a
// conversation with the on-call). Markdown with YAML frontmatter; the body is the explanation.
//
//   ---
//   priority: P2
//   title: No git repository on the host
//   category: observability
//   evidence: ['raw/compose_files.txt']
//   fix: Put the deployment under version control.
//   ---
//   Body: what was observed and why it matters.

const Frontmatter = z.strictObject({
  priority: Priority,
  title: z.string().min(1),
  category: Category,
  evidence: z
    .array(z.string().min(1))
    .min(1, 'cite at least one evidence file (the closest one when the observation is not in the bundle)'),
  fix: z.string().min(1),
  /** Optional stable subject; defaults to 'manual:<slug of title>'. */
  subject: z.string().min(1).optional(),
  /** Named values, as rules give them. */
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

/** 'No git repo on the VPS!' → 'no-git-repo-on-the-vps'. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** 'raw/x.txt#L3-L5' / 'raw/x.txt#L3' / 'raw/x.txt' → an EvidenceRef; undefined when malformed. */
export function parseEvidenceRef(text: string): EvidenceRef | undefined {
  const m = /^([^#\s]+)(?:#L(\d+)(?:-L?(\d+))?)?$/.exec(text.trim());
  if (!m || m[1] === undefined) return undefined;
  if (m[2] === undefined) return { file: m[1] };
  const start = Number(m[2]);
  const end = m[3] !== undefined ? Number(m[3]) : start;
  if (start < 1 || end < start) return undefined;
  return { file: m[1], startLine: start, endLine: end };
}

/** Parse one manual finding file; errors name the file and the field. */
export function parseManualFinding(
  text: string,
  file: string,
): { ok: true; finding: Finding } | { ok: false; error: string } {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  if (!m) return { ok: false, error: `${file}: expected YAML frontmatter between '---' lines at the top` };
  let data: unknown;
  try {
    data = parseYaml(m[1] ?? '');
  } catch (err) {
    return { ok: false, error: `${file}: frontmatter is not valid YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  const parsed = Frontmatter.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || '(frontmatter)';
    const what =
      issue?.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid');
    return { ok: false, error: `${file}: ${where}: ${what}` };
  }
  const fm = parsed.data;
  const evidence: EvidenceRef[] = [];
  for (const [i, e] of fm.evidence.entries()) {
    const ref = parseEvidenceRef(e);
    if (!ref) return { ok: false, error: `${file}: evidence.${i}: '${e}' is not 'path', 'path#L3' or 'path#L3-L5'` };
    evidence.push(ref);
  }
  const explanation = (m[2] ?? '').trim();
  if (explanation === '') return { ok: false, error: `${file}: the body (the explanation) is empty` };
  const subject = fm.subject ?? `manual:${slugify(fm.title)}`;
  return {
    ok: true,
    finding: {
      ruleId: 'manual',
      priority: fm.priority,
      category: fm.category,
      title: fm.title,
      explanation,
      fix: fm.fix,
      subject,
      fingerprint: fingerprint('manual', subject),
      values: fm.values ?? {},
      evidence,
      links: [],
      source: 'manual',
    },
  };
}
