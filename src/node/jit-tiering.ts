import { setFlagsFromString } from 'node:v8';

/**
 * Bundles up to this many bytes are analyzed without V8's top tier (TurboFan). On a small bundle the hot
 * loops (redaction, the log summarizer, JSON scanning) run only a few thousand times: TurboFan compiles them
 * on a helper thread for ~0.2 s of CPU, more than they then save, while Maglev's code costs ~1 ms to make.
 * Measured (analysis CPU, medians of 5): the 252 KB sample and a generated 455 KiB bundle are faster without
 * it (0.46 → 0.38 s, 0.31 → 0.26 s), a generated 1.1 MiB one is slower (0.36 → 0.42 s). Larger bundles keep
 * every tier, so a 256 MiB log is analyzed as before.
 */
export const SMALL_BUNDLE_BYTES = 512 * 1024;

/**
 * Run `analyze` with the tiers suited to a bundle of `bytes`. The flag is restored after it: V8's code cache
 * is keyed by the flags, so a chunk loaded later (an output format) still finds its cached code.
 */
export async function withTiering<T>(bytes: number, analyze: () => Promise<T>): Promise<T> {
  if (bytes > SMALL_BUNDLE_BYTES) return analyze();
  setFlagsFromString('--no-turbofan');
  try {
    return await analyze();
  } finally {
    setFlagsFromString('--turbofan');
  }
}
