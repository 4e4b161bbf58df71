import { describe, expect, it } from 'vitest';
import { containerHealthStarting } from '../../../src/core/rules/container/health-starting.ts';
import { evaluateRule, makeAudit, makeContainer } from '../../helpers/audit-builder.ts';
import { sampleFleet } from './sample-fleet.ts';

describe('container/health-starting', () => {
  it('reports a container whose health is still starting, with its age', () => {
    const c = makeContainer('quantum_ai_engine', {
      health: 'starting',
      status: 'Up 40 seconds (health: starting)',
      statusAgeSeconds: 40,
    });
    const { reports } = evaluateRule(containerHealthStarting, makeAudit({ containers: [c] }));
    expect(reports.map((r) => [r.subject, r.priority ?? containerHealthStarting.priority])).toEqual([
      ['container:quantum_ai_engine', 'P2'],
    ]);
    expect(reports[0]?.values).toMatchObject({ upSeconds: 40 });
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/docker_ps.txt', startLine: 2, endLine: 2 }]);
  });

  it('reports nothing on the sample, where no container is starting', () => {
    expect(evaluateRule(containerHealthStarting, makeAudit({ containers: sampleFleet() })).reports).toEqual([]);
  });
});
