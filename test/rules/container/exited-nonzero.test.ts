import { describe, expect, it } from 'vitest';
import { containerExitedNonzero } from '../../../src/core/rules/container/exited-nonzero.ts';
import { evaluateRule, makeAudit, makeContainer, makeInspect } from '../../helpers/audit-builder.ts';
import { sampleFleet } from './sample-fleet.ts';

describe('container/exited-nonzero', () => {
  it('reports an exited container with its exit code from ps', () => {
    const c = makeContainer('quantum_clm', {
      state: 'exited',
      status: 'Exited (1) 3 hours ago',
      exitCode: 1,
      statusAgeSeconds: 10800,
    });
    const { reports } = evaluateRule(containerExitedNonzero, makeAudit({ containers: [c] }));
    expect(reports.map((r) => [r.subject, r.observed])).toEqual([['container:quantum_clm', 1]]);
    expect(reports[0]?.title).toBe('quantum_clm exited with code 1 3 h before capture');
  });

  it('for exit 137, says whether inspect recorded an OOM kill', () => {
    const inspect = makeInspect('quantum_ai_engine', { state: 'exited', exitCode: 137, oomKilled: true });
    const c = makeContainer('quantum_ai_engine', { state: 'exited', exitCode: 137, inspect });
    const { reports } = evaluateRule(containerExitedNonzero, makeAudit({ containers: [c] }));
    expect(reports[0]?.values).toMatchObject({ exitCode: 137, oomKilled: true });
    expect(reports[0]?.explanation).toContain('OOMKilled');
    expect(reports[0]?.evidence.map((e) => e.pointer)).toEqual([undefined, '/0/State/ExitCode', '/0/State/OOMKilled']);
  });

  it('ignores clean exits and running containers (the whole sample)', () => {
    const clean = makeContainer('migrate', { state: 'exited', exitCode: 0, status: 'Exited (0) 2 hours ago' });
    expect(evaluateRule(containerExitedNonzero, makeAudit({ containers: [clean, ...sampleFleet()] })).reports).toEqual(
      [],
    );
  });
});
