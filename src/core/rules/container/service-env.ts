import type { Container, EnvVar } from '../../model/container.ts';
import type { EvidenceRef } from '../../model/evidence.ts';
import type { RedisStream } from '../../model/redis.ts';
import { inspectField } from './container-support.ts';

// Reading a container's environment for the container rules: which variables name a service
// (and where it points), and whether the container consumes a stream. Not a rule: nothing reports.

/** A variable naming a service endpoint, by name: REDIS_URL, ORDERS_API_HOST, BROKER_ADDR, *_DSN, *_URI. */
const SERVICE_NAME = /(?:^|_)(?:URL|URI|HOST|HOSTNAME|ADDR|ADDRESS|ENDPOINT|DSN|SERVER)$/i;
/** Names that look like one but configure the container itself or point at the public internet. */
const NOT_A_DEPENDENCY =
  /(?:^|_)(?:BIND|LISTEN|PUBLIC|EXTERNAL|CALLBACK|REDIRECT|WEBHOOK|DOWNLOAD|HOMEPAGE|BASE_PATH|CORS)(?:_|$)/i;
/** scheme://[user[:pass]@]host[:port][/…]; the host may be a bracketed IPv6 literal. */
const URL_SHAPE = /^([a-z][a-z0-9+.-]{1,20}):\/\/(?:[^@/\s]*@)?(\[[0-9a-f:.]+\]|[^:/?#\s[\]]+)(?::(\d{1,5}))?/i;
/** host[:port] alone. */
const HOST_SHAPE = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9._-]{0,252}))(?::(\d{1,5}))?$/i;
const LOOPBACK = /^(?:localhost|localhost\.localdomain|ip6-localhost|127(?:\.\d{1,3}){3}|\[?::1\]?|0\.0\.0\.0)$/i;

/** Default ports of the schemes a service URL commonly uses. */
const SCHEME_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  redis: 6379,
  rediss: 6379,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mongodb: 27017,
  amqp: 5672,
  nats: 4222,
  kafka: 9092,
};

/** Where a service variable points. */
export interface ServiceTarget {
  /** The variable as set: name and (redacted) value. */
  env: EnvVar;
  /** Its index in Config.Env, for citing it. */
  index: number;
  scheme?: string;
  host: string;
  port?: number;
  loopback: boolean;
}

/** The service variables of a container, with where each points; values that do not parse are skipped. */
export function serviceTargets(c: Container): ServiceTarget[] {
  const env = c.inspect?.env ?? [];
  const out: ServiceTarget[] = [];
  env.forEach((e, index) => {
    const value = e.value.trim();
    const url = URL_SHAPE.exec(value);
    const named = SERVICE_NAME.test(e.name) && !NOT_A_DEPENDENCY.test(e.name);
    if (url !== null) {
      if (!named && !/^(?:redis|rediss|postgres|postgresql|mysql|mongodb|amqp|nats|kafka)$/i.test(url[1] ?? '')) return;
      if (NOT_A_DEPENDENCY.test(e.name)) return;
      const scheme = (url[1] ?? '').toLowerCase();
      const host = (url[2] ?? '').toLowerCase();
      const port = url[3] !== undefined ? Number(url[3]) : SCHEME_PORTS[scheme];
      out.push({ env: e, index, scheme, host, ...(port !== undefined ? { port } : {}), loopback: LOOPBACK.test(host) });
      return;
    }
    if (!named || value.length > 260) return;
    const h = HOST_SHAPE.exec(value);
    if (h === null || /^\d+$/.test(value)) return;
    const host = (h[1] ?? '').toLowerCase();
    const port = h[2] !== undefined ? Number(h[2]) : undefined;
    out.push({ env: e, index, host, ...(port !== undefined ? { port } : {}), loopback: LOOPBACK.test(host) });
  });
  return out;
}

/** Every name a container answers to on its networks: container name, network aliases, compose service. */
export function containerHostnames(c: Container): Set<string> {
  const names = new Set<string>([c.name.toLowerCase()]);
  if (c.composeService !== undefined) names.add(c.composeService.toLowerCase());
  const service = c.inspect?.labels['com.docker.compose.service'];
  if (service !== undefined) names.add(service.toLowerCase());
  for (const n of c.inspect?.networks ?? []) {
    for (const a of n.aliases ?? []) names.add(a.toLowerCase());
    if (n.ip !== undefined) names.add(n.ip);
  }
  return names;
}

/** The container a hostname resolves to among the audited ones, or undefined. */
export function resolveHost(host: string, containers: readonly Container[]): Container | undefined {
  const h = host.toLowerCase();
  return containers.find((c) => containerHostnames(c).has(h));
}

/** Ports a container listens on as Docker knows them: published, exposed and the ports of its image. */
export function containerPorts(c: Container): Set<number> {
  const ports = new Set<number>();
  for (const p of [...c.ports, ...(c.inspect?.ports ?? [])]) ports.add(p.containerPort);
  return ports;
}

/** Evidence for one Config.Env entry of an inspected container. */
export function envRef(c: Container, index: number): EvidenceRef[] {
  return c.inspect !== undefined ? [inspectField(c.inspect, `/Config/Env/${index}`)] : [];
}

const CONSUMER_ENV = /(?:^|_)(?:CONSUMER_GROUP|GROUP|STREAM|STREAMS|QUEUE|TOPIC|CONSUMER)(?:_NAME)?$/i;

/**
 * What a container consumes, if anything: the owner the judge recorded on a group, a stream or group its
 * environment names, or a consumer name that starts with its name. Undefined when nothing says it consumes.
 */
export function consumedBy(c: Container, streams: readonly RedisStream[]): string | undefined {
  const name = c.name.toLowerCase();
  const env = (c.inspect?.env ?? []).filter((e) => CONSUMER_ENV.test(e.name) && e.value !== '');
  const values = new Set(env.flatMap((e) => e.value.split(/[,\s]+/)));
  const all = streams.flatMap((s) => s.groups.map((g) => ({ s, g })));
  const say = ({ s, g }: (typeof all)[number]) => `group ${g.name} on ${s.key}`;
  // Strongest first: the recorded owner, a consumer named after it, its group named in its environment.
  const found =
    all.find(({ g }) => g.owner?.container === c.name) ??
    all.find(({ g }) => (g.consumerList ?? []).some((k) => k.name.toLowerCase().startsWith(name))) ??
    all.find(
      ({ s, g }) => values.has(g.name) && (values.has(s.key) || !all.some((o) => o.g !== g && values.has(o.g.name))),
    );
  if (found !== undefined) return say(found);
  const stream = streams.find((s) => values.has(s.key));
  if (stream !== undefined) return `stream ${stream.key}`;
  const own = env[0];
  return own !== undefined ? `${own.name}=${own.value}` : undefined;
}
