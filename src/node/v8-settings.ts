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
 * Bundles up to this many bytes are analyzed with V8's young generation kept at the size it has when the
 * analysis starts (a growth factor of 1; V8's default, 2, doubles it up to 2 × 64 MiB while many objects
 * survive). On a bundle of many small records (20,000 CLIENT LIST clients, 500 containers: 9.7 MiB) the
 * doubled young generation was over a third of the peak RSS; kept small, the peak fell from ~290 to ~150 MiB
 * installed. On a large log the same setting costs CPU: the streaming reader's working set is copied by every
 * one of many more scavenges (a 96 MiB .tar.gz: 4.9 → 6.5 CPU s), while a 128 MiB young generation is small
 * beside such an input. So large bundles keep V8's default.
 */
export const SMALL_HEAP_BYTES = 16 * 1024 * 1024;

/**
 * Run `analyze` with the V8 settings suited to a bundle of `bytes`, restored after it: V8's code cache is
 * keyed by the flags, so a chunk loaded later (an output format) still finds its cached code, and the next
 * bundle of a site build gets the settings of its own size. Both flags are read while the code runs (at each
 * tier-up decision, at each resize of the young generation), so setting them here takes effect.
 */
export async function withV8Settings<T>(bytes: number, analyze: () => Promise<T>): Promise<T> {
  const tiers = bytes <= SMALL_BUNDLE_BYTES;
  const heap = bytes <= SMALL_HEAP_BYTES;
  if (tiers) setFlagsFromString('--no-turbofan');
  if (heap) setFlagsFromString('--semi-space-growth-factor=1');
  try {
    return await analyze();
  } finally {
    if (heap) setFlagsFromString('--semi-space-growth-factor=2');
    if (tiers) setFlagsFromString('--turbofan');
  }
}
