import type { Container } from '../../model/container.ts';
import type { EvidenceRef } from '../../model/evidence.ts';
import type { LogSummary } from '../../model/logs.ts';
import { defineRule } from '../define-rule.ts';
import { datastoreKind, logOf } from './container-support.ts';
import { containerPorts, envRef, resolveHost, serviceTargets, type ServiceTarget } from './service-env.ts';

/** Log lines that say a connection attempt failed. */
const REFUSED = new RegExp(
  [
    'connection refused',
    'econnrefused',
    "can'?t connect",
    'could not connect',
    'cannot connect',
    'failed to connect',
    'connection reset',
    'no route to host',
    'name or service not known',
    'temporary failure in name resolution',
    'getaddrinfo',
    'enotfound',
    'nodename nor servname',
  ].join('|'),
  'i',
);

/** Words in a variable name that say which kind of datastore it points at. */
const KIND_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/REDIS|VALKEY|CACHE/i, 'Redis'],
  [/POSTGRES|PG_|DATABASE|DB_/i, 'PostgreSQL'],
  [/MYSQL|MARIADB/i, 'MySQL'],
  [/MONGO/i, 'MongoDB'],
  [/RABBIT|AMQP/i, 'RabbitMQ'],
  [/KAFKA/i, 'Kafka'],
];

/** Where another container serves what a loopback URL asks for: the container, and how we know. */
interface Elsewhere {
  container: string;
  how: string;
}

/**
 * A service variable pointing at localhost while the service runs in another container, or away from every sibling's.
 */
export const containerServiceUrlMismatch = defineRule({
  id: 'container/service-url-mismatch',
  title: 'Service URL points where the service is not',
  priority: 'P1',
  category: 'availability',
  description:
    'Reports service variables (*_URL, *_HOST, *_ADDR, redis://, http://…) that point at localhost inside a ' +
    'container while another container serves that service, or that differ from the value every sibling ' +
    "container uses for the same variable; cites connection failures in the container's own log.",
  fix:
    'Point the variable at the service name on the shared network (the value its siblings use), redeploy the ' +
    'container, and check its log for a successful connection.',
  messages: {
    loopback: '{{container}} has {{variable}}={{value}}: localhost inside the container, but {{elsewhere}} serves it',
    differs: '{{container}} has {{variable}}={{value}} while every other container uses {{siblingValue}}',
    loopbackWhy: [
      'Inside a container, {{host}} is the container itself, not the host or the other containers, and nothing in',
      '{{container}} listens on port {{port}}: {{how}}.',
    ],
    differsWhy: [
      '{{siblings}} set {{variable}} to {{siblingValue}} ({{siblingTarget}}); this one points at {{target}}, so',
      'it talks to another server than the rest of the system, or to none.',
    ],
    refused:
      'Its own log shows the consequence: {{refusedCount}} failed connection line(s), e.g. "{{refusedExample}}".',
    noLog: [
      'Its log does not show connection failures (the app may retry quietly, or the capture missed them):',
      'confirm from inside it.',
    ],
  },
  requires: ['inspect'],
  uses: ['logs'],
  defaults: {},
  evaluate(ctx) {
    const containers = ctx.facts.inspect;
    const logs = ctx.facts.logs ?? [];
    const targets = new Map(containers.map((c) => [c.name, serviceTargets(c)]));
    for (const c of containers) {
      if (c.inspect === undefined) continue;
      // With host networking localhost is the host, where the service may well run.
      if (c.inspect.networks.some((n) => n.name === 'host')) continue;
      for (const t of targets.get(c.name) ?? []) {
        const siblings = containers.flatMap((o) =>
          o === c ? [] : (targets.get(o.name) ?? []).filter((x) => x.env.name === t.env.name).map((x) => ({ o, x })),
        );
        const log = refusedLines(logOf(logs, c));
        const common = {
          container: c.name,
          variable: t.env.name,
          value: t.env.value,
          refusedCount: log.count,
          refusedExample: log.example,
        };
        if (t.loopback) {
          const elsewhere = servedElsewhere(c, t, containers, siblings);
          ctx.note(
            `${c.name}: ${t.env.name} → ${t.host} (loopback); served elsewhere: ${elsewhere?.container ?? 'no'}`,
          );
          if (elsewhere === undefined) continue;
          ctx.report({
            subject: `container:${c.name}/env:${t.env.name}`,
            messageId: 'loopback',
            explain: ['loopbackWhy', log.count > 0 ? 'refused' : 'noLog'],
            data: {
              ...common,
              host: t.host,
              port: t.port ?? 'its port',
              elsewhere: elsewhere.container,
              how: elsewhere.how,
            },
            observed: t.env.value,
            threshold: `a host ${c.name} can reach (${elsewhere.container})`,
            values: {
              container: c.name,
              variable: t.env.name,
              host: t.host,
              servedBy: elsewhere.container,
              refusedLines: log.count,
            },
            evidence: [...envRef(c, t.index), ...log.evidence],
          });
          continue;
        }
        const agreeing = siblings.filter((s) => !s.x.loopback);
        const keys = new Set(agreeing.map((s) => targetKey(s.x, containers)));
        const mine = targetKey(t, containers);
        const [only] = [...keys];
        ctx.note(`${c.name}: ${t.env.name} → ${mine}; siblings ${agreeing.length} → ${[...keys].join(', ') || 'none'}`);
        if (agreeing.length < 2 || keys.size !== 1 || only === undefined || only === mine) continue;
        const first = agreeing[0];
        if (first === undefined) continue;
        ctx.report({
          subject: `container:${c.name}/env:${t.env.name}`,
          messageId: 'differs',
          explain: ['differsWhy', log.count > 0 ? 'refused' : 'noLog'],
          data: {
            ...common,
            siblingValue: first.x.env.value,
            siblings: agreeing.map((s) => s.o.name).join(', '),
            siblingTarget: describeKey(only),
            target: describeKey(mine),
          },
          ...(log.count === 0 ? { priority: 'P2' as const } : {}),
          observed: t.env.value,
          threshold: first.x.env.value,
          values: {
            container: c.name,
            variable: t.env.name,
            host: t.host,
            siblingHost: first.x.host,
            siblings: agreeing.length,
            refusedLines: log.count,
          },
          evidence: [...envRef(c, t.index), ...envRef(first.o, first.x.index), ...log.evidence],
        });
      }
    }
  },
});

/** Another container that serves what a loopback URL of `c` asks for, or undefined. */
function servedElsewhere(
  c: Container,
  t: ServiceTarget,
  containers: readonly Container[],
  siblings: ReadonlyArray<{ o: Container; x: ServiceTarget }>,
): Elsewhere | undefined {
  // If the container itself listens on that port, localhost may be right (a sidecar-less single process).
  if (t.port !== undefined && containerPorts(c).has(t.port)) return undefined;
  // A running sibling is the better witness than one that never started.
  const ordered = [...siblings].sort((a, b) => Number(b.o.state === 'running') - Number(a.o.state === 'running'));
  for (const s of ordered) {
    if (s.x.loopback) continue;
    const target = resolveHost(s.x.host, containers);
    if (target !== undefined && target !== c)
      return { container: target.name, how: `${s.o.name} reaches it as ${s.x.env.name}=${s.x.env.value}` };
  }
  if (t.port !== undefined) {
    const port = t.port;
    const server = containers.find((o) => o !== c && containerPorts(o).has(port));
    if (server !== undefined) return { container: server.name, how: `${server.name} exposes port ${port}` };
  }
  const kind = KIND_WORDS.find(([re]) => re.test(t.env.name) || re.test(t.scheme ?? ''))?.[1];
  if (kind !== undefined) {
    const server = containers.find((o) => o !== c && datastoreKind(o) === kind);
    if (server !== undefined) return { container: server.name, how: `${server.name} runs ${kind}` };
  }
  return undefined;
}

/** What a target means for comparison: the container it resolves to, else its host and port. */
function targetKey(t: ServiceTarget, containers: readonly Container[]): string {
  const target = resolveHost(t.host, containers);
  return target !== undefined ? `container:${target.name}` : `host:${t.host}:${t.port ?? ''}`;
}

function describeKey(key: string): string {
  if (key.startsWith('container:')) return `container ${key.slice('container:'.length)}`;
  const [, host = ''] = key.split(':');
  return `${host}, which no audited container answers to`;
}

/** Connection failures in a container's log summary: count, one example, and where they are. */
function refusedLines(log: LogSummary | undefined): { count: number; example: string; evidence: EvidenceRef[] } {
  if (log === undefined) return { count: 0, example: '', evidence: [] };
  const hits = [
    ...log.repeated
      .filter((r) => REFUSED.test(r.template) || REFUSED.test(r.example))
      .map((r) => ({ n: r.count, text: r.example, ref: r.evidence })),
    ...log.errors.filter((e) => REFUSED.test(e.message)).map((e) => ({ n: 1, text: e.message, ref: e.evidence })),
  ];
  // A repeated template and its error lines may describe the same lines: count the templates when there are any.
  const repeated = hits.filter((h) => h.n > 1);
  const counted = repeated.length > 0 ? repeated : hits;
  const first = counted[0];
  return {
    count: counted.reduce((n, h) => n + h.n, 0),
    example: first?.text.slice(0, 160) ?? '',
    evidence: counted.slice(0, 3).map((h) => h.ref),
  };
}
