import type { Container } from '../../model/container.ts';
import type { EvidenceRef } from '../../model/evidence.ts';
import type { RedisClient, RedisInfo } from '../../model/redis.ts';
import { compareText } from '../../text/compare.ts';

// Shared lookups for the Redis and stream rules. Not a rule itself: nothing here reports.

/** The redis-info parser records each key's line; the model does not carry it (yet), so read it loosely. */
type InfoWithLines = RedisInfo & { lines?: Record<string, number> };

/** 1-based file line of an INFO key from the section layout ('# Section', keys, blank line between sections). */
function lineFromLayout(info: RedisInfo, key: string): number | undefined {
  let line = info.evidence.startLine ?? 1;
  for (const [name, kv] of Object.entries(info.sections)) {
    if (name !== 'default') line++;
    for (const k of Object.keys(kv)) {
      if (k === key) return line;
      line++;
    }
    line++;
  }
  return undefined;
}

/** The narrowest citation of one INFO key ('maxmemory_policy'), or undefined when no INFO capture holds it. */
export function infoRef(infos: readonly RedisInfo[], key: string): EvidenceRef | undefined {
  for (const info of infos as InfoWithLines[]) {
    const holds = Object.values(info.sections).some((kv) => Object.hasOwn(kv, key));
    if (!holds) continue;
    const { pointer: _pointer, ...base } = info.evidence;
    const line = info.lines?.[key] ?? lineFromLayout(info, key);
    const end = info.evidence.endLine;
    if (line === undefined || (end !== undefined && line > end)) return base;
    return { ...base, startLine: line, endLine: line };
  }
  return undefined;
}

/** The raw string value of an INFO key from any captured section. */
export function infoValue(infos: readonly RedisInfo[], key: string): string | undefined {
  for (const info of infos) {
    for (const kv of Object.values(info.sections)) if (Object.hasOwn(kv, key)) return kv[key];
  }
  return undefined;
}

/** Citations for several INFO keys, skipping any not captured. */
export function infoRefs(infos: readonly RedisInfo[], keys: readonly string[]): EvidenceRef[] {
  return keys.map((k) => infoRef(infos, k)).filter((r): r is EvidenceRef => r !== undefined);
}

/** The Redis server's container: image 'redis…' (ps or inspect), else a name containing 'redis'. */
export function findRedisContainer(containers: readonly Container[]): Container | undefined {
  const image = (c: Container): string =>
    (c.image ?? c.inspect?.image ?? '').toLowerCase().replace(/^docker\.io\/(library\/)?/, '');
  return (
    containers.find((c) => image(c).startsWith('redis')) ??
    containers.find((c) => c.name.toLowerCase().includes('redis'))
  );
}

/** Who a client is: its container when the assembler mapped its IP, else the IP. */
export const clientOwner = (c: RedisClient): string => c.container ?? c.ip;

/** Clients whose last command is one of `commands` (lowercase), grouped by owner, owners sorted. */
export function clientsByOwner(
  clients: readonly RedisClient[],
  commands: readonly string[],
): Array<{ owner: string; clients: RedisClient[] }> {
  const groups = new Map<string, RedisClient[]>();
  for (const c of clients) {
    if (!commands.includes(c.cmd.toLowerCase())) continue;
    const list = groups.get(clientOwner(c)) ?? [];
    list.push(c);
    groups.set(clientOwner(c), list);
  }
  return [...groups.entries()]
    .map(([owner, clients]) => ({ owner, clients }))
    .sort((a, b) => compareText(a.owner, b.owner));
}

/** 'quantum_backend ×5, 172.18.0.33 ×1'. */
export const describeOwners = (owners: Array<{ owner: string; clients: RedisClient[] }>): string =>
  owners.map((o) => `${o.owner} ×${o.clients.length}`).join(', ');

/** '1 entry', '3 entries'. */
export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** An INFO stats counter of the capture; when the capture lacks it, the rule's notes say so. */
export function statOrNote(
  ctx: { facts: { redisStats: Readonly<Record<string, number>> }; note: (line: string) => void },
  key: string,
): number | undefined {
  const value = ctx.facts.redisStats[key];
  if (value === undefined) ctx.note(`${key} not in the captured INFO stats`);
  return value;
}
