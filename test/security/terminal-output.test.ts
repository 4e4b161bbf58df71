import { describe, expect, it } from 'vitest';
import { formatBacklogMarkdown } from '../../src/core/format/markdown.ts';
import { formatSummary } from '../../src/core/format/summary.ts';
import { runRules } from '../../src/core/rules/run-rules.ts';
import { makeAudit, makeContainer } from '../helpers/audit-builder.ts';

// Issue 12: evidence strings reach the terminal and Markdown neutralised, whatever field they sit in.
const HOSTILE = ['web\x1b[2J\x1b]8;;http://x\x07', '\x1b]52;c;ZXZpbA==\x07', 'db\r\nP0 forged line', 'a\bb\u202ecba'];

describe('formatters neutralise every evidence string', () => {
  const audit = makeAudit({
    containers: HOSTILE.map((name) => ({
      ...makeContainer(name),
      state: 'exited' as const,
      status: `Exited (1) ${name}`,
    })),
  });
  const { findings, results } = runRules(audit);
  const full = { ...audit, findings, rules: results };

  it('the terminal summary holds no ESC, BEL, CR, backspace or bidi control, and no forged line', () => {
    const text = formatSummary(full);
    expect(text).not.toMatch(/[\x1b\x07\r\b\u202e]/);
    expect(text.split('\n').some((l) => l.startsWith('P0 forged line'))).toBe(false);
  });

  it('the Markdown backlog holds none either', () => {
    expect(formatBacklogMarkdown(full)).not.toMatch(/[\x1b\x07\r\b\u202e]/);
  });
});
