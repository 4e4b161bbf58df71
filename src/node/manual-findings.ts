import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { EvidenceIssue } from '../core/index.ts';
import type { Finding } from '../core/index.ts';

/**
 * Manual findings for a bundle: Markdown files in content/findings/<bundle name>/ and in a
 * `<bundle>.findings/` folder beside the bundle (outside it, so they are never read as evidence).
 * A bad file is reported, not fatal. Their reader (and the YAML library under it) is loaded only when a
 * folder of them exists.
 */
export async function loadManualFindings(
  bundlePath: string,
  bundleName: string,
  contentDir = 'content',
): Promise<{ findings: Finding[]; issues: EvidenceIssue[] }> {
  const dirs = [join(contentDir, 'findings', bundleName)];
  const beside = `${bundlePath.replace(/\/+$/, '').replace(/\.(tar\.gz|tgz|tar)$/, '')}.findings`;
  if (existsSync(beside) && statSync(beside).isDirectory()) dirs.push(beside);
  const findings: Finding[] = [];
  const issues: EvidenceIssue[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const { parseManualFinding } = await import('../core/rules/manual.ts');
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.md'))
      .sort()) {
      const file = join(dir, name);
      const result = parseManualFinding(readFileSync(file, 'utf8'), file);
      if (result.ok) findings.push(result.finding);
      else issues.push({ file: basename(file), kind: 'parse-failure', message: result.error });
    }
  }
  return { findings, issues };
}
