// Issue 11 item 6: one container gets one log finding for the same lines. The log is a real capture
// (test/fixtures/docker-logs/README.md): 24 refused calls, each an ERROR line and its traceback, which the
// error-rate, stack-traces and repeated-errors rules all see.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerLogsParser } from '../../src/core/parsers/docker-logs.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import { runRules } from '../../src/core/rules/run-rules.ts';
import { logsErrorRate } from '../../src/core/rules/logs/error-rate.ts';
import { logsRepeatedErrors } from '../../src/core/rules/logs/repeated-errors.ts';
import { logsStackTraces } from '../../src/core/rules/logs/stack-traces.ts';
import { citeSameLines, mergeSameLogLines } from '../../src/core/incidents/log-merge.ts';
import { defineRule } from '../../src/core/rules/define-rule.ts';
import { makeAudit, makeContainer } from '../helpers/audit-builder.ts';
import { backendLog } from '../rules/logs/log-sample.ts';

const LOG_RULES = [logsErrorRate, logsStackTraces, logsRepeatedErrors];

function refusedLog() {
  const text = readFileSync('test/fixtures/docker-logs/logs_ev_refused.txt', 'utf8');
  const r = safeParse(dockerLogsParser, text, { file: 'logs_ev_refused.txt', firstLine: 1 });
  if (!r.ok) throw new Error('parse failed');
  return r.value;
}

describe('log findings on the same lines', () => {
  it('each rule alone reports the refused calls', () => {
    const audit = makeAudit({ logs: [refusedLog()] });
    for (const rule of LOG_RULES) {
      const { findings } = runRules(audit, { rules: [rule] });
      expect(
        findings.map((f) => f.ruleId),
        rule.id,
      ).toEqual([rule.id]);
    }
  });

  it('together they give one finding, the strongest, holding the others as detail and evidence', () => {
    const audit = makeAudit({ logs: [refusedLog()] });
    const { findings, results } = runRules(audit, { rules: LOG_RULES });
    const logs = findings.filter((f) => f.subject === 'logs:ev_refused');
    expect(logs).toHaveLength(1);
    const kept = logs[0]!;
    expect(kept.ruleId).toBe('logs/stack-traces');
    const folded = Object.keys(kept.values).filter((k) => k.startsWith('also:'));
    expect(folded.length).toBeGreaterThan(0);
    expect(kept.explanation).toContain('The same lines also show:');
    for (const k of folded) {
      const ruleId = k.slice('also:'.length);
      const result = results.find((r) => r.ruleId === ruleId);
      expect(result?.inputs.some((i) => i.includes('merged into that finding'))).toBe(true);
    }
    // Nothing cited is lost: every line any of the three rules cited alone is still cited.
    const alone = LOG_RULES.flatMap((rule) => runRules(audit, { rules: [rule] }).findings.flatMap((f) => f.evidence));
    for (const e of alone) expect(kept.evidence).toContainEqual(e);
  });

  it("keeps apart findings on different lines (the sample backend's traces and its TP warnings)", () => {
    const { findings } = runRules(
      makeAudit({
        logs: [
          backendLog({
            repeated: [
              {
                template: 'WARNING - TP<n>: price=<n>, size=<n>, triggered=False, should_trigger=False',
                level: 'warning',
                count: 35,
                example: 'WARNING -   TP1: price=$0.36391, size=30.0%, triggered=False, should_trigger=False',
                evidence: { file: 'raw/logs_tail_quantum_backend.txt', startLine: 4, endLine: 4 },
              },
            ],
          }),
        ],
      }),
      { rules: LOG_RULES },
    );
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['logs/repeated-errors', 'logs/stack-traces']);
  });

  it('does not count a whole-capture citation as the same lines', () => {
    const base = { ruleId: 'logs/error-rate', values: { container: 'x' } } as never;
    const whole = { ...(base as object), evidence: [{ file: 'a.txt', startLine: 1, endLine: 500 }] } as never;
    const line = { ...(base as object), evidence: [{ file: 'a.txt', startLine: 7, endLine: 7 }] } as never;
    expect(citeSameLines(whole, line)).toBe(false);
    expect(citeSameLines(line, line)).toBe(true);
    expect(mergeSameLogLines([]).kept).toEqual([]);
  });

  it('redirects links to a folded finding to the one that holds it', () => {
    const linker = defineRule({
      id: 'test/linker',
      title: 'Links to the repeated errors',
      priority: 'P3',
      category: 'availability',
      description: 'One finding linking to logs/repeated-errors of ev_refused.',
      fix: 'x',
      messages: { m: 'linker' },
      requires: ['logs'],
      defaults: {},
      evaluate(ctx) {
        ctx.report({
          subject: 'x',
          messageId: 'm',
          evidence: [{ file: 'logs_ev_refused.txt', startLine: 1, endLine: 1 }],
          links: [{ type: 'related', ruleId: 'logs/repeated-errors', subject: 'logs:ev_refused' }],
        });
      },
    });
    const { findings } = runRules(makeAudit({ logs: [refusedLog()] }), { rules: [...LOG_RULES, linker] });
    const kept = findings.find((f) => f.subject === 'logs:ev_refused')!;
    expect(findings.find((f) => f.ruleId === 'test/linker')?.links).toEqual([
      { type: 'related', fingerprint: kept.fingerprint },
    ]);
  });
});

describe("the runner's fingerprint merge", () => {
  it('merges one rule reporting one subject twice into one finding with both citations', () => {
    const twice = defineRule({
      id: 'test/twice',
      title: 'Twice',
      priority: 'P2',
      category: 'availability',
      description: 'Reports one subject twice, as a capture read twice would.',
      fix: 'x',
      messages: { m: 'same' },
      requires: ['containers'],
      defaults: {},
      evaluate(ctx) {
        for (const line of [1, 2])
          ctx.report({
            subject: 'container:web',
            messageId: 'm',
            evidence: [{ file: 'a.txt', startLine: line, endLine: line }],
          });
      },
    });
    const { findings, results } = runRules(makeAudit({ containers: [makeContainer('web')] }), {
      rules: [twice],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toEqual([
      { file: 'a.txt', startLine: 1, endLine: 1 },
      { file: 'a.txt', startLine: 2, endLine: 2 },
    ]);
    expect(results[0]!.inputs).toContain('container:web: reported twice; merged into one finding');
  });
});
