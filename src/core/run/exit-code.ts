import type { Finding, Priority } from '../model/finding.ts';

const RANK: Record<Priority, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };

/** Whether `p` is at `threshold` or above (P0 is highest). */
export const isAtOrAbove = (p: Priority, threshold: Priority): boolean => RANK[p] <= RANK[threshold];

/** 1 when an unaccepted finding sits at `failOn` or above (P0 is highest), else 0. Usage errors are 2, set by the CLI. */
export function getExitCode(findings: readonly Finding[], failOn: Priority | undefined): 0 | 1 {
  if (!failOn) return 0;
  return findings.some((f) => !f.accepted && isAtOrAbove(f.priority, failOn)) ? 1 : 0;
}

/** Whether a string names a priority. */
export const isPriority = (s: string): s is Priority => s === 'P0' || s === 'P1' || s === 'P2' || s === 'P3';
