import { readFile, stat } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { Audit, EvidenceUnusable, EvidexError, unusableReason, type ErrorData } from '../../core/index.ts';
import { buildTimeline, formatTimelineMarkdown, formatTimelineText } from '../../core/timeline/index.ts';
import { colorArg, configArg, formatArgs, reportArgRules, writeReport } from '../common-args.ts';
import { analyzePath } from '../../node/analyze-path.ts';
import { bundleLimits, limitArgs } from '../limit-args.ts';
import type { BundleLimits } from '../../core/index.ts';
import { loadConfig } from '../../node/load-config.ts';
import { progress } from '../output.ts';
import { usageError } from '../usage-error.ts';

export const argRules = reportArgRules();

/** An analysis.json that is not an Audit `evidex analyze --json` wrote. */
const AnalysisInvalid = {
  name: 'AnalysisInvalid',
  title: 'Not an analysis file.',
  message: (file: string, why: string) =>
    `'${file}' is not an analysis written by 'evidex analyze --json': ${why}. Pass that file, or the bundle itself.`,
} satisfies ErrorData<[string, string]>;

export default defineCommand({
  meta: {
    name: 'timeline',
    description:
      'One chronological view of every timestamp in a bundle (or an analysis.json): container starts, probes, ' +
      'log bursts, Redis start, stream ids, SLOWLOG, the capture; each with its evidence, clock skew flagged.',
  },
  args: {
    input: { type: 'positional', description: 'Bundle folder, tarball, or analysis.json', required: true },
    ...formatArgs('the timeline'),
    'skew-tolerance': {
      type: 'string',
      description: 'Seconds two clocks may disagree before it is reported as skew (default 300)',
      valueHint: 'SECONDS',
    },
    config: configArg('Config file applied when analyzing a bundle'),
    color: colorArg,
    ...limitArgs,
  },
  async run({ args }) {
    const format = args.json ? 'json' : args.format;
    const tolerance = args['skew-tolerance'];
    if (tolerance !== undefined && !/^\d{1,7}$/.test(tolerance))
      throw usageError(`--skew-tolerance must be a whole number of seconds (got '${tolerance}')`);
    const audit = await readAudit(args.input, args.config, bundleLimits(args));
    const timeline = buildTimeline(audit, tolerance !== undefined ? { skewToleranceSeconds: Number(tolerance) } : {});
    await writeReport(format, timeline, { markdown: formatTimelineMarkdown, text: formatTimelineText }, args.color);
  },
});

/** The Audit of a bundle (analyzed now, redacted) or of an analysis.json written earlier (validated). */
async function readAudit(input: string, configPath: string | undefined, limits: Partial<BundleLimits>): Promise<Audit> {
  const info = await stat(input).catch(() => undefined);
  if (info?.isFile() && /\.json$/i.test(input)) {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(input, 'utf8'));
    } catch (err) {
      throw new EvidexError(AnalysisInvalid, input, `not JSON (${(err as Error).message})`);
    }
    // The site's data files wrap the Audit with its evidence: { audit, evidence }.
    const candidate =
      value !== null && typeof value === 'object' && 'audit' in value && !('schemaVersion' in value)
        ? (value as { audit: unknown }).audit
        : value;
    const parsed = Audit.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(top level)'}: ${issue.message}` : 'unknown shape';
      throw new EvidexError(AnalysisInvalid, input, where);
    }
    return parsed.data;
  }
  const config = await loadConfig(configPath);
  const bar = progress('analyzing');
  const { audit } = await analyzePath(input, {
    ...(config ? { config } : {}),
    limits,
    onProgress: bar.update,
    onBytes: bar.bytes,
  });
  bar.done();
  const unusable = unusableReason(audit);
  if (unusable) throw new EvidexError(EvidenceUnusable, input, unusable);
  return audit;
}
