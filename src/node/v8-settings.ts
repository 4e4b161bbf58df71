import { setFlagsFromString } from 'node:v8';

/**
 * Bundles up to this many bytes are analyzed without V8's optimizing tiers (Maglev, TurboFan). On a small
 * bundle the hot loops (redaction, the log summarizer, JSON scanning) run only a few thousand times: the
 * tiers compile them on helper threads for more CPU than they then save. Measured (CPU, medians of
 * interleaved runs): without TurboFan, the 252 KB sample and a generated 455 KiB bundle were faster (analysis
 * 0.46 → 0.38 s, 0.31 → 0.26 s), a generated 1.1 MiB one slower (0.36 → 0.42 s); without Maglev as well
 * (and while the code loads, see {@link withLoadSettings}), the sample's whole process went 0.90 → 0.82 s
 * (31 runs, a loaded machine) and the 455 KiB bundle stayed as it was (0.69, 0.70 s). Larger bundles keep
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

/** V8's optimizing tiers off, each with the flag that turns it back on. */
const TIERS_OFF = [
  ['--no-turbofan', '--turbofan'],
  ['--no-maglev', '--maglev'],
] as const;

/**
 * Run `analyze` with the V8 settings suited to a bundle of `bytes`, restored after it: V8's code cache is
 * keyed by the flags, so a chunk loaded later (an output format) still finds its cached code, and the next
 * bundle of a site build gets the settings of its own size. The flags are read while the code runs (at each
 * tier-up decision, at each resize of the young generation), so setting them here takes effect.
 */
export function withV8Settings<T>(bytes: number, analyze: () => Promise<T>): Promise<T> {
  const flags: Array<readonly [string, string]> = [];
  if (bytes <= SMALL_BUNDLE_BYTES) flags.push(...TIERS_OFF);
  if (bytes <= SMALL_HEAP_BYTES) flags.push(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
  return withFlags(flags, analyze);
}

/**
 * Load a command's code with V8's optimizing tiers (Maglev, TurboFan) off, restored after. Loading runs
 * each module's top level once (zod builds ~860 schemas at import); code that runs once never repays the
 * helper threads' compiling of it. Measured with the small-bundle setting above, in {@link SMALL_BUNDLE_BYTES}.
 */
export function withLoadSettings<T>(load: () => Promise<T>): Promise<T> {
  return withFlags(TIERS_OFF, load);
}

/** Run `run` with each flag's first form set, and its second set after it, in reverse order. */
async function withFlags<T>(flags: ReadonlyArray<readonly [string, string]>, run: () => Promise<T>): Promise<T> {
  for (const [on] of flags) setFlagsFromString(on);
  try {
    return await run();
  } finally {
    for (const [, off] of [...flags].reverse()) setFlagsFromString(off);
  }
}
