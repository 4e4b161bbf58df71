import { describe, expect, it } from 'vitest';
import { hostDiskUsage } from '../../../src/core/rules/host/disk-usage.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { sampleDisks, sampleHost } from './host-sample.ts';

describe('host/disk-usage', () => {
  it('reports / at 74% (P2) once, ignoring overlay, tmpfs and efivarfs lines', () => {
    const { reports, notes } = evaluateRule(hostDiskUsage, makeAudit({ host: sampleHost() }));
    expect(reports.map((r) => [r.subject, r.priority, r.observed, r.threshold])).toEqual([['mount:/', 'P2', 74, 70]]);
    expect(reports[0]?.evidence).toEqual([{ file: 'raw/system_context.txt', startLine: 17, endLine: 17 }]);
    expect(notes.filter((n) => n.includes('skipped'))).toHaveLength(7);
  });

  it('grades 85% as P1 and 96% as P0', () => {
    const disks = sampleDisks().map((d) =>
      d.mount === '/' ? { ...d, usePercent: 96 } : d.mount === '/boot/efi' ? { ...d, usePercent: 85 } : d,
    );
    const { reports } = evaluateRule(hostDiskUsage, makeAudit({ host: sampleHost({ disks }) }));
    expect(reports.map((r) => [r.subject, r.priority])).toEqual([
      ['mount:/', 'P0'],
      ['mount:/boot/efi', 'P1'],
    ]);
  });

  it('reports nothing below 70%, even when overlay mounts say 99%', () => {
    const disks = sampleDisks().map((d) => ({
      ...d,
      usePercent: d.filesystem === 'overlay' ? 99 : Math.min(d.usePercent, 50),
    }));
    expect(evaluateRule(hostDiskUsage, makeAudit({ host: sampleHost({ disks }) })).reports).toEqual([]);
  });
});
