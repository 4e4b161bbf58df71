import { describe, expect, it } from 'vitest';
import type { HealthCheck } from '../../../src/core/model/health.ts';
import { healthDegradedDependency } from '../../../src/core/rules/health/degraded-dependency.ts';
import { evaluateRule, makeAudit, makeContainer } from '../../helpers/audit-builder.ts';
import { sampleFleet } from '../container/sample-fleet.ts';

const aiEngine = (deps: HealthCheck['dependencies']): HealthCheck => ({
  name: 'ai-engine-service',
  file: 'raw/http_health_ai_engine.txt',
  container: 'quantum_ai_engine',
  status: 'OK',
  ok: true,
  dependencies: deps,
  evidence: { file: 'raw/http_health_ai_engine.txt', startLine: 1, endLine: 1 },
});

describe('health/degraded-dependency', () => {
  it("reports the sample's risk_safety_service 'N/A' as not verified (P3), naming the running container", () => {
    const health = [
      aiEngine([
        { name: 'redis', status: 'OK' },
        { name: 'eventbus', status: 'OK' },
        {
          name: 'risk_safety_service',
          status: 'N/A',
          detail: 'Risk-Safety Service integration pending Exit Brain v3 fix',
        },
      ]),
    ];
    const { reports, notes } = evaluateRule(healthDegradedDependency, makeAudit({ health, containers: sampleFleet() }));
    expect(reports.map((r) => [r.subject, r.priority, r.observed])).toEqual([
      ['health:ai-engine-service/dependency:risk_safety_service', 'P3', 'N/A'],
    ]);
    expect(reports[0]?.values).toEqual({
      service: 'ai-engine-service',
      dependency: 'risk_safety_service',
      status: 'N/A',
      detail: 'Risk-Safety Service integration pending Exit Brain v3 fix',
      dependencyContainer: 'quantum_risk_safety',
    });
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/http_health_ai_engine.txt', startLine: 1, endLine: 1 }]);
    expect(notes).toHaveLength(3);
  });

  it("grades 'down' / 'error' as P1 and 'degraded' as P2", () => {
    const health = [
      aiEngine([
        { name: 'redis', status: 'down' },
        { name: 'eventbus', status: 'error' },
        { name: 'exchange', status: 'degraded' },
      ]),
    ];
    const { reports } = evaluateRule(
      healthDegradedDependency,
      makeAudit({ health, containers: [makeContainer('quantum_redis')] }),
    );
    expect(reports.map((r) => [r.subject, r.priority])).toEqual([
      ['health:ai-engine-service/dependency:redis', 'P1'],
      ['health:ai-engine-service/dependency:eventbus', 'P1'],
      ['health:ai-engine-service/dependency:exchange', 'P2'],
    ]);
    expect(reports[0]?.values?.['dependencyContainer']).toBe('quantum_redis');
  });

  it('reports nothing when every dependency is OK / up / healthy', () => {
    const health = [
      aiEngine([
        { name: 'redis', status: 'OK' },
        { name: 'db', status: 'up' },
        { name: 'eventbus', status: 'healthy' },
      ]),
    ];
    expect(evaluateRule(healthDegradedDependency, makeAudit({ health })).reports).toEqual([]);
  });
});
