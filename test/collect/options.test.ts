// Flags and config of `collect`/`collector`: strict values, config under flags, and the CLI itself.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCollectOptions } from '../../src/node/collect/options.ts';
import { DEFAULT_OPTIONS } from '../../src/node/collect/table.ts';

describe('collect options', () => {
  it('defaults, then config, then flags', () => {
    expect(resolveCollectOptions({ redis: true, docker: true, 'health-from-ports': true }, [])).toEqual(
      DEFAULT_OPTIONS,
    );
    const dir = mkdtempSync(join(tmpdir(), 'evidex-collect-cfg-'));
    const cfg = join(dir, 'collect.yaml');
    writeFileSync(
      cfg,
      'redis-host: 10.0.0.5\nredis-port: 6380\ncontainers: [api, worker]\ndocker: false\nlog-tail: 200\n',
    );
    const o = resolveCollectOptions({ config: cfg, 'redis-port': '6390', docker: true }, [
      '--config',
      cfg,
      '--redis-port',
      '6390',
    ]);
    // docker: true came from citty's default, not from the command line: the config's false stands.
    expect(o).toEqual({
      ...DEFAULT_OPTIONS,
      redisHost: '10.0.0.5',
      redisPort: 6390,
      containers: ['api', 'worker'],
      docker: false,
      logTail: 200,
    });
    expect(resolveCollectOptions({ docker: false }, ['--no-docker']).docker).toBe(false);
  });

  it.each([
    [{ 'redis-port': '0' }, ['--redis-port', '0'], /--redis-port must be a whole number from 1 to 65535/],
    [{ 'redis-host': '-oProxy' }, ['--redis-host', '-oProxy'], /--redis-host must be a host name/],
    [{ 'log-tail': '1e3' }, ['--log-tail', '1e3'], /--log-tail must be a whole number/],
    [{ health: "http://x/'; rm -rf /" }, ['--health', 'x'], /--health: .* is not an http\(s\) URL/],
    [{ containers: 'a,b c' }, ['--containers', 'a,b c'], /'b c' is not a container name/],
    [{ 'redis-cacert': '/ca.pem' }, ['--redis-cacert', '/ca.pem'], /--redis-cacert needs --redis-tls/],
  ])('%o is refused with a usage error', (args, argv, message) => {
    expect(() => resolveCollectOptions(args, argv)).toThrow(message);
  });

  it('a misspelt config key is an error naming the file and key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-collect-cfg-'));
    const cfg = join(dir, 'c.json');
    writeFileSync(cfg, JSON.stringify({ 'redis-hots': 'x' }));
    expect(() => resolveCollectOptions({ config: cfg }, ['--config', cfg])).toThrow(
      /c\.json is invalid:[\s\S]*redis-hots/,
    );
  });

  it('`evidex collector` prints a script dash accepts, with the flags as its defaults', () => {
    const r = spawnSync(
      process.execPath,
      [
        'src/cli/index.ts',
        'collector',
        '--no-docker',
        '--redis-port',
        '6390',
        '--redis-tls',
        '--redis-cacert',
        "/etc/ca's.pem",
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.startsWith('#!/bin/sh\n')).toBe(true);
    expect(r.stdout).toContain('REDIS_PORT=${EVIDEX_REDIS_PORT:-6390}');
    expect(r.stdout).toContain(`--tls --cacert '/etc/ca'\\''s.pem'`);
    expect(r.stdout).not.toContain('docker ps');
    expect(r.stdout).not.toMatch(/redis-cli[^\n]* -a /);
    const dir = mkdtempSync(join(tmpdir(), 'evidex-collector-'));
    writeFileSync(join(dir, 'collect.sh'), r.stdout);
    const check = spawnSync('dash', ['-n', join(dir, 'collect.sh')], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });
});
