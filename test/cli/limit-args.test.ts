// The limit flags the bundle-limit errors name exist, on every command that reads a bundle, and set the limits.
import { describe, expect, it } from 'vitest';
import { LIMIT_FLAGS } from '../../src/core/index.ts';
import { bundleLimits, limitArgs, parseSize } from '../../src/cli/limit-args.ts';
import { evidex, SAMPLE } from './run-cli.ts';

describe('limit flags', () => {
  it('defines every flag a limit error tells the user to raise', () => {
    expect(
      Object.values(LIMIT_FLAGS)
        .map((f) => f.slice(2))
        .sort(),
    ).toEqual(Object.keys(limitArgs).sort());
  });

  it('reads sizes with binary units and refuses anything else', () => {
    expect(parseSize('4GiB')).toBe(4 * 1024 ** 3);
    expect(parseSize('500 MiB')).toBe(500 * 1024 ** 2);
    expect(parseSize('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('2000000')).toBe(2_000_000);
    for (const bad of ['', '0', '-1', '1x', 'GiB', '1e9', '4 GiB extra']) expect(parseSize(bad)).toBeUndefined();
  });

  it('maps flags to limits and names the flag of a bad value', () => {
    expect(bundleLimits({ 'max-total-bytes': '3GiB', 'max-entries': '10', 'max-compression-ratio': '500' })).toEqual({
      maxTotalBytes: 3 * 1024 ** 3,
      maxEntries: 10,
      maxCompressionRatio: 500,
    });
    expect(bundleLimits({})).toEqual({});
    expect(() => bundleLimits({ 'max-entries': '2.5' })).toThrow(/--max-entries must be a whole number/);
    expect(() => bundleLimits({ 'max-entry-bytes': 'lots' })).toThrow(/--max-entry-bytes must be a size/);
  });

  it('a lowered limit stops the read naming its flag; the same flag raised lets it through', () => {
    const low = evidex(['analyze', SAMPLE, '--max-entries', '3']);
    expect(low.code).toBe(2);
    expect(low.stderr).toMatch(/more than 3 entries.*raise the limit with --max-entries/);
    const high = evidex(['analyze', SAMPLE, '--json', '--max-entries', '100000', '--max-total-bytes', '3GiB']);
    expect(high.code).toBe(0);
    expect(JSON.parse(high.stdout).containers).toHaveLength(33);
    for (const command of ['diff', 'timeline', 'export', 'redact']) {
      expect(evidex([command, '--help']).stdout).toContain('--max-total-bytes');
    }
  });
});
