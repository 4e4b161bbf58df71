import { BundleLimitError, type BundleLimits } from './bundle.ts';

/** Counts entries and bytes as a bundle is read and throws BundleLimitError the moment a limit is passed. */
export interface LimitTracker {
  /** Count one entry of any type (file, folder, skipped). */
  entry(): void;
  /** Check a file's declared size before its bytes are read or allocated, then count it. */
  file(size: number): void;
  /** Total file bytes counted so far. */
  readonly totalBytes: number;
}

/** Create a tracker for one bundle read; `source` names the bundle in error messages. */
export function createLimitTracker(limits: BundleLimits, source: string): LimitTracker {
  let entries = 0;
  let total = 0;
  return {
    entry() {
      entries++;
      if (entries > limits.maxEntries) throw new BundleLimitError(source, 'maxEntries', entries, limits.maxEntries);
    },
    file(size: number) {
      if (size > limits.maxEntryBytes) throw new BundleLimitError(source, 'maxEntryBytes', size, limits.maxEntryBytes);
      if (total + size > limits.maxTotalBytes)
        throw new BundleLimitError(source, 'maxTotalBytes', total + size, limits.maxTotalBytes);
      total += size;
    },
    get totalBytes() {
      return total;
    },
  };
}

/**
 * Most bytes a legitimate tar of `limits` can decompress to: the file bytes plus, per entry, a header,
 * a long-name/pax block pair and padding, plus the end blocks and blocking-factor fill.
 */
export function maxTarStreamBytes(limits: BundleLimits): number {
  return limits.maxTotalBytes + (limits.maxEntries + 1) * 2048 + 20 * 512;
}
