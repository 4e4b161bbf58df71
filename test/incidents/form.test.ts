// Issue 11 item 3: incidents, not symptom lists. Findings are built as the rules report them (subjects,
// values and evidence shaped like the rules' own), so formation is tested on its contract.
import { describe, expect, it } from 'vitest';
import type { Finding, Priority } from '../../src/core/model/finding.ts';
import type { RedisStream } from '../../src/core/model/redis.ts';
import { formIncidents } from '../../src/core/incidents/form.ts';
import { getBacklog } from '../../src/core/incidents/backlog.ts';
import { applyIncidents, mergeSameFingerprint } from '../../src/core/incidents/apply.ts';
import { fingerprint } from '../../src/core/rules/fingerprint.ts';
import { makeAudit, makeContainer, makeInspect } from '../helpers/audit-builder.ts';

function finding(
  ruleId: string,
  subject: string,
  priority: Priority,
  values: Finding['values'] = {},
  parts: Partial<Finding> = {},
): Finding {
  const category = ruleId.startsWith('stream/')
    ? 'data-flow'
    : ruleId.startsWith('logs/')
      ? 'observability'
      : ruleId.startsWith('evidence/')
        ? 'evidence'
        : ruleId === 'container/published-all-interfaces'
          ? 'security'
          : 'availability';
  return {
    ruleId,
    priority,
    category,
    title: `${ruleId} on ${subject}`,
    explanation: 'Why.',
    fix: 'Fix.',
    subject,
    fingerprint: fingerprint(ruleId, subject),
    values,
    evidence: [{ file: 'raw/x.txt', startLine: 1, endLine: 1 }],
    links: [],
    source: 'rule',
    ...parts,
  };
}

const group = (stream: string, name: string, owner?: string): RedisStream => ({
  key: stream,
  groups: [
    {
      name,
      consumers: 1,
      pending: 3,
      lastDeliveredId: '0-0',
      entriesRead: 1,
      lag: 500,
      evidence: { file: 'raw/xinfo_groups.txt', startLine: 1, endLine: 12 },
      ...(owner
        ? { owner: { container: owner, via: 'environment', detail: `CONSUMER_GROUP=${name}`, evidence: [] } }
        : {}),
    },
  ],
  samples: [],
  evidence: [],
});

const facts = (streams: RedisStream[] = [], names = ['orders-worker', 'orders-api', 'checkout']) =>
  makeAudit({
    containers: names.map((n) =>
      makeContainer(n, {
        inspect: makeInspect(n, { networks: [{ name: 'shop', ip: `172.20.0.${names.indexOf(n) + 2}`, aliases: [] }] }),
      }),
    ),
    redis: { stats: {}, info: [], clients: [], streams, unkeyedLengths: [], evidence: [] },
  });

describe('formIncidents', () => {
  it('names the cause by the declared order of cause kinds, not by input (rule) order', () => {
    const members = [
      finding('container/unhealthy', 'container:orders-worker', 'P1', { container: 'orders-worker' }),
      finding('logs/error-rate', 'logs:orders-worker', 'P2', { container: 'orders-worker' }),
      finding('container/high-restart-count', 'container:orders-worker', 'P2', { container: 'orders-worker' }),
      finding('container/service-url-mismatch', 'container:orders-worker', 'P2', { container: 'orders-worker' }),
    ];
    for (const input of [members, [...members].reverse()]) {
      const { incidents, findings } = formIncidents(facts(), input);
      expect(incidents).toHaveLength(1);
      const inc = incidents[0]!;
      const cause = findings.find((f) => f.fingerprint === inc.cause)!;
      expect(cause.ruleId).toBe('container/service-url-mismatch');
      expect(inc.title).toBe('orders-worker: misconfiguration');
      expect(inc.symptoms).toHaveLength(3);
      expect(inc.containers).toEqual(['orders-worker']);
      // The incident's priority is the highest of its members, and the cause carries it.
      expect(inc.priority).toBe('P1');
      expect(cause.priority).toBe('P1');
      expect(cause.values['raisedFrom']).toBe('P2');
      for (const s of findings.filter((f) => inc.symptoms.includes(f.fingerprint))) {
        expect(s.incident).toBe(inc.id);
        expect(s.links[0]).toEqual({ type: 'caused-by', fingerprint: inc.cause });
      }
      expect(cause.incident).toBe(inc.id);
    }
  });

  it(
    "folds the lag on every stream the owner consumes under the owner's " +
      "cause (values.owner, else the model's owner)",
    () => {
      const audit = facts([group('orders:created', 'fulfil', 'orders-worker'), group('refunds', 'refund')]);
      const { incidents, findings } = formIncidents(audit, [
        finding('container/oom-killed', 'container:orders-worker', 'P1', { container: 'orders-worker' }),
        // The judge's contract: stream findings name the owner container in values.owner.
        finding('stream/consumer-group-lag', 'stream:refunds/group:refund', 'P0', {
          stream: 'refunds',
          group: 'refund',
          owner: 'orders-worker',
        }),
        // No values.owner: the model's group owner is the fallback.
        finding('stream/pending-entries', 'stream:orders:created/group:fulfil', 'P2', {
          stream: 'orders:created',
          group: 'fulfil',
        }),
      ]);
      expect(incidents).toHaveLength(1);
      const cause = findings.find((f) => f.fingerprint === incidents[0]!.cause)!;
      expect(cause.ruleId).toBe('container/oom-killed');
      expect(cause.priority).toBe('P0');
      expect(incidents[0]!.priority).toBe('P0');
      expect(incidents[0]!.symptoms).toHaveLength(2);
    },
  );

  it('makes stream lag the cause only when no owner is known, with its pending entries folded under it', () => {
    const { incidents, findings } = formIncidents(facts([group('jobs', 'workers')]), [
      finding('stream/pending-entries', 'stream:jobs/group:workers', 'P2', { stream: 'jobs', group: 'workers' }),
      finding('stream/consumer-group-lag', 'stream:jobs/group:workers', 'P0', { stream: 'jobs', group: 'workers' }),
    ]);
    expect(incidents).toHaveLength(1);
    expect(findings.find((f) => f.fingerprint === incidents[0]!.cause)?.ruleId).toBe('stream/consumer-group-lag');
    expect(incidents[0]!.title).toBe('jobs → workers: stream not consumed');
    expect(incidents[0]!.containers).toEqual([]);
  });

  it(
    "links callers' failed calls that name the container (name, alias " + 'or IP), and nothing that merely mentions it',
    () => {
      const { incidents, findings, notes } = formIncidents(facts(), [
        finding('container/exited-nonzero', 'container:orders-api', 'P1', { container: 'orders-api' }),
        finding('logs/repeated-errors', 'logs:checkout', 'P2', {
          container: 'checkout',
          template1: 'POST http://orders-api:8080/orders failed: connection refused',
        }),
        // Mentions the name, but no failed call.
        finding('logs/repeated-errors', 'logs:orders-worker', 'P3', {
          container: 'orders-worker',
          template1: 'config loaded from orders-api settings',
        }),
      ]);
      const inc = incidents[0]!;
      const symptoms = findings.filter((f) => inc.symptoms.includes(f.fingerprint)).map((f) => f.subject);
      expect(symptoms).toEqual(['logs:checkout']);
      expect(inc.containers).toEqual(['orders-api', 'checkout']);
      expect(notes.some((n) => n.note.includes("names orders-api ('orders-api') in a failed call"))).toBe(true);
      // A name inside a longer word is not a mention.
      const longer = formIncidents(facts(), [
        finding('container/exited-nonzero', 'container:orders-api', 'P1', { container: 'orders-api' }),
        finding('logs/error-rate', 'logs:checkout', 'P2', {
          container: 'checkout',
          example: 'GET http://orders-api-v2:8080 timed out',
        }),
      ]);
      expect(longer.incidents[0]!.symptoms).toEqual([]);
    },
  );

  it("folds a caller's own incident under the incident of the service it fails to call (by network alias)", () => {
    const audit = facts();
    const api = audit.containers.find((c) => c.name === 'orders-api')!;
    api.inspect!.networks = [{ name: 'shop', ip: '172.20.0.3', aliases: ['orders', 'a1b2c3d4e5f6'] }];
    const { incidents, findings, notes } = formIncidents(audit, [
      finding('container/unhealthy', 'container:orders-worker', 'P1', { container: 'orders-worker' }),
      finding('logs/error-rate', 'logs:orders-worker', 'P2', {
        container: 'orders-worker',
        examples: "POST http://orders:9000/v1/score failed: wget: bad address 'orders:9000'",
      }),
      finding('stream/consumer-group-lag', 'stream:jobs/group:w', 'P0', {
        stream: 'jobs',
        group: 'w',
        owner: 'orders-worker',
      }),
      finding('container/exited-nonzero', 'container:orders-api', 'P1', { container: 'orders-api' }),
    ]);
    expect(incidents).toHaveLength(1);
    const inc = incidents[0]!;
    expect(findings.find((f) => f.fingerprint === inc.cause)?.subject).toBe('container:orders-api');
    expect(inc.symptoms).toHaveLength(3);
    expect(inc.containers).toEqual(['orders-api', 'orders-worker']);
    expect(inc.priority).toBe('P0');
    expect(notes.some((n) => n.note.includes("names orders-api ('orders') in failed calls"))).toBe(true);
  });

  it('folds log errors naming an ownerless dead-letter stream under its finding', () => {
    const { incidents, findings } = formIncidents(facts(), [
      finding('stream/dead-letter', 'stream:renditions.dlq', 'P2', { stream: 'renditions.dlq' }),
      finding('logs/repeated-errors', 'logs:publisher', 'P3', {
        container: 'publisher',
        template1: 'rendition <n> failed 3 times, moved to DLQ renditions.dlq',
      }),
    ]);
    expect(incidents).toHaveLength(1);
    expect(findings.find((f) => f.fingerprint === incidents[0]!.cause)?.ruleId).toBe('stream/dead-letter');
    expect(incidents[0]!.symptoms).toHaveLength(1);
    expect(incidents[0]!.containers).toEqual(['publisher']);
  });

  it('never folds security or hygiene findings, accepted or manual findings; keeps a configured priority', () => {
    const { incidents, findings } = formIncidents(
      facts(),
      [
        finding('container/paused', 'container:orders-worker', 'P2', { container: 'orders-worker' }),
        finding('container/published-all-interfaces', 'container:orders-worker', 'P0', { container: 'orders-worker' }),
        finding('container/no-memory-limit', 'container:orders-worker', 'P2', { container: 'orders-worker' }),
        finding(
          'logs/error-rate',
          'logs:orders-worker',
          'P1',
          { container: 'orders-worker' },
          { accepted: { reason: 'known' } },
        ),
        finding('manual', 'container:orders-worker', 'P0', {}, { source: 'manual' }),
        finding('stream/consumer-group-lag', 'stream:a/group:b', 'P1', {
          stream: 'a',
          group: 'b',
          owner: 'orders-worker',
        }),
      ],
      { fixedPriority: new Set(['container/paused']) },
    );
    expect(incidents).toHaveLength(1);
    const inc = incidents[0]!;
    expect(findings.filter((f) => inc.symptoms.includes(f.fingerprint)).map((f) => f.ruleId)).toEqual([
      'stream/consumer-group-lag',
    ]);
    expect(inc.priority).toBe('P1');
    // The configuration fixed container/paused's priority: the cause keeps it.
    expect(findings.find((f) => f.fingerprint === inc.cause)?.priority).toBe('P2');
    expect(findings.filter((f) => f.incident !== undefined)).toHaveLength(2);
  });

  it('keeps every finding, and is deterministic', () => {
    const input = [
      finding('container/restarting', 'container:checkout', 'P1', { container: 'checkout' }),
      finding('logs/stack-traces', 'logs:checkout', 'P2', { container: 'checkout' }),
      finding('host/disk-usage', 'mount:/', 'P3'),
    ];
    const a = formIncidents(facts(), input);
    const b = formIncidents(facts(), [...input].reverse());
    expect(a.findings).toHaveLength(3);
    expect(a).toEqual(b);
    // The input is not modified.
    expect(input.every((f) => f.incident === undefined && f.links.length === 0)).toBe(true);
  });
});

describe('getBacklog', () => {
  it('shows incidents first within a priority, symptoms folded, evidence notes apart', () => {
    const formed = formIncidents(facts(), [
      finding('container/published-all-interfaces', 'container:redis', 'P0', { container: 'redis' }),
      finding('container/oom-killed', 'container:orders-worker', 'P2', { container: 'orders-worker' }),
      finding('stream/consumer-group-lag', 'stream:a/group:b', 'P0', {
        stream: 'a',
        group: 'b',
        owner: 'orders-worker',
      }),
      finding('evidence/empty-capture', 'file:raw/slowlog.txt', 'P3'),
      finding('host/no-swap', 'host', 'P3'),
    ]);
    const backlog = getBacklog({ findings: formed.findings, incidents: formed.incidents });
    expect(backlog.items.map((i) => [i.priority, i.finding.ruleId, i.symptoms.map((s) => s.ruleId)])).toEqual([
      ['P0', 'container/oom-killed', ['stream/consumer-group-lag']],
      ['P0', 'container/published-all-interfaces', []],
      ['P3', 'host/no-swap', []],
    ]);
    expect(backlog.notes.map((f) => f.ruleId)).toEqual(['evidence/empty-capture']);
    expect(backlog.counts).toEqual({ P0: 3, P1: 0, P2: 0, P3: 1 });
    expect(backlog.total).toBe(4);
  });
});

describe('mergeSameFingerprint', () => {
  it('merges findings with one fingerprint into the first, keeping both citations and links', () => {
    const a = finding('manual', 'manual:no-git', 'P2', {}, { source: 'manual' });
    const b = {
      ...a,
      evidence: [{ file: 'raw/y.txt', startLine: 3, endLine: 3 }],
      links: [{ type: 'related' as const, fingerprint: 'v1:0' }],
    };
    const { findings, merged } = mergeSameFingerprint([a, finding('host/no-swap', 'host', 'P3'), b]);
    expect(findings).toHaveLength(2);
    expect(merged).toEqual([b]);
    expect(findings[0]!.evidence).toEqual([...a.evidence, ...b.evidence]);
    expect(findings[0]!.links).toEqual(b.links);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
  });
});

describe('incidents graded by the flows they stop', () => {
  const lag = (stream: string, name: string, consumption: string, priority: Priority = 'P1') =>
    finding('stream/consumer-group-lag', `stream:${stream}/group:${name}`, priority, {
      stream,
      group: name,
      owner: 'orders-worker',
      consumption,
    });
  const cause = (ruleId: string, priority: Priority) =>
    finding(ruleId, 'container:orders-worker', priority, { container: 'orders-worker' });
  const top = (r: ReturnType<typeof formIncidents>) => r.findings.find((f) => f.fingerprint === r.incidents[0]?.cause);

  it('a failed owner with business work waiting is P0; only side flows waiting, P2 at most', () => {
    const audit = facts([
      group('orders:created', 'fulfil', 'orders-worker'),
      group('crm:contacts', 'crm-sync', 'orders-worker'),
    ]);
    const business = formIncidents(audit, [
      cause('container/exited-nonzero', 'P1'),
      lag('orders:created', 'fulfil', 'stopped'),
    ]);
    expect([business.incidents[0]?.priority, top(business)?.priority]).toEqual(['P0', 'P0']);
    expect(top(business)?.explanation).toMatch(/P0: business work on orders:created waits on orders-worker/);
    const side = formIncidents(audit, [
      cause('container/exited-nonzero', 'P1'),
      lag('crm:contacts', 'crm-sync', 'stopped', 'P2'),
    ]);
    expect([side.incidents[0]?.priority, top(side)?.priority]).toEqual(['P2', 'P2']);
  });

  it('an owner that is only unhealthy and still consuming is not raised to P0 for its lag', () => {
    const audit = facts([group('orders:created', 'fulfil', 'orders-worker')]);
    const consuming = formIncidents(audit, [
      cause('container/unhealthy', 'P1'),
      lag('orders:created', 'fulfil', 'consuming'),
    ]);
    expect(consuming.incidents[0]?.priority).toBe('P1');
    const stopped = formIncidents(audit, [
      cause('container/unhealthy', 'P1'),
      lag('orders:created', 'fulfil', 'stopped'),
    ]);
    expect(stopped.incidents[0]?.priority).toBe('P0');
  });

  it('judges a flow no rule judged by the side-flow words the lag rule ran with, not only its defaults', () => {
    const audit = facts([group('crm:contacts', 'crm-sync', 'orders-worker')]);
    const findings = [cause('container/exited-nonzero', 'P1'), lag('crm:contacts', 'crm-sync', 'stopped', 'P2')];
    // 'crm' is a default side-flow word; configured words without it make the same wait business work.
    expect(formIncidents(audit, findings).incidents[0]?.priority).toBe('P2');
    expect(formIncidents(audit, findings, { sideFlowWords: ['analytics'] }).incidents[0]?.priority).toBe('P0');
    // The run hands formation the options the lag rule resolved.
    const ran = (sideFlowWords: string[]) => {
      applyIncidents(audit, findings, [
        { ruleId: 'stream/consumer-group-lag', status: 'pass', inputs: [], options: { sideFlowWords } },
      ]);
      return audit.incidents?.[0]?.priority;
    };
    expect([ran(['crm']), ran(['analytics'])]).toEqual(['P2', 'P0']);
  });
});
