// The flags that raise (or lower) the caps on what a bundle may hold: every command that reads a bundle takes
// them, and the limit errors name them (LIMIT_FLAGS), so a user told "raise the limit with --max-total-bytes"
// can do exactly that.
import { type BundleLimits, DEFAULT_LIMITS, LIMIT_FLAGS } from '../core/bundle/bundle.ts';
import { usageError } from './usage-error.ts';

const BYTES_HELP = 'bytes, or with a unit: 4GiB, 500MiB, 64KiB';

/** citty definitions of the four limit flags. */
export const limitArgs = {
  'max-total-bytes': {
    type: 'string',
    description: `Largest total content of a bundle (${BYTES_HELP}; default 2GiB)`,
    valueHint: 'SIZE',
  },
  'max-entry-bytes': {
    type: 'string',
    description: `Largest single file of a bundle (${BYTES_HELP}; default 1GiB)`,
    valueHint: 'SIZE',
  },
  'max-entries': {
    type: 'string',
    description: `Most entries (files, folders) a bundle may hold (default ${DEFAULT_LIMITS.maxEntries})`,
    valueHint: 'N',
  },
  'max-compression-ratio': {
    type: 'string',
    description:
      'Largest gzip expansion ratio before an archive is taken for a bomb ' +
      `(default ${DEFAULT_LIMITS.maxCompressionRatio})`,
    valueHint: 'N',
  },
} as const;

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/** A size such as '4GiB', '1.5g', '500 MiB' or '2000000' in bytes (binary units; kB and KiB alike). */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const scale = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (m === null || scale === undefined) return undefined;
  const bytes = Math.floor(Number(m[1]) * scale);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

export type LimitFlagValues = { [K in keyof typeof limitArgs]?: string | undefined };

/** The limits the flags set; a value that is not a positive size or number is a usage error naming its flag. */
export function bundleLimits(args: LimitFlagValues): Partial<BundleLimits> {
  const limits: Partial<BundleLimits> = {};
  for (const key of Object.keys(LIMIT_FLAGS) as (keyof BundleLimits)[]) {
    const flag = LIMIT_FLAGS[key];
    const value = args[flag.slice(2) as keyof LimitFlagValues];
    if (value === undefined) continue;
    const bytes = key === 'maxTotalBytes' || key === 'maxEntryBytes';
    const n = bytes ? parseSize(value) : /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
    if (n === undefined || !(n > 0) || (key === 'maxEntries' && !Number.isInteger(n)))
      throw usageError(
        `${flag} must be ${bytes ? `a size (${BYTES_HELP})` : key === 'maxEntries' ? 'a whole number' : 'a number'} ` +
          `(got '${value}')`,
      );
    limits[key] = n;
  }
  return limits;
}
