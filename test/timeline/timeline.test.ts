// Issue 15, timeline: every timestamp the evidence holds, in order, each event citing the lines (or the
// JSON element) that state it. The key moments are checked event by event against the raw files
// themselves, not against what the analyzer says about them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import type { EvidenceRef } from '../../src/core/model/evidence.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { buildTimeline, Timeline, toInstant, type TimelineEvent } from '../../src/core/timeline/index.ts';
import { nodePlatform } from '../../src/node/platform.ts';
import { readBundle } from '../../src/node/read-bundle.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const MULTI = 'test/fixtures/bundles/redis-multi';
const SKEW = 'test/fixtures/bundles/clock-skew/bundle';

async function analyze(path: string): Promise<Audit> {
  return (await analyzeBundle(await readBundle(path), { redactKey: 'timeline-test', platform: nodePlatform })).audit;
}

/** The text of the cited lines, read from the bundle on disk. */
function citedLines(root: string, ref: EvidenceRef): string {
  const lines = readFileSync(join(root, ref.file), 'utf8').split('\n');
  expect(ref.startLine, `${ref.file} has a line range`).toBeDefined();
  const end = ref.endLine ?? ref.startLine!;
  expect(end).toBeLessThanOrEqual(lines.length);
  return lines.slice(ref.startLine! - 1, end).join('\n');
}

/** The value an RFC 6901 pointer names in a JSON evidence file. */
function pointed(root: string, ref: EvidenceRef): unknown {
  let v: unknown = JSON.parse(readFileSync(join(root, ref.file), 'utf8'));
  for (const part of ref.pointer!.split('/').slice(1)) v = (v as Record<string, unknown>)[part];
  return v;
}

/** The one event of a kind and subject (fails when there is none or several). */
function one(t: Timeline, kind: TimelineEvent['kind'], subject: string): TimelineEvent {
  const found = t.events.filter((e) => e.kind === kind && e.subject === subject);
  expect(found, `${kind} ${subject}`).toHaveLength(1);
  return found[0]!;
}

/** Every citation names a bundle file and stays inside it; pointers of Docker times hold that very time. */
function expectCitationsHold(root: string, audit: Audit, t: Timeline): void {
  const files = new Map(audit.files.map((f) => [f.path, f.lines]));
  for (const e of t.events) {
    if (e.kind !== 'capture') expect(e.evidence.length, `${e.kind} ${e.subject} cites evidence`).toBeGreaterThan(0);
    for (const r of e.evidence) {
      expect(files.has(r.file), r.file).toBe(true);
      if (r.endLine !== undefined) expect(r.endLine).toBeLessThanOrEqual(files.get(r.file)!);
      if (r.pointer !== undefined && /\/(Created|StartedAt|FinishedAt)$/.test(r.pointer))
        expect(toInstant(pointed(root, r) as string)?.ms, `${r.file}#${r.pointer}`).toBe(Date.parse(e.at));
      if (r.pointer !== undefined && /\/State\/Health\/Log\/\d+$/.test(r.pointer)) {
        const probe = pointed(root, r) as { Start: string };
        const ms = toInstant(probe.Start)!.ms;
        expect([Date.parse(e.at), Date.parse(e.end ?? e.at)]).toContain(ms);
      }
    }
  }
}

describe('timeline of the sample (quantum-trader-2025-12-24)', () => {
  let audit: Audit;
  let t: Timeline;
  beforeAll(async () => {
    audit = await analyze(SAMPLE);
    t = buildTimeline(audit);
  });

  it('is a valid Timeline, oldest first, with every citation inside its file', () => {
    expect(Timeline.parse(t)).toEqual(t);
    const times = t.events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expectCitationsHold(SAMPLE, audit, t);
  });

  it(
    'shows consumption stalling on 2025-12-20 08:31 UTC: the group ' +
      'last-delivered id, cited on its XINFO GROUPS record',
    () => {
      const e = one(
        t,
        'group-last-delivered',
        'stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent',
      );
      expect(e.at).toBe('2025-12-20T08:31:18.937Z');
      expect(e.clock).toBe('redis');
      expect(e.precision).toBe('exact');
      expect(e.title).toContain('1766219478937-0');
      expect(e.title).toContain('10014 entries not yet read');
      expect(e.evidence).toEqual([{ file: 'raw/redis_groups_trade_intent.txt', startLine: 1, endLine: 12 }]);
      // The raw record: 'last-delivered-id' then its value, inside the cited lines.
      expect(citedLines(SAMPLE, e.evidence[0]!)).toMatch(/last-delivered-id\r?\n1766219478937-0/);
      expect(new Date(1766219478937).toISOString()).toBe(e.at);
      // The stall is the oldest moment but the host boot: four days before the capture.
      expect(t.events.filter((x) => x.at < e.at).map((x) => x.kind)).toEqual(['host-booted']);
    },
  );

  it('shows Redis starting at 02:33 on the 24th: its container restarted, on Docker clock', () => {
    const started = one(t, 'container-started', 'container:quantum_redis');
    expect(started.at).toBe('2025-12-24T02:33:50.468Z');
    expect(started.title).toBe('quantum_redis restarted');
    expect(started.evidence).toEqual([
      { file: 'raw/inspect_quantum_redis.json', startLine: 2, endLine: 316, pointer: '/0/State/StartedAt' },
    ]);
    expect(pointed(SAMPLE, started.evidence[0]!)).toBe('2025-12-24T02:33:50.468561202Z');
    expect(citedLines(SAMPLE, started.evidence[0]!)).toContain('"StartedAt": "2025-12-24T02:33:50.468561202Z"');
    const ended = one(t, 'container-finished', 'container:quantum_redis');
    expect(ended.at).toBe('2025-12-24T02:33:38.395Z');
    expect(ended.title).toBe('quantum_redis: previous run ended');
    expect(one(t, 'container-created', 'container:quantum_redis').at).toBe('2025-12-23T00:33:23.740Z');
    // The sample holds no INFO server section, so no uptime-based Redis start is invented.
    expect(t.events.some((x) => x.kind === 'redis-started')).toBe(false);
  });

  it('shows the containers restarted minutes before the capture, each cited on its StartedAt', () => {
    const capture = Date.parse(t.bundle.capturedAt!);
    const expected: Array<[string, string, string]> = [
      ['quantum_ai_engine', '2025-12-24T04:15:24.804Z', 'quantum_ai_engine restarted'],
      ['quantum_trading_bot', '2025-12-24T04:29:06.098Z', 'quantum_trading_bot started'],
      ['quantum_backend', '2025-12-24T04:49:54.257Z', 'quantum_backend restarted'],
    ];
    for (const [name, at, title] of expected) {
      const e = one(t, 'container-started', `container:${name}`);
      expect([e.at, e.title]).toEqual([at, title]);
      expect(e.evidence[0]).toMatchObject({ file: `raw/inspect_${name}.json`, pointer: '/0/State/StartedAt' });
      expect((capture - Date.parse(e.at)) / 60_000).toBeLessThan(45);
    }
    // quantum_backend: 407.6 s (under 7 minutes) before the capture; its previous run ended 135 ms before.
    expect((capture - Date.parse('2025-12-24T04:49:54.257Z')) / 1000).toBeCloseTo(407.6, 1);
    expect(one(t, 'container-finished', 'container:quantum_backend').at).toBe('2025-12-24T04:49:54.122Z');
    // quantum_trading_bot never stopped: FinishedAt 0001-01-01 is no event.
    expect(readFileSync(join(SAMPLE, 'raw/inspect_quantum_trading_bot.json'), 'utf8')).toContain(
      '"FinishedAt": "0001-01-01T00:00:00Z"',
    );
    expect(t.events.filter((e) => e.subject === 'container:quantum_trading_bot').map((e) => e.kind)).toEqual([
      'container-created',
      'container-started',
      'health-probes',
    ]);
    // Containers with only a `docker ps` row are placed approximately, from its "Up 6 minutes".
    const publisher = one(t, 'container-up-since', 'container:quantum_market_publisher');
    expect(publisher.precision).toBe('approximate');
    expect(publisher.at).toBe('2025-12-24T04:50:41.856Z');
    expect(citedLines(SAMPLE, publisher.evidence[0]!)).toMatch(/^quantum_market_publisher .*Up 6 minutes/);
  });

  it('ends with the capture itself, cited on the health body whose timestamp it is', () => {
    const last = t.events.at(-1)!;
    expect(last.kind).toBe('capture');
    expect(last.at).toBe('2025-12-24T04:56:41.856Z');
    expect(last.evidence).toEqual([{ file: 'raw/http_health_ai_engine.txt', startLine: 1, endLine: 1 }]);
    expect(citedLines(SAMPLE, last.evidence[0]!)).toContain('"timestamp":"2025-12-24T04:56:41.856935+00:00"');
    expect(t.bundle.capturedAt).toBe(last.at);
  });

  it('folds health probes into runs and log errors into one burst with a count and its lines', () => {
    const probes = one(t, 'health-probes', 'container:quantum_trading_bot');
    expect([probes.at, probes.end, probes.count, probes.title]).toEqual([
      '2025-12-24T04:53:17.076Z',
      '2025-12-24T04:55:17.558Z',
      5,
      'quantum_trading_bot: 5 health probes passed',
    ]);
    const burst = one(t, 'log-errors', 'logs:quantum_backend');
    expect(burst.count).toBe(2);
    expect(burst.precision).toBe('minute');
    expect(burst.assumption).toBe('only the time of day in the log: date taken from the capture');
    expect(burst.title).toBe('quantum_backend: 2 error lines, 2 with a stack trace');
    for (const r of burst.evidence) expect(r.file).toBe('raw/logs_tail_quantum_backend.txt');
    expect(citedLines(SAMPLE, burst.evidence[0]!)).toMatch(/^\d\d:\d\d:\d\d - ERROR - /);
    expect(citedLines(SAMPLE, burst.evidence.at(-1)!)).toContain('Traceback (most recent call last):');
  });

  it('finds no clock skew on the sample, and says which logs were read as UTC', () => {
    expect(t.notes.filter((n) => n.kind === 'clock-skew')).toEqual([]);
    expect(t.events.some((e) => e.skewed)).toBe(false);
    const zone = t.notes.find((n) => n.kind === 'zone-assumed');
    expect(zone?.message).toMatch(/^quantum_ai_engine, quantum_redis, quantum_trading_bot: /);
  });

  it('links events to the incidents of a hand-built audit: by container, by subject, by cited evidence', () => {
    const lag = audit.findings.find((f) => f.ruleId === 'stream/consumer-group-lag')!;
    const redis = audit.findings.find((f) => f.ruleId === 'redis/recent-restart')!;
    const withIncidents: Audit = {
      ...audit,
      findings: audit.findings.map((f) =>
        f === lag ? { ...f, incident: 'inc-exec' } : f === redis ? { ...f, incident: 'inc-redis' } : f,
      ),
      incidents: [
        {
          id: 'inc-exec',
          title: 'Execution stopped consuming trade intents',
          priority: 'P0',
          cause: lag.fingerprint,
          symptoms: [],
          containers: ['quantum_backend'],
        },
        {
          id: 'inc-redis',
          title: 'Redis restarted',
          priority: 'P2',
          cause: redis.fingerprint,
          symptoms: [],
          containers: ['quantum_redis'],
        },
      ],
    };
    const linked = buildTimeline(withIncidents);
    const group = linked.events.find((e) => e.kind === 'group-last-delivered')!;
    expect(group.incident).toBe('inc-exec');
    expect(linked.events.find((e) => e.kind === 'stream-last-entry')!.incident).toBe('inc-exec');
    expect(one(linked, 'container-started', 'container:quantum_backend').incident).toBe('inc-exec');
    expect(one(linked, 'health-probes', 'container:quantum_backend').incident).toBe('inc-exec');
    expect(one(linked, 'container-started', 'container:quantum_redis').incident).toBe('inc-redis');
    expect(one(linked, 'log-first-line', 'logs:quantum_redis').incident).toBe('inc-redis');
    expect(one(linked, 'container-started', 'container:quantum_trading_bot').incident).toBeUndefined();
    expect(linked.events.at(-1)!.incident).toBeUndefined();
    expect(linked.incidents.map((i) => [i.id, i.priority])).toEqual([
      ['inc-exec', 'P0'],
      ['inc-redis', 'P2'],
    ]);
    // Without incidents nothing is linked.
    const none = buildTimeline({ ...audit, incidents: [] });
    expect(none.events.some((e) => e.incident !== undefined)).toBe(false);
    // The analyzer's own incidents (src/core/incidents) link the stall to the stalled-stream incident.
    expect(t.events.find((e) => e.kind === 'group-last-delivered')?.incident).toBe(audit.incidents?.[0]?.id);
  });
});

describe('timeline of redis-multi (Debian redis-server 7.0, no containers)', () => {
  let audit: Audit;
  let t: Timeline;
  beforeAll(async () => {
    audit = await analyze(MULTI);
    t = buildTimeline(audit);
  });

  it('places each group at its last-delivered id and skips a group that read nothing (0-0)', () => {
    expectCitationsHold(MULTI, audit, t);
    const groups = t.events.filter((e) => e.kind === 'group-last-delivered');
    expect(groups.map((e) => [e.at, e.subject, e.evidence])).toEqual([
      [
        '2026-12-01T21:16:38.146Z',
        'stream:shop:orders/group:shipping',
        [{ file: 'bundle/raw/redis_groups_shop_orders.raw.txt', startLine: 13, endLine: 24 }],
      ],
      [
        '2026-12-01T21:16:38.606Z',
        'stream:shop:orders/group:billing',
        [{ file: 'bundle/raw/redis_groups_shop_orders.raw.txt', startLine: 1, endLine: 12 }],
      ],
      [
        '2026-12-01T21:16:39.060Z',
        'stream:shop:payments/group:ledger',
        [{ file: 'bundle/raw/redis_groups_shop_payments.raw.txt', startLine: 1, endLine: 12 }],
      ],
    ]);
    expect(citedLines(MULTI, groups[0]!.evidence[0]!)).toMatch(/^shipping$[\s\S]*^1796159798146-0$/m);
    expect(citedLines(MULTI, groups[1]!.evidence[0]!)).toMatch(/^billing$[\s\S]*^1796159798606-0$/m);
    expect(groups[0]!.title).toContain('6 entries not yet read');
    expect(
      citedLines(MULTI, { file: 'bundle/raw/redis_groups_notifications.raw.txt', startLine: 1, endLine: 12 }),
    ).toMatch(/^0-0$/m);
    expect(t.events.some((e) => e.subject.endsWith('group:mailer'))).toBe(false);
  });

  it('folds the SLOWLOG into one run with its count, first, slowest and last entries cited', () => {
    const s = one(t, 'slowlog', 'redis');
    expect([s.at, s.end, s.count]).toEqual(['2026-12-01T21:16:37.000Z', '2026-12-01T21:16:43.000Z', 60]);
    expect(s.title).toBe('SLOWLOG: 60 slow commands, slowest xreadgroup group billing … (0.1 ms)');
    expect(s.evidence).toEqual([
      { file: 'bundle/raw/redis_slowlog.txt', startLine: 559, endLine: 567 },
      { file: 'bundle/raw/redis_slowlog.txt', startLine: 305, endLine: 318 },
      { file: 'bundle/raw/redis_slowlog_5.txt', startLine: 1, endLine: 8 },
    ]);
    // Entry 0 (1796159797 = 21:16:37), the 107 µs XREADGROUP, and entry 59 (21:16:43), as captured.
    expect(citedLines(MULTI, s.evidence[0]!)).toMatch(/\(integer\) 0\n\s+2\) \(integer\) 1796159797\n/);
    expect(citedLines(MULTI, s.evidence[1]!)).toMatch(/\(integer\) 107\n[\s\S]*"xreadgroup"/);
    expect(citedLines(MULTI, s.evidence[2]!)).toMatch(/\(integer\) 59\n\s+2\) \(integer\) 1796159803\n/);
  });

  it('says the capture time is unknown instead of inventing one', () => {
    expect(t.bundle.capturedAt).toBeUndefined();
    expect(t.events.some((e) => e.kind === 'capture')).toBe(false);
    expect(t.notes.map((n) => n.kind)).toEqual(['capture-time-unknown']);
    expect(t.events.map((e) => e.kind)).toEqual([
      'slowlog',
      'group-last-delivered',
      'group-last-delivered',
      'group-last-delivered',
    ]);
  });
});

describe('clock skew (real dockerd capture: logs in UTC+9, UTC−5 and UTC)', () => {
  let audit: Audit;
  let t: Timeline;
  beforeAll(async () => {
    audit = await analyze(SKEW);
    t = buildTimeline(audit);
  });

  it('flags the log 9 h ahead, and rebuilds on Docker clock the capture time that log had set', () => {
    // The analyzer's estimate is the newest timestamp, which is the skewed log's last line.
    expect(audit.bundle.capturedAt).toBe('2026-12-02T08:23:23.000Z');
    expect(audit.bundle.capturedAtSource).toBe('last log line (raw/logs_tail_ev_i15_tz.txt)');
    const [replaced, ahead] = t.notes;
    expect(replaced).toMatchObject({ kind: 'clock-skew', subject: 'bundle' });
    // The newest Docker time is the last health probe of ev_i15_utc.
    expect(t.bundle.capturedAt).toBe('2026-12-01T23:23:31.809Z');
    expect(pointed(SKEW, replaced!.evidence[0]!)).toMatchObject({ Start: '2026-12-01T23:23:31.809861449Z' });
    const capture = t.events.find((e) => e.kind === 'capture')!;
    expect([capture.at, capture.precision]).toEqual(['2026-12-01T23:23:31.809Z', 'approximate']);
    expect(ahead).toMatchObject({ kind: 'clock-skew', subject: 'logs:ev_i15_tz' });
    expect(ahead!.offsetSeconds).toBeGreaterThan(9 * 3600 - 300);
    expect(ahead!.offsetSeconds).toBeLessThan(9 * 3600);
    expect(ahead!.message).toContain('That is a whole +09:00');
    for (const e of t.events.filter((x) => x.subject === 'logs:ev_i15_tz')) expect(e.skewed).toBe(true);
  });

  it("flags the log 5 h behind: its first line is before the container started on Docker's clock", () => {
    const behind = t.notes.find((n) => n.subject === 'logs:ev_i15_west')!;
    expect(behind.kind).toBe('clock-skew');
    // The first line (18:23:17, whole seconds) against StartedAt 23:23:17.538: 5 h and half a second.
    expect(Math.abs(behind.offsetSeconds! + 5 * 3600)).toBeLessThanOrEqual(1);
    expect(behind.message).toContain('That is a whole −05:00');
    expect(behind.evidence[1]).toMatchObject({ file: 'raw/inspect_ev_i15_west.json', pointer: '/0/State/StartedAt' });
    const first = one(t, 'log-first-line', 'logs:ev_i15_west');
    expect(first.at).toBe('2026-12-01T18:23:17.000Z');
    expect(citedLines(SKEW, first.evidence[0]!).split('\n')[0]).toBe(
      '2026-12-01 18:23:17 ERROR upstream refused connection (attempt 0)',
    );
    expect(first.skewed).toBe(true);
  });

  it('leaves the UTC control unflagged, its burst of six errors cited line by line', () => {
    expect(t.notes.some((n) => n.subject === 'logs:ev_i15_utc')).toBe(false);
    const burst = one(t, 'log-errors', 'logs:ev_i15_utc');
    expect(burst.skewed).toBeUndefined();
    expect(burst.count).toBe(6);
    expect(burst.evidence.map((r) => r.startLine)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of burst.evidence) expect(citedLines(SKEW, r)).toMatch(/ ERROR upstream refused connection/);
    expectCitationsHold(SKEW, audit, t);
  });

  it('a wider tolerance than the offsets silences the notes', () => {
    const wide = buildTimeline(audit, { skewToleranceSeconds: 10 * 3600 });
    expect(wide.notes.filter((n) => n.kind === 'clock-skew')).toEqual([]);
    expect(wide.bundle.capturedAt).toBe('2026-12-02T08:23:23.000Z');
  });
});
