import { describe, expect, it } from 'vitest';
import { logsHttpErrorBurst } from '../../../src/core/rules/logs/http-error-burst.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { sampleFleet } from '../container/sample-fleet.ts';
import { aiEngineLog, backendLog, tradingBotLog } from './log-sample.ts';

describe('logs/http-error-burst', () => {
  it("links the AI engine's 404s on POST /api/ai/signal to the trading bot that calls it and falls back", () => {
    const audit = makeAudit({ containers: sampleFleet(), logs: [backendLog(), aiEngineLog(), tradingBotLog()] });
    const { reports } = evaluateRule(logsHttpErrorBurst, audit);
    expect(reports.map((r) => [r.subject, r.priority, r.observed])).toEqual([
      ['logs:quantum_ai_engine/http:POST /api/ai/signal', 'P2', 6],
    ]);
    const r = reports[0];
    expect(r?.values).toEqual({
      container: 'quantum_ai_engine',
      method: 'POST',
      path: '/api/ai/signal',
      status: '404',
      count: 6,
      clients: 'quantum_trading_bot (172.18.0.29)',
      callerLogCount: 97,
    });
    expect(r?.links).toEqual([
      { type: 'related', ruleId: 'logs/repeated-errors', subject: 'logs:quantum_trading_bot' },
    ]);
    expect(r?.evidence).toEqual([
      { file: 'raw/logs_tail_quantum_ai_engine.txt', startLine: 1, endLine: 16 },
      { file: 'raw/logs_tail_quantum_trading_bot.txt', startLine: 1, endLine: 1 },
    ]);
    expect(r?.explanation).toContain('falls back');
  });

  it('without the caller log, 6 × 404 stays below the 4xx threshold', () => {
    const { reports } = evaluateRule(
      logsHttpErrorBurst,
      makeAudit({ containers: sampleFleet(), logs: [aiEngineLog()] }),
    );
    expect(reports).toEqual([]);
  });

  it('reports 5xx bursts per container at P1, naming callers', () => {
    const log = aiEngineLog({
      httpRequests: [
        {
          method: 'POST',
          path: '/api/ai/signal',
          status: 500,
          count: 7,
          clients: ['172.18.0.29:41600'],
          evidence: { file: 'raw/logs_tail_quantum_ai_engine.txt', startLine: 1, endLine: 30 },
        },
      ],
      httpStatus: { '500': 7 },
    });
    const { reports } = evaluateRule(logsHttpErrorBurst, makeAudit({ containers: sampleFleet(), logs: [log] }));
    expect(reports.map((r) => [r.subject, r.priority, r.observed])).toEqual([
      ['logs:quantum_ai_engine/http-5xx', 'P1', 7],
    ]);
    expect(reports[0]?.explanation).toContain('quantum_trading_bot (172.18.0.29)');
  });
});
