// One chronological view of every timestamp an audit holds: Docker's container times and health probes,
// log windows and bursts of errors, Redis's start, stream ids and SLOWLOG times, health bodies, the
// host's boot and the capture. Each event cites the evidence that states it and, when incidents were
// formed, the incident it belongs to. Clocks are never silently mixed: where a log's clock disagrees
// with Docker's or with the capture's, the events are flagged and a note says by how much.
// Pure: Audit in, Timeline out.
import type { Audit } from '../model/audit.ts';
import type { EvidenceRef } from '../model/evidence.ts';
import type { ContainerInspect } from '../model/container.ts';
import type { LogSummary } from '../model/logs.ts';
import { formatDuration, formatLatency } from '../format/units.ts';
import { TimelineKind, type Timeline, type TimelineEvent, type TimelineNote } from './model.ts';
import { streamIdMs, toInstant, toIso, type Instant } from './time.ts';
import { compareText } from '../text/compare.ts';

/** Knobs of the timeline; defaults suit a capture script that runs for a few minutes. */
export interface TimelineOptions {
  /**
   * Seconds two clocks may disagree before it is called skew. A capture takes minutes (the sample's ran
   * about 17), so a log read after `docker inspect` may rightly be a little newer than its probes.
   */
  skewToleranceSeconds?: number;
  /** A gap longer than this (seconds) ends a burst of log errors, a run of probes or of SLOWLOG entries. */
  burstGapSeconds?: number;
}

const DEFAULTS = { skewToleranceSeconds: 300, burstGapSeconds: 120 };

/** An event before its instants are written as text, with what incident linking and skew marking need. */
interface Draft extends Omit<TimelineEvent, 'at' | 'end'> {
  ms: number;
  endMs?: number;
  /** The container the event is about, if any. */
  container?: string;
  /** The log file whose clock wrote it, for skew marking. */
  logFile?: string;
}

/** Order of kinds at the same instant: the order TimelineKind lists them in. */
const KIND_ORDER: readonly TimelineKind[] = TimelineKind.options;

const ASSUMED_UTC = 'no zone in the log: read as UTC';
const FROM_CAPTURE = 'only the time of day in the log: date taken from the capture';

/** Build the timeline of an audit. */
export function buildTimeline(audit: Audit, options: TimelineOptions = {}): Timeline {
  const opts = { ...DEFAULTS, ...options };
  const stated = toInstant(audit.bundle.capturedAt)?.ms;
  const first = assemble(audit, opts, stated, undefined);
  if (first.correctedCapture === undefined || stated === undefined) return first.timeline;
  // The capture time was estimated from a log whose clock is skewed: every "minutes before the capture",
  // every time of day and uptime hangs on it, so the timeline is built again on an independent clock.
  return assemble(audit, opts, first.correctedCapture, stated).timeline;
}

/**
 * One pass of the timeline on a given capture instant. `replaced` is the bundle's own estimate when the
 * capture instant is a correction of it.
 */
function assemble(
  audit: Audit,
  opts: Required<TimelineOptions>,
  captureMs: number | undefined,
  replaced: number | undefined,
): { timeline: Timeline; correctedCapture?: number } {
  const tolMs = opts.skewToleranceSeconds * 1000;
  const gapMs = opts.burstGapSeconds * 1000;
  const drafts: Draft[] = [];
  const notes: TimelineNote[] = [];
  const push = (d: Draft) => drafts.push(d);

  addHost(audit, captureMs, push);
  for (const c of audit.containers) {
    if (c.inspect) addInspect(c.inspect, push, gapMs);
  }
  addPsAges(audit, captureMs, push);
  addHealthBodies(audit, push);
  const logInstants = addLogs(audit, captureMs, gapMs, push, notes);
  addRedis(audit, captureMs, gapMs, push);

  const capture = addCapture(audit, captureMs, drafts, replaced);
  if (capture) drafts.push(capture);
  else
    notes.push({
      kind: 'capture-time-unknown',
      subject: 'bundle',
      message:
        'The bundle states no capture time and none could be estimated: times of day and uptimes cannot be ' +
        'placed, and no clock could be checked against the capture.',
      evidence: [],
    });

  const correctedCapture = checkSkew(audit, captureMs, logInstants, drafts, notes, tolMs);
  if (correctedCapture !== undefined && replaced === undefined) return { timeline: EMPTY, correctedCapture };
  if (replaced !== undefined && captureMs !== undefined)
    notes.unshift({
      kind: 'clock-skew',
      subject: 'bundle',
      offsetSeconds: Math.round((replaced - captureMs) / 1000),
      message:
        `The bundle's capture time (${toIso(replaced)}, ` +
        `from ${audit.bundle.capturedAtSource ?? 'its newest timestamp'}) came from a log whose clock is skewed; ` +
        `the timeline uses the newest Docker, health or Redis time instead (${toIso(captureMs)}).`,
      evidence: capture?.evidence ?? [],
    });
  linkIncidents(audit, drafts);

  drafts.sort(
    (a, b) =>
      a.ms - b.ms || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareText(a.subject, b.subject),
  );
  const incidents = (audit.incidents ?? []).map((i) => ({ id: i.id, title: i.title, priority: i.priority }));
  return {
    timeline: {
      bundle: {
        name: audit.bundle.name,
        sha256: audit.bundle.sha256,
        ...(captureMs !== undefined ? { capturedAt: toIso(captureMs) } : {}),
      },
      events: drafts.map(toEvent),
      notes,
      incidents,
    },
  };
}

const EMPTY: Timeline = { bundle: { name: '', sha256: '' }, events: [], notes: [], incidents: [] };

/** The event as JSON readers see it, its keys in one order whatever built it. */
function toEvent(d: Draft): TimelineEvent {
  return {
    at: toIso(d.ms),
    ...(d.endMs !== undefined && d.endMs !== d.ms ? { end: toIso(d.endMs) } : {}),
    kind: d.kind,
    clock: d.clock,
    subject: d.subject,
    title: d.title,
    ...(d.count !== undefined ? { count: d.count } : {}),
    precision: d.precision,
    ...(d.assumption !== undefined ? { assumption: d.assumption } : {}),
    ...(d.skewed ? { skewed: true } : {}),
    ...(d.incident !== undefined ? { incident: d.incident } : {}),
    evidence: d.evidence,
  };
}

/** A JSON pointer below an inspect element's own, e.g. '/0' + '/State/StartedAt'. */
function below(ref: EvidenceRef, path: string): EvidenceRef {
  return { ...ref, pointer: `${ref.pointer ?? ''}${path}` };
}

function addHost(audit: Audit, captureMs: number | undefined, push: (d: Draft) => void): void {
  const h = audit.host;
  if (h.uptimeSeconds === undefined || captureMs === undefined) return;
  const ref = h.uptimeEvidence ?? h.evidence[0];
  push({
    ms: captureMs - h.uptimeSeconds * 1000,
    kind: 'host-booted',
    clock: 'host',
    subject: 'host',
    title: `${h.hostname ?? 'host'} booted (up ${formatDuration(h.uptimeSeconds)} at the capture)`,
    precision: 'approximate',
    assumption: 'capture time minus the uptime `uptime` printed',
    evidence: ref ? [ref] : [],
  });
}

function addInspect(i: ContainerInspect, push: (d: Draft) => void, gapMs: number): void {
  const name = i.name;
  const subject = `container:${name}`;
  const base = { clock: 'docker' as const, subject, container: name, precision: 'exact' as const };
  const created = toInstant(i.createdAt);
  const started = toInstant(i.startedAt);
  const finished = toInstant(i.finishedAt);
  if (created)
    push({
      ...base,
      ms: created.ms,
      kind: 'container-created',
      title: `${name} created`,
      evidence: [below(i.evidence, '/Created')],
    });
  // FinishedAt before StartedAt is the run before the current one; after it, the container has stopped.
  const restarted = started !== undefined && finished !== undefined && finished.ms <= started.ms;
  if (finished)
    push({
      ...base,
      ms: finished.ms,
      kind: 'container-finished',
      title: restarted
        ? `${name}: previous run ended`
        : `${name} stopped` +
          `${i.state === 'running' ? '' : ` (exit code ${i.exitCode}${i.oomKilled ? ', OOM-killed' : ''})`}`,
      evidence: [below(i.evidence, '/State/FinishedAt')],
    });
  if (started)
    push({
      ...base,
      ms: started.ms,
      kind: 'container-started',
      title:
        `${name} ${restarted || i.restartCount > 0 ? 'restarted' : 'started'}` +
        `${i.restartCount > 0 ? ` (restart count ${i.restartCount})` : ''}`,
      evidence: [below(i.evidence, '/State/StartedAt')],
    });
  // Health probes: runs of the same outcome, so five passing probes are one event and a failure stands out.
  let run: { from: number; to: number; ok: boolean; exit: number; first: number; last: number } | undefined;
  const flush = () => {
    if (!run) return;
    const n = run.last - run.first + 1;
    const outcome = run.ok ? 'passed' : `failed (exit code ${run.exit})`;
    push({
      ...base,
      ms: run.from,
      endMs: run.to,
      kind: 'health-probes',
      title: `${name}: ${n === 1 ? 'health probe' : `${n} health probes`} ${outcome}`,
      count: n,
      evidence: [
        below(i.evidence, `/State/Health/Log/${run.first}`),
        ...(run.last !== run.first ? [below(i.evidence, `/State/Health/Log/${run.last}`)] : []),
      ],
    });
    run = undefined;
  };
  i.healthLog.forEach((probe, index) => {
    const at = toInstant(probe.start);
    if (!at) return;
    const ok = probe.exitCode === 0;
    if (run && run.ok === ok && (ok || run.exit === probe.exitCode) && at.ms - run.to <= gapMs) {
      run.to = at.ms;
      run.last = index;
      return;
    }
    flush();
    run = { from: at.ms, to: at.ms, ok, exit: probe.exitCode, first: index, last: index };
  });
  flush();
}

/** `docker ps` ages for containers without inspect times: grouped, so 26 "Up 2 hours" are one event. */
function addPsAges(audit: Audit, captureMs: number | undefined, push: (d: Draft) => void): void {
  if (captureMs === undefined) return;
  const groups = new Map<string, { age: number; state: string; names: string[]; refs: EvidenceRef[] }>();
  for (const c of audit.containers) {
    if (c.statusAgeSeconds === undefined || toInstant(c.inspect?.startedAt) !== undefined) continue;
    if (c.state !== 'running' && c.state !== 'exited') continue;
    const key = `${c.state}\u0000${c.statusAgeSeconds}`;
    const g = groups.get(key) ?? { age: c.statusAgeSeconds, state: c.state, names: [], refs: [] };
    g.names.push(c.name);
    const ref = c.evidence[0];
    if (ref) g.refs.push(ref);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const verb = g.state === 'running' ? 'up' : 'exited';
    const when = g.state === 'running' ? formatDuration(g.age) : `${formatDuration(g.age)} ago`;
    const who =
      g.names.length === 1
        ? g.names[0]!
        : `${g.names.length} containers (${g.names.slice(0, 3).join(', ')}${g.names.length > 3 ? ', …' : ''})`;
    push({
      ms: captureMs - g.age * 1000,
      kind: 'container-up-since',
      clock: 'docker',
      subject: g.names.length === 1 ? `container:${g.names[0]!}` : 'containers',
      ...(g.names.length === 1 ? { container: g.names[0]! } : {}),
      title: `${who} ${verb} ${when} (docker ps)`,
      count: g.names.length,
      precision: 'approximate',
      assumption: 'docker ps rounds ages ("Up 2 hours"); counted back from the capture time',
      evidence: g.refs,
    });
  }
}

function addHealthBodies(audit: Audit, push: (d: Draft) => void): void {
  for (const h of audit.health) {
    const body = h.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) continue;
    const b = body as Record<string, unknown>;
    const value = b['timestamp'] ?? b['time'];
    const at = typeof value === 'string' ? toInstant(value) : undefined;
    if (!at) continue;
    push({
      ms: at.ms,
      kind: 'health-response',
      clock: 'health',
      subject: `health:${h.name}`,
      ...(h.container !== undefined ? { container: h.container } : {}),
      title:
        `${h.name} health endpoint answered ${h.ok ? 'ok' : 'failing'}` +
        `${h.status !== undefined ? ` (status ${h.status})` : ''}`,
      precision: 'exact',
      ...(at.basis === 'assumed-utc' ? { assumption: 'no zone in the body: read as UTC' } : {}),
      evidence: [h.evidence],
    });
  }
}

/** First and last instants of each log, for the skew checks. */
type LogInstants = Map<LogSummary, { first?: Instant; last?: Instant }>;

function addLogs(
  audit: Audit,
  captureMs: number | undefined,
  gapMs: number,
  push: (d: Draft) => void,
  notes: TimelineNote[],
): LogInstants {
  const out: LogInstants = new Map();
  for (const l of audit.logs) {
    const subject = `logs:${l.container}`;
    const base = { clock: 'log' as const, subject, container: l.container, logFile: l.file };
    const first = toInstant(l.firstAt, captureMs);
    const last = toInstant(l.lastAt, captureMs);
    out.set(l, { ...(first ? { first } : {}), ...(last ? { last } : {}) });
    const assumption = (i: Instant) =>
      i.basis === 'assumed-utc'
        ? { assumption: ASSUMED_UTC }
        : i.basis === 'from-capture'
          ? { assumption: FROM_CAPTURE }
          : {};
    if (first)
      push({
        ...base,
        ms: first.ms,
        kind: 'log-first-line',
        title: `${l.container}: oldest log line in the capture (${l.lines} lines)`,
        precision: 'exact',
        ...assumption(first),
        evidence: [l.evidence],
      });
    if (last)
      push({
        ...base,
        ms: last.ms,
        kind: 'log-last-line',
        title: `${l.container}: newest log line in the capture`,
        precision: 'exact',
        ...assumption(last),
        evidence: [l.evidence],
      });
    if ((l.firstAt !== undefined || l.timeline.length > 0) && captureMs === undefined && !first) {
      notes.push({
        kind: 'time-of-day-only',
        subject,
        message:
          `${l.container}'s log writes only the time of day, and the capture time is unknown: its lines are ` +
          'not placed.',
        evidence: [l.evidence],
      });
    }
    addErrorBursts(l, captureMs, gapMs, base, push);
  }
  return out;
}

/**
 * Error and critical lines per minute (what the log model keeps) folded into bursts. The lines are cited
 * one by one only when the log has one burst holding all its error lines; otherwise the minute counts
 * cannot say which lines fall in which burst, and the log is cited whole.
 */
function addErrorBursts(
  l: LogSummary,
  captureMs: number | undefined,
  gapMs: number,
  base: { clock: 'log'; subject: string; container: string; logFile: string },
  push: (d: Draft) => void,
): void {
  const perMinute = new Map<number, { count: number; basis: Instant['basis'] }>();
  for (const [minute, level, count] of l.timeline) {
    if (level !== 'error' && level !== 'critical') continue;
    const at = toInstant(minute, captureMs);
    if (!at) continue;
    const cur = perMinute.get(at.ms);
    perMinute.set(at.ms, { count: (cur?.count ?? 0) + count, basis: at.basis });
  }
  const minutes = [...perMinute.entries()].sort((a, b) => a[0] - b[0]);
  const bursts: Array<{ from: number; to: number; count: number; basis: Instant['basis'] }> = [];
  for (const [ms, { count, basis }] of minutes) {
    const b = bursts.at(-1);
    if (b && ms - b.to <= gapMs) {
      b.to = ms;
      b.count += count;
    } else bursts.push({ from: ms, to: ms, count, basis });
  }
  const errorEvents = (l.levels['error'] ?? 0) + (l.levels['critical'] ?? 0);
  const located = bursts.length === 1 && bursts[0]!.count === errorEvents;
  const top = l.repeated
    .filter((r) => r.level === 'error' || r.level === 'critical')
    .sort((a, b) => b.count - a.count)[0];
  for (const b of bursts) {
    const refs: EvidenceRef[] = located
      ? [...l.errors.map((e) => e.evidence), ...l.stackTraces.map((s) => s.evidence)]
      : [l.evidence];
    const traces = located && l.stackTraces.length > 0 ? `, ${l.stackTraces.length} with a stack trace` : '';
    const repeated = located && top && top.count > 1 ? `; most repeated: "${top.template}" ×${top.count}` : '';
    push({
      ...base,
      ms: b.from,
      ...(b.to > b.from ? { endMs: b.to + 59_999 } : {}),
      kind: 'log-errors',
      title: `${base.container}: ${b.count} error ${b.count === 1 ? 'line' : 'lines'}${traces}${repeated}`,
      count: b.count,
      precision: 'minute',
      ...(b.basis === 'assumed-utc'
        ? { assumption: ASSUMED_UTC }
        : b.basis === 'from-capture'
          ? { assumption: FROM_CAPTURE }
          : {}),
      evidence: dedupeRefs(refs),
    });
  }
}

function addRedis(audit: Audit, captureMs: number | undefined, gapMs: number, push: (d: Draft) => void): void {
  const r = audit.redis;
  if (r.uptimeSeconds !== undefined && captureMs !== undefined) {
    const info = r.info.find((i) => i.lines?.['uptime_in_seconds'] !== undefined);
    const line = info?.lines?.['uptime_in_seconds'];
    const ref: EvidenceRef | undefined =
      info && line !== undefined ? { file: info.evidence.file, startLine: line, endLine: line } : r.evidence[0];
    push({
      ms: captureMs - r.uptimeSeconds * 1000,
      kind: 'redis-started',
      clock: 'redis',
      subject: 'redis',
      title: `Redis started (uptime_in_seconds ${r.uptimeSeconds} at the capture)`,
      precision: 'approximate',
      assumption: 'capture time minus INFO uptime_in_seconds',
      evidence: ref ? [ref] : [],
    });
  }
  for (const s of r.streams) {
    const subject = `stream:${s.key}`;
    const base = { clock: 'redis' as const, subject, precision: 'exact' as const };
    const sampleRef = (id: string | undefined) => s.samples.find((e) => e.id === id)?.evidence;
    const firstMs = streamIdMs(s.firstEntryId);
    const lastMs = streamIdMs(s.lastEntryId);
    if (firstMs !== undefined)
      push({
        ...base,
        ms: firstMs,
        kind: 'stream-first-entry',
        title: `${s.key}: oldest entry ${s.firstEntryId!}`,
        evidence: [sampleRef(s.firstEntryId) ?? s.evidence].flat(),
      });
    if (lastMs !== undefined)
      push({
        ...base,
        ms: lastMs,
        kind: 'stream-last-entry',
        title: `${s.key}: newest entry ${s.lastEntryId!}${s.length !== undefined ? ` (length ${s.length})` : ''}`,
        evidence: [sampleRef(s.lastEntryId) ?? s.evidence].flat(),
      });
    const others = s.samples
      .filter((e) => e.id !== s.firstEntryId && e.id !== s.lastEntryId)
      .map((e) => ({ e, ms: streamIdMs(e.id) }))
      .filter((x): x is { e: (typeof s.samples)[number]; ms: number } => x.ms !== undefined)
      .sort((a, b) => a.ms - b.ms);
    if (others.length > 0)
      push({
        ...base,
        ms: others[0]!.ms,
        endMs: others.at(-1)!.ms,
        kind: 'stream-sampled-entries',
        title:
          `${s.key}: ` +
          `${others.length === 1 ? `sampled entry ${others[0]!.e.id}` : `${others.length} more sampled entries`}`,
        count: others.length,
        evidence: others.map((x) => x.e.evidence),
      });
    for (const g of s.groups) {
      const ms = streamIdMs(g.lastDeliveredId);
      if (ms === undefined) continue;
      const lag = typeof g.lag === 'number' && g.lag > 0 ? `; ${g.lag} entries not yet read` : '';
      const behind =
        lastMs !== undefined && lastMs - ms > 60_000
          ? `, ${formatDuration((lastMs - ms) / 1000)} before the newest entry`
          : '';
      push({
        ...base,
        subject: `${subject}/group:${g.name}`,
        ...(g.owner ? { container: g.owner.container } : {}),
        ms,
        kind: 'group-last-delivered',
        title: `group ${g.name} on ${s.key}: last delivered entry ${g.lastDeliveredId}${behind}${lag}`,
        evidence: [g.evidence],
      });
    }
  }
  addSlowlog(audit, gapMs, push);
}

function addSlowlog(audit: Audit, gapMs: number, push: (d: Draft) => void): void {
  const entries = (audit.redis.slowlog ?? [])
    .map((e) => ({ e, at: toInstant(e.at) }))
    .filter((x): x is { e: (typeof x)['e']; at: Instant } => x.at !== undefined)
    .sort((a, b) => a.at.ms - b.at.ms || a.e.id - b.e.id);
  const runs: Array<typeof entries> = [];
  for (const x of entries) {
    const run = runs.at(-1);
    if (run && x.at.ms - run.at(-1)!.at.ms <= gapMs) run.push(x);
    else runs.push([x]);
  }
  for (const run of runs) {
    const slowest = run.reduce((a, b) => (b.e.durationMicros > a.e.durationMicros ? b : a));
    const cmd = slowest.e.command.slice(0, 3).join(' ') + (slowest.e.command.length > 3 ? ' …' : '');
    const first = run[0]!;
    const last = run.at(-1)!;
    push({
      ms: first.at.ms,
      endMs: last.at.ms,
      kind: 'slowlog',
      clock: 'redis',
      subject: 'redis',
      title:
        run.length === 1
          ? `SLOWLOG: ${cmd} took ${formatLatency(slowest.e.durationMicros)}`
          : `SLOWLOG: ${run.length} slow commands, slowest ${cmd} (${formatLatency(slowest.e.durationMicros)})`,
      count: run.length,
      precision: 'exact',
      evidence: dedupeRefs([first.e.evidence, slowest.e.evidence, last.e.evidence]),
    });
  }
}

/** The capture event: at the bundle's capture time, citing what stated it (or the event it was estimated from). */
function addCapture(
  audit: Audit,
  captureMs: number | undefined,
  drafts: Draft[],
  replaced: number | undefined,
): Draft | undefined {
  if (captureMs === undefined) return undefined;
  const manifest = replaced === undefined ? audit.files.find((f) => /(^|\/)manifest\.json$/i.test(f.path)) : undefined;
  const from = drafts.find((d) => d.ms === captureMs || d.endMs === captureMs);
  const evidence = manifest ? [{ file: manifest.path }] : (from?.evidence.slice(-1) ?? []);
  const source = replaced === undefined ? audit.bundle.capturedAtSource : from?.title;
  return {
    ms: captureMs,
    kind: 'capture',
    clock: 'capture',
    subject: 'bundle',
    title: `Evidence captured${source ? ` (time from ${source})` : ''}`,
    precision: replaced === undefined ? 'exact' : 'approximate',
    ...(replaced !== undefined
      ? { assumption: 'the newest Docker, health or Redis time, since the estimate came from a skewed log' }
      : {}),
    evidence,
  };
}

function dedupeRefs(refs: EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.file}\u0000${r.startLine}\u0000${r.endLine}\u0000${r.pointer}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** '+1 h', '−5 h 30 min': a signed offset in the units module's words. */
function signed(ms: number): string {
  return `${ms < 0 ? '−' : '+'}${formatDuration(Math.abs(ms) / 1000)}`;
}

/** When an offset is a whole number of half hours, it is most likely a time zone, not a drifting clock. */
function zoneHint(ms: number): string {
  const half = 1_800_000;
  const k = Math.round(ms / half);
  if (k === 0 || Math.abs(ms - k * half) > 120_000) return '';
  const mins = Math.abs(k) * 30;
  const hours = String(Math.floor(mins / 60)).padStart(2, '0');
  const hhmm = `${ms < 0 ? '−' : '+'}${hours}:${String(mins % 60).padStart(2, '0')}`;
  return ` That is a whole ${hhmm}: the log most likely writes local time without a zone.`;
}

/**
 * Clock checks, each against a clock that does not depend on the one checked:
 * - a log's newest line later than the capture (the capture time itself, unless it was taken from that
 *   same log; then the newest Docker, health or Redis time);
 * - a log's oldest line before its container started (Docker's clock) — or, when the container ran
 *   before (FinishedAt set, restarts), before it was created, since `docker logs` keeps earlier runs;
 * - Redis stream ids (Redis's clock) later than the capture.
 */
function checkSkew(
  audit: Audit,
  captureMs: number | undefined,
  logs: LogInstants,
  drafts: Draft[],
  notes: TimelineNote[],
  tolMs: number,
): number | undefined {
  const lastOfLogs = [...logs.values()].map((v) => v.last?.ms);
  const fromLog = captureMs !== undefined && lastOfLogs.includes(captureMs);
  const independent = drafts
    .filter((d) => d.clock !== 'log' && d.clock !== 'capture' && d.precision !== 'approximate')
    .reduce<number | undefined>((m, d) => Math.max(m ?? -Infinity, d.endMs ?? d.ms), undefined);
  const reference = fromLog ? independent : captureMs;
  const referenceName = fromLog ? 'the newest Docker, health or Redis time' : 'the capture';
  const skewed = new Set<string>();

  for (const [l, { first, last }] of logs) {
    const inspect = audit.containers.find((c) => c.name === l.container)?.inspect;
    const subject = `logs:${l.container}`;
    if (last && reference !== undefined && last.ms - reference > tolMs) {
      const off = last.ms - reference;
      notes.push({
        kind: 'clock-skew',
        subject,
        offsetSeconds: Math.round(off / 1000),
        message:
          `${l.container}'s newest log line (${toIso(last.ms)}) is ${formatDuration(off / 1000)} after ` +
          `${referenceName} (${toIso(reference)}): its clock, or the zone its times are read in, runs ` +
          `${signed(off)} ahead.${zoneHint(off)}`,
        evidence: [l.evidence],
      });
      skewed.add(l.file);
    }
    if (first && inspect) {
      const earlierRun = toInstant(inspect.finishedAt) !== undefined || inspect.restartCount > 0;
      const bound = toInstant(earlierRun ? inspect.createdAt : inspect.startedAt);
      if (bound && bound.ms - first.ms > tolMs) {
        const off = first.ms - bound.ms;
        notes.push({
          kind: 'clock-skew',
          subject,
          offsetSeconds: Math.round(off / 1000),
          message:
            `${l.container}'s oldest log line (${toIso(first.ms)}) is ${formatDuration(-off / 1000)} before ` +
            `the container ${earlierRun ? 'was created' : 'started'} (${toIso(bound.ms)}, Docker's clock): ` +
            `its clock, or the zone its times are read in, runs ${signed(off)} behind Docker's.${zoneHint(off)}`,
          evidence: [l.evidence, below(inspect.evidence, earlierRun ? '/Created' : '/State/StartedAt')],
        });
        skewed.add(l.file);
      }
    }
  }
  for (const d of drafts) if (d.logFile !== undefined && skewed.has(d.logFile)) d.skewed = true;
  const captureLog = fromLog ? [...logs.entries()].find(([, v]) => v.last?.ms === captureMs)?.[0] : undefined;
  const corrected = captureLog !== undefined && skewed.has(captureLog.file) ? independent : undefined;

  // Redis's clock: stream ids are milliseconds of the server's clock when the entry was added.
  if (captureMs !== undefined) {
    const newest = drafts
      .filter((d) => d.clock === 'redis' && d.kind !== 'slowlog' && d.precision === 'exact')
      .reduce<Draft | undefined>((m, d) => (!m || (d.endMs ?? d.ms) > (m.endMs ?? m.ms) ? d : m), undefined);
    if (newest && (newest.endMs ?? newest.ms) - captureMs > tolMs) {
      const off = (newest.endMs ?? newest.ms) - captureMs;
      notes.push({
        kind: 'clock-skew',
        subject: 'redis',
        offsetSeconds: Math.round(off / 1000),
        message:
          `A Redis stream id (${newest.subject}) names ${toIso(newest.endMs ?? newest.ms)}, ` +
          `${formatDuration(off / 1000)} after the capture (${toIso(captureMs)}): Redis's clock runs ` +
          `${signed(off)} ahead, or the capture time is wrong.`,
        evidence: newest.evidence,
      });
      for (const d of drafts) if (d.clock === 'redis') d.skewed = true;
    }
  }
  const utc = [...logs.entries()].filter(
    ([, v]) => v.first?.basis === 'assumed-utc' || v.last?.basis === 'assumed-utc',
  );
  if (utc.length > 0)
    notes.push({
      kind: 'zone-assumed',
      subject: 'logs',
      message:
        `${utc.map(([l]) => l.container).join(', ')}: log times carry no zone and are read as UTC (the clock ` +
        'checks would flag a zone offset of half an hour or more).',
      evidence: utc.map(([l]) => l.evidence),
    });
  return corrected;
}

/** Whether two citations point at the same lines (or the same JSON element) of the same file. */
function overlaps(a: EvidenceRef, b: EvidenceRef): boolean {
  if (a.file !== b.file) return false;
  if (a.pointer !== undefined && b.pointer !== undefined) {
    const [p, q] = a.pointer.length <= b.pointer.length ? [a.pointer, b.pointer] : [b.pointer, a.pointer];
    return q === p || q.startsWith(`${p}/`);
  }
  if (a.startLine === undefined || b.startLine === undefined) return true;
  const aEnd = a.endLine ?? a.startLine;
  const bEnd = b.endLine ?? b.startLine;
  return a.startLine <= bEnd && b.startLine <= aEnd;
}

/**
 * An event belongs to the first (most urgent) incident that involves its container, names its subject
 * (or one below or above it: a group and its stream), or whose findings cite the evidence the event cites.
 */
function linkIncidents(audit: Audit, drafts: Draft[]): void {
  const incidents = audit.incidents ?? [];
  if (incidents.length === 0) return;
  const index = incidents.map((inc) => {
    const members = new Set([inc.cause, ...inc.symptoms]);
    const findings = audit.findings.filter((f) => f.incident === inc.id || members.has(f.fingerprint));
    return {
      id: inc.id,
      containers: new Set(inc.containers),
      subjects: findings.map((f) => f.subject),
      refs: findings.flatMap((f) => f.evidence),
    };
  });
  const related = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  for (const d of drafts) {
    if (d.kind === 'capture') continue;
    const hit = index.find(
      (inc) =>
        (d.container !== undefined && inc.containers.has(d.container)) ||
        inc.subjects.some((s) => related(s, d.subject)) ||
        d.evidence.some((e) => inc.refs.some((r) => overlaps(e, r))),
    );
    if (hit) d.incident = hit.id;
  }
}
