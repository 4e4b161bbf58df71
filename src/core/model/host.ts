import { z } from 'zod';
import { cited, EvidenceRef } from './evidence.ts';

/** Host memory from `free`; `-h` output is rounded to its unit, `-b` exact. */
export const HostMemory = cited({
  totalBytes: z.number(),
  usedBytes: z.number(),
  freeBytes: z.number(),
  sharedBytes: z.number().optional(),
  buffCacheBytes: z.number().optional(),
  availableBytes: z.number(),
  swapTotalBytes: z.number(),
  swapUsedBytes: z.number(),
  /** 'rounded' when read from human units (free -h): values carry the unit's rounding. */
  precision: z.enum(['exact', 'rounded']),
});
export type HostMemory = z.infer<typeof HostMemory>;

/** One mounted filesystem from `df`. */
export const Disk = cited({
  filesystem: z.string(),
  mount: z.string(),
  sizeBytes: z.number(),
  usedBytes: z.number(),
  availBytes: z.number(),
  usePercent: z.number(),
});
export type Disk = z.infer<typeof Disk>;

/** `uptime` output. */
export const Uptime = cited({
  /** Wall-clock time printed by uptime (HH:MM:SS, host local time). */
  clock: z.string().optional(),
  uptimeSeconds: z.number(),
  users: z.number().optional(),
  load: z.tuple([z.number(), z.number(), z.number()]),
});
export type Uptime = z.infer<typeof Uptime>;

/** `uname -a`. */
export const Uname = cited({
  kernelName: z.string(),
  hostname: z.string(),
  kernelRelease: z.string(),
  kernelVersion: z.string().optional(),
  /** Build date from the version string, ISO when it parses. */
  builtAt: z.string().optional(),
  machine: z.string().optional(),
});
export type Uname = z.infer<typeof Uname>;

/** `lsb_release -a` or /etc/os-release. */
export const OsRelease = cited({
  id: z.string().optional(),
  description: z.string(),
  release: z.string().optional(),
  codename: z.string().optional(),
});
export type OsRelease = z.infer<typeof OsRelease>;

/** `docker version` / `docker compose version` / `docker compose ls`. */
export const DockerVersion = cited({
  clientVersion: z.string().optional(),
  serverVersion: z.string().optional(),
  apiVersion: z.string().optional(),
  containerdVersion: z.string().optional(),
  runcVersion: z.string().optional(),
});
export type DockerVersion = z.infer<typeof DockerVersion>;

export const ComposeProject = cited({
  name: z.string(),
  status: z.string(),
  configFiles: z.array(z.string()),
});
export type ComposeProject = z.infer<typeof ComposeProject>;

/** The host as the bundle shows it. Every part is optional: a bundle may not capture it. */
export const Host = z.object({
  hostname: z.string().optional(),
  kernel: z.string().optional(),
  os: z.string().optional(),
  arch: z.string().optional(),
  uptimeSeconds: z.number().optional(),
  load: z.tuple([z.number(), z.number(), z.number()]).optional(),
  /** The `uptime` line that uptimeSeconds, load and clock come from. */
  uptimeEvidence: EvidenceRef.optional(),
  /** Host clock at capture from `uptime` (HH:MM:SS). */
  clock: z.string().optional(),
  memory: HostMemory.optional(),
  disks: z.array(Disk),
  docker: DockerVersion.optional(),
  composeVersion: z.string().optional(),
  composeProjects: z.array(ComposeProject).optional(),
  /** Compose/orchestration files listed in the capture (empty when captured but none found). */
  composeFiles: z.array(z.string()).optional(),
  evidence: z.array(EvidenceRef),
});
export type Host = z.infer<typeof Host>;
