import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerInspectParser } from '../../src/core/parsers/docker-inspect.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import type { ContainerInspect } from '../../src/core/model/container.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw';
const FIX = 'test/fixtures/docker-inspect';
const read = (path: string) => readFileSync(path, 'utf8');
const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

function inspect(text: string, file = 'inspect.json', firstLine = 1): ContainerInspect[] {
  const r = safeParse(dockerInspectParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return r.value;
}

describe('docker-inspect on the real sample', () => {
  const names = ['quantum_ai_engine', 'quantum_backend', 'quantum_redis', 'quantum_risk_safety', 'quantum_trading_bot'];

  it.each(names)('reads inspect_%s.json as one running, healthy container citing its whole object', (name) => {
    const file = `inspect_${name}.json`;
    const text = read(`${RAW}/${file}`);
    const [c, ...rest] = inspect(text, file);
    expect(rest).toEqual([]);
    expect(c?.name).toBe(name);
    expect([c?.state, c?.health, c?.oomKilled, c?.restartCount, c?.healthLog.length]).toEqual([
      'running',
      'healthy',
      false,
      0,
      5,
    ]);
    // The object spans line 2 to the line before the closing bracket.
    expect(c?.evidence).toEqual({ file, startLine: 2, endLine: lineCount(text) - 1, pointer: '/0' });
    expect(c?.restartPolicy).toBe('unless-stopped');
    expect(c?.memoryLimitBytes).toBe(0);
  });

  it('maps quantum_redis in detail', () => {
    const [redis] = inspect(read(`${RAW}/inspect_quantum_redis.json`));
    expect(redis?.id).toBe('c947e1c88de39ee0795558039360d8ad117671290b25e3c3c6767cce0b3ed2ed');
    expect(redis?.image).toBe('redis:7-alpine');
    expect(redis?.imageId).toMatch(/^sha256:ee64a64e/);
    expect(redis?.startedAt).toBe('2025-12-24T02:33:50.468561202Z');
    expect(redis?.finishedAt).toBe('2025-12-24T02:33:38.395805112Z');
    expect(redis?.healthFailingStreak).toBe(0);
    expect(redis?.healthLog[4]).toEqual({ start: '2025-12-24T04:55:39.360135248Z', exitCode: 0, output: 'PONG\n' });
    expect(redis?.command).toEqual(['redis-server', '--appendonly', 'yes', '--appendfsync', 'everysec']);
    expect(redis?.ports).toEqual([
      { containerPort: 6379, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 6379 },
      { containerPort: 6379, protocol: 'tcp', hostIp: '::', hostPort: 6379 },
    ]);
    expect(redis?.networks).toEqual([
      { name: 'quantum_trader_quantum_trader', ip: '172.18.0.25', aliases: ['quantum_redis', 'redis'] },
    ]);
    expect(redis?.env).toContainEqual({ name: 'REDIS_VERSION', value: '7.4.7' });
    expect(redis?.labels['com.docker.compose.service']).toBe('redis');
    expect(redis?.mounts).toEqual([
      {
        type: 'volume',
        source: '/var/lib/docker/volumes/quantum_trader_redis_data/_data',
        destination: '/data',
        rw: true,
      },
    ]);
    expect(redis?.privileged).toBe(false);
  });

  it('reads the trading bot, which never finished (zero FinishedAt) and has no aliases', () => {
    const [bot] = inspect(read(`${RAW}/inspect_quantum_trading_bot.json`));
    expect(bot?.finishedAt).toBeUndefined();
    expect(bot?.networks).toEqual([{ name: 'quantum_trader_quantum_trader', ip: '172.18.0.29' }]);
    expect(bot?.command).toEqual([
      'uvicorn',
      'microservices.trading_bot.main:app',
      '--host',
      '0.0.0.0',
      '--port',
      '8003',
    ]);
  });

  it('turns inspect_.json ("[]" then a docker error) into no containers plus an error-output issue', () => {
    const text = read(`${RAW}/inspect_.json`);
    expect(safeParse(dockerInspectParser, text, { file: 'inspect_.json', firstLine: 1 })).toEqual({
      ok: true,
      value: [],
      issues: [
        {
          kind: 'error-output',
          message: 'docker inspect printed an error: invalid container name or ID: value is empty',
          line: 2,
        },
      ],
    });
    expect(dockerInspectParser.detect(text, 'inspect_.json')).toBeGreaterThanOrEqual(0.6);
    expect(dockerInspectParser.detect(text, 'capture.txt')).toBe(0.6);
  });

  it('detects real inspect output from content alone', () => {
    expect(dockerInspectParser.detect(read(`${RAW}/inspect_quantum_redis.json`), 'x.json')).toBeGreaterThanOrEqual(
      0.85,
    );
    expect(dockerInspectParser.detect(read(`${RAW}/docker_ps.txt`), 'docker_ps.txt')).toBe(0);
    expect(dockerInspectParser.detect(read(`${RAW}/logs_tail_quantum_redis.txt`), 'logs_tail_quantum_redis.txt')).toBe(
      0,
    );
  });

  it('never throws on truncated copies, and reports each as cut', () => {
    const text = read(`${RAW}/inspect_quantum_redis.json`);
    const whole = parseWhole(dockerInspectParser, text, 'x');
    for (const cut of cutsEvery(text, 211)) {
      // The parser itself: no throw, and issue lines inside the copy.
      expect(checkTruncated(dockerInspectParser, cut, 'x', whole)).toEqual([]);
      const r = dockerInspectParser.parse(cut.text, { file: 'x', firstLine: 1 });
      expect(r.ok).toBe(false);
      expect(r.issues.at(-1)?.kind).toMatch(/parse-failure|empty-capture/);
    }
  });
});

describe('docker-inspect on captured Docker 20.10.24 output (test/fixtures/docker-inspect)', () => {
  const text = read(`${FIX}/inspect-states.json`);
  const list = inspect(text, 'inspect-states.json');
  const by = new Map(list.map((c) => [c.name, c]));

  it('reads nine containers in order, with contiguous line spans and pointers', () => {
    expect(list.map((c) => c.name)).toEqual([
      'ev_healthy',
      'ev_unhealthy',
      'ev_oom',
      'ev_paused',
      'ev_restarting',
      'ev_created',
      'ev_ports',
      'ev_traceback',
      'ev_exited3',
    ]);
    expect(list.map((c) => c.evidence.pointer)).toEqual(['/0', '/1', '/2', '/3', '/4', '/5', '/6', '/7', '/8']);
    expect(list[0]?.evidence.startLine).toBe(2);
    for (let i = 1; i < list.length; i++)
      expect(list[i]?.evidence.startLine).toBe((list[i - 1]?.evidence.endLine ?? 0) + 1);
    expect(list.at(-1)?.evidence.endLine).toBe(lineCount(text) - 1);
  });

  it('reads states, health, OOM kills, exit codes and restarts', () => {
    expect(list.map((c) => [c.name, c.state, c.health, c.exitCode, c.oomKilled, c.restartCount])).toEqual([
      ['ev_healthy', 'running', 'healthy', 0, false, 0],
      ['ev_unhealthy', 'running', 'unhealthy', 0, false, 0],
      ['ev_oom', 'exited', 'none', 137, true, 0],
      ['ev_paused', 'paused', 'none', 0, false, 0],
      ['ev_restarting', 'restarting', 'none', 1, false, 10],
      ['ev_created', 'created', 'none', 0, false, 0],
      ['ev_ports', 'running', 'none', 0, false, 0],
      ['ev_traceback', 'running', 'none', 0, false, 0],
      ['ev_exited3', 'exited', 'none', 3, false, 0],
    ]);
    expect(by.get('ev_unhealthy')?.healthFailingStreak).toBe(60);
    expect(by.get('ev_unhealthy')?.healthLog.at(-1)?.exitCode).toBe(1);
    expect(by.get('ev_healthy')?.healthFailingStreak).toBe(0);
    expect(by.get('ev_oom')?.healthFailingStreak).toBeUndefined();
    expect(by.get('ev_created')?.startedAt).toBeUndefined();
    expect(by.get('ev_oom')?.finishedAt).toBe('2026-11-24T08:25:20.890936776Z');
  });

  it('reads limits, restart policy, env, labels and mounts', () => {
    expect(by.get('ev_oom')?.memoryLimitBytes).toBe(6 * 1024 * 1024);
    expect(by.get('ev_oom')?.cpuLimit).toBeUndefined();
    expect(by.get('ev_restarting')?.restartPolicy).toBe('always');
    expect(by.get('ev_healthy')?.restartPolicy).toBe('no');
    const tb = by.get('ev_traceback');
    expect(tb?.cpuLimit).toBe(0.5);
    expect(tb?.env).toEqual([
      { name: 'FOO', value: 'bar=baz' },
      { name: 'EMPTY', value: '' },
    ]);
    expect(tb?.labels).toEqual({ app: 'demo' });
    expect(tb?.mounts).toEqual([{ type: 'bind', source: '/tmp/bb', destination: '/data', rw: false }]);
    expect(by.get('ev_healthy')?.env).toEqual([]);
    expect(by.get('ev_healthy')?.networks).toEqual([{ name: 'none' }]);
  });

  it('prefers NetworkSettings.Ports (actual bindings) and keeps exposed-only ports', () => {
    const [c] = inspect(read(`${FIX}/inspect-ports.json`));
    expect(c?.ports).toEqual([
      { containerPort: 6379, protocol: 'tcp' },
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 18080 },
      { containerPort: 8000, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 18000 },
      { containerPort: 8000, protocol: 'tcp', hostIp: '::', hostPort: 18000 },
      { containerPort: 8001, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 18001 },
      { containerPort: 8001, protocol: 'tcp', hostIp: '::', hostPort: 18001 },
    ]);
    expect(c?.networks).toEqual([{ name: 'evnet', ip: '172.17.0.2', aliases: ['4ec6ab43ea13'] }]);
  });

  it('falls back to HostConfig.PortBindings when the container is stopped (empty NetworkSettings.Ports)', () => {
    const data = JSON.parse(read(`${FIX}/inspect-ports.json`)) as Array<{ NetworkSettings: { Ports: unknown } }>;
    if (data[0]) data[0].NetworkSettings.Ports = {};
    const [c] = inspect(JSON.stringify(data, null, 4));
    expect(c?.ports).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 18080 },
      { containerPort: 8000, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 18000 },
      { containerPort: 8001, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 18001 },
    ]);
  });

  it('reads "[]" plus "Error: No such object" as no containers and an error-output issue', () => {
    const r = safeParse(dockerInspectParser, read(`${FIX}/inspect-no-such.txt`), {
      file: 'inspect_nosuch.json',
      firstLine: 1,
    });
    expect(r).toEqual({
      ok: true,
      value: [],
      issues: [
        { kind: 'error-output', message: 'docker inspect printed an error: Error: No such object: nosuch', line: 2 },
      ],
    });
    const empty = safeParse(dockerInspectParser, read(`${FIX}/inspect-empty-name.txt`), {
      file: 'inspect_.json',
      firstLine: 1,
    });
    expect(empty.ok && empty.value).toEqual([]);
    expect(empty.issues.map((i) => i.kind)).toEqual(['error-output']);
  });

  it('reports truncated JSON as a parse-failure at the line where it ends', () => {
    const r = safeParse(dockerInspectParser, read(`${FIX}/inspect-truncated.json`), {
      file: 'inspect.json',
      firstLine: 1,
    });
    expect(r).toEqual({
      ok: false,
      issues: [
        {
          kind: 'parse-failure',
          message: 'inspect JSON is truncated: it ends inside container #1 (pointer /0) at line 73',
          line: 73,
        },
      ],
    });
  });

  it('issue 9: a capture cut at a line end cites its last line, not the one after it', () => {
    const text = read(`${FIX}/inspect-states.json`).split('\n').slice(0, 40).join('\n');
    for (const [input, line] of [
      [`${text}\n`, 40],
      [text, 40],
      [`${text}\r\n`, 40],
    ] as const) {
      const r = dockerInspectParser.parse(input, { file: 'inspect.json', firstLine: 1 });
      expect(r).toEqual({ ok: false, issues: [expect.objectContaining({ kind: 'parse-failure', line })] });
    }
  });

  it('offsets lines when the JSON is a section of a larger file', () => {
    const [c] = inspect(read(`${FIX}/inspect-ports.json`), 'bundle.txt', 101);
    expect(c?.evidence).toEqual({ file: 'bundle.txt', startLine: 102, endLine: 351, pointer: '/0' });
  });
});

describe('docker-inspect on bad input', () => {
  const ctx = { file: 'inspect_x.json', firstLine: 1 };
  it('returns error-output when docker printed only an error', () => {
    const text = 'Error: No such object: x\n';
    expect(safeParse(dockerInspectParser, text, ctx)).toEqual({
      ok: false,
      issues: [{ kind: 'error-output', message: 'docker inspect printed an error: Error: No such object: x', line: 1 }],
    });
    expect(dockerInspectParser.detect(text, 'inspect_x.json')).toBe(0.6);
    expect(dockerInspectParser.detect(text, 'notes.txt')).toBeLessThan(0.3);
  });
  it('rejects a JSON object (not the array docker prints)', () => {
    const r = safeParse(dockerInspectParser, '{"Id": "abc", "State": {}}', ctx);
    expect(r.ok).toBe(false);
    expect(r.issues[0]?.kind).toBe('parse-failure');
  });
  it('reports invalid JSON with the line it broke on', () => {
    const r = safeParse(dockerInspectParser, '[\n  {\n    "Id": "abc",\n    "State": {},\n  }\n]\n', ctx);
    expect(r.ok).toBe(false);
    expect(r.issues[0]?.kind).toBe('parse-failure');
    expect(r.issues[0]?.line).toBe(5);
  });
  it('skips non-container objects (image inspect) with an unrecognised issue', () => {
    const r = safeParse(dockerInspectParser, '[{"Id": "sha256:1", "RepoTags": ["bb:latest"], "Config": {}}]', ctx);
    expect(r).toEqual({
      ok: true,
      value: [],
      issues: [
        {
          kind: 'unrecognised',
          message: 'element /0 has no State: not a container (image, network or volume inspect?)',
          line: 1,
        },
      ],
    });
  });
  it('fills defaults for a minimal container object and survives wrong types', () => {
    const [c] = inspect(
      '[{"Id":"0123456789abcdef","State":{"Status":"weird","Health":null},' +
        '"Config":{"Env":[1,"A=b"],"Labels":{"x":1,"y":"z"}},' +
        '"HostConfig":{"NanoCpus":0,"CpuQuota":50000,"CpuPeriod":100000},"Mounts":[{"Type":"tmpfs"}]}]',
    );
    expect(c).toEqual({
      id: '0123456789abcdef',
      name: '0123456789ab',
      state: 'unknown',
      health: 'none',
      healthLog: [],
      restartCount: 0,
      oomKilled: false,
      exitCode: 0,
      memoryLimitBytes: 0,
      cpuLimit: 0.5,
      ports: [],
      networks: [],
      env: [{ name: 'A', value: 'b' }],
      labels: { y: 'z' },
      mounts: [],
      evidence: { file: 'inspect.json', startLine: 1, endLine: 1, pointer: '/0' },
    });
  });
  it('flags an empty file and binary junk', () => {
    expect(safeParse(dockerInspectParser, '  \n', ctx).issues[0]?.kind).toBe('empty-capture');
    expect(safeParse(dockerInspectParser, '\u0000\u0001PK', ctx).issues[0]?.kind).toBe('unrecognised');
  });
});

describe('docker-inspect on podman 1.x inspect (test/fixtures/public, insights-core test data)', () => {
  const file = 'test/fixtures/public/docker-inspect/insights-core-podman-1.x-running.txt';

  it('takes "ID" for the id and reads its lower-case mount keys', () => {
    const r = safeParse(dockerInspectParser, read(file), { file: 'podman_inspect.json', firstLine: 1 });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const [c] = r.value;
    expect(c?.id).toBe('66db151828e9beede0cdd9c17fc9bd5ebb5d125dd036f7230bc6b6433e5c0dda');
    expect(c?.name).toBe('gnocchi_metricd');
    expect(c?.mounts).toHaveLength(4);
    expect(c?.mounts[0]).toEqual({ type: 'sysfs', destination: '/sys', source: 'sysfs' });
  });
});
