import { z } from 'zod';
import { cited, EvidenceRef } from './evidence.ts';

export const ContainerState = z.enum([
  'running',
  'exited',
  'created',
  'restarting',
  'paused',
  'dead',
  'removing',
  'unknown',
]);
export type ContainerState = z.infer<typeof ContainerState>;

/** Docker health: 'none' when the container has no healthcheck. */
export const ContainerHealth = z.enum(['healthy', 'unhealthy', 'starting', 'none']);
export type ContainerHealth = z.infer<typeof ContainerHealth>;

/** One published port. hostIp '0.0.0.0' / '::' means every interface. */
export const PortBinding = z.object({
  hostIp: z.string().optional(),
  hostPort: z.number().int().optional(),
  containerPort: z.number().int(),
  protocol: z.string(),
});
export type PortBinding = z.infer<typeof PortBinding>;

/** A row of `docker ps` (any column subset; missing columns stay undefined). */
export const DockerPsRow = cited({
  name: z.string(),
  id: z.string().optional(),
  image: z.string().optional(),
  command: z.string().optional(),
  createdText: z.string().optional(),
  /** The STATUS column as printed: 'Up 2 hours (healthy)'. */
  status: z.string().optional(),
  state: ContainerState,
  health: ContainerHealth,
  exitCode: z.number().int().optional(),
  /** Seconds since the state began, from 'Up 26 minutes' or 'Exited (1) 3 hours ago' (approximate). */
  statusAgeSeconds: z.number().optional(),
  ports: z.array(PortBinding),
});
export type DockerPsRow = z.infer<typeof DockerPsRow>;

export const EnvVar = z.object({ name: z.string(), value: z.string() });
export type EnvVar = z.infer<typeof EnvVar>;

/** The parts of `docker inspect` the audit uses. */
export const ContainerInspect = cited({
  id: z.string(),
  name: z.string(),
  image: z.string().optional(),
  imageId: z.string().optional(),
  createdAt: z.string().optional(),
  state: ContainerState,
  health: ContainerHealth,
  healthFailingStreak: z.number().int().optional(),
  /** Last health probe outputs, newest last. */
  healthLog: z.array(z.object({ start: z.string(), exitCode: z.number().int(), output: z.string() })),
  restartCount: z.number().int(),
  oomKilled: z.boolean(),
  exitCode: z.number().int(),
  error: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Bytes; 0 = unlimited. */
  memoryLimitBytes: z.number(),
  cpuLimit: z.number().optional(),
  restartPolicy: z.string().optional(),
  restartPolicyMaxRetries: z.number().int().optional(),
  ports: z.array(PortBinding),
  networks: z.array(z.object({ name: z.string(), ip: z.string().optional(), aliases: z.array(z.string()).optional() })),
  env: z.array(EnvVar),
  labels: z.record(z.string(), z.string()),
  privileged: z.boolean().optional(),
  command: z.array(z.string()).optional(),
  mounts: z.array(
    z.object({ type: z.string(), source: z.string().optional(), destination: z.string(), rw: z.boolean().optional() }),
  ),
});
export type ContainerInspect = z.infer<typeof ContainerInspect>;

/** A container as the audit sees it: its ps row's columns, joined with inspect and logs by name. */
export const Container = DockerPsRow.pick({
  name: true,
  id: true,
  image: true,
  state: true,
  health: true,
  status: true,
  exitCode: true,
  ports: true,
  statusAgeSeconds: true,
}).extend({
  inspect: ContainerInspect.optional(),
  /** The Compose service it runs, from docker compose ps. */
  composeService: z.string().optional(),
  /** File of this container's log capture, if any (summary lives in Audit.logs). */
  logFile: z.string().optional(),
  evidence: z.array(EvidenceRef),
});
export type Container = z.infer<typeof Container>;
