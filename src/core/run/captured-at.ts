import type { Container } from '../model/container.ts';
import type { HealthCheck } from '../model/health.ts';
import type { LogSummary } from '../model/logs.ts';
import type { RedisStream } from '../model/redis.ts';

/**
 * Best estimate of when the bundle was captured: the newest full timestamp the evidence contains
 * (health-check probes in inspect, health bodies, log lines, stream entries). A later manifest
 * (see roadmap) will state it exactly; until then the source is recorded beside the value.
 */
export function estimateCapturedAt(parts: {
  containers: Container[];
  health: HealthCheck[];
  logs: LogSummary[];
  streams: RedisStream[];
}): { at: string; source: string } | undefined {
  let best: { at: string; ms: number; source: string } | undefined;
  const consider = (value: unknown, source: string) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return;
    // A timestamp without zone is taken as UTC: that is what these services log in containers.
    const ms = Date.parse(/([zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(ms)) return;
    if (!best || ms > best.ms) best = { at: new Date(ms).toISOString(), ms, source };
  };
  for (const c of parts.containers) {
    for (const h of c.inspect?.healthLog ?? [])
      consider(h.start, `health probe of ${c.name} (${c.inspect?.evidence.file})`);
  }
  for (const h of parts.health) {
    const body = h.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object') consider(body.timestamp ?? body.time, `health body (${h.file})`);
  }
  for (const l of parts.logs) consider(l.lastAt, `last log line (${l.file})`);
  for (const s of parts.streams) consider(s.lastEntryAt, `newest entry of ${s.key}`);
  return best ? { at: best.at, source: best.source } : undefined;
}
