// Issue 15, timeline: container times from real `docker inspect` output of every state (docker 28.2.2 CLI,
// engine 20.10.24), Redis's start from a real INFO, and the reading of timestamps themselves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBundle } from '../../src/core/bundle/bundle.ts';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { buildTimeline, streamIdMs, toInstant, type Timeline } from '../../src/core/timeline/index.ts';
import { makeAudit, makeContainer, makeInspect } from '../helpers/audit-builder.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const INSPECT = readFileSync('test/fixtures/docker-inspect/inspect-states.json', 'utf8');
const INFO = readFileSync('test/fixtures/redis-info/info-all.raw.txt', 'utf8');

async function audit(files: Record<string, string>): Promise<Audit> {
  const bundle = createBundle(
    't',
    Object.entries(files).map(([path, text]) => ({ path, data: enc(text) })),
    [],
    { stripTopLevel: false },
  );
  return (await analyzeBundle(bundle, { redactKey: 'k' })).audit;
}

const of = (t: Timeline, name: string) =>
  t.events.filter((e) => e.subject === `container:${name}`).map((e) => [e.kind, e.at, e.title]);

describe('container times from real docker inspect output', () => {
  it('gives each state its events: zero times are none, a crash loop and an OOM kill say so', async () => {
    const a = await audit({ 'raw/inspect_states.json': INSPECT });
    const t = buildTimeline(a);
    // Created, never started: StartedAt and FinishedAt are 0001-01-01.
    expect(INSPECT).toMatch(/"StartedAt": "0001-01-01T00:00:00Z"/);
    expect(of(t, 'ev_created')).toEqual([['container-created', '2026-11-24T08:25:21.250Z', 'ev_created created']]);
    expect(of(t, 'ev_oom')).toEqual([
      ['container-created', '2026-11-24T08:25:20.702Z', 'ev_oom created'],
      ['container-started', '2026-11-24T08:25:20.871Z', 'ev_oom started'],
      ['container-finished', '2026-11-24T08:25:20.890Z', 'ev_oom stopped (exit code 137, OOM-killed)'],
    ]);
    // Restarting, restart count 10: the last run started at 08:26:13.970 and ended 20 ms later.
    expect(of(t, 'ev_restarting')).toEqual([
      ['container-created', '2026-11-24T08:25:21.089Z', 'ev_restarting created'],
      ['container-started', '2026-11-24T08:26:13.970Z', 'ev_restarting restarted (restart count 10)'],
      ['container-finished', '2026-11-24T08:26:13.989Z', 'ev_restarting stopped (exit code 1)'],
    ]);
    // Five failing probes (exit 1) are one run, cited on the first and last Health.Log entry.
    const failing = t.events.find((e) => e.kind === 'health-probes' && e.subject === 'container:ev_unhealthy')!;
    expect(failing.title).toBe('ev_unhealthy: 5 health probes failed (exit code 1)');
    expect(failing.evidence.map((r) => r.pointer)).toEqual(['/1/State/Health/Log/0', '/1/State/Health/Log/4']);
    const doc = JSON.parse(INSPECT) as Array<{
      State: { Health: { Log: Array<{ Start: string; ExitCode: number }> } };
    }>;
    const log = doc[1]!.State.Health.Log;
    expect([toInstant(log[0]!.Start)!.ms, toInstant(log[4]!.Start)!.ms]).toEqual([
      Date.parse(failing.at),
      Date.parse(failing.end!),
    ]);
    expect(log.every((p) => p.ExitCode === 1)).toBe(true);
    // The capture is estimated from the newest probe; every container's start is before it.
    expect(t.events.at(-1)!.kind).toBe('capture');
  });

  it('places Redis start at the capture minus INFO uptime_in_seconds, cited on that line', async () => {
    const a = await audit({ 'raw/inspect_states.json': INSPECT, 'raw/redis_info.txt': INFO });
    const t = buildTimeline(a);
    const start = t.events.find((e) => e.kind === 'redis-started')!;
    expect(Date.parse(t.bundle.capturedAt!) - Date.parse(start.at)).toBe(87_000);
    expect(start.precision).toBe('approximate');
    expect(start.evidence).toEqual([{ file: 'raw/redis_info.txt', startLine: 18, endLine: 18 }]);
    expect(INFO.split('\n')[17]!.trim()).toBe('uptime_in_seconds:87');
  });
});

describe('reading timestamps', () => {
  const capture = Date.parse('2025-12-24T04:56:41.856Z');
  it('reads zones, assumes UTC without one, and takes the date of a time of day from the capture', () => {
    expect(toInstant('2025-12-24T04:15:24.804919878Z')).toEqual({
      ms: Date.parse('2025-12-24T04:15:24.804Z'),
      basis: 'stated',
    });
    expect(toInstant('2025-12-24T04:56:41.856935+00:00')!.ms).toBe(capture);
    expect(toInstant('2025-12-24T13:56:41.856+09:00')!.ms).toBe(capture);
    expect(toInstant('2025-12-23 23:56:41,856 -0500')!.ms).toBe(capture);
    expect(toInstant('2025-12-24 04:55:06,287')).toEqual({
      ms: Date.parse('2025-12-24T04:55:06.287Z'),
      basis: 'assumed-utc',
    });
    expect(toInstant('04:55:44', capture)).toEqual({ ms: Date.parse('2025-12-24T04:55:44Z'), basis: 'from-capture' });
    // Later in the day than the capture: written the day before.
    expect(toInstant('23:10', capture)!.ms).toBe(Date.parse('2025-12-23T23:10Z'));
    expect(toInstant('12-24T04:55:06', capture)!.ms).toBe(Date.parse('2025-12-24T04:55:06Z'));
  });

  it('reads nothing from zero, empty, impossible or date-less values without a capture', () => {
    for (const v of ['0001-01-01T00:00:00Z', '', '   ', 'yesterday', '2025-13-01T00:00:00Z', '2025-12-24T25:00:00Z'])
      expect(toInstant(v, capture), v).toBeUndefined();
    expect(toInstant('04:55:44')).toBeUndefined();
    expect(toInstant(undefined)).toBeUndefined();
  });

  it('takes the milliseconds of a stream id, but not of 0-0 or explicit small ids', () => {
    expect(streamIdMs('1766219478937-0')).toBe(1766219478937);
    expect(streamIdMs('1766219478937')).toBe(1766219478937);
    for (const id of ['0-0', '1-1', 'abc', '', undefined]) expect(streamIdMs(id)).toBeUndefined();
  });
});

describe('hand-built audits', () => {
  it('never throws on an empty audit, and says the capture time is unknown', () => {
    const t = buildTimeline(makeAudit());
    expect(t.events).toEqual([]);
    expect(t.notes.map((n) => n.kind)).toEqual(['capture-time-unknown']);
  });

  it('does not place a time-of-day log without a capture time, and says so', () => {
    const t = buildTimeline(
      makeAudit({
        logs: [
          {
            container: 'api',
            file: 'raw/logs_tail_api.txt',
            lines: 3,
            events: 3,
            firstAt: '04:55:44',
            lastAt: '04:55:46',
            timestampStyle: 'clock',
            levels: { error: 3 },
            timeline: [['04:55', 'error', 3]],
            httpStatus: {},
            httpRequests: [],
            repeated: [],
            stackTraces: [],
            errors: [],
            evidence: { file: 'raw/logs_tail_api.txt', startLine: 1, endLine: 3 },
          },
        ],
      }),
    );
    expect(t.events).toEqual([]);
    expect(t.notes.map((n) => [n.kind, n.subject])).toEqual([
      ['time-of-day-only', 'logs:api'],
      ['capture-time-unknown', 'bundle'],
    ]);
  });

  it('flags a Redis clock whose stream ids lie after the capture', () => {
    const t = buildTimeline(
      makeAudit({
        bundle: {
          name: 't',
          sha256: '0'.repeat(64),
          files: 1,
          bytes: 1,
          capturedAt: '2025-12-24T04:56:41.856Z',
        },
        containers: [
          makeContainer('web', {
            inspect: makeInspect('web', { startedAt: '2025-12-24T04:00:00Z', createdAt: '2025-12-24T03:59:59Z' }),
          }),
        ],
        redis: {
          stats: {},
          info: [],
          clients: [],
          unkeyedLengths: [],
          evidence: [],
          streams: [
            {
              key: 'jobs',
              lastEntryId: `${Date.parse('2025-12-24T06:56:41.856Z')}-0`,
              groups: [],
              samples: [],
              evidence: [{ file: 'raw/xinfo_jobs.txt', startLine: 1, endLine: 20 }],
            },
          ],
        },
      }),
    );
    const note = t.notes.find((n) => n.kind === 'clock-skew')!;
    expect([note.subject, note.offsetSeconds]).toEqual(['redis', 7200]);
    expect(t.events.find((e) => e.kind === 'stream-last-entry')!.skewed).toBe(true);
    expect(t.events.find((e) => e.kind === 'container-started')!.skewed).toBeUndefined();
  });
});
