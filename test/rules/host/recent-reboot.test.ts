import { describe, expect, it } from 'vitest';
import { hostRecentReboot } from '../../../src/core/rules/host/recent-reboot.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { sampleHost } from './host-sample.ts';

describe('host/recent-reboot', () => {
  it('reports nothing for the sample (up 6 days, 12:34)', () => {
    const { reports, notes } = evaluateRule(hostRecentReboot, makeAudit({ host: sampleHost() }));
    expect(reports).toEqual([]);
    expect(notes).toEqual(['host: up 6 d 12 h (threshold: ≥ 1 d)']);
  });

  it('reports a host up 3 hours at P2, citing the uptime line', () => {
    const { reports } = evaluateRule(hostRecentReboot, makeAudit({ host: sampleHost({ uptimeSeconds: 3 * 3600 }) }));
    expect(reports.map((r) => [r.subject, r.priority ?? hostRecentReboot.priority, r.observed])).toEqual([
      ['host', 'P2', 10800],
    ]);
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/system_context.txt', startLine: 8, endLine: 8 }]);
  });
});
