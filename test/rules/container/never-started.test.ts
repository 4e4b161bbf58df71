import { describe, expect, it } from 'vitest';
import { containerNeverStarted } from '../../../src/core/rules/container/never-started.ts';
import { evidenceEmptyCapture } from '../../../src/core/rules/evidence/empty-capture.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { SAMPLE, SHOP_FAULTS, auditOf, auditOfFiles } from '../../helpers/issue11-audits.ts';

describe('container/never-started', () => {
  it('reports shop_migrate and shop_debug (docker create only) and says their empty logs are why', async () => {
    const r = evaluateRule(containerNeverStarted, await auditOf(SHOP_FAULTS));
    expect(r.reports.map((x) => x.subject).sort()).toEqual(['container:shop_debug', 'container:shop_migrate']);
    const migrate = r.reports.find((x) => x.subject === 'container:shop_migrate');
    expect(migrate?.explanation).toContain('That is also why its log capture is empty');
    expect(migrate?.evidence.map((e) => e.pointer ?? e.file)).toEqual(
      expect.arrayContaining(['raw/docker_ps.txt', '/0/State/StartedAt', 'raw/logs_tail_shop_migrate.txt']),
    );
    expect(migrate?.links).toEqual([
      { type: 'related', ruleId: 'evidence/empty-capture', subject: 'file:raw/logs_tail_shop_migrate.txt' },
    ]);
  });

  it('the empty log of a never-started container is explained, not "capture failed"', async () => {
    const r = evaluateRule(evidenceEmptyCapture, await auditOf(SHOP_FAULTS));
    const migrate = r.reports.find((x) => x.subject === 'file:raw/logs_tail_shop_migrate.txt');
    expect(migrate?.explanation).toContain('shop_migrate was created and never started');
    expect(migrate?.explanation).not.toContain('failed, was skipped');
    // A running container's empty log keeps the usual words.
    const api = r.reports.find((x) => x.subject === 'file:raw/logs_tail_shop_api.txt');
    expect(api?.explanation).toContain('failed, was skipped');
  });

  it('reports ev_created of the docker fixtures (ps "Created" + inspect StartedAt 0001-01-01)', async () => {
    const a = await auditOfFiles({
      'raw/docker_ps.txt': 'test/fixtures/docker-ps/ps-a-states.txt',
      'raw/inspect_all.json': 'test/fixtures/docker-inspect/inspect-states.json',
    });
    expect(evaluateRule(containerNeverStarted, a).reports.map((x) => x.subject)).toEqual(['container:ev_created']);
  });

  it('reports nothing on the sample (all started)', async () => {
    expect(evaluateRule(containerNeverStarted, await auditOf(SAMPLE)).reports).toEqual([]);
  });
});
