import { defineCommand } from 'citty';
import { diffAudits } from '../../core/index.ts';
import { formatDiffMarkdown, formatDiffText, isReversed } from '../../core/index.ts';
import { EvidenceUnusable, EvidexError } from '../../core/index.ts';
import { isAtOrAbove, unusableReason } from '../../core/index.ts';
import { colorArg, configArg, reportArgRules, reportArgs, reportSettings, writeReport } from '../common-args.ts';
import { analyzePath } from '../../node/analyze-path.ts';
import { limitArgs } from '../limit-args.ts';
import { usageError } from '../usage-error.ts';

export const argRules = reportArgRules('fail-on-new');

export default defineCommand({
  meta: {
    name: 'diff',
    description:
      'Compare two audits of the same host (folders or tarballs): new, ' +
      'resolved and persisting findings, inventory, metrics.',
  },
  args: {
    before: { type: 'positional', description: 'The earlier bundle', required: true },
    after: { type: 'positional', description: 'The later bundle', required: true },
    ...reportArgs('the diff', 'fail-on-new', 'Exit 1 when a new finding at this priority or above appeared', {
      hint: false,
    }),
    host: {
      type: 'string',
      description: 'Treat both bundles as this host even if their hostnames differ',
      valueHint: 'NAME',
    },
    config: configArg('Config file applied to both audits'),
    color: colorArg,
    ...limitArgs,
  },
  async run({ args }) {
    const { format, failOn, config, limits } = await reportSettings(args, 'fail-on-new');
    const opts = { ...(config ? { config } : {}), limits };
    const [before, after] = [(await analyzePath(args.before, opts)).audit, (await analyzePath(args.after, opts)).audit];
    for (const [path, audit] of [
      [args.before, before],
      [args.after, after],
    ] as const) {
      const unusable = unusableReason(audit);
      if (unusable) throw new EvidexError(EvidenceUnusable, path, unusable);
    }
    let d;
    try {
      d = diffAudits(before, after, args.host ? { host: args.host } : {});
    } catch (err) {
      throw usageError((err as Error).message);
    }
    if (format === 'json' && isReversed(d))
      process.stderr.write('evidex: warning: "before" was captured after "after"; pass the earlier bundle first\n');
    await writeReport(format, d, { markdown: formatDiffMarkdown, text: formatDiffText }, args.color);
    if (failOn) process.exitCode = d.findings.new.some((f) => isAtOrAbove(f.priority, failOn)) ? 1 : 0;
  },
});
