import type { Audit } from '../model/audit.ts';
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

const realDisks = (a: Audit) => a.host.disks.filter((d) => d.filesystem.startsWith('/dev/'));
const usedPercent = (a: Audit) =>
  a.host.memory ? Math.round((a.host.memory.usedBytes / a.host.memory.totalBytes) * 1000) / 10 : undefined;
const sumLag = (a: Audit) => {
  const lags = a.redis.streams
    .flatMap((s) => s.groups.map((g) => g.lag))
    .filter((l): l is number => typeof l === 'number');
  return lags.length > 0 ? lags.reduce((x, y) => x + y, 0) : undefined;
};

/** Host-wide metrics; per-mount disk metrics are added by {@link getMetrics}. */
export const METRICS: readonly MetricDef[] = [
  { name: 'host.memory.usedPercent', unit: 'percent', direction: 'up-is-bad', noise: 2, read: usedPercent },
  {
    name: 'host.memory.availableBytes',
    unit: 'bytes',
    direction: 'up-is-good',
    noise: 256 * 2 ** 20,
    read: (a) => a.host.memory?.availableBytes,
  },
  {
    name: 'host.swap.usedBytes',
    unit: 'bytes',
    direction: 'up-is-bad',
    noise: 64 * 2 ** 20,
    read: (a) => a.host.memory?.swapUsedBytes,
  },
  { name: 'host.load1', unit: 'load', direction: 'up-is-bad', noise: 0.5, read: (a) => a.host.load?.[0] },
  {
    name: 'containers.count',
    unit: 'count',
    direction: 'up-is-good',
    noise: 0,
    read: (a) => (a.containers.length > 0 ? a.containers.length : undefined),
  },
  {
    name: 'containers.unhealthy',
    unit: 'count',
    direction: 'up-is-bad',
    noise: 0,
    read: (a) => (a.containers.length > 0 ? a.containers.filter((c) => c.health === 'unhealthy').length : undefined),
  },
  {
    name: 'containers.notRunning',
    unit: 'count',
    direction: 'up-is-bad',
    noise: 0,
    read: (a) => (a.containers.length > 0 ? a.containers.filter((c) => c.state !== 'running').length : undefined),
  },
  {
    name: 'redis.memory.usedBytes',
    unit: 'bytes',
    direction: 'up-is-bad',
    noise: 16 * 2 ** 20,
    read: (a) => a.redis.memory?.usedBytes,
  },
  {
    name: 'redis.clients',
    unit: 'count',
    direction: 'up-is-bad',
    noise: 10,
    read: (a) => clientCount(a.redis) || undefined,
  },
  { name: 'redis.streams.totalLag', unit: 'count', direction: 'up-is-bad', noise: 10, read: sumLag },
  {
    name: 'findings.P0',
    unit: 'count',
    direction: 'up-is-bad',
    noise: 0,
    read: (a) => a.findings.filter((f) => f.priority === 'P0' && !f.accepted).length,
  },
  {
    name: 'findings.P1',
    unit: 'count',
    direction: 'up-is-bad',
    noise: 0,
    read: (a) => a.findings.filter((f) => f.priority === 'P1' && !f.accepted).length,
  },
];

/** Every metric that applies to a pair of audits: the fixed set plus disk use per real mount in either. */
export function getMetrics(before: Audit, after: Audit): MetricDef[] {
  const mounts = [...new Set([...realDisks(before), ...realDisks(after)].map((d) => d.mount))].sort();
  const disks: MetricDef[] = mounts.map((mount) => ({
    name: `host.disk[${mount}].usePercent`,
    unit: 'percent',
    direction: 'up-is-bad',
    noise: 1,
    read: (a) => realDisks(a).find((d) => d.mount === mount)?.usePercent,
  }));
  return [...METRICS, ...disks];
}
