import type { Audit } from '../../src/core/model/audit.ts';
import type { Container, ContainerInspect } from '../../src/core/model/container.ts';
import type { Messages, Rule, Report } from '../../src/core/rules/define-rule.ts';
import type { FactName, Facts } from '../../src/core/rules/facts.ts';
import { pickFacts, renderReport, type ReportWords } from '../../src/core/rules/run-rules.ts';

/** A valid Audit with nothing captured; override the parts a test cares about. */
export function makeAudit(parts: Partial<Audit> = {}): Audit {
  return {
    schemaVersion: 1,
    tool: { name: 'evidex', version: '0.0.0-test', rulesVersion: '1' },
    bundle: { name: 'test', sha256: '0'.repeat(64), files: 0, bytes: 0 },
    host: { disks: [], evidence: [] },
    containers: [],
    redis: { stats: {}, info: [], clients: [], streams: [], unkeyedLengths: [], evidence: [] },
    health: [],
    logs: [],
    findings: [],
    rules: [],
    evidenceIssues: [],
    files: [],
    redaction: { enabled: true, counts: {}, locations: [] },
    ...parts,
  };
}

/** A running, healthy container row; override fields per test. */
export function makeContainer(name: string, parts: Partial<Container> = {}): Container {
  return {
    name,
    image: `${name}:latest`,
    state: 'running',
    health: 'none',
    status: 'Up 2 hours',
    ports: [],
    evidence: [{ file: 'raw/docker_ps.txt', startLine: 2, endLine: 2 }],
    ...parts,
  };
}

/** A docker inspect record with sane defaults (running, no limits, no restarts). */
export function makeInspect(name: string, parts: Partial<ContainerInspect> = {}): ContainerInspect {
  return {
    id: 'f'.repeat(64),
    name,
    image: `${name}:latest`,
    state: 'running',
    health: 'none',
    healthLog: [],
    restartCount: 0,
    oomKilled: false,
    exitCode: 0,
    memoryLimitBytes: 0,
    ports: [],
    networks: [],
    env: [],
    labels: {},
    mounts: [],
    evidence: { file: `raw/inspect_${name}.json`, startLine: 1, endLine: 100, pointer: '/0' },
    ...parts,
  };
}

/** A report with the words the runner renders from it. */
export type RenderedReport = Report & ReportWords;

/** Evaluate one rule directly (no runner): the reports and explain-notes it produced. */
export function evaluateRule<
  O extends Record<string, unknown>,
  F extends FactName,
  U extends FactName,
  M extends Messages,
>(rule: Rule<O, F, U, M>, audit: Audit, options: Partial<O> = {}): { reports: RenderedReport[]; notes: string[] } {
  const reports: RenderedReport[] = [];
  const notes: string[] = [];
  rule.evaluate({
    // The runner would not call a rule missing a required fact; tests of such edges see it absent.
    facts: pickFacts(audit, [...rule.requires, ...(rule.uses ?? [])]) as Facts<F> & Partial<Facts<U>>,
    options: { ...rule.defaults, ...options },
    priority: rule.priority,
    // Rendered as the runner renders them, so tests read the words as well as messageId and data.
    report: (r: Report) => void reports.push({ ...r, ...renderReport(rule, r) }),
    note: (n) => notes.push(n),
  });
  return { reports, notes };
}
