// Issue 13: diff arrows showed better/worse instead of the direction; raw bytes and field names leaked;
// a swapped pair was accepted silently; an identical pair printed nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { diffAudits, type AuditDiff } from '../../src/core/diff/diff.ts';
import { formatDiffMarkdown, formatDiffText, isNoChange, isReversed, metricLabel } from '../../src/core/format/diff.ts';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';
import { LATER, SAMPLE } from './run-cli.ts';

let before: Audit;
let after: Audit;
let forward: AuditDiff;
beforeAll(async () => {
  process.env.EVIDEX_REDACT_KEY = 'diff-format-key';
  before = (await analyzePath(SAMPLE)).audit;
  after = (await analyzePath(LATER)).audit;
  forward = diffAudits(before, after);
});

const metricLine = (text: string, label: string) => text.split('\n').find((l) => l.startsWith(`  ${label}:`));

describe('diff text', () => {
  it('arrows give the direction of change, words say better or worse', () => {
    const text = formatDiffText(forward);
    // Available memory rose (▲) and that is good; containers fell (▼) and that is bad.
    expect(metricLine(text, 'memory available')).toBe('  memory available: 2.8 GiB → 5.6 GiB ▲ better');
    expect(metricLine(text, 'containers')).toBe('  containers: 33 → 32 ▼ worse');
    expect(metricLine(text, 'memory used')).toBe('  memory used: 80% → 62.7% ▼ better');
    expect(metricLine(text, 'disk / used')).toBe('  disk / used: 74% → 84% ▲ worse');
  });

  it('values are in human units and words, never raw bytes or field names', () => {
    const text = formatDiffText(forward);
    expect(text).not.toMatch(/\d{7,}/);
    expect(text).not.toMatch(/\b(availBytes|usedBytes|usePercent|host\.memory|containers\.count)\b/);
    expect(text).toContain('available 39 GiB → 24 GiB');
    expect(metricLabel('host.disk[/var].usePercent')).toBe('disk /var used');
  });

  it('warns when "before" is newer than "after"', () => {
    const reversed = diffAudits(after, before);
    expect(isReversed(reversed)).toBe(true);
    expect(isReversed(forward)).toBe(false);
    expect(formatDiffText(reversed).split('\n')[2]).toMatch(
      /^warning: "before" \(2025-12-31 05:11:30 UTC\) was captured after "after"/,
    );
    expect(formatDiffMarkdown(reversed)).toContain('> **Warning:**');
  });

  it('says "no change" for an identical pair', () => {
    const same = diffAudits(before, before);
    expect(isNoChange(same)).toBe(true);
    expect(isNoChange(forward)).toBe(false);
    expect(formatDiffText(same)).toMatch(
      // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
      /\nNo change: same findings, containers, consumer groups and metrics in both captures \(\d+ finding\(s\) persist\)\.\n$/,
    );
    expect(formatDiffMarkdown(same)).toContain('**No change**');
  });

  it('Markdown metrics carry the same arrows and labels', () => {
    const md = formatDiffMarkdown(forward);
    expect(md).toContain('| Metric | Before | After | Change |');
    expect(md).toContain('| memory available | 2.8 GiB | 5.6 GiB | ▲ better |');
  });
});
