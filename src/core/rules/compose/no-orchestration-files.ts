import type { EvidenceRef } from '../../model/evidence.ts';
import { defineRule } from '../define-rule.ts';

const CONFIG_FILES_LABEL = 'com.docker.compose.project.config_files';

/** Containers run, but the files that define them are not in the bundle. */
export const composeNoOrchestrationFiles = defineRule({
  id: 'compose/no-orchestration-files',
  title: 'No orchestration files captured',
  priority: 'P2',
  category: 'evidence',
  description:
    'Reports when the capture meant to list compose/orchestration files is empty, or when containers run and ' +
    'the bundle holds no compose information at all.',
  fix:
    'Capture the compose files themselves (`docker compose ls`, then copy each listed config file, with ' +
    'secrets redacted) and keep them in version control next to an .env.example.',
  messages: {
    empty: 'Compose file capture is empty ({{emptyCaptures}}) while {{running}} containers run',
    absent: 'No compose or orchestration information in the bundle while {{running}} containers run',
    cameBackEmpty: 'The capture that should list the compose/orchestration files came back empty.',
    nothing: 'The bundle has no compose files, no `docker compose ls` output and no file list.',
    blind: [
      'Without them the audit cannot see how the services are meant to be configured: intended port bindings, memory',
      'limits, restart policies, healthchecks, dependencies and volumes. So findings about ports, limits and restarts',
      'show what is running, not what was intended, and nobody can rebuild the stack from this evidence.',
    ],
    labels: [
      "Docker's own labels show the containers were created by Compose from {{configFiles}}: that is the file to",
      'capture.',
    ],
    fixLabelled: [
      'Add to the capture script: `docker compose ls --format json` and a copy of {{configFiles}} (redact secrets);',
      'keep the file in version control.',
    ],
    fixUnlabelled: [
      'Add `docker compose ls --format json` and copies of the listed config files (secrets redacted) to the capture',
      'script, and keep them in version control.',
    ],
  },
  requires: ['host', 'evidenceIssues', 'files'],
  uses: ['containers'],
  defaults: {},
  evaluate(ctx) {
    const { host, evidenceIssues, files } = ctx.facts;
    const containers = ctx.facts.containers ?? [];
    const listed = host.composeFiles ?? [];
    const projectFiles = (host.composeProjects ?? []).flatMap((p) => p.configFiles);
    const composeCaptures = files.filter((f) => /compose/i.test(f.path.split('/').pop() ?? f.path));
    const emptyCaptures = composeCaptures.filter(
      (f) =>
        f.bytes === 0 ||
        f.kind === 'empty' ||
        evidenceIssues.some((i) => i.file === f.path && (i.kind === 'empty-capture' || i.kind === 'error-output')),
    );
    ctx.note(
      `compose files listed: ${listed.length}, compose projects' config files: ${projectFiles.length}, ` +
        `compose-named captures: ${composeCaptures.length} (${emptyCaptures.length} empty or failed), ` +
        `running containers: ${containers.length}`,
    );
    if (listed.length > 0 || projectFiles.length > 0) return;
    const capturedButEmpty = emptyCaptures.length > 0 || host.composeFiles !== undefined;
    const nothingAtAll = composeCaptures.length === 0 && host.composeFiles === undefined && containers.length > 0;
    if (!capturedButEmpty && !nothingAtAll) return;

    // Compose writes the config file path into every container it creates: name it as the file to fetch.
    const labelled = [
      ...new Set(containers.flatMap((c) => (c.inspect?.labels[CONFIG_FILES_LABEL] ?? '').split(',').filter(Boolean))),
    ];
    const labelRefs: EvidenceRef[] = containers
      .filter((c) => c.inspect?.labels[CONFIG_FILES_LABEL] !== undefined)
      .slice(0, 1)
      .flatMap((c) =>
        c.inspect !== undefined
          ? [
              {
                ...c.inspect.evidence,
                pointer:
                  `${c.inspect.evidence.pointer ?? ''}/Config/Labels/` +
                  CONFIG_FILES_LABEL.replace(/~/g, '~0').replace(/\//g, '~1'),
              },
            ]
          : [],
      );
    const evidence: EvidenceRef[] = [...emptyCaptures.map((f) => ({ file: f.path })), ...labelRefs];
    const running = containers.filter((c) => c.state === 'running').length;
    const values: Record<string, string | number> = { runningContainers: running };
    if (emptyCaptures.length > 0) values['emptyCaptures'] = emptyCaptures.map((f) => f.path).join(', ');
    if (labelled.length > 0) values['composeConfigFiles'] = labelled.join(', ');

    ctx.report({
      subject: 'compose',
      messageId: capturedButEmpty ? 'empty' : 'absent',
      explain: [capturedButEmpty ? 'cameBackEmpty' : 'nothing', 'blind', labelled.length > 0 && 'labels'],
      fixId: labelled.length > 0 ? 'fixLabelled' : 'fixUnlabelled',
      data: {
        emptyCaptures: emptyCaptures.map((f) => f.path).join(', ') || 'no files listed',
        running,
        configFiles: labelled.join(', '),
      },
      observed: capturedButEmpty ? 'empty' : 'absent',
      threshold: 'at least one compose file',
      values,
      evidence: evidence.length > 0 ? evidence : host.evidence.slice(0, 1),
      links: emptyCaptures.map((f) => ({
        type: 'related' as const,
        ruleId: 'evidence/empty-capture',
        subject: `file:${f.path}`,
      })),
    });
  },
});
