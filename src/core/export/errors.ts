import type { ErrorData } from '../errors.ts';

/** The input is neither a bundle nor a readable analysis JSON. */
export const ExportInputInvalid = {
  name: 'ExportInputInvalid',
  title: 'Not an analysis file.',
  message: (file: string, why: string) =>
    `'${file}' is not an evidex analysis: ${why}. ` +
    "Pass a bundle (folder or tarball) or the JSON of 'evidex analyze --json'.",
} satisfies ErrorData<[string, string]>;

/** PDF (or the pre-drawn diagram) needs a headless Chromium that is not there. */
export const ExportNeedsChromium = {
  name: 'ExportNeedsChromium',
  title: 'Headless Chromium is missing.',
  message: (format: string, missing: string) =>
    `--format ${format} prints through headless Chromium, and ${missing}. ` +
    "Install it (Debian: 'apt-get install chromium'; the npm package 'playwright-core' drives it) " +
    'or set EVIDEX_CHROMIUM to a Chromium binary, or export --format html and print that.',
} satisfies ErrorData<[string, string]>;
