// Issue 12: a red team plants fake secrets of 60+ kinds in every place a capture can hold them
// (generator.ts), runs evidex as a user would, and scans every output: the terminal summary,
// --json, Markdown, --explain of every rule, diff, `redact --dry-run` and every file `redact --out` writes
// (the built site, its search index and caches: red-team-site.test.ts). No planted
// value may appear whole, nor any 8-character part of one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks, ordinaryText, plantRedTeam, windows, type Planted, type RedTeam } from './red-team/generator.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const env = { ...process.env, EVIDEX_REDACT_KEY: 'red-team-key', NO_COLOR: '1' };

function evidex(args: string[]): string {
  const r = spawnSync(process.execPath, ['src/cli/index.ts', ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 256 * 2 ** 20,
  });
  expect(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status} ${r.stderr.slice(0, 500)}`).toBe(true);
  return `${r.stdout}\n${r.stderr}`;
}

describe('red team: no planted secret reaches any output', () => {
  let dir: string;
  let bundle: string;
  let team: RedTeam;
  let wins: Map<string, Planted>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidex-red-team-'));
    bundle = join(dir, 'planted');
    team = plantRedTeam(SAMPLE, bundle);
    wins = windows(team.planted, ordinaryText(SAMPLE));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('plants 60+ kinds in every place, and the bundle really holds every value (the scan can fail)', () => {
    expect(team.kinds.length).toBeGreaterThanOrEqual(60);
    for (const place of [
      'inspect Env',
      'inspect Cmd',
      'inspect Args',
      'inspect Entrypoint',
      'inspect Labels',
      'inspect Mounts',
      'inspect Health output',
      'log text line',
      'log JSON line (JSON-escaped)',
      'log key=value line',
      'log URL',
      'stack trace',
      'log line, truncated value',
      'CLIENT LIST name',
      'SLOWLOG arguments',
      'XRANGE payload',
      'XRANGE JSON inside a field',
      'health body',
      'health body, PEM without END (truncated)',
      'curl -v headers',
      'system context',
    ]) {
      expect(team.places, place).toContain(place);
    }
    const raw = fg
      .sync('**/*', { cwd: bundle, absolute: true })
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    // JSON files hold multi-line values with escaped newlines.
    const missing = team.planted.filter(
      (p) => !raw.includes(p.value) && !raw.includes(JSON.stringify(p.value).slice(1, -1)),
    );
    expect(missing.map((p) => `${p.kind} @ ${p.place}`)).toEqual([]);
    // The scan finds them in the raw text.
    expect(findLeaks(raw, team.planted, wins).length).toBeGreaterThan(team.kinds.length);
  });

  it('terminal summary, --json, Markdown and --explain', { timeout: 120_000 }, () => {
    const leaks: string[] = [];
    for (const args of [
      ['analyze', bundle],
      ['analyze', bundle, '--json'],
      ['analyze', bundle, '--format', 'markdown'],
      ['analyze', bundle, '--explain', 'logs/repeated-errors'],
    ]) {
      for (const l of findLeaks(evidex(args), team.planted, wins))
        leaks.push(`${args.slice(2).join(' ') || 'terminal'}: ${l}`);
    }
    expect(leaks).toEqual([]);
  });

  it('--explain of every rule, and diff against the clean sample both ways', { timeout: 300_000 }, async () => {
    // One analysis, every rule's --explain text from the same formatter the CLI prints.
    const { analyzePath } = await import('../../src/node/analyze-path.ts');
    const { formatExplain, rules } = await import('../../src/core/index.ts');
    const { audit } = await analyzePath(bundle, { redact: true });
    const leaks: string[] = [];
    expect(audit.rules.length).toBe(rules.length);
    for (const result of audit.rules) {
      const text = formatExplain(
        result,
        audit.findings.filter((f) => f.ruleId === result.ruleId),
      );
      for (const l of findLeaks(text, team.planted, wins)) leaks.push(`--explain ${result.ruleId}: ${l}`);
    }
    for (const args of [
      ['diff', SAMPLE, bundle],
      ['diff', bundle, SAMPLE, '--format', 'markdown'],
      ['diff', SAMPLE, bundle, '--format', 'json'],
    ])
      for (const l of findLeaks(evidex(args), team.planted, wins)) leaks.push(`${args.join(' ')}: ${l}`);
    expect(leaks).toEqual([]);
  });

  it('redact --dry-run and every file of redact --out', { timeout: 120_000 }, () => {
    const leaks = findLeaks(evidex(['redact', bundle, '--dry-run']), team.planted, wins).map((l) => `dry-run: ${l}`);
    const out = join(dir, 'redacted');
    evidex(['redact', bundle, '--out', out]);
    const files = fg.sync('**/*', { cwd: out, absolute: true, dot: true });
    expect(files.length).toBeGreaterThan(20);
    for (const f of files)
      for (const l of findLeaks(readFileSync(f, 'utf8'), team.planted, wins))
        leaks.push(`${f.slice(out.length + 1)}: ${l}`);
    expect(leaks).toEqual([]);
  });
});
