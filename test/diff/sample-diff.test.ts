// Issue 6: the real 2025-12-24 capture against the derived 2025-12-31 one (see its README for what
// changed), value by value, from folders and from tarballs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffAudits, HostMismatchError, type AuditDiff } from '../../src/core/diff/diff.ts';
import { formatDiffMarkdown } from '../../src/core/format/diff.ts';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';

const BEFORE = 'evidence/quantum-trader-2025-12-24';
const AFTER = 'evidence/quantum-trader-2025-12-31';
let before: Audit;
let after: Audit;
let d: AuditDiff;

beforeAll(async () => {
  process.env.EVIDEX_REDACT_KEY = 'test-key';
  before = (await analyzePath(BEFORE)).audit;
  after = (await analyzePath(AFTER)).audit;
  d = diffAudits(before, after);
});

const titles = (xs: Array<{ ruleId: string; subject: string }>) => xs.map((x) => `${x.ruleId} ${x.subject}`);

describe('diff of the sample and its derived later capture', () => {
  it('recognises one host and both captures', () => {
    expect(d.host).toBe('quantumtrader-prod-1');
    expect(d.before.capturedAt).toBe('2025-12-24T04:56:41.856Z');
    expect(d.after.capturedAt).toBe('2025-12-31T05:11:30.102Z');
    expect(d.rulesChanged).toBeUndefined();
  });

  it('new: the crash-looping publisher', () => {
    expect(titles(d.findings.new)).toEqual(['container/restarting container:quantum_market_publisher']);
    expect(d.findings.new[0]!.priority).toBe('P1');
  });

  it('resolved: lag drained, nginx healthy, restarts aged out, memory relieved', () => {
    const resolved = titles(d.findings.resolved);
    expect(resolved).toContain(
      'stream/consumer-group-lag stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent',
    );
    expect(resolved).toContain('container/unhealthy container:quantum_nginx');
    expect(resolved).toContain('container/recent-restarts containers:recent-restarts');
    expect(resolved).toContain('host/memory-pressure host');
    expect(resolved).toContain('redis/recent-restart redis');
  });

  // Issue 11: disk 74% with 39 GiB free is P3 (just over its line); at 84% it is past the margin, P2 — so the
  // persisting disk finding now also changes priority.
  it('persisting with changed values: disk 74% (P3) → 84% (P2); the payload defaults persist unchanged', () => {
    const disk = d.findings.priorityChanged.find((f) => f.ruleId === 'host/disk-usage');
    expect(disk?.priorityBefore).toBe('P3');
    expect(disk?.priority).toBe('P2');
    expect(disk?.changes).toContainEqual({ name: 'observed', before: 74, after: 84 });
    const regime = d.findings.persisting.find(
      (f) => f.ruleId === 'stream/payload-default-values' && /regime$/.test(f.subject),
    );
    expect(regime?.changes).toEqual([]);
    expect(
      d.findings.persisting.some(
        (f) => f.ruleId === 'container/published-all-interfaces' && f.subject === 'container:quantum_redis',
      ),
    ).toBe(true);
  });

  it('the manual finding is not called resolved: it was not re-assessed', () => {
    expect(d.findings.notEvaluable.map((f) => f.ruleId)).toEqual(['manual']);
    expect(d.findings.resolved.some((f) => f.ruleId === 'manual')).toBe(false);
  });

  it('inventory: one container removed, publisher and nginx changed', () => {
    expect(d.containers.added).toEqual([]);
    expect(d.containers.removed).toEqual(['quantum_federation_stub']);
    const nginx = d.containers.changed.find((c) => c.name === 'quantum_nginx');
    expect(nginx?.changes).toEqual([{ name: 'health', before: 'unhealthy', after: 'healthy' }]);
    const publisher = d.containers.changed.find((c) => c.name === 'quantum_market_publisher');
    expect(publisher?.changes).toContainEqual({ name: 'state', before: 'running', after: 'restarting' });
  });

  it('groups: lag 10014 → 12, pending 1 → 0', () => {
    expect(d.groups).toEqual([
      {
        stream: 'quantum:stream:trade.intent',
        group: 'quantum:group:execution:trade.intent',
        lagBefore: 10014,
        lagAfter: 12,
        pendingBefore: 1,
        pendingAfter: 0,
        trend: 'better',
      },
    ]);
  });

  it('metrics carry direction and flag what got worse, ignoring jitter', () => {
    const m = (name: string) => d.metrics.find((x) => x.name === name);
    expect(m('host.disk[/].usePercent')).toMatchObject({ before: 74, after: 84, direction: 'up-is-bad', worse: true });
    expect(m('host.memory.usedPercent')).toMatchObject({ before: 80, after: 62.7, worse: false, significant: true });
    expect(m('redis.streams.totalLag')).toMatchObject({ before: 10014, after: 12, worse: false });
    expect(m('host.load1')).toMatchObject({ before: 0.28, after: 0.41, significant: false, worse: false });
    expect(m('containers.notRunning')).toMatchObject({ before: 0, after: 1, worse: true });
  });

  it('the same diff from tarballs as from folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-diff-'));
    for (const name of ['quantum-trader-2025-12-24', 'quantum-trader-2025-12-31'])
      execFileSync('tar', ['-czf', join(dir, `${name}.tgz`), '-C', 'evidence', name]);
    const b = (await analyzePath(join(dir, 'quantum-trader-2025-12-24.tgz'))).audit;
    const a = (await analyzePath(join(dir, 'quantum-trader-2025-12-31.tgz'))).audit;
    expect(diffAudits(b, a)).toEqual(d);
  });

  it('never compares two hosts silently', () => {
    const other = { ...after, host: { ...after.host, hostname: 'another-host' } };
    expect(() => diffAudits(before, other)).toThrow(HostMismatchError);
    expect(diffAudits(before, other, { host: 'quantumtrader-prod-1' }).host).toBe('quantumtrader-prod-1');
  });

  it('calls a missing capture lost visibility, not a fix', () => {
    const blind: Audit = {
      ...after,
      findings: after.findings.filter((f) => f.ruleId !== 'host/disk-usage'),
      rules: after.rules.map((r) =>
        r.ruleId === 'host/disk-usage' ? { ...r, status: 'not-evaluated', reason: 'no df captured' } : r,
      ),
    };
    const x = diffAudits(before, blind);
    expect(x.findings.notEvaluable.map((f) => f.ruleId)).toContain('host/disk-usage');
    expect(x.findings.resolved.map((f) => f.ruleId)).not.toContain('host/disk-usage');
  });

  it('renders Markdown tables and escapes evidence text', () => {
    const md = formatDiffMarkdown(d);
    expect(md).toContain('| quantum:stream:trade.intent | quantum:group:execution:trade.intent | 10014 → 12 | 1 → 0 |');
    expect(md).toMatch(/^# Audit diff · quantumtrader-prod-1/);
    expect(md).toContain('- removed `quantum_federation_stub`');
  });
});
