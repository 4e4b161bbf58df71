import { describe, expect, it } from 'vitest';
import { containerPrivileged } from '../../../src/core/rules/container/privileged.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { SAMPLE, SHOP_FAULTS, auditOf, auditOfFiles } from '../../helpers/issue11-audits.ts';

describe('container/privileged', () => {
  it('reports shop_debug (docker create --privileged), citing HostConfig.Privileged', async () => {
    const r = evaluateRule(containerPrivileged, await auditOf(SHOP_FAULTS));
    expect(r.reports.map((x) => [x.subject, x.observed])).toEqual([['container:shop_debug', true]]);
    expect(r.reports[0]?.title).toBe('shop_debug is configured privileged (not running: created)');
    expect(r.reports[0]?.evidence.at(-1)?.pointer).toBe('/0/HostConfig/Privileged');
  });

  it('reports nothing on the sample nor on the docker fixtures (Privileged false everywhere)', async () => {
    expect(evaluateRule(containerPrivileged, await auditOf(SAMPLE)).reports).toEqual([]);
    const a = await auditOfFiles({ 'raw/inspect_all.json': 'test/fixtures/docker-inspect/inspect-states.json' });
    const r = evaluateRule(containerPrivileged, a);
    expect(r.reports).toEqual([]);
    expect(r.notes.length).toBeGreaterThanOrEqual(9);
  });
});
