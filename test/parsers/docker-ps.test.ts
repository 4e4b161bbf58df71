import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerPsParser, parseHumanDuration, parsePorts, parseStatus } from '../../src/core/parsers/docker-ps.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import type { DockerPsRow } from '../../src/core/model/container.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24/raw/docker_ps.txt';
const FIX = 'test/fixtures/docker-ps';
const read = (path: string) => readFileSync(path, 'utf8');

function rows(text: string, file = 'docker_ps.txt', firstLine = 1): DockerPsRow[] {
  const r = safeParse(dockerPsParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return r.value;
}
const byName = (list: DockerPsRow[]) => new Map(list.map((r) => [r.name, r]));

describe('docker-ps on the real sample (table {{.Names}}\\t{{.Image}}\\t{{.Status}}\\t{{.Ports}})', () => {
  const text = read(SAMPLE);
  const list = rows(text);
  const map = byName(list);

  it('reads all 33 containers, each citing its own line', () => {
    expect(list).toHaveLength(33);
    expect(list[0]?.name).toBe('quantum_trading_bot');
    expect(list[0]?.evidence).toEqual({ file: 'docker_ps.txt', startLine: 2, endLine: 2 });
    expect(list[32]?.name).toBe('quantum_prometheus');
    expect(list[32]?.evidence.startLine).toBe(34);
    expect(list.every((r) => r.state === 'running')).toBe(true);
  });

  it('keeps multi-word STATUS cells whole and reads health', () => {
    const nginx = map.get('quantum_nginx');
    expect(nginx?.status).toBe('Up 2 hours (unhealthy)');
    expect(nginx?.health).toBe('unhealthy');
    expect(nginx?.image).toBe('nginx:alpine');
    expect(map.get('quantum_position_monitor')?.health).toBe('none');
    expect(list.filter((r) => r.health === 'healthy')).toHaveLength(24);
  });

  it('turns status text into approximate ages', () => {
    expect(map.get('quantum_trading_bot')?.statusAgeSeconds).toBe(26 * 60);
    expect(map.get('quantum_backend')?.statusAgeSeconds).toBe(5 * 60);
    expect(map.get('quantum_redis')?.statusAgeSeconds).toBe(2 * 3600);
  });

  it('parses published ports, IPv4 and IPv6, loopback-only and remapped', () => {
    expect(map.get('quantum_redis')?.ports).toEqual([
      { hostIp: '0.0.0.0', hostPort: 6379, containerPort: 6379, protocol: 'tcp' },
      { hostIp: '::', hostPort: 6379, containerPort: 6379, protocol: 'tcp' },
    ]);
    expect(map.get('quantum_nginx')?.ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: 80, containerPort: 80, protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: 443, containerPort: 443, protocol: 'tcp' },
    ]);
    expect(map.get('quantum_grafana')?.ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: 3001, containerPort: 3000, protocol: 'tcp' },
    ]);
    expect(map.get('quantum_market_publisher')?.ports).toEqual([]);
  });

  it('offsets evidence when the table is a section of a larger file', () => {
    const shifted = rows(text, 'system_context.txt', 40);
    expect(shifted[0]?.evidence).toEqual({ file: 'system_context.txt', startLine: 41, endLine: 41 });
    expect(shifted[32]?.evidence.startLine).toBe(73);
  });

  it('gives the same rows for CRLF line endings', () => {
    expect(rows(text.replace(/\n/g, '\r\n'))).toEqual(list);
  });

  it('is detected with or without a helpful file name', () => {
    expect(dockerPsParser.detect(text, 'docker_ps.txt')).toBe(1);
    expect(dockerPsParser.detect(text, 'capture-3.txt')).toBeGreaterThanOrEqual(0.8);
    expect(
      dockerPsParser.detect(
        read('evidence/quantum-trader-2025-12-24/raw/redis_info_memory.txt'),
        'redis_info_memory.txt',
      ),
    ).toBe(0);
    expect(
      dockerPsParser.detect(
        read('evidence/quantum-trader-2025-12-24/raw/inspect_quantum_redis.json'),
        'inspect_quantum_redis.json',
      ),
    ).toBe(0);
  });

  it('never throws on truncated copies and always yields schema-valid rows', () => {
    const whole = parseWhole(dockerPsParser, text, 'x');
    for (const cut of cutsEvery(text, 89)) {
      // The parser itself, every 89th character: no throw, schema, cited lines, records of the whole file.
      expect(checkTruncated(dockerPsParser, cut, 'x', whole)).toEqual([]);
      const r = dockerPsParser.parse(cut.text, { file: 'x', firstLine: 1 });
      if (!r.ok) {
        expect(r.issues[0]?.kind).toMatch(/empty-capture|unrecognised/);
        continue;
      }
      expect(r.value.length).toBeLessThanOrEqual(33);
      for (const row of r.value)
        expect(
          whole.some((w) => w.name.startsWith(row.name)),
          cut.label,
        ).toBe(true);
    }
  });
});

describe('docker-ps on captured docker 28.2.2 CLI output (test/fixtures/docker-ps)', () => {
  const table = byName(rows(read(`${FIX}/ps-a-states.txt`)));

  it('reads every -a state from the default table', () => {
    const summary = [...table.values()].map((r) => [r.name, r.state, r.health, r.exitCode ?? null]);
    expect(summary).toEqual([
      ['ev_ports', 'running', 'none', null],
      ['ev_traceback', 'running', 'none', null],
      ['ev_created', 'created', 'none', null],
      ['ev_restarting', 'restarting', 'none', 1],
      ['ev_paused', 'paused', 'none', null],
      ['ev_oom', 'exited', 'none', 137],
      ['ev_exited3', 'exited', 'none', 3],
      ['ev_starting', 'running', 'starting', null],
      ['ev_unhealthy', 'running', 'unhealthy', null],
      ['ev_healthy', 'running', 'healthy', null],
    ]);
    expect(table.get('ev_restarting')?.statusAgeSeconds).toBe(9);
    expect(table.get('ev_oom')?.statusAgeSeconds).toBe(60);
    expect(table.get('ev_created')?.statusAgeSeconds).toBeUndefined();
    expect(table.get('ev_paused')?.status).toBe('Up About a minute (Paused)');
  });

  it('reads default columns: short id, unquoted command, created text', () => {
    const oom = table.get('ev_oom');
    expect(oom?.id).toBe('455e28a6778f');
    expect(oom?.image).toBe('bb:latest');
    expect(oom?.command).toBe("sh -c 'x=a; while t…");
    expect(oom?.createdText).toBe('About a minute ago');
  });

  it('reads exposed-only ports without host fields, next to published ones', () => {
    expect(table.get('ev_ports')?.ports).toEqual([
      { containerPort: 6379, protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: 18080, containerPort: 80, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 18000, containerPort: 8000, protocol: 'tcp' },
      { hostIp: '::', hostPort: 18000, containerPort: 8000, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 18001, containerPort: 8001, protocol: 'tcp' },
      { hostIp: '::', hostPort: 18001, containerPort: 8001, protocol: 'tcp' },
    ]);
  });

  it('reads --no-trunc: full ids and full commands', () => {
    const full = byName(rows(read(`${FIX}/ps-a-no-trunc.txt`)));
    expect(full.get('ev_oom')?.id).toBe('455e28a6778fa3f86cadb727a9d386231ce910f36237cfc88a96a23c50112120');
    expect(full.get('ev_oom')?.command).toBe("sh -c 'x=a; while true; do x=$x$x; done'");
    expect(full.get('ev_traceback')?.command).toMatch(
      /^sh -c 'echo \\"2025-12-24 04:55:45,001 - app.worker - INFO - starting\\"; .*sleep 3600'$/,
    );
    expect([...full.values()].map((r) => [r.name, r.state, r.health])).toEqual(
      [...table.values()].map((r) => [r.name, r.state, r.health]),
    );
  });

  it("reads --format '{{json .}}' lines with the same facts as the table", () => {
    const json = rows(read(`${FIX}/ps-a-json-lines.txt`));
    expect(json).toHaveLength(10);
    for (const r of json) {
      const t = table.get(r.name);
      expect([r.id, r.state, r.health, r.exitCode, r.statusAgeSeconds, r.ports]).toEqual([
        t?.id,
        t?.state,
        t?.health,
        t?.exitCode,
        t?.statusAgeSeconds,
        t?.ports,
      ]);
    }
    expect(json[0]?.evidence).toEqual({ file: 'docker_ps.txt', startLine: 1, endLine: 1 });
    expect(json[0]?.createdText).toBe('2026-11-24 08:25:22 +0000 UTC');
    expect(json.find((r) => r.name === 'ev_created')?.command).toBe('echo never');
  });

  it('reads custom table formats in any column order', () => {
    const reordered = rows(read(`${FIX}/ps-a-table-reordered.txt`));
    expect(reordered.map((r) => [r.name, r.id, r.state, r.exitCode ?? null])).toEqual(
      [...table.values()].map((r) => [r.name, r.id, r.state, r.exitCode ?? null]),
    );
    expect(reordered[0]?.ports).toHaveLength(6);
    const two = rows(read(`${FIX}/ps-table-names-status.txt`));
    expect(two.map((r) => `${r.name}:${r.state}:${r.health}`)).toEqual([
      'ev_ports:running:none',
      'ev_traceback:running:none',
      'ev_restarting:restarting:none',
      'ev_paused:paused:none',
      'ev_starting:running:starting',
      'ev_unhealthy:running:unhealthy',
      'ev_healthy:running:healthy',
    ]);
    expect(two[0]?.image).toBeUndefined();
  });

  it('returns no rows, and no issues, for a header-only table', () => {
    expect(safeParse(dockerPsParser, read(`${FIX}/ps-empty.txt`), { file: 'ps.txt', firstLine: 1 })).toEqual({
      ok: true,
      value: [],
      issues: [],
    });
  });
});

describe('docker-ps status, durations and ports (Docker-documented formats, hand-written)', () => {
  it('reads states Docker prints that we could not reproduce here', () => {
    expect(parseStatus('Dead')).toEqual({ state: 'dead', health: 'none' });
    expect(parseStatus('Removal In Progress')).toEqual({ state: 'removing', health: 'none' });
    expect(parseStatus('Exited (1) 3 weeks ago')).toEqual({
      state: 'exited',
      health: 'none',
      exitCode: 1,
      ageSeconds: 21 * 86400,
    });
    expect(parseStatus('Up Less than a second')).toEqual({ state: 'running', health: 'none', ageSeconds: 0 });
    expect(parseStatus('Up About an hour (health: starting)')).toEqual({
      state: 'running',
      health: 'starting',
      ageSeconds: 3600,
    });
    expect(parseStatus('Up 3 minutes (Paused)')).toEqual({ state: 'paused', health: 'none', ageSeconds: 180 });
    expect(parseStatus('Restarting (1) 10 seconds ago')).toEqual({
      state: 'restarting',
      health: 'none',
      exitCode: 1,
      ageSeconds: 10,
    });
    expect(parseStatus('Something new')).toEqual({ state: 'unknown', health: 'none' });
  });

  it('converts go-units durations', () => {
    expect(parseHumanDuration('6 days')).toBe(6 * 86400);
    expect(parseHumanDuration('1 second')).toBe(1);
    expect(parseHumanDuration('2 months')).toBe(60 * 86400);
    expect(parseHumanDuration('About a minute')).toBe(60);
    expect(parseHumanDuration('soon')).toBeUndefined();
  });

  it('expands port ranges, bounded to 1000 bindings', () => {
    expect(parsePorts('0.0.0.0:8000-8001->8000-8001/tcp, 53/udp').bindings).toEqual([
      { hostIp: '0.0.0.0', hostPort: 8000, containerPort: 8000, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 8001, containerPort: 8001, protocol: 'tcp' },
      { containerPort: 53, protocol: 'udp' },
    ]);
    const huge = parsePorts('0.0.0.0:10000-14999->10000-14999/tcp');
    expect(huge.bindings).toHaveLength(1000);
    expect(huge.truncated).toBe(true);
    expect(parsePorts('what?').unparsed).toEqual(['what?']);
  });

  it('reports a huge range as limit-exceeded, keeping the row', () => {
    const text = 'NAMES   PORTS\nwide    0.0.0.0:10000-14999->10000-14999/tcp\n';
    const r = safeParse(dockerPsParser, text, { file: 'ps.txt', firstLine: 1 });
    expect(r.ok && r.value[0]?.ports.length).toBe(1000);
    expect(r.issues).toEqual([
      { kind: 'limit-exceeded', message: 'wide publishes more than 1000 ports; kept the first 1000', line: 2 },
    ]);
  });

  it('reads Dead and Removal In Progress rows in a table', () => {
    const text = ['NAMES     STATUS', 'gone      Dead', 'leaving   Removal In Progress', ''].join('\n');
    expect(rows(text).map((r) => [r.name, r.state])).toEqual([
      ['gone', 'dead'],
      ['leaving', 'removing'],
    ]);
  });
});

describe('docker-ps on bad input', () => {
  const ctx = { file: 'docker_ps.txt', firstLine: 1 };
  it('flags an empty capture', () => {
    expect(safeParse(dockerPsParser, '\n\n', ctx)).toEqual({
      ok: false,
      issues: [{ kind: 'empty-capture', message: 'docker ps capture is empty' }],
    });
  });
  it('flags docker client errors as error-output', () => {
    const r = safeParse(
      dockerPsParser,
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
      ctx,
    );
    expect(r.ok).toBe(false);
    expect(r.issues[0]?.kind).toBe('error-output');
    expect(r.issues[0]?.line).toBe(1);
  });
  it('flags text that is not docker ps', () => {
    expect(safeParse(dockerPsParser, 'total 4\ndrwxr-xr-x 2 root root 4096 .\n', ctx).issues[0]?.kind).toBe(
      'unrecognised',
    );
    expect(safeParse(dockerPsParser, '\u0000\u0001\u0002binary', ctx).ok).toBe(false);
  });
  it('keeps good JSON lines and reports bad ones', () => {
    const r = safeParse(dockerPsParser, '{"Names":"a","Status":"Up 2 hours","State":"running"}\n{"Names":\n', ctx);
    expect(r.ok && r.value.map((x) => [x.name, x.statusAgeSeconds])).toEqual([['a', 7200]]);
    expect(r.issues).toEqual([{ kind: 'parse-failure', message: 'line is not valid JSON', line: 2 }]);
  });
});
