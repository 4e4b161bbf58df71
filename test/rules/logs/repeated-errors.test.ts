import { describe, expect, it } from 'vitest';
import { logsRepeatedErrors } from '../../../src/core/rules/logs/repeated-errors.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { aiEngineLog, tradingBotLog } from './log-sample.ts';

describe('logs/repeated-errors', () => {
  it("reports the trading bot's 97 'AI Engine unavailable (HTTP 404)' warnings, not its INFO fallback lines", () => {
    const { reports } = evaluateRule(logsRepeatedErrors, makeAudit({ logs: [tradingBotLog(), aiEngineLog()] }));
    expect(reports.map((r) => [r.subject, r.priority ?? logsRepeatedErrors.priority, r.observed])).toEqual([
      ['logs:quantum_trading_bot', 'P3', 97],
    ]);
    expect(reports[0]?.values).toMatchObject({ templates: 1, count1: 97, level1: 'warning' });
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/logs_tail_quantum_trading_bot.txt', startLine: 1, endLine: 1 }]);
  });

  it('does not report warnings repeated fewer than 20 times', () => {
    const log = tradingBotLog();
    const few = tradingBotLog({ repeated: log.repeated.map((r) => ({ ...r, count: 19 })) });
    expect(evaluateRule(logsRepeatedErrors, makeAudit({ logs: [few] })).reports).toEqual([]);
  });
});
