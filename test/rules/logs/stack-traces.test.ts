import { describe, expect, it } from 'vitest';
import { logsStackTraces } from '../../../src/core/rules/logs/stack-traces.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { aiEngineLog, backendLog, tradingBotLog } from './log-sample.ts';

describe('logs/stack-traces', () => {
  it("reports the backend's two Python tracebacks as one P2 finding with the headline", () => {
    const { reports } = evaluateRule(
      logsStackTraces,
      makeAudit({ logs: [backendLog(), aiEngineLog(), tradingBotLog()] }),
    );
    expect(reports.map((r) => [r.subject, r.priority ?? logsStackTraces.priority, r.observed])).toEqual([
      ['logs:quantum_backend', 'P2', 2],
    ]);
    expect(reports[0]?.values).toMatchObject({ traces: 2, distinct: 1, count1: 2 });
    expect(reports[0]?.values?.['headline1']).toMatch(
      /^binance\.exceptions\.BinanceAPIException: APIError\(code=-4164\)/,
    );
    expect(reports[0]?.evidence).toEqual([
      { file: 'raw/logs_tail_quantum_backend.txt', startLine: 46, endLine: 61 },
      { file: 'raw/logs_tail_quantum_backend.txt', startLine: 63, endLine: 84 },
    ]);
  });

  it('reports nothing for logs without traces', () => {
    expect(evaluateRule(logsStackTraces, makeAudit({ logs: [aiEngineLog(), tradingBotLog()] })).reports).toEqual([]);
  });
});
