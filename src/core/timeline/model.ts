import { z } from 'zod';
import { EvidenceRef } from '../model/evidence.ts';
import { Priority } from '../model/finding.ts';

/** Whose clock wrote a timestamp: events of different clocks are only comparable when the clocks agree. */
export const TimelineClock = z.enum(['docker', 'log', 'redis', 'host', 'health', 'capture']);
export type TimelineClock = z.infer<typeof TimelineClock>;

/**
 * What happened. Stable names: the site, exports and tests key on them. Listed in the order kinds take at
 * the same instant: causes before what they cause, the capture last.
 */
export const TimelineKind = z.enum([
  'host-booted',
  'container-created',
  'container-finished',
  'container-started',
  /** Approximate start from `docker ps` "Up 2 hours" (no inspect for the container). */
  'container-up-since',
  'redis-started',
  'stream-first-entry',
  'group-last-delivered',
  'stream-sampled-entries',
  'stream-last-entry',
  'log-first-line',
  'log-errors',
  'slowlog',
  'health-probes',
  'health-response',
  'log-last-line',
  'capture',
]);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** One moment of the timeline, with the evidence that states it. */
export const TimelineEvent = z.object({
  /** ISO 8601 UTC. */
  at: z.string(),
  /** End of a span (a burst of log errors, a run of health probes, SLOWLOG entries), ISO UTC. */
  end: z.string().optional(),
  kind: TimelineKind,
  clock: TimelineClock,
  /** Whose event, in finding-subject words: 'container:quantum_redis', 'stream:k/group:g', 'redis', 'host'. */
  subject: z.string(),
  /** One line, plain text (formatters escape it): 'quantum_backend restarted'. */
  title: z.string(),
  /** How many things the event folds (error lines, probes, SLOWLOG entries, containers). */
  count: z.number().int().optional(),
  /**
   * 'exact': the evidence states the instant; 'minute': only its minute is known; 'approximate': derived
   * (capture time minus an uptime, a `docker ps` age).
   */
  precision: z.enum(['exact', 'minute', 'approximate']),
  /** What was assumed to place it ('no zone in the log: read as UTC'), when anything was. */
  assumption: z.string().optional(),
  /** Set when the event's clock was found skewed against Docker's or the capture's (see the notes). */
  skewed: z.boolean().optional(),
  evidence: z.array(EvidenceRef),
  /** The incident (`Incident.id`) the event belongs to: one of its containers, or evidence its findings cite. */
  incident: z.string().optional(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

/** Something the reader must know to trust the order: a clock disagreeing with another, a time unknown. */
export const TimelineNote = z.object({
  kind: z.enum(['clock-skew', 'capture-time-unknown', 'time-of-day-only', 'zone-assumed']),
  subject: z.string(),
  message: z.string(),
  /** Seconds the subject's clock runs ahead (+) or behind (−) the reference, for clock skew. */
  offsetSeconds: z.number().optional(),
  evidence: z.array(EvidenceRef),
});
export type TimelineNote = z.infer<typeof TimelineNote>;

/** The timeline of one audit: what `evidex timeline --json` prints. */
export const Timeline = z.object({
  bundle: z.object({ name: z.string(), sha256: z.string(), capturedAt: z.string().optional() }),
  /** Oldest first. */
  events: z.array(TimelineEvent),
  notes: z.array(TimelineNote),
  /** The incidents events link to, most urgent first. */
  incidents: z.array(z.object({ id: z.string(), title: z.string(), priority: Priority })),
});
export type Timeline = z.infer<typeof Timeline>;
