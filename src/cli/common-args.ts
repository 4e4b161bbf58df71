// The options several commands share (output format, colour, config file, a priority flag), defined once so
// their wording, defaults and checks cannot drift apart between commands.
import { defineCommand } from 'citty';
import { isPriority } from '../core/run/exit-code.ts';
import type { Priority } from '../core/index.ts';
import type { Paint } from '../core/index.ts';
import type { ArgRules } from './args.ts';
import { getPaint, writeOut } from './output.ts';
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

/** Print a report in the format asked for: JSON as is, else the Markdown or (coloured unless --no-color) text form. */
export async function writeReport<T>(
  format: string,
  value: T,
  forms: { markdown: (value: T) => string; text: (value: T, paint: Paint) => string },
  color: boolean | undefined,
): Promise<void> {
  if (format === 'json') await writeOut(`${JSON.stringify(value, null, 2)}\n`);
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
