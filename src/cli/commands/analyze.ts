import { defineCommand } from 'citty';
import { EvidenceUnusable, EvidexError, UnknownRule } from '../../core/index.ts';
import { formatBacklogMarkdown } from '../../core/index.ts';
import { formatSummary } from '../../core/index.ts';
import { formatExplain } from '../../core/index.ts';
import { coverageGaps, getExitCode, isPriority, unusableReason } from '../../core/index.ts';
import type { ArgRules } from '../args.ts';
import { analyzePath } from '../../node/analyze-path.ts';
import { loadConfig } from '../../node/load-config.ts';
import { getPaint, progress, writeOut } from '../output.ts';
import { usageError } from '../usage-error.ts';

export const argRules: ArgRules = {
  choices: { format: ['text', 'json', 'markdown', 'md'], 'fail-on': ['P0', 'P1', 'P2', 'P3'] },
};

export default defineCommand({
  meta: {
    name: 'analyze',
    description: 'Analyze an evidence bundle (folder, .tar, .tar.gz, .tgz): summary, findings P0–P3, evidence issues.',
  },
  args: {
    bundle: { type: 'positional', description: 'Bundle folder or tarball', required: true },
    json: { type: 'boolean', description: 'Print the Audit model as JSON (same as --format json)' },
    format: {
      type: 'string',
      description: 'Output format: text | json | markdown',
      default: 'text',
      valueHint: 'text|json|markdown',
    },
    'fail-on': {
      type: 'string',
      description: 'Exit 1 when a finding at this priority or above exists (P0…P3)',
      valueHint: 'P1',
    },
    config: {
      type: 'string',
      description: 'Config file (YAML or JSON): thresholds, priorities, rules off, accepted findings',
      valueHint: 'evidex.config.yaml',
    },
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
    color: { type: 'boolean', description: 'Colour in a terminal (NO_COLOR is respected)', default: true },
  },
  async run({ args }) {
    const format = args.json ? 'json' : args.format;
    if (!['text', 'json', 'markdown', 'md'].includes(format))
      throw usageError(`--format must be text, json or markdown (got '${format}')`);
    const failOn = args['fail-on'];
    if (failOn !== undefined && !isPriority(failOn))
      throw usageError(`--fail-on must be P0, P1, P2 or P3 (got '${failOn}')`);
    const config = loadConfig(args.config);
    const bar = progress('analyzing');
    const { audit } = await analyzePath(args.bundle, {
      ...(config ? { config } : {}),
      redact: args.redact !== false,
      onProgress: bar.update,
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
    } else if (format === 'json') {
      await writeOut(`${JSON.stringify(audit, null, 2)}\n`);
    } else if (format === 'markdown' || format === 'md') {
      await writeOut(formatBacklogMarkdown(audit));
    } else {
      await writeOut(formatSummary(audit, getPaint(process.stdout, args.color === false)));
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
    `evidex: partial evidence: ${gaps.length} part(s) of the bundle could not be read\n${[...shown, ...more].join('\n')}\n`,
  );
}
