import type { Analysis, AnalyzeOptions } from '../core/index.ts';
import { analyzeBundle } from '../core/run/analyze.ts';
import type { BundleLimits } from '../core/index.ts';
import { fileSize } from '../core/bundle/bundle.ts';
import { nodePlatform } from './platform.ts';
import { readBundle } from './read-bundle.ts';
import { loadManualFindings } from './manual-findings.ts';
import { getRedactKey } from './redact-key.ts';
import { withV8Settings } from './v8-settings.ts';

/** Read a bundle from disk (folder or tarball), join its manual findings, and analyze it. */
export async function analyzePath(
  path: string,
  options: Omit<AnalyzeOptions, 'manualFindings' | 'redactKey'> & {
    limits?: Partial<BundleLimits>;
    contentDir?: string;
  } = {},
): Promise<Analysis> {
  const { limits, contentDir, ...rest } = options;
  const bundle = await readBundle(path, limits);
  const manual = await loadManualFindings(path, bundle.name, contentDir);
  bundle.issues.push(...manual.issues);
  const bytes = bundle.files.reduce((n, f) => n + fileSize(f), 0);
  return withV8Settings(bytes, () =>
    analyzeBundle(bundle, {
      ...rest,
      manualFindings: manual.findings,
      redactKey: getRedactKey(),
      platform: nodePlatform,
    }),
  );
}
