import { defineCommand } from 'citty';
// Straight to the modules, not through core/index.ts: a command chunk that reaches the barrel also loads
// every other command's core code (the exporters, Marked, the timeline, the diff) on each run.
import { EvidenceUnusable, EvidexError, UnknownRule } from '../../core/errors.ts';
import { formatBacklogMarkdown } from '../../core/format/markdown.ts';
import { formatSummary } from '../../core/format/summary.ts';
import { formatExplain } from '../../core/format/explain.ts';
import { coverageGaps, getExitCode, unusableReason } from '../../core/run/exit-code.ts';
import { colorArg, configArg, reportArgRules, reportArgs, reportSettings, writeReport } from '../common-args.ts';
import { analyzePath } from '../../node/analyze-path.ts';
import { limitArgs } from '../limit-args.ts';
import { progress, writeOut } from '../output.ts';

export const argRules = reportArgRules('fail-on');

export default defineCommand({
  meta: {
    name: 'analyze',
    description: 'Analyze an evidence bundle (folder, .tar, .tar.gz, .tgz): summary, findings P0–P3, evidence issues.',
  },
  args: {
    bundle: { type: 'positional', description: 'Bundle folder or tarball', required: true },
    ...reportArgs('the Audit model', 'fail-on', 'Exit 1 when a finding at this priority or above exists (P0…P3)'),
    config: configArg('Config file (YAML or JSON): thresholds, priorities, rules off, accepted findings'),
    explain: {
      type: 'string',
      description: 'Show why RULE did or did not fire: inputs, observed values, thresholds',
      valueHint: 'RULE',
    },
    redact: {
      type: 'boolean',
      description: 'Redact secrets (default). --no-redact shows raw values',
      default: true,
      negativeDescription: 'Show secret values unredacted (explicit opt-out)',
    },
    color: colorArg,
    ...limitArgs,
  },
  async run({ args }) {
    const { format, failOn, config, limits } = await reportSettings(args, 'fail-on');
    const bar = progress('analyzing');
    const { audit } = await analyzePath(args.bundle, {
      ...(config ? { config } : {}),
      redact: args.redact !== false,
      limits,
      onProgress: bar.update,
      onBytes: bar.bytes,
    });
    bar.done();
    const unusable = unusableReason(audit);
    if (unusable) throw new EvidexError(EvidenceUnusable, args.bundle, unusable);
    warnPartial(audit);
    if (args.explain) {
      const result = audit.rules.find((r) => r.ruleId === args.explain);
      if (!result) throw new EvidexError(UnknownRule, args.explain);
      await writeOut(
        formatExplain(
          result,
          audit.findings.filter((f) => f.ruleId === result.ruleId),
        ),
      );
    } else {
      await writeReport(format, audit, { markdown: formatBacklogMarkdown, text: formatSummary }, args.color);
    }
    process.exitCode = getExitCode(audit.findings, failOn);
  },
});

/** Partial coverage comes first, on stderr, so nobody reads a short backlog as a clean one. */
export function warnPartial(audit: Parameters<typeof coverageGaps>[0]): void {
  const gaps = coverageGaps(audit);
  if (gaps.length === 0) return;
  const shown = gaps.slice(0, 5).map((g) => `  ${g.file}: ${g.message.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ')}`);
  const more = gaps.length > 5 ? [`  … and ${gaps.length - 5} more (see Evidence issues)`] : [];
  process.stderr.write(
    `evidex: partial evidence: ${gaps.length} part(s) of the bundle could ` +
      `not be read\n${[...shown, ...more].join('\n')}\n`,
  );
}
