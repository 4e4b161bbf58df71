import { describe, expect, it } from 'vitest';
import { composeNoOrchestrationFiles } from '../../../src/core/rules/compose/no-orchestration-files.ts';
import { evaluateRule, makeAudit, makeContainer } from '../../helpers/audit-builder.ts';
import { sampleFleet } from '../container/sample-fleet.ts';
import { SAMPLE_FILES, SAMPLE_ISSUES } from '../evidence/evidence-sample.ts';

describe('compose/no-orchestration-files', () => {
  it('reports the empty compose_files.txt of the sample at P2 and names the compose file from the labels', () => {
    const audit = makeAudit({
      containers: sampleFleet(),
      files: SAMPLE_FILES,
      evidenceIssues: SAMPLE_ISSUES,
      host: { disks: [], evidence: [], composeVersion: 'v5.0.0' },
    });
    const { reports } = evaluateRule(composeNoOrchestrationFiles, audit);
    expect(reports.map((r) => [r.subject, r.priority ?? composeNoOrchestrationFiles.priority, r.observed])).toEqual([
      ['compose', 'P2', 'empty'],
    ]);
    expect(reports[0]?.values).toEqual({
      runningContainers: 33,
      emptyCaptures: 'raw/compose_files.txt',
      composeConfigFiles: '/home/qt/quantum_trader/docker-compose.yml',
    });
    expect(reports[0]?.links).toEqual([
      { type: 'related', ruleId: 'evidence/empty-capture', subject: 'file:raw/compose_files.txt' },
    ]);
    expect(reports[0]?.evidence).toEqual([
      { file: 'raw/compose_files.txt' },
      {
        file: 'raw/inspect_quantum_trading_bot.json',
        startLine: 1,
        endLine: 283,
        pointer: '/0/Config/Labels/com.docker.compose.project.config_files',
      },
    ]);
  });

  it('reports a bundle with running containers and no compose information at all', () => {
    const audit = makeAudit({
      containers: [makeContainer('web')],
      host: { disks: [], evidence: [{ file: 'raw/system_context.txt', startLine: 1, endLine: 1 }] },
    });
    const { reports } = evaluateRule(composeNoOrchestrationFiles, audit);
    expect(reports.map((r) => [r.subject, r.observed])).toEqual([['compose', 'absent']]);
  });

  it('reports nothing when compose files were listed', () => {
    const audit = makeAudit({
      containers: sampleFleet(),
      host: { disks: [], evidence: [], composeFiles: ['/home/qt/quantum_trader/docker-compose.yml'] },
      files: [{ path: 'raw/compose_files.txt', kind: 'file-list', bytes: 42, lines: 1, sha256: '0'.repeat(64) }],
    });
    expect(evaluateRule(composeNoOrchestrationFiles, audit).reports).toEqual([]);
  });
});
