import { readFileSync, statSync } from 'node:fs';
import { defineCommand } from 'citty';
import {
  EvidenceUnusable,
  EvidexError,
  getExitCode,
  isSafeBaseUrl,
  readExportInput,
  toAuditJson,
  toJunit,
  toPostmortemMarkdown,
  toSarif,
  unusableReason,
  type ExportInput,
} from '../../core/index.ts';
import { analyzePath } from '../../node/analyze-path.ts';
import { bundleLimits, limitArgs } from '../limit-args.ts';
import type { BundleLimits } from '../../core/index.ts';
import { exportHtml, exportPdf, getExportFlow, type DiagramMode } from '../../node/export/render.ts';
import { buildTimeline } from '../../core/index.ts';
import { loadConfig } from '../../node/load-config.ts';
import { refuseOverlap, writeFileAtomic } from '../../node/write-output.ts';
import type { ArgRules } from '../args.ts';
import { priorityArg, priorityFlag } from '../common-args.ts';
import { progress } from '../output.ts';
import { usageError } from '../usage-error.ts';
import { warnPartial } from './analyze.ts';

const FORMATS = ['html', 'pdf', 'md', 'markdown', 'json', 'sarif', 'junit'] as const;

export const argRules: ArgRules = {
  choices: { format: FORMATS, 'fail-on': ['P0', 'P1', 'P2', 'P3'], diagram: ['auto', 'svg', 'script', 'none'] },
};

export default defineCommand({
  meta: {
    name: 'export',
    description:
      'Export an audit for a postmortem, a ticket or a dashboard: one self-contained ' +
      'HTML file, PDF, Markdown, JSON, SARIF 2.1.0 or JUnit XML.',
  },
  args: {
    input: {
      type: 'positional',
      description: 'Bundle (folder or tarball) or an analysis JSON (analyze --json)',
      required: true,
    },
    format: {
      type: 'string',
      description: 'html | pdf | md | json | sarif | junit',
      required: true,
      valueHint: 'html',
    },
    out: {
      type: 'string',
      description: 'File to write (atomically; never inside the evidence)',
      required: true,
      valueHint: 'FILE',
    },
    force: { type: 'boolean', description: 'Replace --out if it exists' },
    'base-url': {
      type: 'string',
      description: 'Where the report site is published: every finding links to its permalink, rules to their doc page',
      valueHint: 'https://…',
    },
    'fail-on': priorityArg(
      'JUnit: findings at this priority or above are failed tests (default P1). Any format: exit 1 when one exists',
    ),
    diagram: {
      type: 'string',
      description:
        'HTML flow diagram: svg (drawn now by headless Chromium), script (Mermaid ' +
        'inlined), none; auto: svg when Chromium is present',
      default: 'auto',
      valueHint: 'auto|svg|script|none',
    },
    config: {
      type: 'string',
      description: 'Config file (as for analyze) when the input is a bundle',
      valueHint: 'evidex.config.yaml',
    },
    ...limitArgs,
  },
  async run({ args }) {
    const format = args.format === 'markdown' ? 'md' : args.format;
    const failOn = priorityFlag('fail-on', args['fail-on']);
    const baseUrl = args['base-url'];
    if (baseUrl !== undefined && !isSafeBaseUrl(baseUrl))
      throw usageError(`--base-url must be an http(s) URL without credentials (got '${baseUrl}')`);
    if (args.out === '-')
      throw usageError('--out needs a file name (exports are files; use analyze --format for stdout)');
    // Refuse before reading anything: nothing is ever written into the evidence.
    refuseOverlap(args.out, args.input);
    const input = await readInput(args.input, args.config, bundleLimits(args));
    if (baseUrl) input.baseUrl = baseUrl;
    // The postmortem's timeline: every timestamp the evidence holds, each with its citation and incident.
    input.timeline ??= buildTimeline(input.audit).events;
    const bar = format === 'pdf' || format === 'html' ? progress(`exporting ${format}`) : undefined;
    const data = await render(format, input, failOn, args.diagram as DiagramMode);
    bar?.done();
    writeFileAtomic(args.out, data, { force: args.force === true });
    process.exitCode = getExitCode(input.audit.findings, failOn);
  },
});

async function readInput(
  path: string,
  configPath: string | undefined,
  limits: Partial<BundleLimits>,
): Promise<ExportInput> {
  if (statSync(path, { throwIfNoEntry: false })?.isFile() && /\.json$/i.test(path)) {
    if (configPath) throw usageError('--config applies to a bundle; an analysis JSON was already judged');
    return readExportInput(path, readFileSync(path, 'utf8'));
  }
  const config = await loadConfig(configPath);
  const { audit, evidence } = await analyzePath(path, { ...(config ? { config } : {}), limits, redact: true });
  const unusable = unusableReason(audit);
  if (unusable) throw new EvidexError(EvidenceUnusable, path, unusable);
  warnPartial(audit);
  return { audit, evidence };
}

async function render(
  format: string,
  input: ExportInput,
  failOn: 'P0' | 'P1' | 'P2' | 'P3' | undefined,
  diagram: DiagramMode,
): Promise<string | Uint8Array> {
  switch (format) {
    case 'html':
      return (await exportHtml(input, diagram)).html;
    case 'pdf':
      return exportPdf(input);
    case 'md':
      return toPostmortemMarkdown(input, { mermaid: getExportFlow(input).mermaid });
    case 'json':
      return toAuditJson(input.audit);
    case 'sarif':
      return `${JSON.stringify(toSarif(input), null, 2)}\n`;
    case 'junit':
      return toJunit(input, failOn ? { failOn } : {});
    default:
      throw usageError(`--format must be ${FORMATS.join(', ')} (got '${format}')`);
  }
}
