// The options several commands share (output format, colour, config file, a priority flag), defined once so
// their wording, defaults and checks cannot drift apart between commands.
import { defineCommand } from 'citty';
import { isPriority } from '../core/run/exit-code.ts';
import type { Priority } from '../core/index.ts';
import type { Paint } from '../core/index.ts';
import type { ArgRules } from './args.ts';
import { loadConfig } from '../node/load-config.ts';
import type { EvidexConfig } from '../core/index.ts';
import type { BundleLimits } from '../core/bundle/bundle.ts';
import { bundleLimits, type LimitFlagValues } from './limit-args.ts';
import { getPaint, writeJson, writeOut } from './output.ts';
import { usageError } from './usage-error.ts';

/** Values --format takes on the commands that print a report. */
export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'md'];

/** The choices of a report command: --format, and the P0–P3 flag it has (--fail-on, --fail-on-new), if any. */
export function reportArgRules(priorityFlag?: string): ArgRules {
  return { choices: { format: OUTPUT_FORMATS, ...(priorityFlag ? { [priorityFlag]: ['P0', 'P1', 'P2', 'P3'] } : {}) } };
}

/** --json and --format; `what` names what --json prints ('the timeline'). */
export function formatArgs(what: string, { hint = true }: { hint?: boolean } = {}) {
  return {
    json: { type: 'boolean', description: `Print ${what} as JSON (same as --format json)` },
    format: {
      type: 'string',
      description: 'Output format: text | json | markdown',
      default: 'text',
      ...(hint ? { valueHint: 'text|json|markdown' } : {}),
    },
  } as const;
}

/** A report command's --json, --format and P0–P3 flag (`flag`: 'fail-on', 'fail-on-new'), in that order. */
export function reportArgs<F extends string>(what: string, flag: F, description: string, format?: { hint?: boolean }) {
  return { ...formatArgs(what, format), [flag]: priorityArg(description) } as ReturnType<typeof formatArgs> & {
    [K in F]: ReturnType<typeof priorityArg>;
  };
}

/** --color / --no-color. */
export const colorArg = {
  type: 'boolean',
  description: 'Colour in a terminal (NO_COLOR is respected)',
  default: true,
} as const;

/** --config, described for the command. */
export const configArg = (description: string) =>
  ({ type: 'string', description, valueHint: 'evidex.config.yaml' }) as const;

/** The format asked for: --json wins; anything but text, json or markdown is a usage error. */
export function outputFormat(args: { json?: boolean; format: string }): string {
  const format = args.json ? 'json' : args.format;
  if (!OUTPUT_FORMATS.includes(format)) throw usageError(`--format must be text, json or markdown (got '${format}')`);
  return format;
}

/** A P0–P3 flag (--fail-on, --fail-on-new), described for the command; read with {@link priorityFlag}. */
export const priorityArg = (description: string) => ({ type: 'string', description, valueHint: 'P1' }) as const;

/** A P0–P3 flag's value, undefined when not given; anything else is a usage error naming the flag. */
export function priorityFlag(flag: string, value: string | undefined): Priority | undefined {
  if (value !== undefined && !isPriority(value))
    throw usageError(`--${flag} must be P0, P1, P2 or P3 (got '${value}')`);
  return value;
}

/**
 * What a report command (analyze, diff) reads from the flags it shares, checked in this order: the output
 * format, its P0–P3 flag (`priority`: 'fail-on', 'fail-on-new'), the config file, the bundle limits.
 */
export async function reportSettings(
  args: LimitFlagValues & { json?: boolean; format: string; config?: string } & Record<string, unknown>,
  priority: string,
): Promise<{
  format: string;
  failOn: Priority | undefined;
  config: EvidexConfig | undefined;
  limits: Partial<BundleLimits>;
}> {
  const format = outputFormat(args);
  const value = args[priority];
  const failOn = priorityFlag(priority, typeof value === 'string' ? value : undefined);
  const config = await loadConfig(args.config);
  return { format, failOn, config, limits: bundleLimits(args) };
}

/**
 * Print a report in the format asked for: JSON in pieces (the audit of a busy host is megabytes of it, and one
 * string of it would be the run's last peak), else the Markdown or (coloured unless --no-color) text form.
 */
export async function writeReport<T>(
  format: string,
  value: T,
  forms: { markdown: (value: T) => string; text: (value: T, paint: Paint) => string },
  color: boolean | undefined,
): Promise<void> {
  if (format === 'json') await writeJson(value);
  else if (format === 'markdown' || format === 'md') await writeOut(forms.markdown(value));
  else await writeOut(forms.text(value, getPaint(process.stdout, color === false)));
}

/**
 * A listing command (`evidex rules`, `evidex kinds`): with --json the list as JSON, else one text row (or block)
 * per item, ids padded to the longest.
 */
export function defineListCommand<T extends { id: string }>(
  meta: { name: string; description: string },
  list: () => readonly T[],
  row: (item: T, idWidth: number) => string,
) {
  return defineCommand({
    meta,
    args: { json: { type: 'boolean', description: 'Print as JSON' } },
    async run({ args }) {
      const items = list();
      if (args.json) return writeOut(`${JSON.stringify(items, null, 2)}\n`);
      const width = Math.max(...items.map((item) => item.id.length));
      return writeOut(`${items.map((item) => row(item, width)).join('\n')}\n`);
    },
  });
}
