// Issue 11 item 7 on a real pair: two captures of one running media-transcode system
// (test/fixtures/scenarios/media-transcode-pair, expected-diff.json written before evidex ran on them). The diff
// must call the transcoder's growing lag "worse" and the unpaused thumbnailer's group "recovering".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffAudits, type AuditDiff } from '../../src/core/diff/diff.ts';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'scenarios', 'media-transcode-pair');
const want = JSON.parse(readFileSync(join(DIR, 'expected-diff.json'), 'utf8')) as {
  groups: Array<{ stream: string; group: string; trend: string }>;
  containers: Array<{ name: string; before: string; after: string }>;
  resolved: Array<{ ruleId: string; subject: string }>;
};

let before: Audit;
let after: Audit;
let d: AuditDiff;
beforeAll(async () => {
  process.env.EVIDEX_REDACT_KEY = 'test-key';
  before = (await analyzePath(join(DIR, 'before'))).audit;
  after = (await analyzePath(join(DIR, 'after'))).audit;
  d = diffAudits(before, after);
});

describe('media-transcode-pair: the diff judges what moved', () => {
  it('reads the containers in the states the captures show', () => {
    for (const c of want.containers) {
      expect(before.containers.find((x) => x.name === c.name)?.state).toBe(c.before);
      expect(after.containers.find((x) => x.name === c.name)?.state).toBe(c.after);
    }
  });

  it('has the lags the trends are about (the transcoder further behind, the thumbnailer consuming again)', () => {
    const lag = (a: Audit, s: string, g: string) =>
      a.redis.streams.find((x) => x.key === s)?.groups.find((x) => x.name === g)?.lag;
    const t0 = lag(before, 'media:uploads', 'transcoder');
    const t1 = lag(after, 'media:uploads', 'transcoder');
    expect(t0).toBeTypeOf('number');
    expect(t1!).toBeGreaterThan(t0!);
    expect(lag(after, 'media:uploads', 'thumbnailer')!).toBeLessThan(lag(before, 'media:uploads', 'thumbnailer')!);
  });

  it.each(want.groups.map((g) => [`${g.stream}/${g.group}`, g.trend, g] as const))(
    'group %s is %s',
    (_name, trend, g) => {
      const row = d.groups.find((x) => x.stream === g.stream && x.group === g.group) as
        (AuditDiff['groups'][number] & { trend?: string }) | undefined;
      expect(row, `no diff row for ${g.stream}/${g.group}`).toBeDefined();
      expect(row!.trend).toBe(trend);
    },
  );

  it('lists the paused finding as resolved', () => {
    for (const r of want.resolved)
      expect(d.findings.resolved.map((f) => `${f.ruleId} ${f.subject}`)).toContain(`${r.ruleId} ${r.subject}`);
  });
});
