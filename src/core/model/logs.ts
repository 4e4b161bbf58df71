import { z } from 'zod';
import { cited, EvidenceRef } from './evidence.ts';

export const LogLevel = z.enum(['trace', 'debug', 'info', 'notice', 'warning', 'error', 'critical', 'unknown']);
export type LogLevel = z.infer<typeof LogLevel>;

/** A multi-line stack trace kept as one event. */
export const StackTrace = cited({
  language: z.enum(['python', 'node', 'java', 'go', 'unknown']),
  /** The exception line, e.g. 'ValueError: bad value'. */
  headline: z.string(),
});
export type StackTrace = z.infer<typeof StackTrace>;

/** An HTTP request class seen in access-log lines. */
export const HttpRequestCount = cited({
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  count: z.number().int(),
  /** Client IPs seen for these requests (mapped to containers later). */
  clients: z.array(z.string()),
});
export type HttpRequestCount = z.infer<typeof HttpRequestCount>;

/** A message template that repeats (numbers, ids and symbols normalised). */
export const RepeatedMessage = cited({
  template: z.string(),
  level: LogLevel,
  count: z.number().int(),
  example: z.string(),
});
export type RepeatedMessage = z.infer<typeof RepeatedMessage>;

/** One event of a log as the summary keeps it: its level, its message (as logged, cut) and its lines. */
export const LoggedEvent = cited({ level: LogLevel, message: z.string() });
export type LoggedEvent = z.infer<typeof LoggedEvent>;

/** Summary of one container's `docker logs --tail N` capture. */
export const LogSummary = cited({
  container: z.string(),
  file: z.string(),
  lines: z.number().int(),
  events: z.number().int(),
  firstAt: z.string().optional(),
  lastAt: z.string().optional(),
  /** Whether lines carry a full date (docker -t or app timestamps) or only a clock time. */
  timestampStyle: z.enum(['docker', 'iso', 'clock', 'syslog', 'none', 'mixed']),
  levels: z.record(z.string(), z.number().int()),
  /** Events by level per minute bucket, for charts: [minute ISO or HH:MM, level, count]. */
  timeline: z.array(z.tuple([z.string(), z.string(), z.number().int()])),
  httpStatus: z.record(z.string(), z.number().int()),
  httpRequests: z.array(HttpRequestCount),
  repeated: z.array(RepeatedMessage),
  stackTraces: z.array(StackTrace),
  /** Error-level events, first few, for rules and the report. */
  errors: z.array(z.object({ message: z.string(), evidence: EvidenceRef })),
  /** The capture's last event, whatever its level: what the process was doing when the log ends. */
  lastEvent: LoggedEvent.optional(),
  /** The capture's last error-level event (error or critical), which `errors` (the first few) may not hold. */
  lastError: LoggedEvent.optional(),
});
export type LogSummary = z.infer<typeof LogSummary>;
