// The rules of failed containers quote what the container last said (Finding.quote): its log's last error,
// else its last event. Logs are real captures of the scenario lab (test/fixtures/scenarios, SOURCES.md there).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LogSummary } from '../../../src/core/model/logs.ts';
import { dockerLogsParser } from '../../../src/core/parsers/docker-logs.ts';
import { safeParse } from '../../../src/core/parsers/parser.ts';
import { containerExitedNonzero } from '../../../src/core/rules/container/exited-nonzero.ts';
import { containerOomKilled } from '../../../src/core/rules/container/oom-killed.ts';
import { containerRestarting } from '../../../src/core/rules/container/restarting.ts';
import { code } from '../../../src/core/format/markdown.ts';
import { renderMessage } from '../../../src/core/format/message.ts';
import { evaluateRule, makeAudit, makeContainer, makeInspect } from '../../helpers/audit-builder.ts';

const SC = 'test/fixtures/scenarios';
function logOf(container: string, file: string): LogSummary {
  const r = safeParse(dockerLogsParser, readFileSync(`${SC}/${file}`, 'utf8'), { file, firstLine: 1 });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return { ...r.value, container };
}
const crmSync = () => logOf('crm-sync', 'crm-sidecars/bundle/container-logs/crm-sync.txt');
const invoicer = () => logOf('shop-invoicer', 'shop-orders/bundle/docker_logs_shop-invoicer.txt');
const fraud = () => logOf('pay-fraud', 'payments-gateway/bundle/cmd-output/docker_logs_-t_--tail_100_pay-fraud.txt');
const exited = (name: string) =>
  makeContainer(name, { state: 'exited', status: 'Exited (1) 1 minute ago', exitCode: 1 });

describe("failed containers' last words", () => {
  it('exited-nonzero quotes the last error (a 401 after a "Killed" line), cites its line and says it', () => {
    const log = crmSync();
    const { reports } = evaluateRule(
      containerExitedNonzero,
      makeAudit({ containers: [exited('crm-sync')], logs: [log] }),
    );
    const r = reports[0]!;
    expect(r.quote).toEqual({
      kind: 'last-error',
      text: 'ERROR crm.example.com: 401 Unauthorized (token expired), giving up',
      evidence: log.lastError!.evidence,
    });
    expect(r.evidence).toContainEqual(log.lastError!.evidence);
    expect(r.explanation).toContain('The last error in its log: `ERROR crm.example.com: 401 Unauthorized');
  });

  it('oom-killed quotes the last event when the log has no error: the work it was doing', () => {
    const inspect = makeInspect('shop-invoicer', { state: 'exited', exitCode: 137, oomKilled: true });
    const c = makeContainer('shop-invoicer', { state: 'exited', exitCode: 137, inspect });
    const { reports } = evaluateRule(containerOomKilled, makeAudit({ containers: [c], logs: [invoicer()] }));
    expect(reports[0]?.quote?.kind).toBe('last-event');
    expect(reports[0]?.quote?.text).toContain('rendering invoice batch');
    expect(reports[0]?.explanation).toContain('Its log ends with: `');
  });

  it('an OOM-killed container running again quotes nothing: its log goes on past the kill', () => {
    const inspect = makeInspect('shop-invoicer', { state: 'running', oomKilled: true });
    const c = makeContainer('shop-invoicer', { inspect });
    const { reports } = evaluateRule(containerOomKilled, makeAudit({ containers: [c], logs: [invoicer()] }));
    expect(reports).toHaveLength(1);
    expect(reports[0]?.quote).toBeUndefined();
    expect(reports[0]?.explanation).not.toContain('log');
  });

  it('restarting quotes why each start fails', () => {
    const inspect = makeInspect('pay-fraud', { state: 'restarting', restartCount: 7, exitCode: 2 });
    const c = makeContainer('pay-fraud', { state: 'restarting', status: 'Restarting (2) 4 seconds ago', inspect });
    const { reports } = evaluateRule(containerRestarting, makeAudit({ containers: [c], logs: [fraud()] }));
    expect(reports[0]?.quote).toMatchObject({
      kind: 'last-error',
      text: 'FATAL model file /models/fraud-v3.bin not found',
    });
  });

  it('without a log of its own (another container logged), nothing is quoted and no sentence is added', () => {
    const { reports } = evaluateRule(
      containerExitedNonzero,
      makeAudit({ containers: [exited('crm-tracker')], logs: [crmSync()] }),
    );
    expect(reports[0]?.quote).toBeUndefined();
    expect(reports[0]?.explain).not.toContain('saidError');
    expect(reports[0]?.explain).not.toContain('saidLast');
  });

  it('a quote is cut to 240 characters, and Markdown keeps hostile log text inside one code span', () => {
    const line = `2026-12-01T23:30:12Z ERROR **boom** \`rm -rf\` <b>x</b> ${'y'.repeat(400)}`;
    const r0 = safeParse(dockerLogsParser, line, { file: 'logs/x.txt', firstLine: 1 });
    if (!r0.ok) throw new Error('parse failed');
    const { reports } = evaluateRule(
      containerExitedNonzero,
      makeAudit({ containers: [exited('x')], logs: [{ ...r0.value, container: 'x' }] }),
    );
    const quote = reports[0]!.quote!;
    expect(quote.text).toHaveLength(240);
    expect(quote.text.endsWith('…')).toBe(true);
    const md = renderMessage(containerExitedNonzero.messages.saidError, { said: quote.text }, 'markdown');
    expect(md).toBe(`The last error in its log: ${code(quote.text)}.`);
    expect(code(quote.text)).toMatch(/^``+ ERROR \*\*boom\*\* `rm -rf`/);
    const html = renderMessage(containerExitedNonzero.messages.saidError, { said: quote.text }, 'html');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>');
  });
});
