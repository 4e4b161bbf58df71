import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/core/rules/index.ts';

const ROOT = 'content/rules';
const SECTIONS = ['## What we check', '## Why it matters', '## How to fix', '## Evidence used', '## False positives'];

const docs = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(ROOT, d.name))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `${d.name}/${f.replace(/\.md$/, '')}`),
  )
  .sort();

function frontmatter(text: string): Record<string, unknown> {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return m ? (parse(m[1]!) as Record<string, unknown>) : {};
}

describe('rule docs parity', () => {
  it('rule ids are unique', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it.each(rules.map((r) => [r.id, r] as const))(
    '%s has a doc with matching frontmatter and every section',
    (id, rule) => {
      const file = join(ROOT, `${id}.md`);
      expect(existsSync(file), `missing ${file}`).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(frontmatter(text)).toMatchObject({ id, priority: rule.priority, category: rule.category });
      for (const s of SECTIONS) expect(text, `${file} lacks '${s}'`).toContain(`\n${s}\n`);
    },
  );

  it('every doc belongs to a rule', () => {
    const ids = new Set(rules.map((r) => r.id));
    expect(docs.filter((d) => !ids.has(d))).toEqual([]);
  });
});
