import { z } from 'zod';
import { cited } from './evidence.ts';

/** A dependency a health body reports on, e.g. dependencies.redis.status. */
export const HealthDependency = z.object({ name: z.string(), status: z.string(), detail: z.string().optional() });
export type HealthDependency = z.infer<typeof HealthDependency>;

/** One captured health endpoint response (JSON body, or curl -i / -v output). */
export const HealthCheck = cited({
  /** Service the endpoint belongs to: body 'service' field, else derived from the file name. */
  name: z.string(),
  file: z.string(),
  /** Container the endpoint belongs to, matched by the assembler from the service or file name. */
  container: z.string().optional(),
  url: z.string().optional(),
  httpStatus: z.number().int().optional(),
  /** The body's own status field as written ('OK', 'ok', 'degraded'). */
  status: z.string().optional(),
  ok: z.boolean(),
  dependencies: z.array(HealthDependency),
  /** Parsed JSON body; redacted like everything else before output. */
  body: z.unknown().optional(),
});
export type HealthCheck = z.infer<typeof HealthCheck>;
