import type { Audit } from '../model/audit.ts';
import type { Finding, Priority } from '../model/finding.ts';
import { getMetrics, type Direction } from './metrics.ts';
import { compareText } from '../text/compare.ts';

/** A finding as a diff lists it. */
export interface FindingRef {
  fingerprint: string;
  ruleId: string;
  priority: Priority;
  title: string;
  subject: string;
}

/**
 * How a persisting finding moved: 'worse' or 'better' by its observed value (lag 1619 → 15931 is worse) or its
 * priority, 'recovering' when the group's owner came back (consuming again, or its container running again),
 * 'same' otherwise.
 */
export type Trend = 'worse' | 'better' | 'same' | 'recovering';

/** A value of a persisting finding that moved: 'lag' 10014 → 12. */
export interface ValueChange {
  name: string;
  before: number | string | boolean | undefined;
  after: number | string | boolean | undefined;
}

export interface MetricChange {
  name: string;
  unit: string;
  before: number | undefined;
  after: number | undefined;
  direction: Direction;
  /** Changed by more than the metric's noise threshold, in the bad direction. */
  worse: boolean;
  /** Changed by more than the noise threshold at all. */
  significant: boolean;
}

/** Two audits of one host compared: what `evidex diff --json` prints. */
export interface AuditDiff {
  schemaVersion: 1;
  host: string;
  before: AuditRef;
  after: AuditRef;
  /**
   * Set when the two audits ran different evidex or rule versions: some changes may come from the rules, not the
   * system.
   */
  rulesChanged?: { before: string; after: string };
  findings: {
    new: FindingRef[];
    resolved: FindingRef[];
    persisting: Array<FindingRef & { changes: ValueChange[]; trend: Trend; trendReason?: string }>;
    /** Persisting findings whose priority moved (listed here, not under `persisting`). */
    priorityChanged: Array<
      FindingRef & { priorityBefore: Priority; changes: ValueChange[]; trend: Trend; trendReason?: string }
    >;
    /** In `before`, but its rule could not run on `after` (evidence missing): lost visibility, not a fix. */
    notEvaluable: Array<FindingRef & { reason: string }>;
  };
  containers: {
    added: string[];
    removed: string[];
    changed: Array<{ name: string; changes: ValueChange[] }>;
  };
  streams: { added: string[]; removed: string[] };
  groups: Array<{
    stream: string;
    group: string;
    lagBefore: number | null;
    lagAfter: number | null;
    pendingBefore: number | null;
    pendingAfter: number | null;
    /** The owner container, as each audit resolved it. */
    ownerBefore?: string;
    ownerAfter?: string;
    /** Lag grew (worse) or shrank (better); 'recovering' when its owner came back. Absent when lag is unknown. */
    trend?: Trend;
  }>;
  metrics: MetricChange[];
  /** Evidence kinds captured in one audit but not the other. */
  coverage: { onlyBefore: string[]; onlyAfter: string[] };
}

export interface AuditRef {
  name: string;
  sha256: string;
  capturedAt?: string;
  toolVersion: string;
  rulesVersion: string;
}

/** Two different hosts must never be compared silently. */
export class HostMismatchError extends Error {
  override name = 'HostMismatchError';
}

const ref = (f: Finding): FindingRef => ({
  fingerprint: f.fingerprint,
  ruleId: f.ruleId,
  priority: f.priority,
  title: f.title,
  subject: f.subject,
});
const auditRef = (a: Audit): AuditRef => ({
  name: a.bundle.name,
  sha256: a.bundle.sha256,
  ...(a.bundle.capturedAt ? { capturedAt: a.bundle.capturedAt } : {}),
  toolVersion: a.tool.version,
  rulesVersion: a.tool.rulesVersion,
});

function valueChanges(before: Finding, after: Finding): ValueChange[] {
  const names = [...new Set([...Object.keys(before.values), ...Object.keys(after.values)])].sort();
  const changes = names
    .filter((n) => before.values[n] !== after.values[n])
    .map((n) => ({ name: n, before: before.values[n], after: after.values[n] }));
  if (before.observed !== after.observed)
    changes.unshift({ name: 'observed', before: before.observed, after: after.observed });
  return changes;
}

/** Relative change of a number under which it is jitter, not a trend. */
const TREND_NOISE = 0.1;
/** Owner states in which the owner does not consume (as the stream rules record them in `values.ownerState`). */
const DOWN = new Set(['oom-killed', 'crash-looping', 'restarting', 'exited', 'dead', 'created', 'missing', 'paused']);

/** Whether a bigger observed value is worse: the bad side of its threshold is above it, unless it is below. */
function upIsBad(f: Finding): boolean {
  const o = f.observed;
  const t = f.threshold;
  return !(typeof o === 'number' && typeof t === 'number' && o < t);
}

/** How a persisting finding moved between the two audits, and why, in words. */
export function getTrend(before: Finding, after: Finding, owner?: OwnerReturn): { trend: Trend; reason?: string } {
  const wasDown =
    before.values['consumption'] === 'stopped' ||
    before.values['consumption'] === 'paused' ||
    DOWN.has(String(before.values['ownerState'] ?? ''));
  const isUp =
    after.values['consumption'] === 'consuming' ||
    (after.values['ownerState'] !== undefined && !DOWN.has(String(after.values['ownerState'])));
  if (wasDown && isUp) {
    const who = after.values['owner'] ?? before.values['owner'];
    return {
      trend: 'recovering',
      reason:
        `${who !== undefined ? `owner ${String(who)}` : 'a consumer'} is back: ` +
        `${String(before.values['consumption'] ?? before.values['ownerState'])} → ` +
        `${String(after.values['consumption'] ?? after.values['ownerState'])}`,
    };
  }
  if (owner !== undefined) return { trend: 'recovering', reason: owner.reason };
  const rank = (p: Priority) => Number(p[1]);
  if (rank(after.priority) !== rank(before.priority))
    return rank(after.priority) < rank(before.priority)
      ? { trend: 'worse', reason: `priority ${before.priority} → ${after.priority}` }
      : { trend: 'better', reason: `priority ${before.priority} → ${after.priority}` };
  const x = before.observed;
  const y = after.observed;
  if (typeof x === 'number' && typeof y === 'number' && x !== y) {
    const rel = Math.abs(y - x) / Math.max(Math.abs(x), 1);
    if (rel > TREND_NOISE) {
      const worse = upIsBad(after) ? y > x : y < x;
      return { trend: worse ? 'worse' : 'better', reason: `observed ${x} → ${y}` };
    }
  }
  return { trend: 'same' };
}

/** An owner container that was down in `before` and runs in `after`. */
interface OwnerReturn {
  reason: string;
}

/** For a group finding whose owner is named: did that container come back (not running → running)? */
function ownerCameBack(before: Audit, after: Audit, f: Finding): OwnerReturn | undefined {
  const owner = f.values['owner'];
  if (typeof owner !== 'string') return undefined;
  const was = before.containers.find((c) => c.name === owner);
  const now = after.containers.find((c) => c.name === owner);
  if (!was || !now || was.state === 'running' || now.state !== 'running') return undefined;
  return { reason: `owner ${owner} is running again (${was.state} → ${now.state})` };
}

/** The host an audit is about: hostname from uname, else the bundle name without a trailing date. */
export function getHostKey(audit: Audit): string {
  return audit.host.hostname ?? audit.bundle.name.replace(/[-_]?\d{4}-\d{2}-\d{2}.*$/, '');
}

function diffFindings(before: Audit, after: Audit): AuditDiff['findings'] {
  const beforeBy = new Map(before.findings.map((f) => [f.fingerprint, f]));
  const afterBy = new Map(after.findings.map((f) => [f.fingerprint, f]));
  const status = new Map(after.rules.map((r) => [r.ruleId, r]));
  const out: AuditDiff['findings'] = { new: [], resolved: [], persisting: [], priorityChanged: [], notEvaluable: [] };
  for (const f of after.findings) if (!beforeBy.has(f.fingerprint)) out.new.push(ref(f));
  for (const f of before.findings) {
    const now = afterBy.get(f.fingerprint);
    if (now) {
      const t = getTrend(f, now, ownerCameBack(before, after, now));
      const trend = { trend: t.trend, ...(t.reason !== undefined ? { trendReason: t.reason } : {}) };
      if (now.priority !== f.priority)
        out.priorityChanged.push({ ...ref(now), priorityBefore: f.priority, changes: valueChanges(f, now), ...trend });
      else out.persisting.push({ ...ref(now), changes: valueChanges(f, now), ...trend });
      continue;
    }
    const result = status.get(f.ruleId);
    if (f.source === 'rule' && result && result.status !== 'pass' && result.status !== 'fail') {
      out.notEvaluable.push({ ...ref(f), reason: `${result.status}${result.reason ? `: ${result.reason}` : ''}` });
    } else if (f.source === 'manual') {
      out.notEvaluable.push({ ...ref(f), reason: 'manual finding: not re-assessed for the later audit' });
    } else if (f.source === 'rule' && !result) {
      out.notEvaluable.push({ ...ref(f), reason: 'rule not run by the later evidex version' });
    } else {
      out.resolved.push(ref(f));
    }
  }
  return out;
}

function diffContainers(before: Audit, after: Audit): AuditDiff['containers'] {
  const b = new Map(before.containers.map((c) => [c.name, c]));
  const a = new Map(after.containers.map((c) => [c.name, c]));
  const changed: AuditDiff['containers']['changed'] = [];
  for (const [name, now] of a) {
    const was = b.get(name);
    if (!was) continue;
    const changes: ValueChange[] = [];
    const cmp = (field: string, x: string | number | undefined, y: string | number | undefined) => {
      if (x !== undefined && y !== undefined && x !== y) changes.push({ name: field, before: x, after: y });
    };
    cmp('image', was.image, now.image);
    cmp('state', was.state, now.state);
    cmp('health', was.health, now.health);
    cmp('startedAt', was.inspect?.startedAt, now.inspect?.startedAt);
    cmp('restartCount', was.inspect?.restartCount, now.inspect?.restartCount);
    cmp('exitCode', was.exitCode, now.exitCode);
    if (changes.length > 0) changed.push({ name, changes });
  }
  return {
    added: [...a.keys()].filter((n) => !b.has(n)).sort(),
    removed: [...b.keys()].filter((n) => !a.has(n)).sort(),
    changed: changed.sort((x, y) => compareText(x.name, y.name)),
  };
}

function diffGroups(before: Audit, after: Audit): AuditDiff['groups'] {
  type G = { lag: number | null; pending: number | null; owner?: string; ownerRunning?: boolean };
  const collect = (audit: Audit) => {
    const m = new Map<string, G & { stream: string; group: string }>();
    for (const s of audit.redis.streams)
      for (const g of s.groups) {
        const owner = g.owner?.container;
        const c = owner !== undefined ? audit.containers.find((x) => x.name === owner) : undefined;
        m.set(`${s.key}\0${g.name}`, {
          stream: s.key,
          group: g.name,
          lag: g.lag ?? null,
          pending: g.pending,
          ...(owner !== undefined ? { owner } : {}),
          ...(c !== undefined ? { ownerRunning: c.state === 'running' } : {}),
        });
      }
    return m;
  };
  const trendOf = (x: G | undefined, y: G | undefined): Trend | undefined => {
    if (x?.ownerRunning === false && y?.ownerRunning === true) return 'recovering';
    if (x?.lag === null || x?.lag === undefined || y?.lag === null || y?.lag === undefined) return undefined;
    if (Math.abs(y.lag - x.lag) <= TREND_NOISE * Math.max(x.lag, 1)) return 'same';
    return y.lag > x.lag ? 'worse' : 'better';
  };
  const b = collect(before);
  const a = collect(after);
  const keys = [...new Set([...b.keys(), ...a.keys()])].sort();
  return keys.map((k) => {
    const x = b.get(k);
    const y = a.get(k);
    const id = (x ?? y)!;
    const trend = trendOf(x, y);
    return {
      stream: id.stream,
      group: id.group,
      lagBefore: x?.lag ?? null,
      lagAfter: y?.lag ?? null,
      pendingBefore: x?.pending ?? null,
      pendingAfter: y?.pending ?? null,
      ...(x?.owner !== undefined ? { ownerBefore: x.owner } : {}),
      ...(y?.owner !== undefined ? { ownerAfter: y.owner } : {}),
      ...(trend !== undefined ? { trend } : {}),
    };
  });
}

function diffMetrics(before: Audit, after: Audit): MetricChange[] {
  return getMetrics(before, after).flatMap((m) => {
    const x = m.read(before);
    const y = m.read(after);
    if (x === undefined && y === undefined) return [];
    const delta = x !== undefined && y !== undefined ? y - x : 0;
    const significant = Math.abs(delta) > m.noise;
    const worse = significant && (m.direction === 'up-is-bad' ? delta > 0 : delta < 0);
    return [{ name: m.name, unit: m.unit, before: x, after: y, direction: m.direction, worse, significant }];
  });
}

function diffCoverage(before: Audit, after: Audit): AuditDiff['coverage'] {
  const kinds = (a: Audit) =>
    new Set(
      a.files
        .flatMap((f) => f.kind.split('+'))
        .filter((k) => !['empty', 'unrecognised', 'binary', 'error-output'].includes(k)),
    );
  const b = kinds(before);
  const a = kinds(after);
  return { onlyBefore: [...b].filter((k) => !a.has(k)).sort(), onlyAfter: [...a].filter((k) => !b.has(k)).sort() };
}

/**
 * Compare two audits of the same host, `before` older. Findings are matched by fingerprint; a finding
 * whose rule could not run on `after` is "not evaluable", never "resolved". Throws
 * HostMismatchError when the hosts differ, unless `host` names the one host both are taken to be.
 */
export function diffAudits(before: Audit, after: Audit, options: { host?: string } = {}): AuditDiff {
  const hb = getHostKey(before);
  const ha = getHostKey(after);
  if (!options.host && hb !== ha) {
    throw new HostMismatchError(
      `'${before.bundle.name}' is host '${hb}' but '${after.bundle.name}' is host '${ha}': refusing to ` +
        'compare two hosts. Pass --host NAME if they are the same machine renamed.',
    );
  }
  const rulesDiffer =
    before.tool.rulesVersion !== after.tool.rulesVersion || before.tool.version !== after.tool.version;
  const streamsB = new Set(before.redis.streams.map((s) => s.key));
  const streamsA = new Set(after.redis.streams.map((s) => s.key));
  return {
    schemaVersion: 1,
    host: options.host ?? ha,
    before: auditRef(before),
    after: auditRef(after),
    ...(rulesDiffer
      ? {
          rulesChanged: {
            before: `${before.tool.version}/rules ${before.tool.rulesVersion}`,
            after: `${after.tool.version}/rules ${after.tool.rulesVersion}`,
          },
        }
      : {}),
    findings: diffFindings(before, after),
    containers: diffContainers(before, after),
    streams: {
      added: [...streamsA].filter((k) => !streamsB.has(k)).sort(),
      removed: [...streamsB].filter((k) => !streamsA.has(k)).sort(),
    },
    groups: diffGroups(before, after),
    metrics: diffMetrics(before, after),
    coverage: diffCoverage(before, after),
  };
}
