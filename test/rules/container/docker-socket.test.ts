import { describe, expect, it } from 'vitest';
import { containerDockerSocket } from '../../../src/core/rules/container/docker-socket.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { SAMPLE, SHOP_FAULTS, auditOf, auditOfFiles } from '../../helpers/issue11-audits.ts';

describe('container/docker-socket', () => {
  it('reports shop_agent (daemon socket bind-mounted read-only at /var/run/docker.sock)', async () => {
    const r = evaluateRule(containerDockerSocket, await auditOf(SHOP_FAULTS));
    expect(r.reports.map((x) => [x.subject, x.observed])).toEqual([['container:shop_agent', '/var/run/docker.sock']]);
    expect(r.reports[0]?.messageId).toBe('mountedRo');
    expect(r.reports[0]?.evidence.at(-1)?.pointer).toBe('/0/Mounts/0');
  });

  it(
    'reports nothing for other bind mounts: the sample (app code and ' +
      'data volumes) and ev_traceback (/tmp/bb:/data)',
    async () => {
      expect(evaluateRule(containerDockerSocket, await auditOf(SAMPLE)).reports).toEqual([]);
      const a = await auditOfFiles({ 'raw/inspect_all.json': 'test/fixtures/docker-inspect/inspect-states.json' });
      const r = evaluateRule(containerDockerSocket, a);
      expect(r.reports).toEqual([]);
      expect(r.notes.some((n) => n.startsWith('ev_traceback: 1 mount(s)'))).toBe(true);
    },
  );
});
