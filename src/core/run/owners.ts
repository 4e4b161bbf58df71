// Who owns each consumer group: the container running the service that reads it. Found, strongest
// first, from the container's environment (CONSUMER_GROUP=billing, ORDERS_STREAM=shop:orders), from
// consumer names that are the container's name or id ('notifier-7f9c-1' is container 'notifier'),
// from CLIENT LIST names that are consumer names, and from reading clients whose address is the
// container's and whose container is named like the group. A tie is no owner: better none than a guess.
import type { Container } from '../model/container.ts';
import type { EvidenceRef } from '../model/evidence.ts';
import type { GroupOwner, Redis, RedisClient, RedisStream } from '../model/redis.ts';
import { nameTokens } from './attribution.ts';

type Group = RedisStream['groups'][number];

/** Commands a consumer sends while working its group. */
const CONSUMER_COMMANDS = new Set(['xreadgroup', 'xack', 'xclaim', 'xautoclaim']);

/** Environment variable names that hold a group name, and those that hold a stream key. */
const GROUP_VAR = /(^|_)(CONSUMER_)?GROUPS?(_NAME)?$/;
const STREAM_VAR = /(^|_)STREAMS?(_KEYS?|_NAMES?)?$/;
/** A variable that says the container consumes with a group (not only writes the stream). */
const CONSUMER_VAR = /CONSUMER|GROUP/;

/** Name tokens without replica counters, hashes and pids: 'notifier-7f9c-1' → ['notifier']. */
export function serviceTokens(name: string): string[] {
  return nameTokens(name).filter((t) => !/\d/.test(t));
}

/** Tokens every container name starts with (a Compose project prefix such as 'quantum'), dropped when matching. */
function commonPrefix(containers: readonly Container[]): string[] {
  const lists = containers.map((c) => serviceTokens(c.name));
  if (lists.length < 2) return [];
  const first = lists[0]!;
  let n = 0;
  while (n < first.length - 1 && lists.every((l) => l.length > n + 1 && l[n] === first[n])) n++;
  return first.slice(0, n);
}

/** The distinctive tokens of a container: its Compose service, else its name less the common prefix. */
function containerKeys(c: Container, prefix: readonly string[]): string[][] {
  const own = serviceTokens(c.name);
  const keys = [own];
  if (prefix.length > 0 && prefix.every((t, i) => own[i] === t)) keys.push(own.slice(prefix.length));
  if (c.composeService !== undefined) keys.push(serviceTokens(c.composeService));
  return keys.filter((k) => k.length > 0);
}

/** Whether `name`'s tokens are exactly, or end with, one of the container's keys. */
function namesContainer(name: string, c: Container, prefix: readonly string[]): boolean {
  const t = serviceTokens(name).join('_');
  if (t === '') return false;
  return containerKeys(c, prefix).some((k) => {
    const key = k.join('_');
    return t === key || t.endsWith(`_${key}`) || t.startsWith(`${key}_`);
  });
}

/** Whether a container's key appears as a whole run of tokens inside `name` (group 'shipping' ↔ 'shop-shipping'). */
function mentionsContainer(name: string, c: Container, prefix: readonly string[]): boolean {
  const t = `_${serviceTokens(name).join('_')}_`;
  return containerKeys(c, prefix).some((k) => t.includes(`_${k.join('_')}_`));
}

/** The one item `pick` keeps, or undefined when none or several do. */
function only<T>(items: readonly T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

const envRef = (c: Container, index: number): EvidenceRef[] =>
  c.inspect ? [{ ...c.inspect.evidence, pointer: `${c.inspect.evidence.pointer ?? ''}/Config/Env/${index}` }] : [];

const listed = (value: string): string[] =>
  value
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter(Boolean);

/** From environment: a container whose variables name the group, else the only consumer-like one naming the stream. */
function byEnvironment(stream: RedisStream, group: Group, containers: readonly Container[]): GroupOwner | undefined {
  type Hit = { c: Container; index: number; name: string; value: string };
  const hits = (test: (name: string, value: string) => boolean): Hit[] =>
    containers.flatMap((c) => {
      const i = (c.inspect?.env ?? []).findIndex((e) => test(e.name, e.value));
      const e = c.inspect?.env[i];
      return e !== undefined ? [{ c, index: i, name: e.name, value: e.value }] : [];
    });
  const owner = (h: Hit, what: string): GroupOwner => ({
    container: h.c.name,
    via: 'environment',
    detail: `${h.name}=${h.value} in its environment names the ${what}`,
    evidence: envRef(h.c, h.index),
  });
  const byGroup = only(hits((n, v) => GROUP_VAR.test(n.toUpperCase()) && listed(v).includes(group.name)));
  if (byGroup) return owner(byGroup, 'group');
  const byStream = hits((n, v) => STREAM_VAR.test(n.toUpperCase()) && listed(v).includes(stream.key)).filter((h) =>
    (h.c.inspect?.env ?? []).some((e) => CONSUMER_VAR.test(e.name.toUpperCase())),
  );
  const one = only(byStream);
  return one ? owner(one, 'stream') : undefined;
}

/** Consumer names of the group from every capture that lists them. */
function consumerNames(group: Group): Array<{ name: string; evidence: EvidenceRef }> {
  const out = new Map<string, EvidenceRef>();
  for (const c of group.consumerList ?? []) out.set(c.name, c.evidence);
  for (const c of group.pendingSummary?.consumers ?? []) if (!out.has(c.name)) out.set(c.name, c.evidence);
  for (const e of group.pendingEntries ?? []) if (!out.has(e.consumer)) out.set(e.consumer, e.evidence);
  return [...out].map(([name, evidence]) => ({ name, evidence }));
}

/** From consumer names: the container most of them name (by service name or container id), when unique. */
function byConsumerName(group: Group, containers: readonly Container[], prefix: string[]): GroupOwner | undefined {
  const votes = new Map<Container, Array<{ name: string; evidence: EvidenceRef; how: string }>>();
  for (const consumer of consumerNames(group)) {
    const lower = consumer.name.toLowerCase();
    const byId = /^[0-9a-f]{12,64}$/.test(lower) ? containers.filter((c) => c.id?.startsWith(lower)) : [];
    const matches = byId.length > 0 ? byId : containers.filter((c) => namesContainer(consumer.name, c, prefix));
    const c = only(matches);
    if (!c) continue;
    const how = byId.length > 0 ? "the container's id" : 'its name';
    votes.set(c, [...(votes.get(c) ?? []), { ...consumer, how }]);
  }
  const ranked = [...votes].sort((a, b) => b[1].length - a[1].length);
  const [top, next] = ranked;
  if (!top || (next && next[1].length === top[1].length)) return undefined;
  const [c, hits] = top;
  const names = hits.map((h) => `'${h.name}'`).join(', ');
  return {
    container: c.name,
    via: 'consumer-name',
    detail: `consumer ${names} ${hits.length === 1 ? 'is' : 'are'} named after ${hits[0]!.how} ${c.name}`,
    evidence: [...hits.slice(0, 3).map((h) => h.evidence), ...(c.evidence[0] ? [c.evidence[0]] : [])],
  };
}

/** From CLIENT LIST names: a connection named like one of the group's consumers, from a known container. */
function byClientName(
  group: Group,
  clients: readonly RedisClient[],
  containers: readonly Container[],
  prefix: string[],
): GroupOwner | undefined {
  const names = new Set(consumerNames(group).map((c) => c.name));
  const found = new Map<string, RedisClient>();
  for (const cl of clients) {
    if (cl.name === '' || !names.has(cl.name)) continue;
    const c = cl.container ?? only(containers.filter((x) => namesContainer(cl.name, x, prefix)))?.name;
    if (c !== undefined && !found.has(c)) found.set(c, cl);
  }
  const one = only([...found]);
  if (!one) return undefined;
  const [container, cl] = one;
  return {
    container,
    via: 'client-name',
    detail: `connection '${cl.name}' (a consumer of the group) comes from ${container} (${cl.ip})`,
    evidence: [cl.evidence],
  };
}

/**
 * From addresses: the only container that both reads with a group (CLIENT LIST) and is named in the group or stream.
 */
function byClientAddress(
  stream: RedisStream,
  group: Group,
  clients: readonly RedisClient[],
  containers: readonly Container[],
  prefix: string[],
): GroupOwner | undefined {
  const readers = new Map<string, RedisClient>();
  for (const cl of clients)
    if (cl.container !== undefined && CONSUMER_COMMANDS.has(cl.cmd.toLowerCase()) && !readers.has(cl.container))
      readers.set(cl.container, cl);
  const named = containers.filter(
    (c) =>
      readers.has(c.name) && (mentionsContainer(group.name, c, prefix) || mentionsContainer(stream.key, c, prefix)),
  );
  const c = only(named);
  if (!c) return undefined;
  const cl = readers.get(c.name)!;
  return {
    container: c.name,
    via: 'client-address',
    detail:
      `a ${cl.cmd.toUpperCase()} client connects from ${c.name}'s address ${cl.ip}, and the group or stream is ` +
      'named after it',
    evidence: [cl.evidence, ...(c.inspect ? [c.inspect.evidence] : [])],
  };
}

/** The owner of one group, or undefined when the bundle does not say (or says it of several containers). */
export function getGroupOwner(
  stream: RedisStream,
  group: Group,
  containers: readonly Container[],
  clients: readonly RedisClient[],
): GroupOwner | undefined {
  if (containers.length === 0) return undefined;
  const prefix = commonPrefix(containers);
  return (
    byEnvironment(stream, group, containers) ??
    byConsumerName(group, containers, prefix) ??
    byClientName(group, clients, containers, prefix) ??
    byClientAddress(stream, group, clients, containers, prefix)
  );
}

/** Fill `owner` on every group of every stream that has one. Called once, after assembly. */
export function fillGroupOwners(redis: Redis, containers: readonly Container[]): void {
  for (const stream of redis.streams)
    for (const group of stream.groups) {
      const owner = getGroupOwner(stream, group, containers, redis.clients);
      if (owner) group.owner = owner;
    }
}
