import type {
  Container,
  ContainerHealth,
  ContainerInspect,
  ContainerState,
  PortBinding,
} from '../../model/container.ts';
import type { EvidenceRef } from '../../model/evidence.ts';
import { QUOTE_CHARS, type Quote } from '../../model/finding.ts';
import type { LogSummary } from '../../model/logs.ts';
import { clip } from '../../text/chars.ts';

// Shared lookups for the container rules. Not a rule itself: nothing here reports.

const EDGE_PROXY = /(^|[^a-z])(nginx|traefik|haproxy|caddy|envoy)([^a-z]|$)/i;

/** Datastores that must never face the network without a firewall, by default port. */
export const DATASTORE_PORTS: Readonly<Record<number, string>> = {
  6379: 'Redis',
  5432: 'PostgreSQL',
  3306: 'MySQL',
  27017: 'MongoDB',
  9200: 'Elasticsearch',
  11211: 'Memcached',
  5672: 'RabbitMQ',
  9092: 'Kafka',
};

const DATASTORE_IMAGES: ReadonlyArray<[RegExp, string]> = [
  [/(^|[/_-])redis|valkey|keydb/i, 'Redis'],
  [/(^|[/_-])postgres|postgis|timescale/i, 'PostgreSQL'],
  [/(^|[/_-])(mysql|mariadb|percona)/i, 'MySQL'],
  [/(^|[/_-])mongo/i, 'MongoDB'],
  [/(^|[/_-])(elasticsearch|opensearch)/i, 'Elasticsearch'],
  [/(^|[/_-])memcached/i, 'Memcached'],
  [/(^|[/_-])rabbitmq/i, 'RabbitMQ'],
  [/(^|[/_-])(kafka|redpanda)/i, 'Kafka'],
];

/** Image reference from ps, else from inspect. */
export function imageOf(c: Container): string {
  return c.image ?? c.inspect?.image ?? '';
}

/** Whether the container looks like the edge / reverse proxy users reach the system through. */
export function isEdgeProxy(c: Container): boolean {
  return EDGE_PROXY.test(c.name) || EDGE_PROXY.test(imageOf(c));
}

/** Ports actually published on the host (ps first; inspect when ps had no PORTS column). */
export function publishedPorts(c: Container): PortBinding[] {
  const ports = c.ports.length > 0 ? c.ports : (c.inspect?.ports ?? []);
  return ports.filter((p) => p.hostPort !== undefined);
}

/** hostIp meaning "every interface": 0.0.0.0, ::, or empty (Docker's PortBindings default). */
export function isAllInterfaces(hostIp: string | undefined): boolean {
  const ip = (hostIp ?? '').replace(/^\[|\]$/g, '');
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}

/** The datastore a container (or one of its ports) is, by image first, then by port. */
export function datastoreKind(c: Container, port?: PortBinding): string | undefined {
  const image = imageOf(c);
  for (const [re, kind] of DATASTORE_IMAGES) if (re.test(image)) return kind;
  if (port !== undefined)
    return (
      DATASTORE_PORTS[port.containerPort] ?? (port.hostPort !== undefined ? DATASTORE_PORTS[port.hostPort] : undefined)
    );
  for (const p of publishedPorts(c)) {
    const kind = DATASTORE_PORTS[p.containerPort];
    if (kind !== undefined) return kind;
  }
  return undefined;
}

/** Narrow an inspect record's evidence to one field by extending its JSON pointer. */
export function inspectField(inspect: ContainerInspect, path: string): EvidenceRef {
  return { ...inspect.evidence, pointer: `${inspect.evidence.pointer ?? ''}${path}` };
}

/** How long a running container has been up, and how we know. */
export interface Uptime {
  seconds: number;
  source: 'inspect' | 'ps';
  evidence: EvidenceRef;
}

/**
 * Uptime from inspect StartedAt against the capture time (exact) when both are known, else from the
 * ps STATUS 'Up 26 minutes' (Docker rounds: '2 hours' covers 1.5–2.5 h).
 */
export function containerUptime(c: Container, capturedAt: string | undefined): Uptime | undefined {
  if (c.state !== 'running') return undefined;
  const started = c.inspect?.startedAt !== undefined ? Date.parse(c.inspect.startedAt) : Number.NaN;
  const captured = capturedAt !== undefined ? Date.parse(capturedAt) : Number.NaN;
  if (c.inspect !== undefined && Number.isFinite(started) && Number.isFinite(captured) && captured >= started) {
    return {
      seconds: (captured - started) / 1000,
      source: 'inspect',
      evidence: inspectField(c.inspect, '/State/StartedAt'),
    };
  }
  const ref = c.evidence[0];
  if (c.statusAgeSeconds !== undefined && ref !== undefined)
    return { seconds: c.statusAgeSeconds, source: 'ps', evidence: ref };
  return undefined;
}

/** Evidence for a container: its ps row(s), else its inspect record. */
export function containerRefs(c: Container): EvidenceRef[] {
  if (c.evidence.length > 0) return [...c.evidence];
  return c.inspect !== undefined ? [c.inspect.evidence] : [];
}

/** Evidence for a container's ports: ps rows, and inspect narrowed to NetworkSettings.Ports. */
export function portRefs(c: Container): EvidenceRef[] {
  return c.evidence.map((e) => (e.pointer !== undefined ? { ...e, pointer: `${e.pointer}/NetworkSettings/Ports` } : e));
}

/** Subject of a container's finding: 'container:<name>'. */
export const containerSubject = (c: Container): string => `container:${c.name}`;

/** The containers that were inspected, each with its inspect record: rules on inspect facts skip the others. */
export function eachInspected(containers: readonly Container[]): Array<{ c: Container; inspect: ContainerInspect }> {
  return containers.flatMap((c) => (c.inspect !== undefined ? [{ c, inspect: c.inspect }] : []));
}

/** A container's evidence (its ps rows, else its inspect record), then the given fields of its inspect record. */
export function inspectRefs(c: Container, inspect: ContainerInspect | undefined, ...paths: string[]): EvidenceRef[] {
  return [...containerRefs(c), ...(inspect !== undefined ? paths.map((p) => inspectField(inspect, p)) : [])];
}

/** State as ps printed it, or inspect's when ps could not say ('unknown'). */
export function containerState(c: Container): ContainerState {
  return c.state === 'unknown' && c.inspect !== undefined ? c.inspect.state : c.state;
}

/** Health as ps printed it, or inspect's when ps showed none. */
export function containerHealth(c: Container): ContainerHealth {
  return c.health === 'none' && c.inspect !== undefined ? c.inspect.health : c.health;
}

/** Docker's zero time: State.StartedAt of a container that never ran. */
const ZERO_TIME = /^0001-01-01T00:00:00(?:\.0+)?Z$/;

/**
 * Whether a container was created and never started: inspect's StartedAt is the zero time while its
 * state is 'created', or (without inspect) docker ps says 'Created'.
 */
export function neverStarted(c: Container): boolean {
  const i = c.inspect;
  if (i !== undefined) return i.state === 'created' && (i.startedAt === undefined || ZERO_TIME.test(i.startedAt));
  return c.state === 'created';
}

/** Whether a file's name names this container ('logs_tail_shop_migrate.txt' for shop_migrate), as a whole token. */
export function fileNamesContainer(path: string, name: string): boolean {
  const base = (path.split('/').pop() ?? path).toLowerCase();
  const n = name.toLowerCase();
  let at = base.indexOf(n);
  while (at >= 0) {
    const before = base[at - 1];
    const after = base[at + n.length];
    if ((before === undefined || !/[a-z0-9]/.test(before)) && (after === undefined || !/[a-z0-9_-]/.test(after)))
      return true;
    at = base.indexOf(n, at + 1);
  }
  return false;
}

/** The container's own log capture, if one was read. */
export const logOf = (logs: readonly LogSummary[] | undefined, c: Container): LogSummary | undefined =>
  logs?.find((l) => l.container === c.name);

/**
 * What a failed container last said, from its log capture: the last error it logged, else its last event (for
 * an OOM kill, the work it was doing). Undefined without a log or with an empty one.
 */
export function lastWords(logs: readonly LogSummary[] | undefined, c: Container): Quote | undefined {
  const log = logOf(logs, c);
  const event = log?.lastError ?? log?.lastEvent;
  if (log === undefined || event === undefined) return undefined;
  return {
    kind: log.lastError !== undefined ? 'last-error' : 'last-event',
    text: clip(event.message, QUOTE_CHARS),
    evidence: event.evidence,
  };
}

/** The sentences quoting {@link lastWords}, shared by the rules of failed containers (spread into their messages). */
export const LAST_WORDS_MESSAGES = {
  saidError: 'The last error in its log: `{{said}}`.',
  saidLast: 'Its log ends with: `{{said}}`.',
} as const;

/** The message id that quotes `q`, for a report's `explain`. */
export const lastWordsMessage = (q: Quote | undefined): 'saidError' | 'saidLast' | undefined =>
  q === undefined ? undefined : q.kind === 'last-error' ? 'saidError' : 'saidLast';
