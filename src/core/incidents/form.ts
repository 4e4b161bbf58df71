import type { Audit } from '../model/audit.ts';
import type { Container } from '../model/container.ts';
import type { Finding, Incident, Priority } from '../model/finding.ts';
import { getCauseKind, getCauseRank, SYMPTOM_RULES } from './cause-order.ts';
import { orderFindings, orderIncidents, priorityIndex } from './order.ts';
import { getSideFlowWord, SIDE_FLOW_WORDS } from '../rules/stream/stream-support.ts';
import { appendExplanation, incidentSentence } from './messages.ts';

// Incidents: after the rules run, findings about one container — its state, its health checks, its
// logs, and the consumer groups it owns — are one incident. The finding that explains the most
// (by the declared order of cause kinds) is its cause; the others are folded under it as symptoms
// and link to it ('caused-by'). Errors in other containers' logs that name the container (its
// name, compose service, network alias or IP) next to a failed call join as its callers' symptoms.

/** The audit facts incident formation reads. */
export type IncidentFacts = Pick<Audit, 'containers' | 'redis' | 'health'>;

export interface FormIncidentsOptions {
  /** Rules whose priority the configuration fixed: their findings keep it even as an incident's cause. */
  fixedPriority?: ReadonlySet<string>;
  /**
   * The words that mark a side flow, as the lag rule ran with them (its resolved `sideFlowWords`), for stream
   * findings no rule judged; the rule's defaults when absent.
   */
  sideFlowWords?: readonly string[];
}

export interface FormIncidentsResult {
  /** Every finding (copies), with `incident`, the symptoms' 'caused-by' links and raised causes, in the one order. */
  findings: Finding[];
  /** Incidents, most urgent first. */
  incidents: Incident[];
  /** What was decided, in words, per rule id: for that rule's `--explain` inputs. */
  notes: Array<{ ruleId: string; note: string }>;
}

/** Where a finding belongs: a container, or a consumer group / stream whose owner is unknown. */
type Unit =
  | { kind: 'container'; name: string }
  | { kind: 'group'; key: string; label: string; stream: string }
  | { kind: 'stream'; stream: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** 'stream:<key>/group:<name>' → its parts; stream keys hold colons, so split at the last '/group:'. */
function parseGroupSubject(subject: string): { stream: string; group: string } | undefined {
  if (!subject.startsWith('stream:')) return undefined;
  const at = subject.lastIndexOf('/group:');
  if (at < 0) return undefined;
  return { stream: subject.slice('stream:'.length, at), group: subject.slice(at + '/group:'.length) };
}

/** The container that owns a consumer group: the rule's `values.owner` (the judge's), else the model's. */
function groupOwner(facts: IncidentFacts, f: Finding, stream: string, group: string): string | undefined {
  const named = str(f.values['owner']);
  if (named !== undefined) return named;
  const s = facts.redis.streams.find((x) => x.key === stream);
  return s?.groups.find((g) => g.name === group)?.owner?.container;
}

/** Cause kinds that mean the owner of a flow cannot do its work: down, crashing or misconfigured. */
const OWNER_FAILURES: ReadonlySet<string> = new Set([
  'misconfiguration',
  'oom-killed',
  'crash-loop',
  'exited',
  'never-started',
  'unhealthy',
]);

/** Stream rules whose findings mean work waits in a group: lag, pending entries, nobody reading. */
const WORK_WAITING: ReadonlySet<string> = new Set([
  'stream/consumer-group-lag',
  'stream/consumers-not-reading',
  'stream/pending-entries',
  'stream/trimming-unread',
]);

/**
 * The flow a stream finding concerns, as its rule judged it (`values.flow`), else as another finding on
 * the same group judged it; undefined when no rule said.
 */
function flowOf(
  facts: IncidentFacts,
  f: Finding,
  all: readonly Finding[],
  sideFlowWords: readonly string[],
): 'business' | 'side' | undefined {
  const own = str(f.values['flow']);
  const other = own ?? all.map((x) => (x.subject === f.subject ? str(x.values['flow']) : undefined)).find(Boolean);
  if (other === 'business' || other === 'side') return other;
  // No rule judged it: the words the lag rule ran with decide.
  const stream = facts.redis.streams.find((x) => x.key === str(f.values['stream']));
  const group = stream?.groups.find((g) => g.name === str(f.values['group']));
  if (stream === undefined || group === undefined) return undefined;
  return getSideFlowWord(stream, group, sideFlowWords) === undefined ? 'business' : 'side';
}

/**
 * How an incident whose cause is a failed container is graded by the flows it stops (issue 11): work
 * waiting on a business flow makes it P0 — the container owns the group, or its callers' groups wait on it;
 * when every flow it holds up is a side flow (analytics, CRM sync…) and no caller fails, P2 at most.
 */
function flowImpact(
  facts: IncidentFacts,
  d: { cause: Finding; unit: Unit; members: Finding[] },
  symptoms: readonly Finding[],
  all: readonly Finding[],
  sideFlowWords: readonly string[],
): { priority: Priority; why: string; sentence: string } | undefined {
  const kind = getCauseKind(d.cause.ruleId)?.kind;
  if (kind === undefined || !OWNER_FAILURES.has(kind) || d.unit.kind !== 'container') return undefined;
  const name = d.unit.name;
  const waiting = symptoms.filter((f) => WORK_WAITING.has(f.ruleId));
  const callers = symptoms.some((f) => {
    const u = unitOf(facts, f);
    return u?.kind === 'container' && u.name !== name;
  });
  // An owner that is only unhealthy may still be consuming: it stops business work when its groups are not
  // being consumed, or when its callers fail because of it (issue 11, item 4).
  const business = waiting.filter(
    (f) =>
      flowOf(facts, f, all, sideFlowWords) === 'business' &&
      (kind !== 'unhealthy' || callers || str(f.values['consumption']) === 'stopped'),
  );
  if (business.length > 0) {
    const what = [...new Set(business.map((f) => str(f.values['stream']) ?? f.subject))].join(', ');
    return {
      priority: 'P0',
      why: `business work on ${what} waits on it`,
      sentence: incidentSentence('businessWaits', {
        streams: what,
        container: name,
        state: getCauseKind(d.cause.ruleId)?.label ?? kind,
      }),
    };
  }
  const published = facts.containers.find((c) => c.name === name)?.ports.some((p) => p.hostPort !== undefined);
  const sideOnly =
    waiting.length > 0 &&
    !callers &&
    published !== true &&
    waiting.every((f) => flowOf(facts, f, all, sideFlowWords) === 'side') &&
    symptoms.every((f) => priorityIndex(f.priority) >= priorityIndex('P2'));
  if (sideOnly) {
    if (priorityIndex(d.cause.priority) >= priorityIndex('P2')) return undefined;
    const what = [...new Set(waiting.map((f) => str(f.values['stream']) ?? f.subject))].join(', ');
    return {
      priority: 'P2',
      why: `only side flows (${what}) wait on it`,
      sentence: incidentSentence('sideOnly', { container: name, streams: what }),
    };
  }
  return undefined;
}

/** The unit a finding concerns, or undefined when it concerns several (fleet findings) or none. */
function unitOf(facts: IncidentFacts, f: Finding): Unit | undefined {
  if (f.ruleId.startsWith('stream/')) {
    const stream = str(f.values['stream']);
    const group = str(f.values['group']);
    const parsed = stream !== undefined && group !== undefined ? { stream, group } : parseGroupSubject(f.subject);
    if (parsed === undefined) {
      const owner = str(f.values['owner']);
      if (owner !== undefined) return { kind: 'container', name: owner };
      const key = stream ?? (f.subject.startsWith('stream:') ? f.subject.slice('stream:'.length) : undefined);
      return key !== undefined && !key.includes('/') ? { kind: 'stream', stream: key } : undefined;
    }
    const owner = groupOwner(facts, f, parsed.stream, parsed.group);
    if (owner !== undefined) return { kind: 'container', name: owner };
    return {
      kind: 'group',
      key: `${parsed.stream}\0${parsed.group}`,
      label: `${parsed.stream} → ${parsed.group}`,
      stream: parsed.stream,
    };
  }
  if (f.ruleId === 'health/degraded-dependency') {
    // A caller's health body reporting a dependency down is a symptom of the container behind it.
    const dep = str(f.values['dependencyContainer']);
    return dep !== undefined ? { kind: 'container', name: dep } : undefined;
  }
  if (f.ruleId.startsWith('health/')) {
    const name = str(f.values['container']) ?? facts.health.find((h) => `health:${h.name}` === f.subject)?.container;
    return name !== undefined ? { kind: 'container', name } : undefined;
  }
  const named = str(f.values['container']);
  if (named !== undefined) return { kind: 'container', name: named };
  const m = /^(?:container|logs):([^/]+)/.exec(f.subject);
  return m?.[1] !== undefined ? { kind: 'container', name: m[1] } : undefined;
}

const unitKey = (u: Unit): string =>
  u.kind === 'container' ? `container:${u.name}` : u.kind === 'group' ? `group:${u.key}` : `stream:${u.stream}`;

/** A failed call in a log line: what a caller logs when the service it calls is down or misconfigured. */
const FAILED_CALL = new RegExp(
  [
    'refused',
    'bad address',
    'timed? ?out',
    'timeout',
    'unreachable',
    'unavailable',
    'bad gateway',
    'gateway time',
    'no route to host',
    'could not connect',
    'cannot connect',
    'failed to connect',
    'connection (?:reset|error|closed)',
    'name or service not known',
    'could not resolve',
    '\\b5\\d\\d\\b',
  ].join('|'),
  'i',
);

// Container and service names hold '-' and '_': 'orders-api' inside 'orders-api-v2' is another name.
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[a-z0-9_-]/i.test(c);

/** Whether `text` names `needle` as a whole word (a container name inside a longer name does not count). */
function mentions(text: string, needle: string): boolean {
  const hay = text.toLowerCase();
  const n = needle.toLowerCase();
  for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + 1)) {
    if (!isWordChar(hay[at - 1]) && !isWordChar(hay[at + n.length])) return true;
  }
  return false;
}

/** The names a caller's log may use for a container: its name, compose service, network aliases and IPs. */
function namesOf(c: Container | undefined, name: string): string[] {
  const out = new Set<string>([name]);
  if (c?.composeService !== undefined) out.add(c.composeService);
  for (const n of c?.inspect?.networks ?? []) {
    for (const a of n.aliases ?? []) out.add(a);
    if (n.ip !== undefined && n.ip !== '') out.add(n.ip);
  }
  // Short names ('db', 'api') are common words in log lines; only distinctive ones link a caller.
  return [...out].filter((x) => x.length >= 4 && !/^[0-9a-f]{12,64}$/.test(x));
}

/** All text of a finding a caller's failure could be read from: title, and its values' and messages' words. */
const findingText = (f: Finding): string =>
  [f.title, ...Object.values(f.values), ...Object.values(f.data ?? {})]
    .filter((v): v is string => typeof v === 'string')
    .join('\n');

const better = (a: Finding, b: Finding): boolean => {
  const ra = getCauseRank(a.ruleId) ?? Infinity;
  const rb = getCauseRank(b.ruleId) ?? Infinity;
  if (ra !== rb) return ra < rb;
  const pa = priorityIndex(a.priority);
  const pb = priorityIndex(b.priority);
  if (pa !== pb) return pa < pb;
  return a.fingerprint < b.fingerprint;
};

const incidentId = (cause: Finding): string => `incident-${cause.fingerprint.replace(/^v\d+:/, '')}`;

/**
 * Form incidents from one run's findings: pure, deterministic, never drops a finding. Accepted and
 * manual findings are left out of incidents; evidence-quality notes never join one.
 */
export function formIncidents(
  facts: IncidentFacts,
  input: readonly Finding[],
  options: FormIncidentsOptions = {},
): FormIncidentsResult {
  const findings = input.map((f) => ({ ...f, links: [...f.links], values: { ...f.values } }));
  const notes: FormIncidentsResult['notes'] = [];
  const eligible = (f: Finding): boolean =>
    f.source === 'rule' && f.accepted === undefined && SYMPTOM_RULES.has(f.ruleId);

  const units = new Map<string, { unit: Unit; members: Finding[] }>();
  for (const f of findings) {
    if (!eligible(f)) continue;
    const unit = unitOf(facts, f);
    if (unit === undefined) continue;
    const key = unitKey(unit);
    const entry = units.get(key) ?? { unit, members: [] };
    entry.members.push(f);
    units.set(key, entry);
  }

  interface Draft {
    unit: Unit;
    cause: Finding;
    members: Finding[];
    containers: string[];
  }
  const drafts: Draft[] = [];
  const assigned = new Map<string, Draft>();
  for (const { unit, members } of units.values()) {
    let cause: Finding | undefined;
    for (const m of members)
      if (getCauseRank(m.ruleId) !== undefined && (cause === undefined || better(m, cause))) cause = m;
    if (cause === undefined) continue;
    const d: Draft = { unit, cause, members, containers: unit.kind === 'container' ? [unit.name] : [] };
    drafts.push(d);
    for (const m of members) assigned.set(m.fingerprint, d);
  }

  // A caller's incident is a symptom of the incident of the service it fails to call: when a container's own
  // log errors name another container with an incident next to a failed call (pay-authorizer unhealthy,
  // logging "POST http://fraud:9000 failed: bad address" while pay-fraud has exited), the caller's cause and
  // symptoms fold under the callee's cause. Followed to the end of the chain; a cycle is left as it is.
  const byName = new Map(facts.containers.map((c) => [c.name, c]));
  const calls = new Map<Draft, { to: Draft; hit: string; f: Finding }>();
  for (const d of drafts) {
    if (d.unit.kind !== 'container') continue;
    const self = d.unit.name;
    for (const f of d.members) {
      if (!f.ruleId.startsWith('logs/')) continue;
      const text = findingText(f);
      if (!FAILED_CALL.test(text)) continue;
      for (const other of drafts) {
        if (other === d || other.unit.kind !== 'container' || other.unit.name === self) continue;
        const hit = namesOf(byName.get(other.unit.name), other.unit.name).find((n) => mentions(text, n));
        if (hit !== undefined && !calls.has(d)) calls.set(d, { to: other, hit, f });
      }
    }
  }
  const merged = new Set<Draft>();
  for (const d of drafts) {
    const seen = new Set<Draft>([d]);
    let root = calls.get(d)?.to;
    while (root !== undefined && calls.has(root) && !seen.has(calls.get(root)!.to)) {
      seen.add(root);
      root = calls.get(root)!.to;
    }
    if (root === undefined || seen.has(root)) continue;
    const call = calls.get(d)!;
    root.members.push(...d.members);
    for (const c of d.containers) if (!root.containers.includes(c)) root.containers.push(c);
    for (const m of d.members) assigned.set(m.fingerprint, root);
    merged.add(d);
    const target = root.unit.kind === 'container' ? root.unit.name : '';
    notes.push({
      ruleId: d.cause.ruleId,
      note:
        `${d.cause.subject}: its log (${call.f.ruleId}) names ${target} ('${call.hit}') in failed calls; ` +
        `folded under ${target}'s incident`,
    });
  }
  for (let i = drafts.length - 1; i >= 0; i--) if (merged.has(drafts[i]!)) drafts.splice(i, 1);

  // Log errors elsewhere that point at an incident: another container's errors naming this container next to
  // a failed call (its callers), or any container's errors naming the stream of an ownerless group or a
  // dead-letter stream ('moved to DLQ orders.dlq'). A log finding whose own container has an incident stays there.
  const urgent = (x: Draft, y: Draft) => priorityIndex(x.cause.priority) - priorityIndex(y.cause.priority);
  const byUrgency = [...drafts].sort((x, y) => urgent(x, y) || (x.cause.fingerprint < y.cause.fingerprint ? -1 : 1));
  for (const f of findings) {
    if (!eligible(f) || !f.ruleId.startsWith('logs/') || assigned.has(f.fingerprint)) continue;
    const text = findingText(f);
    const failedCall = FAILED_CALL.test(text);
    const own = unitOf(facts, f);
    for (const d of byUrgency) {
      let hit: string | undefined;
      let why = '';
      if (d.unit.kind === 'container') {
        const target = d.unit.name;
        if (!failedCall || (own?.kind === 'container' && own.name === target)) continue;
        hit = namesOf(byName.get(target), target).find((n) => mentions(text, n));
        why = `names ${target} ('${hit ?? ''}') in a failed call`;
      } else if (d.unit.stream.length >= 4 && mentions(text, d.unit.stream)) {
        hit = d.unit.stream;
        why = `names the stream ${hit}`;
      } else {
        // The stream's own finding cites lines of this log ('moved to DLQ …'): the same failures, seen twice.
        const logFiles = new Set(f.evidence.map((e) => e.file));
        const cited = d.members.find(
          (m) => m.ruleId.startsWith('stream/') && m.evidence.some((e) => logFiles.has(e.file)),
        );
        if (cited !== undefined) {
          hit = d.unit.stream;
          why = `its lines are cited by ${cited.ruleId} on ${d.unit.stream}`;
        }
      }
      if (hit === undefined) continue;
      d.members.push(f);
      assigned.set(f.fingerprint, d);
      if (own?.kind === 'container' && !d.containers.includes(own.name)) d.containers.push(own.name);
      notes.push({ ruleId: f.ruleId, note: `${f.subject}: ${why}; a symptom of its incident` });
      break;
    }
  }

  // A finding a rule already said is caused by an incident's member belongs to that incident.
  for (let changed = true; changed;) {
    changed = false;
    for (const f of findings) {
      if (!eligible(f) || assigned.has(f.fingerprint)) continue;
      const via = f.links.find((l) => l.type === 'caused-by' && assigned.has(l.fingerprint));
      const d = via !== undefined ? assigned.get(via.fingerprint) : undefined;
      if (d === undefined) continue;
      d.members.push(f);
      assigned.set(f.fingerprint, d);
      changed = true;
    }
  }

  const incidents: Incident[] = [];
  for (const d of drafts) {
    const id = incidentId(d.cause);
    const symptoms = d.members.filter((m) => m !== d.cause);
    const top = symptoms.reduce<Finding | undefined>(
      (best, m) => (best === undefined || priorityIndex(m.priority) < priorityIndex(best.priority) ? m : best),
      undefined,
    );
    let priority: Priority = d.cause.priority;
    const impact = flowImpact(facts, d, symptoms, findings, options.sideFlowWords ?? SIDE_FLOW_WORDS);
    if (impact !== undefined && impact.priority !== priority && !options.fixedPriority?.has(d.cause.ruleId)) {
      // Graded by who is affected: business work waiting on a failed owner is P0; only side flows, P2 at most.
      notes.push({ ruleId: d.cause.ruleId, note: `${d.cause.subject}: ${impact.priority}, ${impact.why}` });
      appendExplanation(d.cause, impact.sentence);
      d.cause.values['raisedFrom'] ??= d.cause.priority;
      d.cause.priority = impact.priority;
      priority = impact.priority;
    }
    if (impact === undefined && top !== undefined && priorityIndex(top.priority) < priorityIndex(priority)) {
      priority = top.priority;
      // The cause is what to fix to end the incident: it carries the incident's priority.
      if (!options.fixedPriority?.has(d.cause.ruleId)) {
        notes.push({
          ruleId: d.cause.ruleId,
          note:
            `${d.cause.subject}: raised from ${d.cause.priority} to ${priority}, the cause of ` +
            `${symptoms.length} finding(s), the most urgent '${top.ruleId}'`,
        });
        appendExplanation(
          d.cause,
          incidentSentence('raisedAsCause', {
            from: d.cause.priority,
            to: priority,
            count: symptoms.length,
            top: top.title,
          }),
        );
        d.cause.values['raisedFrom'] = d.cause.priority;
        d.cause.priority = priority;
      }
    }
    d.cause.incident = id;
    for (const s of symptoms) {
      s.incident = id;
      s.links = [
        { type: 'caused-by', fingerprint: d.cause.fingerprint },
        ...s.links.filter((l) => !(l.fingerprint === d.cause.fingerprint && l.type !== 'blocked-by')),
      ];
    }
    for (const m of d.members) {
      const u = unitOf(facts, m);
      if (u?.kind === 'container' && !d.containers.includes(u.name)) d.containers.push(u.name);
    }
    const kind = getCauseKind(d.cause.ruleId);
    const where = d.unit.kind === 'container' ? d.unit.name : d.unit.kind === 'group' ? d.unit.label : d.unit.stream;
    incidents.push({
      id,
      title: `${where}: ${kind?.label ?? d.cause.ruleId}`,
      priority,
      cause: d.cause.fingerprint,
      symptoms: orderFindings(symptoms).map((s) => s.fingerprint),
      containers: d.containers,
    });
  }

  const ordered = orderIncidents(incidents, findings);
  return { findings: orderFindings(findings, ordered), incidents: ordered, notes };
}
