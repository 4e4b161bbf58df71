import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerInspectParser } from '../../../src/core/parsers/docker-inspect.ts';
import { safeParse } from '../../../src/core/parsers/parser.ts';
import { containerUnhealthy } from '../../../src/core/rules/container/unhealthy.ts';
import { evaluateRule, makeAudit, makeContainer, makeInspect } from '../../helpers/audit-builder.ts';
import { sampleFleet } from './sample-fleet.ts';

describe('container/unhealthy', () => {
  it('reports quantum_nginx in the sample as P0 (edge proxy), citing its ps row', () => {
    const { reports, notes } = evaluateRule(containerUnhealthy, makeAudit({ containers: sampleFleet() }));
    expect(reports.map((r) => [r.subject, r.priority])).toEqual([['container:quantum_nginx', 'P0']]);
    expect(reports[0]?.observed).toBe('unhealthy');
    expect(reports[0]?.title).toBe('quantum_nginx (nginx:alpine) is unhealthy');
    expect(reports[0]?.values?.['edgeProxy']).toBe(true);
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/docker_ps.txt', startLine: 30, endLine: 30 }]);
    expect(notes).toContain('quantum_nginx: health unhealthy (threshold: not unhealthy)');
    expect(notes).toHaveLength(sampleFleet().length);
  });

  it('adds FailingStreak and the last probe output when inspect was captured', () => {
    const inspect = makeInspect('quantum_worker', {
      health: 'unhealthy',
      healthFailingStreak: 12,
      healthLog: [
        { start: '2025-12-24T04:55:29Z', exitCode: 1, output: 'curl: (7) Failed to connect' },
        { start: '2025-12-24T04:55:39Z', exitCode: 1, output: 'curl: (7) Failed to connect to localhost port 8000\n' },
      ],
    });
    const c = makeContainer('quantum_worker', { health: 'unhealthy', status: 'Up 2 hours (unhealthy)', inspect });
    const { reports } = evaluateRule(containerUnhealthy, makeAudit({ containers: [c] }));
    expect(reports).toHaveLength(1);
    expect(reports[0]?.priority).toBe('P1');
    expect(reports[0]?.title).toContain('failing streak 12');
    expect(reports[0]?.values).toMatchObject({
      failingStreak: 12,
      lastProbeExitCode: 1,
      lastProbeOutput: 'curl: (7) Failed to connect to localhost port 8000',
    });
    expect(reports[0]?.evidence.map((e) => e.pointer)).toEqual([
      undefined,
      '/0/State/Health/FailingStreak',
      '/0/State/Health/Log/1',
    ]);
    // Quoted under the title: what the last check printed, citing its log entry.
    expect(reports[0]?.quote).toEqual({
      kind: 'last-probe',
      text: 'curl: (7) Failed to connect to localhost port 8000',
      evidence: reports[0]?.evidence[2],
    });
  });

  it('quotes nothing when the last check printed nothing (dockerd 20.10, busybox `false` as the check)', () => {
    const records = JSON.parse(readFileSync('test/fixtures/docker-inspect/inspect-states.json', 'utf8')) as unknown[];
    const r = safeParse(dockerInspectParser, JSON.stringify(records), { file: 'inspect.json', firstLine: 1 });
    if (!r.ok) throw new Error('parse failed');
    const inspect = r.value.find((i) => i.name === 'ev_unhealthy')!;
    expect(inspect.healthLog.at(-1)?.output).toBe('');
    const c = makeContainer('ev_unhealthy', { health: 'unhealthy', inspect });
    const { reports } = evaluateRule(containerUnhealthy, makeAudit({ containers: [c] }));
    expect(reports[0]?.explain).toContain('probeSilent');
    expect(reports[0]?.quote).toBeUndefined();
  });

  it('raises a non-proxy container with published ports to P0', () => {
    const c = makeContainer('api', {
      health: 'unhealthy',
      ports: [{ hostIp: '0.0.0.0', hostPort: 8000, containerPort: 8000, protocol: 'tcp' }],
    });
    expect(evaluateRule(containerUnhealthy, makeAudit({ containers: [c] })).reports[0]?.priority).toBe('P0');
  });

  it('does not report healthy, starting or check-less containers', () => {
    const containers = [
      makeContainer('a', { health: 'healthy' }),
      makeContainer('b', { health: 'starting' }),
      makeContainer('c'),
    ];
    expect(evaluateRule(containerUnhealthy, makeAudit({ containers })).reports).toEqual([]);
  });
});
