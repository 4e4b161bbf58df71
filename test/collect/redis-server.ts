// Debian's redis-server on a loopback port for the collect tests, started the way test/live starts
// it (no persistence, a private dir), with a password so the tests can prove it never leaks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether redis-server and redis-cli are installed here. */
export const hasRedis =
  spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;

/** A running test server: its port, its password, a redis-cli that speaks to it, and stop(). */
export interface TestRedis {
  port: number;
  password: string;
  cli: (...args: string[]) => string;
  stop: () => void;
}

/** Start redis-server on 127.0.0.1:`port` with `password`; resolves when it answers PING. */
export async function startRedis(port: number, password: string): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'evidex-collect-redis-'));
  const server: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--requirepass',
      password,
    ],
    { stdio: 'ignore' },
  );
  const env = { ...process.env, REDISCLI_AUTH: password };
  const cli = (...args: string[]) => {
    const r = spawnSync('redis-cli', ['--raw', '-p', String(port), ...args], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8', env });
    if (r.stdout.trim() === 'PONG') break;
    await new Promise((res) => setTimeout(res, 50));
  }
  return {
    port,
    password,
    cli,
    stop: () => {
      spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { env });
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
