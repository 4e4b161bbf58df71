import type { Audit } from '../model/audit.ts';
import type { EvidenceIssue } from '../model/evidence.ts';
import { getParser } from '../parsers/index.ts';
import { FACTS, type FactName } from './facts.ts';

/**
 * Thrown by a rule's `evaluate` when it finds out only while looking that its input is missing
 * (e.g. neither INFO server nor a Redis container inspect). The runner turns it into 'not-evaluated'.
 */
export class NotEvaluated extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotEvaluated';
  }
}

/** Issue kinds that mean a capture exists but yields no data (not 'unrecognised': that file may be anything). */
const BLOCKING: ReadonlySet<EvidenceIssue['kind']> = new Set([
  'empty-capture',
  'error-output',
  'parse-failure',
  'binary',
  'encoding',
  'limit-exceeded',
  /** The collector's manifest says the capture was not taken, and why: "not collected", not "empty". */
  'not-collected',
]);

const baseName = (path: string): string => path.split('/').pop() ?? path;

function describeIssue(what: string, issue: EvidenceIssue): string {
  switch (issue.kind) {
    case 'empty-capture':
      return `${what} capture is empty (${issue.file})`;
    case 'not-collected':
      return `${what} was not collected (${issue.file}: ${issue.message})`;
    case 'error-output':
      return `${what} capture holds a command error instead of data (${issue.file}: ${issue.message})`;
    case 'parse-failure':
      return `${what} capture could not be parsed (${issue.file}: ${issue.message})`;
    case 'binary':
    case 'encoding':
      return `${what} capture is not readable text (${issue.file}: ${issue.message})`;
    default:
      return `${what} capture was not usable (${issue.file}: ${issue.message})`;
  }
}

/** The parsers that supply a fact, as registered (their file-name hints and capture commands). */
const suppliers = (name: FactName) => FACTS[name].from.map((id) => getParser(id)).filter((p) => p !== undefined);

/**
 * Null when the audit holds fact `name`; otherwise why not, in words that point at the file
 * ("SLOWLOG capture is empty (raw/redis_slowlog.txt)") when the bundle has a broken capture of it,
 * or at the capture that would have supplied it. Files are matched by the supplying parsers' own
 * file-name hints and by the kind they were parsed as.
 */
export function missingFact(audit: Audit, name: FactName): string | null {
  const fact = FACTS[name];
  if (fact.get(audit) !== undefined) return null;
  const from = suppliers(name);
  const issue = audit.evidenceIssues.find(
    (i) => BLOCKING.has(i.kind) && from.some((p) => p.fileNames.test(baseName(i.file))),
  );
  if (issue) return describeIssue(fact.what, issue);
  const claimed = audit.files.find((f) => fact.from.some((k) => f.kind.includes(k)));
  if (claimed) return `${fact.what} was captured (${claimed.path}) but holds nothing usable`;
  const commands = from.map((p) => `'${p.command}'`).join(' or ');
  return `no ${fact.what} captured${commands ? ` (from ${commands})` : ''}`;
}

/** Every missing fact of a rule, as reasons; empty when it can run. */
export function missingFacts(audit: Audit, names: readonly FactName[]): string[] {
  return names.map((r) => missingFact(audit, r)).filter((r): r is string => r !== null);
}
