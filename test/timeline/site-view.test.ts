// Issue 15, timeline: the data of the site's Timeline page, without a site build (test/site/site.test.ts
// checks the built page once in its shared build).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { nodePlatform } from '../../src/node/platform.ts';
import { readBundle } from '../../src/node/read-bundle.ts';
import { getTimelineView } from '../../src/site/lib/timeline.ts';

describe('Timeline page data', () => {
  let audit: Audit;
  beforeAll(async () => {
    const bundle = await readBundle('evidence/quantum-trader-2025-12-24');
    audit = (await analyzeBundle(bundle, { redactKey: 'k', platform: nodePlatform })).audit;
  }, 120_000);

  it('gives one row per event, as text, with the times the page prints', () => {
    const view = getTimelineView(audit);
    expect(view.rows).toHaveLength(view.timeline.events.length);
    const stall = view.rows.find((r) => r.kind === 'group-last-delivered')!;
    expect([stall.time, stall.clock, stall.fromCapture]).toEqual(['2025-12-20 08:31:18.937', 'redis', '']);
    expect(stall.evidence).toEqual([{ file: 'raw/redis_groups_trade_intent.txt', startLine: 1, endLine: 12 }]);
    const backend = view.rows.find((r) => r.kind === 'container-started' && r.title.startsWith('quantum_backend'))!;
    expect([backend.time, backend.fromCapture, backend.title]).toEqual([
      '2025-12-24 04:49:54.257',
      'T−6 min 48 s',
      'quantum_backend restarted',
    ]);
    const probes = view.rows.find((r) => r.kind === 'health-probes' && r.title.startsWith('quantum_redis'))!;
    expect(probes.span).toBe('until 04:55:39');
    const ps = view.rows.find((r) => r.kind === 'container-up-since' && r.title.startsWith('27 containers'))!;
    expect(ps.time).toBe('~2025-12-24 02:56:41');
    expect(ps.assumption).toMatch(/^docker ps rounds ages/);
    const last = view.rows.at(-1)!;
    expect([last.capture, last.time]).toEqual([true, '2025-12-24 04:56:41.856']);
    expect(view.skewNotes).toBe(0);
  });

  it('labels and links incident rows to the cause finding', () => {
    const lag = audit.findings.find((f) => f.ruleId === 'stream/consumer-group-lag')!;
    const view = getTimelineView(
      {
        ...audit,
        incidents: [
          {
            id: 'i1',
            title: 'Execution stalled',
            priority: 'P0',
            cause: lag.fingerprint,
            symptoms: [],
            containers: [],
          },
        ],
      },
      (fp) => `/s/findings/${fp}/`,
    );
    const stall = view.rows.find((r) => r.kind === 'group-last-delivered')!;
    expect(stall.incident).toEqual({
      id: 'i1',
      label: 'P0 · Execution stalled',
      href: `/s/findings/${lag.fingerprint}/`,
    });
    expect(view.rows.find((r) => r.kind === 'container-created')!.incident).toBeUndefined();
  });
});
