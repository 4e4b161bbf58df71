import { defineCommand } from 'citty';
import { diffAudits } from '../../core/index.ts';
import { formatDiffMarkdown, formatDiffText, isReversed } from '../../core/index.ts';
import { EvidenceUnusable, EvidexError } from '../../core/index.ts';
import { isAtOrAbove, isPriority, unusableReason } from '../../core/index.ts';
import type { ArgRules } from '../args.ts';
import { analyzePath } from '../../node/analyze-path.ts';
import { loadConfig } from '../../node/load-config.ts';
import { getPaint, writeOut } from '../output.ts';
import { usageError } from '../usage-error.ts';

export const argRules: ArgRules = {
  choices: { format: ['text', 'json', 'markdown', 'md'], 'fail-on-new': ['P0', 'P1', 'P2', 'P3'] },
};

export default defineCommand({
  meta: {
    name: 'diff',
    description:
      'Compare two audits of the same host (folders or tarballs): new, resolved and persisting findings, inventory, metrics.',
  },
  args: {
    before: { type: 'positional', description: 'The earlier bundle', required: true },
    after: { type: 'positional', description: 'The later bundle', required: true },
    json: { type: 'boolean', description: 'Print the diff as JSON (same as --format json)' },
    format: { type: 'string', description: 'Output format: text | json | markdown', default: 'text' },
    'fail-on-new': {
      type: 'string',
      description: 'Exit 1 when a new finding at this priority or above appeared',
      valueHint: 'P1',
    },
    host: {
      type: 'string',
      description: 'Treat both bundles as this host even if their hostnames differ',
      valueHint: 'NAME',
    },
    config: { type: 'string', description: 'Config file applied to both audits', valueHint: 'evidex.config.yaml' },
    color: { type: 'boolean', description: 'Colour in a terminal (NO_COLOR is respected)', default: true },
  },
  async run({ args }) {
    const format = args.json ? 'json' : args.format;
    if (!['text', 'json', 'markdown', 'md'].includes(format))
      throw usageError(`--format must be text, json or markdown (got '${format}')`);
    const failOn = args['fail-on-new'];
    if (failOn !== undefined && !isPriority(failOn))
      throw usageError(`--fail-on-new must be P0, P1, P2 or P3 (got '${failOn}')`);
    const config = loadConfig(args.config);
    const opts = config ? { config } : {};
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
    if (format === 'json') await writeOut(`${JSON.stringify(d, null, 2)}\n`);
    else if (format === 'markdown' || format === 'md') await writeOut(formatDiffMarkdown(d));
    else await writeOut(formatDiffText(d, getPaint(process.stdout, args.color === false)));
    if (failOn && isPriority(failOn))
      process.exitCode = d.findings.new.some((f) => isAtOrAbove(f.priority, failOn)) ? 1 : 0;
  },
});
