import { describe, expect, it } from 'vitest';
import { dockerComposePsParser } from '../../src/core/parsers/docker-compose-ps.ts';
import { parserList } from '../../src/core/parsers/index.ts';
import { classify } from '../../src/core/run/classify.ts';
import { fixture, okValue } from './redis-helpers.ts';

// Facts as test/fixtures/docker-compose-ps/README.md lists them (written before the parser).
const parse = (name: string) => {
  const text = fixture('docker-compose-ps', name);
  return { text, rows: okValue(dockerComposePsParser.parse(text, { file: `raw/${name}`, firstLine: 1 })) };
};
const byName = (rows: ReturnType<typeof parse>['rows']) => new Map(rows.map((r) => [r.name, r]));

describe('docker-compose-ps', () => {
  it('reads Compose v2.27 (docs): state, exit code, service and published port', () => {
    const { rows } = parse('compose-v2.27-docs-all.txt');
    expect(rows.map((r) => r.name)).toEqual(['example-foo-1', 'example-bar-1']);
    const m = byName(rows);
    expect(m.get('example-foo-1')).toMatchObject({ service: 'foo', image: 'alpine', state: 'running', health: 'none' });
    expect(m.get('example-foo-1')?.ports).toEqual([
      { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    ]);
    expect(m.get('example-bar-1')).toMatchObject({ service: 'bar', state: 'exited', exitCode: 0, ports: [] });
  });

  it('reads Compose v2.6.1: Compose words with health, IPv4 and IPv6 bindings, rows without ports', () => {
    const { rows } = parse('compose-v2.6.1-healthy.txt');
    expect(rows).toHaveLength(5);
    const m = byName(rows);
    expect(m.get('docspell-joex')).toMatchObject({ service: 'joex', state: 'running', health: 'healthy' });
    expect(m.get('docspell-joex')?.ports.map((p) => `${p.hostIp}:${p.hostPort}`)).toEqual(['0.0.0.0:7878', ':::7878']);
    expect(m.get('docspell-consumedir')).toMatchObject({ state: 'running', health: 'none', ports: [] });
    expect(m.get('postgres_db')?.service).toBe('db');
  });

  it('reads Compose v2.0 (NAME SERVICE STATUS PORTS)', () => {
    const m = byName(parse('compose-v2.0-docs-jp.txt').rows);
    expect(m.get('example_foo_1')).toMatchObject({ service: 'foo', state: 'running', health: 'healthy' });
    expect(m.get('example_foo_1')?.ports[0]).toMatchObject({ hostPort: 8000, containerPort: 80 });
    expect(m.get('example_bar_1')).toMatchObject({ state: 'exited', exitCode: 1 });
  });

  it('reads docker-compose v1: centred headers, cells split on runs of spaces, Up and Restarting', () => {
    const odk = parse('compose-v1-odk-central.txt').rows;
    expect(odk.map((r) => [r.name, r.state, r.health])).toEqual([
      ['central_mail_1', 'running', 'none'],
      ['central_nginx_1', 'running', 'none'],
      ['central_postgres_1', 'running', 'none'],
      ['central_service_1', 'running', 'none'],
    ]);
    expect(
      byName(odk)
        .get('central_nginx_1')
        ?.ports.map((p) => p.hostPort),
    ).toEqual([443, 80]);
    const wp = byName(parse('compose-v1-restarting.txt').rows);
    expect(wp.get('mywordpress_db_1')?.state).toBe('running');
    expect(wp.get('mywordpress_wordpress_1')).toMatchObject({
      state: 'restarting',
      ports: [{ hostPort: 8000, containerPort: 80 }],
    });
  });

  it('cites each row on its own line', () => {
    const { rows } = parse('compose-v1-odk-central.txt');
    expect(rows.map((r) => r.evidence.startLine)).toEqual([3, 4, 5, 6]);
  });

  it('is recognised by content under a neutral name, and docker ps tables are not taken for it', () => {
    for (const name of [
      'compose-v2.27-docs-all.txt',
      'compose-v2.6.1-healthy.txt',
      'compose-v2.0-docs-jp.txt',
      'compose-v1-odk-central.txt',
    ]) {
      expect(classify(parserList, fixture('docker-compose-ps', name), 'capture.txt')?.parser.id).toBe(
        'docker-compose-ps',
      );
    }
    expect(dockerComposePsParser.detect(fixture('docker-ps', 'ps-a-states.txt'), 'docker_ps.txt')).toBe(0);
  });
});
