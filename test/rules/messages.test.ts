import { describe, expect, it } from 'vitest';
import { UNITS, renderMessage, templateText } from '../../src/core/format/message.ts';
import type { Audit } from '../../src/core/model/audit.ts';
import { defineRule, type AnyRule, type Messages } from '../../src/core/rules/define-rule.ts';
import { getRule, rules } from '../../src/core/rules/index.ts';
import { runRules } from '../../src/core/rules/run-rules.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';
import { makeAudit, makeContainer } from '../helpers/audit-builder.ts';

const BUNDLES = [
  'evidence/quantum-trader-2025-12-24',
  'evidence/quantum-trader-2025-12-31',
  'test/fixtures/bundles/shop-faults/bundle',
];

describe('rule messages', () => {
  it('every rule declares camelCase message ids whose placeholders use known units', () => {
    expect(rules).toHaveLength(50);
    for (const rule of rules) {
      const messages: Messages = rule.messages;
      expect(Object.keys(messages).length, rule.id).toBeGreaterThan(0);
      for (const [id, parts] of Object.entries(messages)) {
        const template = templateText(parts);
        expect(id, `${rule.id}: ${id}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
        for (const m of template.matchAll(/\{\{([A-Za-z_][A-Za-z0-9_]*):([a-z]+)\}\}/g)) {
          expect(UNITS, `${rule.id}.${id}: {{${m[1]}:${m[2]}}}`).toContain(m[2]);
        }
      }
    }
  });

  for (const path of BUNDLES) {
    it(`every finding on ${path} says what its messages and data say`, async () => {
      // Unredacted, so re-rendering from data gives exactly the stored words.
      const { audit } = await analyzePath(path, { redact: false });
      expect(audit.rules.filter((r) => r.status === 'error')).toEqual([]);
      const ruleFindings = audit.findings.filter((f) => f.source === 'rule');
      expect(ruleFindings.length).toBeGreaterThan(10);
      for (const f of ruleFindings) {
        const rule = getRule(f.ruleId);
        const messages: Messages = rule?.messages ?? {};
        const render = (id: string) => renderMessage(messages[id] ?? `missing ${id}`, f.data ?? {});
        expect(f.messageId !== undefined && f.messageId in messages, `${f.ruleId}: ${f.messageId}`).toBe(true);
        expect(f.title).toBe(render(f.messageId ?? ''));
        const words = (f.explain ?? []).map(render).join(' ');
        // Incident grading (src/core/incidents) may raise a cause and say why, after the rule's own words.
        if (f.values['raisedFrom'] === undefined) expect(f.explanation).toBe(words);
        else
          expect(
            f.explanation.startsWith(words) && /(?:Raised from|P[0-3]:) /.test(f.explanation.slice(words.length)),
          ).toBe(true);
        expect(f.fix).toBe(f.fixId !== undefined ? render(f.fixId) : rule?.fix);
      }
    });
  }

  it('a report whose data misses a placeholder, or names no message, fails its rule, not the run', () => {
    const bad = (report: Record<string, unknown>): AnyRule =>
      defineRule({
        id: 'test/bad-message',
        title: 'Bad message',
        priority: 'P3',
        category: 'evidence',
        description: 'Reports with a broken message.',
        fix: 'n/a',
        messages: { seen: '{{container}} seen for {{upSeconds:duration}}' },
        requires: ['containers'],
        defaults: {},
        evaluate(ctx) {
          // Past the compiler on purpose: what a rule written without types could do.
          (ctx.report as (r: unknown) => void)({ subject: 'x', evidence: [], ...report });
        },
      });
    const audit: Audit = makeAudit({ containers: [makeContainer('web')] });
    for (const [report, reason] of [
      [{ messageId: 'seen', data: { container: 'web' } }, /no data for \{\{upSeconds\}\}/],
      [{ messageId: 'seen', data: { container: 'web', upSeconds: 'soon' } }, /needs a number/],
      [{ messageId: 'gone', data: {} }, /no message 'gone'/],
      [{ messageId: 'seen', explain: ['toString'], data: { container: 'web', upSeconds: 1 } }, /no message 'toString'/],
    ] as const) {
      const { findings, results } = runRules(audit, { rules: [bad(report)] });
      expect(findings).toEqual([]);
      expect(results[0]?.status).toBe('error');
      expect(results[0]?.reason).toMatch(reason);
    }
  });
});
