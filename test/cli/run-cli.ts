// Run the CLI as a user does: a real process from the clone's TypeScript sources, real exit codes.
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SAMPLE = join(ROOT, 'evidence', 'quantum-trader-2025-12-24');
export const LATER = join(ROOT, 'evidence', 'quantum-trader-2025-12-31');
const { FORCE_COLOR: _force, ...inherited } = process.env;
const env = { ...inherited, EVIDEX_REDACT_KEY: 'cli-test-key', NO_COLOR: '1' };

export function evidex(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'src/cli/index.ts'), ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? ROOT,
    env: { ...env, ...options.env },
    maxBuffer: 64 * 2 ** 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI as a child process whose stdout and stderr the test reads as it likes (a slow reader, a closed pipe). */
export function spawnEvidex(args: string[]): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, [join(ROOT, 'src/cli/index.ts'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
