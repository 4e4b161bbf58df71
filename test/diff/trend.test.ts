// Issue 11, item 7: the diff judges persisting findings — worse or better by the finding's observed value or
// priority, and 'recovering' when a group's owner came back. Pairs: the two real 7.0 captures made here
// (test/fixtures/bundles/redis-live-backlog: consuming → stopped and back) and the sample with its lag moved.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffAudits, getTrend } from '../../src/core/diff/diff.ts';
import { formatDiffMarkdown, formatDiffText } from '../../src/core/format/diff.ts';
import type { Audit } from '../../src/core/model/audit.ts';
import type { Finding } from '../../src/core/model/finding.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { readBundle } from '../../src/node/read-bundle.ts';
import { makeAudit, makeContainer } from '../helpers/audit-builder.ts';

const LIVE = 'test/fixtures/bundles/redis-live-backlog';
const analyze = async (dir: string): Promise<Audit> =>
  (await analyzeBundle(await readBundle(dir), { redactKey: 'k' })).audit;
const LAG = 'stream:shop:orders/group:fulfilment';

describe('live captures: a consumer killed, then back', () => {
  let consuming: Audit;
  let stopped: Audit;
  beforeAll(async () => {
    consuming = await analyze(join(LIVE, 'consuming'));
    stopped = await analyze(join(LIVE, 'stopped'));
  });

  it('consuming → stopped: the lag finding moves P1 → P0 and is "worse"', () => {
    const d = diffAudits(consuming, stopped, { host: 'loopback' });
    const f = d.findings.priorityChanged.find((x) => x.subject === LAG);
    expect(f).toMatchObject({ priorityBefore: 'P1', priority: 'P0', trend: 'worse' });
  });

  it('stopped → consuming: "recovering" (a consumer is back), though the lag is still there', () => {
    const d = diffAudits(stopped, consuming, { host: 'loopback' });
    const f = d.findings.priorityChanged.find((x) => x.subject === LAG);
    expect(f).toMatchObject({ trend: 'recovering' });
    expect(f!.trendReason).toBe('a consumer is back: stopped → consuming');
    expect(formatDiffText(d)).toContain('recovering (a consumer is back: stopped → consuming)');
  });
});

describe('the sample with its lag grown, and an owner container back', () => {
  let sample: Audit;
  beforeAll(async () => {
    sample = await analyze('evidence/quantum-trader-2025-12-24');
  });
  const withLag = (a: Audit, lag: number): Audit => {
    const b = structuredClone(a);
    const f = b.findings.find((x) => x.ruleId === 'stream/consumer-group-lag')!;
    f.observed = lag;
    f.values['lag'] = lag;
    b.redis.streams.find((s) => s.groups.length > 0)!.groups[0]!.lag = lag;
    return b;
  };

  it('lag 1619 → 15931 is "worse", not just persisting; 15931 → 1619 is "better"; jitter is "same"', () => {
    const d = diffAudits(withLag(sample, 1619), withLag(sample, 15931));
    const f = d.findings.persisting.find((x) => x.ruleId === 'stream/consumer-group-lag');
    expect(f).toMatchObject({ trend: 'worse', trendReason: 'observed 1619 → 15931' });
    expect(d.groups[0]).toMatchObject({ lagBefore: 1619, lagAfter: 15931, trend: 'worse' });
    expect(formatDiffText(d)).toMatch(/WORSE: observed 1619 → 15931/);
    expect(formatDiffMarkdown(d)).toMatch(/\*\*worse \\\(observed 1619 → 15931\\\)\*\*/);
    const back = diffAudits(withLag(sample, 15931), withLag(sample, 1619));
    expect(back.findings.persisting.find((x) => x.ruleId === 'stream/consumer-group-lag')?.trend).toBe('better');
    const same = diffAudits(withLag(sample, 10014), withLag(sample, 10100));
    expect(same.findings.persisting.find((x) => x.ruleId === 'stream/consumer-group-lag')?.trend).toBe('same');
  });

  it('a lower-is-bad value (observed under its threshold) that falls is "worse"', () => {
    const f = (observed: number): Finding => ({ ...sample.findings[0]!, observed, threshold: 50 });
    expect(getTrend(f(30), f(10)).trend).toBe('worse');
    expect(getTrend(f(10), f(30)).trend).toBe('better');
  });

  it("a group whose owner container runs again is 'recovering', by the finding's values.owner and the group", () => {
    const mk = (state: 'exited' | 'running') => {
      const a = structuredClone(sample);
      const g = a.redis.streams.find((s) => s.groups.length > 0)!.groups[0]!;
      g.owner = { container: 'quantum_execution', via: 'environment', detail: 'test', evidence: [] };
      a.findings.find((x) => x.ruleId === 'stream/consumer-group-lag')!.values['owner'] = 'quantum_execution';
      a.containers = [...a.containers, makeContainer('quantum_execution', { state })];
      return a;
    };
    const d = diffAudits(mk('exited'), mk('running'));
    expect(d.findings.persisting.find((x) => x.ruleId === 'stream/consumer-group-lag')).toMatchObject({
      trend: 'recovering',
      trendReason: 'owner quantum_execution is running again (exited → running)',
    });
    expect(d.groups[0]).toMatchObject({ ownerBefore: 'quantum_execution', trend: 'recovering' });
    expect(makeAudit().findings).toEqual([]);
  });
});

// The lab's pair (branch i11-lab): two real captures 120 s apart, with the auditor's expected-diff.json.
const PAIR = `${process.env['EVIDEX_SCENARIOS'] ?? 'test/fixtures/scenarios'}/media-transcode-pair`;
describe.runIf(existsSync(`${PAIR}/expected-diff.json`))('lab pair media-transcode-pair (when merged)', () => {
  it("every group trend the auditor expected: transcoder 'worse', the unpaused thumbnailer 'recovering'", async () => {
    const expected = JSON.parse(readFileSync(`${PAIR}/expected-diff.json`, 'utf8')) as {
      groups: Array<{ stream: string; group: string; trend: string }>;
    };
    const d = diffAudits(await analyze(`${PAIR}/before`), await analyze(`${PAIR}/after`));
    for (const g of expected.groups)
      expect(d.groups.find((x) => x.stream === g.stream && x.group === g.group)?.trend, g.group).toBe(g.trend);
  });
});
