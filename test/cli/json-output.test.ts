// `analyze --json` is written in pieces (src/core/format/json.ts through src/cli/output.ts): a reader that
// takes them slowly still gets the whole document, formatted as JSON.stringify(audit, null, 2) formats it.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/core/run/exit-code.ts';
import { SAMPLE, spawnEvidex } from './run-cli.ts';

/** Run the CLI and read its stdout one chunk at a time, pausing between chunks. */
function readSlowly(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; chunks: number }> {
  return new Promise((resolve) => {
    const child = spawnEvidex(args);
    const parts: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      parts.push(d);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 5);
    });
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(parts).toString('utf8'), stderr, chunks: parts.length }),
    );
  });
}

describe('analyze --json to a slow reader', () => {
  it('gets the whole audit, in JSON.stringify’s own layout, and the usual exit code', async () => {
    const r = await readSlowly(['analyze', SAMPLE, '--json', '--fail-on', 'P0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.findings);
    // Over a pipe's buffer, so it arrived in several reads while the CLI waited.
    expect(r.stdout.length).toBeGreaterThan(128 * 1024);
    expect(r.chunks).toBeGreaterThan(1);
    const audit = JSON.parse(r.stdout) as { schemaVersion: number; findings: unknown[] };
    expect(audit.findings.length).toBeGreaterThan(0);
    expect(r.stdout).toBe(`${JSON.stringify(audit, null, 2)}\n`);
  });
});
