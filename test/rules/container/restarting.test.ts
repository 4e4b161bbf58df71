import { describe, expect, it } from 'vitest';
import { containerRestarting } from '../../../src/core/rules/container/restarting.ts';
import { evaluateRule, makeAudit, makeContainer, makeInspect } from '../../helpers/audit-builder.ts';
import { sampleFleet } from './sample-fleet.ts';

describe('container/restarting', () => {
  it("reports a container in state 'restarting' (P1 when it serves no ports)", () => {
    const c = makeContainer('quantum_eventbus_bridge', {
      state: 'restarting',
      status: 'Restarting (1) 12 seconds ago',
    });
    const { reports } = evaluateRule(containerRestarting, makeAudit({ containers: [c] }));
    expect(reports.map((r) => [r.subject, r.priority, r.observed])).toEqual([
      ['container:quantum_eventbus_bridge', 'P1', 'restarting'],
    ]);
  });

  it('reports a restart loop of a datastore as P0, citing RestartCount', () => {
    const inspect = makeInspect('quantum_redis', { image: 'redis:7-alpine', restartCount: 7, exitCode: 1 });
    const c = makeContainer('quantum_redis', {
      image: 'redis:7-alpine',
      status: 'Up 20 seconds',
      statusAgeSeconds: 20,
      inspect,
    });
    const { reports } = evaluateRule(containerRestarting, makeAudit({ containers: [c] }));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ subject: 'container:quantum_redis', priority: 'P0', observed: 7, threshold: 3 });
    expect(reports[0]?.evidence.map((e) => e.pointer)).toContain('/0/RestartCount');
  });

  it('does not treat a long-running container with old restarts as a loop', () => {
    const inspect = makeInspect('quantum_redis', { restartCount: 7 });
    const c = makeContainer('quantum_redis', { statusAgeSeconds: 7200, inspect });
    expect(evaluateRule(containerRestarting, makeAudit({ containers: [c] })).reports).toEqual([]);
  });

  it('reports nothing on the sample', () => {
    expect(evaluateRule(containerRestarting, makeAudit({ containers: sampleFleet() })).reports).toEqual([]);
  });
});
