import { describe, expect, it } from 'vitest';
import { containerPublishedAllInterfaces } from '../../../src/core/rules/container/published-all-interfaces.ts';
import { evaluateRule, makeAudit, makeContainer } from '../../helpers/audit-builder.ts';
import { sampleFleet } from './sample-fleet.ts';

describe('container/published-all-interfaces', () => {
  it('reports Redis as its own P0 finding and groups the other sample services at P1', () => {
    const { reports } = evaluateRule(containerPublishedAllInterfaces, makeAudit({ containers: sampleFleet() }));
    expect(reports.map((r) => [r.subject, r.priority ?? containerPublishedAllInterfaces.priority])).toEqual([
      ['container:quantum_redis', 'P0'],
      ['containers:published-all-interfaces', 'P1'],
    ]);
    const redis = reports[0];
    expect(redis?.values).toMatchObject({ datastore: 'Redis', ports: '6379/tcp' });
    expect(redis?.fix).toContain('127.0.0.1:6379:6379');
    expect(redis?.fix).toContain('requirepass');
    expect(redis?.evidence).toEqual([
      { file: 'raw/docker_ps.txt', startLine: 8, endLine: 8 },
      { file: 'raw/inspect_quantum_redis.json', startLine: 1, endLine: 317, pointer: '/0/NetworkSettings/Ports' },
    ]);
    const group = reports[1];
    expect(group?.observed).toBe(13);
    expect(group?.values).toMatchObject({ containers: 13, quantum_backend: '8000/tcp', quantum_dashboard: '8080/tcp' });
    // 127.0.0.1 bindings (nginx, postgres, grafana…) are fine
    expect(group?.values?.['quantum_postgres']).toBeUndefined();
    expect(group?.values?.['quantum_nginx']).toBeUndefined();
    expect(group?.title).toContain('quantum_trading_bot:8003/tcp');
  });

  it('treats a Postgres port on an empty host IP as a P0 datastore exposure', () => {
    const c = makeContainer('db', {
      image: 'postgres:15-alpine',
      ports: [{ hostIp: '', hostPort: 15432, containerPort: 5432, protocol: 'tcp' }],
    });
    const { reports } = evaluateRule(containerPublishedAllInterfaces, makeAudit({ containers: [c] }));
    expect(reports.map((r) => [r.subject, r.priority, r.observed])).toEqual([
      ['container:db', 'P0', '15432->5432/tcp'],
    ]);
  });

  it('reports nothing for loopback-bound and unpublished ports', () => {
    const containers = [
      makeContainer('quantum_postgres', {
        image: 'postgres:15-alpine',
        ports: [{ hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }],
      }),
      makeContainer('worker', { ports: [{ containerPort: 8000, protocol: 'tcp' }] }),
    ];
    expect(evaluateRule(containerPublishedAllInterfaces, makeAudit({ containers })).reports).toEqual([]);
  });
});
