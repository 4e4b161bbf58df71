import type { Audit } from '../model/audit.ts';
import type { Container } from '../model/container.ts';
import type { Priority } from '../model/finding.ts';
import { clientCount } from '../model/redis.ts';

/** Whether a rise is bad (memory used) or good (available memory). */
export type Direction = 'up-is-bad' | 'up-is-good';

/** A measured quantity of one audit, comparable with the same metric of another audit of the host. */
export interface MetricDef {
  name: string;
  unit: 'bytes' | 'percent' | 'count' | 'load' | 'ratio';
  direction: Direction;
  /** Changes smaller than this (absolute, in `unit`) are jitter, not change. */
  noise: number;
  read: (audit: Audit) => number | undefined;
}

/** Metrics of one unit: each with its name, which way is bad, its noise (in the unit) and how an audit gives it. */
function of(unit: MetricDef['unit']) {
  return (name: string, direction: Direction, noise: number, read: MetricDef['read']): MetricDef => {
    return { name, unit, direction, noise, read };
  };
}
const bytes = of('bytes');
const count = of('count');
const percent = of('percent');
const load = of('load');
const MiB = 2 ** 20;

const realDisks = (a: Audit) => a.host.disks.filter((d) => d.filesystem.startsWith('/dev/'));
const diskUse = (mount: string) => (a: Audit) => realDisks(a).find((d) => d.mount === mount)?.usePercent;
const usedPercent = (a: Audit) =>
  a.host.memory ? Math.round((a.host.memory.usedBytes / a.host.memory.totalBytes) * 1000) / 10 : undefined;
const sumLag = (a: Audit) => {
  const lags = a.redis.streams
    .flatMap((s) => s.groups.map((g) => g.lag))
    .filter((l): l is number => typeof l === 'number');
  return lags.length > 0 ? lags.reduce((x, y) => x + y, 0) : undefined;
};
/** How many containers match, when the audit lists any (a bundle without Docker has no count, not zero). */
const containersWhere = (match: (c: Container) => boolean) => (a: Audit) =>
  a.containers.length > 0 ? a.containers.filter(match).length : undefined;
const anyContainer = () => true;
const unhealthy = (c: Container) => c.health === 'unhealthy';
const notRunning = (c: Container) => c.state !== 'running';
/** Findings at this priority that configuration has not accepted. */
const openFindings = (priority: Priority) => (a: Audit) =>
  a.findings.filter((f) => f.priority === priority && !f.accepted).length;

/** Host-wide metrics; per-mount disk metrics are added by {@link getMetrics}. */
export const METRICS: readonly MetricDef[] = [
  percent('host.memory.usedPercent', 'up-is-bad', 2, usedPercent),
  bytes('host.memory.availableBytes', 'up-is-good', 256 * MiB, (a) => a.host.memory?.availableBytes),
  bytes('host.swap.usedBytes', 'up-is-bad', 64 * MiB, (a) => a.host.memory?.swapUsedBytes),
  load('host.load1', 'up-is-bad', 0.5, (a) => a.host.load?.[0]),
  count('containers.count', 'up-is-good', 0, containersWhere(anyContainer)),
  count('containers.unhealthy', 'up-is-bad', 0, containersWhere(unhealthy)),
  count('containers.notRunning', 'up-is-bad', 0, containersWhere(notRunning)),
  bytes('redis.memory.usedBytes', 'up-is-bad', 16 * MiB, (a) => a.redis.memory?.usedBytes),
  count('redis.clients', 'up-is-bad', 10, (a) => clientCount(a.redis) || undefined),
  count('redis.streams.totalLag', 'up-is-bad', 10, sumLag),
  count('findings.P0', 'up-is-bad', 0, openFindings('P0')),
  count('findings.P1', 'up-is-bad', 0, openFindings('P1')),
];

/** Every metric that applies to a pair of audits: the fixed set plus disk use per real mount in either. */
export function getMetrics(before: Audit, after: Audit): MetricDef[] {
  const mounts = [...new Set([...realDisks(before), ...realDisks(after)].map((d) => d.mount))].sort();
  const disks = mounts.map((mount) => percent(`host.disk[${mount}].usePercent`, 'up-is-bad', 1, diskUse(mount)));
  return [...METRICS, ...disks];
}
