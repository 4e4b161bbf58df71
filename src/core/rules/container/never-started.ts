import { defineRule } from '../define-rule.ts';
import {
  containerRefs,
  containerSubject,
  fileNamesContainer,
  inspectField,
  logOf,
  neverStarted,
} from './container-support.ts';

/** A container that exists but never ran: a deploy step that did not finish, or a leftover. */
export const containerNeverStarted = defineRule({
  id: 'container/never-started',
  title: 'Container was created but never started',
  priority: 'P2',
  category: 'availability',
  description:
    'Reports containers in state created whose State.StartedAt is the zero time (0001-01-01): they never ' +
    'ran, so they have no logs either.',
  fix:
    'Start it (`docker start <name>`, or `docker compose up -d <service>`) if it should run; remove it ' +
    '(`docker rm <name>`) if it is a leftover of an old deploy.',
  messages: {
    never: '{{container}} was created and never started',
    neverAgo: '{{container}} was created {{createdAt:time}} and never started',
    zeroStart: [
      'Docker records no start for it (State.StartedAt is the zero time 0001-01-01) and its state is created:',
      'its command has never run, so whatever it is meant to do has never been done.',
    ],
    psOnly: 'docker ps lists it as Created: its command has never run.',
    emptyLog: 'That is also why its log capture is empty: a container that never ran has written nothing.',
    causes: [
      'Usually a deploy step that created it and failed before starting it (a port or name conflict, a missing',
      'dependency), a `docker create` left behind, or a one-off job that was never run.',
    ],
  },
  requires: ['containers'],
  uses: ['logs', 'evidenceIssues'],
  defaults: {},
  evaluate(ctx) {
    const logs = ctx.facts.logs ?? [];
    for (const c of ctx.facts.containers) {
      const never = neverStarted(c);
      ctx.note(
        `${c.name}: state ${c.inspect?.state ?? c.state}, StartedAt ${c.inspect?.startedAt ?? 'n/a'} ` +
          '(threshold: created, never started)',
      );
      if (!never) continue;
      const log = logOf(logs, c);
      const emptyLog = (ctx.facts.evidenceIssues ?? []).find(
        (i) => i.kind === 'empty-capture' && fileNamesContainer(i.file, c.name),
      );
      const createdAt = c.inspect?.createdAt;
      const evidence = [
        ...containerRefs(c),
        ...(c.inspect ? [inspectField(c.inspect, '/State/Status'), inspectField(c.inspect, '/State/StartedAt')] : []),
      ];
      ctx.report({
        subject: containerSubject(c),
        messageId: createdAt !== undefined ? 'neverAgo' : 'never',
        explain: [
          c.inspect ? 'zeroStart' : 'psOnly',
          (log !== undefined && log.lines === 0) || emptyLog !== undefined ? 'emptyLog' : undefined,
          'causes',
        ],
        data: { container: c.name, createdAt: createdAt ?? '' },
        observed: 'created',
        threshold: 'started at least once',
        values: {
          container: c.name,
          state: 'created',
          ...(c.inspect?.startedAt !== undefined ? { startedAt: c.inspect.startedAt } : {}),
          ...(createdAt !== undefined ? { createdAt } : {}),
        },
        evidence: [...evidence, ...(emptyLog !== undefined ? [{ file: emptyLog.file }] : [])],
        ...(emptyLog !== undefined
          ? {
              links: [{ type: 'related' as const, ruleId: 'evidence/empty-capture', subject: `file:${emptyLog.file}` }],
            }
          : {}),
      });
    }
  },
});
