import type { Audit } from '../model/audit.ts';
import type { EvidenceIssue } from '../model/evidence.ts';
import type { Requirement } from './define-rule.ts';

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

interface Need {
  /** What the requirement is, in words: 'docker inspect'. */
  what: string;
  /** Which evidence files would have provided it, by base name. */
  files: RegExp;
  /** Which parsed file kinds provide it (FileEntry.kind contains one of these). */
  kinds: readonly string[];
  available: (audit: Audit) => boolean;
}

const NEEDS: Record<Requirement, Need> = {
  containers: { what: 'docker ps', files: /(^|[_-])ps([_.-]|$)|containers/i, kinds: ['docker-ps', 'docker-inspect'], available: (a) => a.containers.length > 0 },
  inspect: { what: 'docker inspect', files: /inspect/i, kinds: ['docker-inspect'], available: (a) => a.containers.some((c) => c.inspect !== undefined) },
  'host.memory': { what: 'free (host memory)', files: /free|mem|system|context/i, kinds: ['free'], available: (a) => a.host.memory !== undefined },
  'host.disks': { what: 'df (disk usage)', files: /(^|[_-])df|disk|system|context/i, kinds: ['df'], available: (a) => a.host.disks.length > 0 },
  'host.uptime': { what: 'uptime', files: /uptime|system|context/i, kinds: ['uptime'], available: (a) => a.host.uptimeSeconds !== undefined },
  'redis.memory': { what: 'Redis INFO memory', files: /info/i, kinds: ['redis-info'], available: (a) => a.redis.memory !== undefined },
  'redis.stats': { what: 'Redis INFO stats', files: /info/i, kinds: ['redis-info'], available: (a) => Object.keys(a.redis.stats).length > 0 },
  'redis.clients': { what: 'Redis CLIENT LIST', files: /client/i, kinds: ['redis-client-list'], available: (a) => a.redis.clients.length > 0 },
  'redis.slowlog': { what: 'SLOWLOG', files: /slowlog/i, kinds: ['redis-slowlog'], available: (a) => a.redis.slowlog !== undefined },
  'redis.streams': { what: 'Redis stream keys', files: /stream|xlen|xinfo/i, kinds: ['redis-stream-keys', 'redis-xinfo-stream', 'redis-xlen'], available: (a) => a.redis.streams.length > 0 },
  'redis.groups': {
    what: 'XINFO GROUPS',
    files: /group/i,
    kinds: ['redis-xinfo-groups'],
    // An XINFO GROUPS capture with no groups is still evidence: "this stream has none".
    available: (a) => a.redis.streams.some((s) => s.groups.length > 0) || a.files.some((f) => f.kind.includes('redis-xinfo-groups')),
  },
  'redis.samples': { what: 'XRANGE / XREVRANGE stream samples', files: /sample|xrange|xrevrange/i, kinds: ['redis-xrange'], available: (a) => a.redis.streams.some((s) => s.samples.length > 0) },
  logs: { what: 'docker logs', files: /log/i, kinds: ['docker-logs'], available: (a) => a.logs.length > 0 },
  health: { what: 'HTTP health checks', files: /health/i, kinds: ['http-health'], available: (a) => a.health.length > 0 },
};

/** Issue kinds that mean a capture exists but yields no data (not 'unrecognised': that file may be anything). */
const BLOCKING: ReadonlySet<EvidenceIssue['kind']> = new Set(['empty-capture', 'error-output', 'parse-failure', 'binary', 'encoding', 'limit-exceeded']);

const baseName = (path: string): string => path.split('/').pop() ?? path;

function describeIssue(what: string, issue: EvidenceIssue): string {
  switch (issue.kind) {
    case 'empty-capture':
      return `${what} capture is empty (${issue.file})`;
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

/**
 * Null when the audit holds what `req` names; otherwise why not, in words that point at the file
 * ("SLOWLOG capture is empty (raw/redis_slowlog.txt)") when the bundle has a broken capture of it.
 */
export function missingRequirement(audit: Audit, req: Requirement): string | null {
  const need = NEEDS[req];
  if (need.available(audit)) return null;
  const issue = audit.evidenceIssues.find((i) => BLOCKING.has(i.kind) && need.files.test(baseName(i.file)));
  if (issue) return describeIssue(need.what, issue);
  const claimed = audit.files.find((f) => need.kinds.some((k) => f.kind.includes(k)));
  if (claimed) return `${need.what} was captured (${claimed.path}) but holds nothing usable`;
  return `no ${need.what} captured`;
}

/** Every unmet requirement of a rule, as reasons; empty when it can run. */
export function missingRequirements(audit: Audit, reqs: readonly Requirement[]): string[] {
  return reqs.map((r) => missingRequirement(audit, r)).filter((r): r is string => r !== null);
}
