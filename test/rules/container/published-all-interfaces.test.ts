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

// Issue 11 item 6: an edge proxy publishing 80/443 on all interfaces is expected — at most P3, and never on the
// same footing (or in the same finding) as a database port.
describe('container/published-all-interfaces: the web ports of an edge service', () => {
  const open = (ports: Array<[number, number]>) =>
    ports.flatMap(([host, container]) => [
      { hostIp: '0.0.0.0', hostPort: host, containerPort: container, protocol: 'tcp' },
      { hostIp: '::', hostPort: host, containerPort: container, protocol: 'tcp' },
    ]);
  const fleet = (nginxPorts: Array<[number, number]>) =>
    sampleFleet().map((c) => (c.name === 'quantum_nginx' ? { ...c, ports: open(nginxPorts) } : c));

  it('notes the sample nginx on 0.0.0.0:80/443 at P3, apart from Redis (P0) and the P1 group', () => {
    const { reports } = evaluateRule(
      containerPublishedAllInterfaces,
      makeAudit({
        containers: fleet([
          [80, 80],
          [443, 443],
        ]),
      }),
    );
    const by = (s: string) => reports.find((r) => r.subject === s);
    expect(reports.map((r) => [r.subject, r.priority ?? 'P1']).sort()).toEqual([
      ['container:quantum_nginx/edge', 'P3'],
      ['container:quantum_redis', 'P0'],
      ['containers:published-all-interfaces', 'P1'],
    ]);
    expect(by('container:quantum_nginx/edge')?.values).toMatchObject({ ports: '80/tcp, 443/tcp', edgeProxy: true });
    expect(by('containers:published-all-interfaces')?.values?.['quantum_nginx']).toBeUndefined();
  });

  it("still judges the proxy's other ports, and any non-datastore service's 80/443 the same way", () => {
    const { reports } = evaluateRule(
      containerPublishedAllInterfaces,
      makeAudit({
        containers: fleet([
          [80, 80],
          [8081, 8081],
        ]),
      }),
    );
    expect(reports.find((r) => r.subject === 'container:quantum_nginx/edge')?.observed).toBe('80/tcp');
    expect(reports.find((r) => r.subject === 'containers:published-all-interfaces')?.values?.['quantum_nginx']).toBe(
      '8081/tcp',
    );
    const web = makeContainer('shop-edge', { image: 'busybox:1.36', ports: open([[80, 80]]) });
    const one = evaluateRule(containerPublishedAllInterfaces, makeAudit({ containers: [web] })).reports;
    expect(one.map((r) => [r.subject, r.priority, r.values?.['edgeProxy']])).toEqual([
      ['container:shop-edge/edge', 'P3', false],
    ]);
  });

  it('never treats a datastore published on port 80 as an edge service', () => {
    const odd = makeContainer('cache', { image: 'redis:7', ports: open([[80, 6379]]) });
    const r = evaluateRule(containerPublishedAllInterfaces, makeAudit({ containers: [odd] })).reports;
    expect(r.map((x) => [x.subject, x.priority])).toEqual([['container:cache', 'P0']]);
  });
});
