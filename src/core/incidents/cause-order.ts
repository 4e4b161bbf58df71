// Which finding names an incident's cause is decided by the kind of problem it reports, in this
// declared order, never by where its rule sits in the registry: a wrong service URL explains an
// OOM kill's restarts less often than the reverse, but it explains a crash loop, an unhealthy
// check and the lag on every stream the container consumes.

/** One kind of cause, most explanatory first, with the rules that report it. */
export interface CauseKind {
  kind: string;
  /** Words for the incident heading: 'misconfiguration', 'OOM-killed'. */
  label: string;
  rules: readonly string[];
}

/** Cause kinds, most explanatory first. A rule not listed here never names an incident's cause. */
export const CAUSE_KINDS: readonly CauseKind[] = [
  { kind: 'misconfiguration', label: 'misconfiguration', rules: ['container/service-url-mismatch'] },
  { kind: 'oom-killed', label: 'OOM-killed', rules: ['container/oom-killed'] },
  { kind: 'crash-loop', label: 'crash loop', rules: ['container/restarting', 'container/high-restart-count'] },
  { kind: 'exited', label: 'exited', rules: ['container/exited-nonzero'] },
  { kind: 'never-started', label: 'never started', rules: ['container/never-started'] },
  { kind: 'paused', label: 'paused', rules: ['container/paused'] },
  { kind: 'unhealthy', label: 'unhealthy', rules: ['container/unhealthy', 'health/endpoint-not-ok'] },
  { kind: 'poison-message', label: 'poison message', rules: ['stream/poison-message'] },
  { kind: 'dead-letter', label: 'dead letters', rules: ['stream/dead-letter'] },
  // Entries trimmed before the group read them are lost work: that, not the lag behind it, is the headline.
  { kind: 'trimmed-unread', label: 'unread entries trimmed', rules: ['stream/trimming-unread'] },
  // Stream lag names the cause only when nothing above does: with a known owner in a bad state,
  // the owner's finding is the cause and the lag is its symptom.
  {
    kind: 'stream-lag',
    label: 'stream not consumed',
    rules: ['stream/consumer-group-lag', 'stream/consumers-not-reading', 'stream/group-never-read'],
  },
];

const RANK = new Map(CAUSE_KINDS.flatMap((k, i) => k.rules.map((r) => [r, i] as const)));

/** Position of a rule's cause kind in {@link CAUSE_KINDS} (lower explains more); undefined if it never is a cause. */
export const getCauseRank = (ruleId: string): number | undefined => RANK.get(ruleId);

/** The cause kind a rule reports, if any. */
export const getCauseKind = (ruleId: string): CauseKind | undefined => {
  const rank = RANK.get(ruleId);
  return rank === undefined ? undefined : CAUSE_KINDS[rank];
};

/**
 * Rules whose findings can be the symptom of an incident on the container or consumer group they
 * concern: states, health, logs, stream backlog. Security and hygiene findings (ports, limits,
 * debug logging, privileges) are never folded: they stay work items of their own.
 */
export const SYMPTOM_RULES: ReadonlySet<string> = new Set([
  ...CAUSE_KINDS.flatMap((k) => k.rules),
  'container/recent-restarts',
  'container/health-starting',
  'health/degraded-dependency',
  'logs/error-rate',
  'logs/http-error-burst',
  'logs/repeated-errors',
  'logs/stack-traces',
  'stream/pending-entries',
  'stream/stale-consumers',
]);
