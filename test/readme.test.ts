// The README's examples are real: its config example is the tested fixture, and it runs.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('opens with what evidex does and exactly two set-up commands', () => {
    expect(readme).toMatch(/^# evidex\n\nevidex reads the evidence/);
    const setup = /## Set up on a fresh machine\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(
      setup
        .trim()
        .split('\n')
        .map((l) => l.replace(/\s+#.*$/, '')),
    ).toEqual(['npm install && npm run sample', 'npm install && npm test']);
  });

  it('shows the config example that the tests use, and that example is valid', () => {
    const example = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBe(readFileSync('test/fixtures/config/evidex.config.yaml', 'utf8'));
    const r = spawnSync(
      process.execPath,
      [
        'src/cli/index.ts',
        'analyze',
        'evidence/quantum-trader-2025-12-24',
        '--json',
        '--config',
        'test/fixtures/config/evidex.config.yaml',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, EVIDEX_REDACT_KEY: 'readme' },
        maxBuffer: 64 * 2 ** 20,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const audit = JSON.parse(r.stdout) as {
      findings: Array<{ ruleId: string; accepted?: { reason: string } }>;
      rules: Array<{ ruleId: string; status: string }>;
    };
    expect(audit.findings.find((f) => f.ruleId === 'container/no-memory-limit')?.accepted?.reason).toMatch(/OPS-142/);
    expect(audit.findings.some((f) => f.ruleId === 'host/disk-usage')).toBe(false);
    expect(audit.rules.find((r) => r.ruleId === 'container/debug-logging')?.status).toBe('off');
  });
});
