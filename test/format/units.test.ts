import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatPercent, formatTime, toPercent } from '../../src/core/format/units.ts';

describe('units', () => {
  it('prints bytes in binary units with a space, one decimal below 10', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GiB');
    expect(formatBytes(2.8 * 1024 ** 3)).toBe('2.8 GiB');
    expect(formatBytes(12.4 * 1024 ** 3)).toBe('12 GiB');
    expect(formatBytes(253 * 1024 ** 2)).toBe('253 MiB');
    expect(formatBytes(3 * 1024 ** 6)).toBe('3072 PiB');
  });

  it('prints durations in the two largest units, zero parts dropped', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(-5)).toBe('0 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(372)).toBe('6 min 12 s');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(3601)).toBe('1 h');
    expect(formatDuration(8520)).toBe('2 h 22 min');
    expect(formatDuration(86400 + 59)).toBe('1 d');
    expect(formatDuration(331440)).toBe('3 d 20 h');
  });

  it('prints times in UTC and percentages from ratios', () => {
    expect(formatTime('2025-12-20T08:31:18.937Z')).toBe('2025-12-20 08:31:18 UTC');
    expect(formatTime(undefined)).toBe('unknown');
    expect(toPercent(0.8)).toBe(80);
    expect(toPercent(0.12345)).toBe(12.3);
    expect(formatPercent(0.745)).toBe('74.5%');
  });
});
