import type { EvidenceIssue, EvidenceIssueKind } from '../../model/evidence.ts';
import type { MessageData } from '../../format/message.ts';
import type { MessageId, Messages, Report, RuleContext } from '../define-rule.ts';

// Shared by the evidence/* rules: what a capture was for, so a finding can say what the audit missed.

const CAPTURES: ReadonlyArray<[RegExp, string, string]> = [
  [/slowlog/i, 'SLOWLOG', "which Redis commands are slow (it cannot tell 'no slow commands' from 'not captured')"],
  [
    /compose/i,
    'compose file list',
    'how the services are meant to be configured: ports, limits, restart policies, healthchecks',
  ],
  [
    /inspect/i,
    'docker inspect',
    "this container's configuration: memory limits, restart count, OOM kills, health probe output, " +
      'environment and networks',
  ],
  [/logs?_/i, 'container log', "this container's recent errors, stack traces and HTTP responses"],
  [/health/i, 'health check', 'whether this service answers and how its dependencies are doing'],
  [
    /stream.*len|xlen/i,
    'stream lengths',
    'which stream each length belongs to, so backlog size cannot be tied to a stream',
  ],
  [/group|xinfo/i, 'consumer groups', 'consumer group lag and pending entries for the stream'],
  [/sample|xrange|xrevrange/i, 'stream sample', 'what the stream entries contain'],
  [/client.?list/i, 'CLIENT LIST', 'who is connected to Redis'],
  [/info/i, 'INFO', 'Redis memory, persistence and throughput counters'],
  [/stream.?keys|keys|scan/i, 'key list', 'which streams and keys exist'],
  [/docker_?ps|ps\.txt/i, 'docker ps', 'which containers run and their state'],
  [/system|uname|free|df|uptime/i, 'system context', 'host memory, disks, uptime and versions'],
];

/** What the capture in `path` was meant to show, judged from its name. */
export function describeCapture(path: string): { what: string; lost: string } {
  const base = path.split('/').pop() ?? path;
  for (const [re, what, lost] of CAPTURES) if (re.test(base)) return { what, lost };
  return { what: 'capture', lost: 'whatever this command was meant to record' };
}

/** Issues of one kind, grouped by file (a file may have several). */
export function issuesByFile(
  evidenceIssues: readonly EvidenceIssue[],
  kind: EvidenceIssueKind,
): Map<string, EvidenceIssue[]> {
  const map = new Map<string, EvidenceIssue[]>();
  for (const issue of evidenceIssues) {
    if (issue.kind !== kind) continue;
    map.set(issue.file, [...(map.get(issue.file) ?? []), issue]);
  }
  return map;
}

/** Which of a rule's messages say a file's finding, and the data beyond what every such finding has. */
export interface IssueWords<Msgs extends Messages> {
  messageId: MessageId<Msgs>;
  explain?: ReadonlyArray<MessageId<Msgs> | false | undefined>;
  fixId?: MessageId<Msgs>;
  data?: MessageData;
}

/**
 * Report one P3 finding per file with an issue of `kind`; `say` picks the messages. Every message may
 * use {{file}}, {{what}} / {{What}} (the capture, e.g. 'SLOWLOG'), {{lost}} (what the audit cannot
 * see), {{message}} (the first issue's message) and {{line}} (its line, or '').
 */
export function reportIssues<Msgs extends Messages>(
  ctx: RuleContext<Record<string, unknown>, 'evidenceIssues', never, Msgs>,
  kind: EvidenceIssueKind,
  say: (file: string, issues: EvidenceIssue[], capture: { what: string; lost: string }) => IssueWords<Msgs>,
): void {
  // The message ids are checked against the rule here; the shared placeholders are filled below, and
  // a rule's own ones are checked when the runner renders them (not by the compiler, across this call).
  const report = ctx.report as (r: Report) => void;
  const byFile = issuesByFile(ctx.facts.evidenceIssues, kind);
  ctx.note(`${byFile.size} file(s) with '${kind}' issues (threshold: 0)`);
  for (const [file, issues] of byFile) {
    const capture = describeCapture(file);
    const first = issues[0];
    ctx.note(`${file}: ${issues.length} '${kind}' issue(s): ${first?.message ?? ''}`);
    const words = say(file, issues, capture);
    const lines = issues.flatMap((i) => (i.line !== undefined ? [i.line] : []));
    const start = lines.length > 0 ? Math.min(...lines) : undefined;
    const end = lines.length > 0 ? Math.max(...lines) : undefined;
    report({
      subject: `file:${file}`,
      messageId: words.messageId,
      ...(words.explain !== undefined ? { explain: words.explain } : {}),
      ...(words.fixId !== undefined ? { fixId: words.fixId } : {}),
      data: {
        file,
        what: capture.what,
        What: `${capture.what[0]?.toUpperCase()}${capture.what.slice(1)}`,
        lost: capture.lost,
        message: first?.message ?? '',
        line: first?.line ?? '',
        ...words.data,
      },
      observed: kind,
      values: { file, kind, issues: issues.length, message: first?.message ?? '', capture: capture.what },
      evidence: [start !== undefined && end !== undefined ? { file, startLine: start, endLine: end } : { file }],
    });
  }
}
