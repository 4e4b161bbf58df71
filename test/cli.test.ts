// The CLI as a user runs it: real processes, real exit codes, real pipes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const env = { ...process.env, EVIDEX_REDACT_KEY: 'cli-test-key', NO_COLOR: '', FORCE_COLOR: '' };

function evidex(args: string[], extraEnv: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['src/cli/index.ts', ...args], {
    encoding: 'utf8',
    env: { ...env, ...extraEnv },
    maxBuffer: 64 * 2 ** 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('evidex CLI', () => {
  it('analyze prints findings first, P0 at the top, without colour when piped', () => {
    const r = evidex(['analyze', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\x1b[');
    const lines = r.stdout.split('\n');
    const firstFinding = lines.findIndex((l) => /^\s+P\d /.test(l));
    expect(lines[firstFinding]).toMatch(/^\s+P0 /);
    expect(r.stdout).toMatch(/Containers \(33\)/);
    expect(r.stdout).toContain('lag 10014');
  });

  it('--json is the Audit, parseable, and identical for a tarball of the same bundle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-cli-'));
    const tgz = join(dir, 'quantum-trader-2025-12-24.tgz');
    execFileSync('tar', ['-czf', tgz, '-C', 'evidence', 'quantum-trader-2025-12-24']);
    const folder = evidex(['analyze', SAMPLE, '--json']);
    const tar = evidex(['analyze', tgz, '--json']);
    expect(folder.code).toBe(0);
    const audit = JSON.parse(folder.stdout);
    expect(audit.schemaVersion).toBe(1);
    expect(audit.containers).toHaveLength(33);
    expect(tar.stdout).toBe(folder.stdout);
  });

  it('--fail-on sets exit 1 only when a finding at or above the threshold exists', () => {
    expect(evidex(['analyze', SAMPLE, '--fail-on', 'P0']).code).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'evidex-clean-'));
    writeFileSync(join(dir, 'uptime.txt'), ' 04:55:13 up 6 days, 12:34,  1 user,  load average: 0.28, 0.36, 0.52\n');
    expect(evidex(['analyze', dir, '--fail-on', 'P1']).code).toBe(0);
  });

  it('usage and tool errors exit 2 with one clear line naming what is wrong', () => {
    const missing = evidex(['analyze', 'no/such/bundle']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(
      "evidex: No folder or file at 'no/such/bundle'. Pass a bundle folder or a .tar/.tar.gz/.tgz capture.",
    );
    expect(evidex(['analyze', SAMPLE, '--fail-on', 'P9']).code).toBe(2);
    expect(evidex(['analyze', SAMPLE, '--explain', 'no/such-rule']).stderr).toMatch(/No rule 'no\/such-rule'/);
    expect(evidex(['frobnicate']).code).toBe(2);
  });

  it('a bad config file names the file and the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-cfg-'));
    const cfg = join(dir, 'evidex.config.yaml');
    writeFileSync(cfg, 'rules:\n  container/unhealthy:\n    priority: P7\n');
    const r = evidex(['analyze', SAMPLE, '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(cfg);
    expect(r.stderr).toMatch(/container\/unhealthy/);
  });

  it('a config can turn a rule off and change a priority', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-cfg-'));
    const cfg = join(dir, 'evidex.config.yaml');
    writeFileSync(cfg, 'rules:\n  container/unhealthy: off\n  host/disk-usage:\n    priority: P1\n');
    const audit = JSON.parse(evidex(['analyze', SAMPLE, '--json', '--config', cfg]).stdout);
    expect(audit.findings.some((f: { ruleId: string }) => f.ruleId === 'container/unhealthy')).toBe(false);
    expect(audit.findings.find((f: { ruleId: string }) => f.ruleId === 'host/disk-usage').priority).toBe('P1');
  });

  it('--explain says why a rule did or did not fire', () => {
    const r = evidex(['analyze', 'test/fixtures/bundles/redis-multi/bundle', '--explain', 'redis/fragmentation']);
    expect(r.stdout).toMatch(/^redis\/fragmentation: not-evaluated — no Redis INFO memory captured/);
    // The sample's slowlog is raw redis-cli's empty reply (one line break): read, zero entries.
    expect(evidex(['analyze', SAMPLE, '--explain', 'redis/slowlog']).stdout).toMatch(
      /^redis\/slowlog: pass\ninputs:\n {2}0 SLOWLOG entr/,
    );
    expect(evidex(['analyze', SAMPLE, '--explain', 'redis/keyspace-miss-ratio']).stdout).toMatch(
      /^redis\/keyspace-miss-ratio: pass/,
    );
  });

  it('--format markdown prints the backlog', () => {
    const r = evidex(['analyze', SAMPLE, '--format', 'markdown']);
    expect(r.stdout).toMatch(/^# Backlog · quantumtrader-prod-1/);
    expect(r.stdout).toContain('## P0');
  });

  it('rules lists every rule with its priority; schema is a JSON Schema of the Audit', () => {
    const rules = evidex(['rules']);
    expect(rules.stdout).toMatch(/^P1\s+stream\/consumer-group-lag\s+Reports consumer groups/m);
    expect(rules.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(39);
    const schema = JSON.parse(evidex(['schema']).stdout);
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(
      expect.arrayContaining([
        'schemaVersion',
        'host',
        'containers',
        'redis',
        'health',
        'logs',
        'evidenceIssues',
        'files',
      ]),
    );
  });

  it('every command has --help', () => {
    for (const cmd of ['analyze', 'rules', 'schema', 'redact', 'build', 'diff']) {
      const r = evidex([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(new RegExp(`USAGE evidex ${cmd}`));
    }
  });

  it('redact --dry-run lists file, line and kind, never the value', () => {
    const r = evidex(['redact', SAMPLE, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('raw/inspect_quantum_backend.json:267\tnamed-secret');
    expect(r.stdout).toMatch(/raw\/logs_tail_quantum_backend\.txt:\d+\tquery-secret/);
    const secrets = readFileSync(join(SAMPLE, 'raw/inspect_quantum_backend.json'), 'utf8').match(
      /BINANCE_API_SECRET=(\w+)/,
    );
    expect(secrets?.[1]).toBeTruthy();
    expect(r.stdout).not.toContain(secrets![1]!);
  });

  it('--no-redact must be asked for, and says so', () => {
    const secret = readFileSync(join(SAMPLE, 'raw/inspect_quantum_backend.json'), 'utf8').match(
      /BINANCE_API_SECRET=(\w+)/,
    )![1]!;
    expect(evidex(['analyze', SAMPLE, '--json']).stdout).not.toContain(secret);
    const raw = evidex(['analyze', SAMPLE, '--no-redact']);
    expect(raw.stdout).toContain('Redaction is OFF');
  });

  it('diff --fail-on-new exits 1 for a new P1 and prints JSON with the documented names', () => {
    const r = evidex(['diff', SAMPLE, 'evidence/quantum-trader-2025-12-31', '--json', '--fail-on-new', 'P1']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(Object.keys(d.findings).sort()).toEqual([
      'new',
      'notEvaluable',
      'persisting',
      'priorityChanged',
      'resolved',
    ]);
    expect(d.containers.removed).toEqual(['quantum_federation_stub']);
    expect(d.groups[0]).toMatchObject({ lagBefore: 10014, lagAfter: 12 });
    expect(evidex(['diff', SAMPLE, 'evidence/quantum-trader-2025-12-31', '--fail-on-new', 'P0']).code).toBe(0);
  });

  it('redact --obfuscate maps hosts and addresses consistently, and the copy still analyzes the same', () => {
    const out = mkdtempSync(join(tmpdir(), 'evidex-obf-'));
    const mapping = join(out, '..', `${out.split('/').pop()}-map.json`);
    expect(evidex(['redact', SAMPLE, '--out', join(out, 'b'), '--obfuscate', '--mapping', mapping]).code).toBe(0);
    const map = JSON.parse(readFileSync(mapping, 'utf8')) as Array<{
      kind: string;
      original: string;
      replacement: string;
    }>;
    expect(map).toContainEqual({ kind: 'host', original: 'quantumtrader-prod-1', replacement: 'host-1' });
    const ip = map.find((m) => m.original === '172.18.0.6')!.replacement;
    const audit = JSON.parse(evidex(['analyze', join(out, 'b'), '--json']).stdout);
    expect(audit.host.hostname).toBe('host-1');
    expect(JSON.stringify(audit)).not.toContain('172.18.0.6');
    expect(audit.redis.clients.find((c: { ip: string }) => c.ip === ip)?.container).toBe('quantum_ai_engine');
    expect(audit.findings.filter((f: { priority: string }) => f.priority === 'P0')).toHaveLength(3);
  });

  it('--version is the package version (the Audit records it)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(evidex(['--version']).stdout.trim()).toBe(pkg.version);
    expect(JSON.parse(evidex(['analyze', SAMPLE, '--json']).stdout).tool.version).toBe(pkg.version);
    expect(evidex(['analyze']).stderr).toMatch(/BUNDLE|bundle/);
    expect(evidex(['analyze']).code).toBe(2);
  });
});
