import { describe, expect, it } from 'vitest';
import { containerNoMemoryLimit } from '../../../src/core/rules/container/no-memory-limit.ts';
import { evaluateRule, makeAudit, makeContainer } from '../../helpers/audit-builder.ts';
import { sampleFleet, sampleInspect } from './sample-fleet.ts';

describe('container/no-memory-limit', () => {
  it('groups the five inspected sample containers (HostConfig.Memory 0) and says 30 could not be judged', () => {
    const { reports } = evaluateRule(containerNoMemoryLimit, makeAudit({ containers: sampleFleet() }));
    expect(reports).toHaveLength(1);
    expect(reports[0]?.subject).toBe('containers:no-memory-limit');
    expect(reports[0]?.values).toMatchObject({
      unlimited: 5,
      inspected: 5,
      notInspected: 28,
      containers: 'quantum_trading_bot, quantum_backend, quantum_ai_engine, quantum_risk_safety, quantum_redis',
    });
    expect(reports[0]?.evidence).toHaveLength(5);
    expect(reports[0]?.evidence[0]).toEqual({
      file: 'raw/inspect_quantum_trading_bot.json',
      startLine: 1,
      endLine: 283,
      pointer: '/0/HostConfig/Memory',
    });
  });

  it('reports nothing when every inspected container has a limit', () => {
    const c = makeContainer('quantum_redis', {
      inspect: sampleInspect('quantum_redis', { memoryLimitBytes: 2 * 1024 ** 3 }),
    });
    expect(
      evaluateRule(containerNoMemoryLimit, makeAudit({ containers: [c, makeContainer('not_inspected')] })).reports,
    ).toEqual([]);
  });
});
