import { describe, expect, it } from 'vitest';
import { logsErrorRate } from '../../../src/core/rules/logs/error-rate.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { aiEngineLog, backendLog, tradingBotLog } from './log-sample.ts';

describe('logs/error-rate', () => {
  it('reports nothing for the sample (backend: 2 errors of 166 events)', () => {
    const { reports, notes } = evaluateRule(
      logsErrorRate,
      makeAudit({ logs: [backendLog(), aiEngineLog(), tradingBotLog()] }),
    );
    expect(reports).toEqual([]);
    expect(notes[0]).toBe('quantum_backend: 2 error events of 166 = 1.2% (threshold: > 5% and ≥ 10 errors)');
  });

  it('reports a log where 30 of 200 events are errors, citing the first errors', () => {
    const log = backendLog({ events: 200, levels: { info: 160, warning: 10, error: 25, critical: 5 } });
    const { reports } = evaluateRule(logsErrorRate, makeAudit({ logs: [log] }));
    expect(reports.map((r) => [r.subject, r.priority ?? logsErrorRate.priority, r.observed])).toEqual([
      ['logs:quantum_backend', 'P2', 15],
    ]);
    expect(reports[0]?.values).toMatchObject({ errors: 30, events: 200 });
    expect(reports[0]?.evidence.slice(1).map((e) => e.startLine)).toEqual([45, 62]);
  });

  it('does not report a high ratio with fewer than 10 errors', () => {
    const log = backendLog({ events: 40, levels: { info: 31, error: 9 } });
    expect(evaluateRule(logsErrorRate, makeAudit({ logs: [log] })).reports).toEqual([]);
  });
});
