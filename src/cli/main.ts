// The CLI as one function: src/cli/index.ts runs it from the sources, bin/evidex.cjs from the compiled
// package (dist/cli/evidex.cjs, built from this file).
import { renderUsage, runCommand, type CommandDef } from 'citty';
import { EvidexError } from '../core/errors.ts';
import { EXIT } from '../core/run/exit-code.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { checkArgs, suggest, type ArgRules } from './args.ts';
import { guardStreams } from './output.ts';
import { usageError } from './usage-error.ts';
import { withLoadSettings } from '../node/v8-settings.ts';

interface CommandModule {
  // Each command's own args type; only the shape matters here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own args type
  default: CommandDef<any>;
  argRules?: ArgRules;
}

/**
 * Each command, by name, with the line `evidex --help` gives it. Command `<name>` is the module `commands/<name>.ts`,
 * loaded only when run: `evidex rules` never parses a bundle, `analyze` never loads Astro.
 */
const COMMANDS: Record<string, string> = {
  analyze: 'Analyze an evidence bundle: summary, findings P0–P3, evidence issues',
  diff: 'Compare two audits of the same host',
  build: 'Build the static report site from evidence bundles',
  redact: 'List the secrets in a bundle or write a redacted copy',
  rules: 'List every rule',
  kinds: 'List every evidence kind and its capture command',
  schema: 'Print the JSON Schema of `analyze --json`',
  timeline: 'Every timestamp in a bundle, in order, with its evidence',
  serve: 'Serve a built report site on this machine (loopback)',
  collect: 'Capture this host read-only into a bundle',
  collector: 'Print the POSIX sh collector',
  add: 'File a capture under the evidence folder',
  export: 'Export an audit: html, pdf, md, json, sarif, junit',
};

const TOP_USAGE = `evidex ${TOOL_VERSION}: analyze production evidence bundles offline (findings P0–P3, site, diffs).

Usage: evidex <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([n, description]) => `  ${n.padEnd(9)} ${description}`)
  .join('\n')}

Run 'evidex <command> --help' for a command's arguments and options.

Exit codes:
  0  clean (no finding at or above --fail-on)
  1  findings at or above --fail-on (diff: new findings at or above --fail-on-new)
  2  usage or tool error
  3  evidence unusable: no recognised file, every archive entry rejected, or the archive damaged before
     its first file
`;

/** Usage text on stdout; colour codes stripped unless stdout is a terminal and NO_COLOR is unset. */
async function printUsage(cmd: CommandDef): Promise<void> {
  const text = await renderUsage(cmd, { meta: { name: 'evidex' } });
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  process.stdout.write(`${color ? text : text.replace(/\x1b\[[0-9;]*m/g, '')}\n`);
}

const isHelp = (a: string) => a === '--help' || a === '-h';

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || (isHelp(name) && rest.length === 0)) {
    process.stdout.write(TOP_USAGE);
    return;
  }
  if ((name === '--version' || name === '-v') && rest.length === 0) {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return;
  }
  // Own keys only, as the name picks the module imported below: 'constructor' or '../x' is no command.
  if (!Object.hasOwn(COMMANDS, name)) {
    const what = name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`;
    const near = suggest(name.replace(/^-+/, ''), name.startsWith('-') ? ['help', 'version'] : Object.keys(COMMANDS));
    const hint = near ? ` (did you mean ${name.startsWith('-') ? '--' : ''}${near}?)` : '';
    const commands = Object.keys(COMMANDS).join(', ');
    throw usageError(`${what}${hint}\nUsage: evidex <command> [options]; commands: ${commands}`);
  }
  const mod = await withLoadSettings(async () => {
    // zod reads `jitless` when a schema is built, so it must be set before any command's schemas exist.
    (await import('./zod-config.ts')).configureZod();
    return (await import(`./commands/${name}.ts`)) as CommandModule;
  });
  const end = rest.indexOf('--');
  if ((end < 0 ? rest : rest.slice(0, end)).some(isHelp)) {
    await printUsage(mod.default);
    return;
  }
  checkArgs(name, mod.default.args ?? {}, rest, mod.argRules);
  await runCommand(mod.default, { rawArgs: rest });
}

/** Run evidex with `argv` (the arguments after the script): sets process.exitCode, never throws. */
export async function runCli(argv: string[]): Promise<void> {
  guardStreams();
  try {
    await main(argv);
  } catch (err) {
    reportError(err);
  }
}

function reportError(err: unknown): void {
  if (err instanceof EvidexError) {
    // Known failures (the catalogue in core/errors.ts, bundle read and limit errors): the message is the whole story.
    process.stderr.write(`evidex: ${err.message}\n`);
    // A damaged archive that yields no file is evidence that cannot be used, not a usage mistake.
    // (Matched by name: importing core/bundle here would load the tar reader for every command.)
    const reason = (err as EvidexError & { reason?: string }).reason;
    process.exitCode = err.name === 'BundleUnreadable' && reason === 'corrupt' ? EXIT.unusable : err.exitCode;
  } else if (err instanceof Error && err.name === 'CLIError') {
    process.stderr.write(`evidex: ${err.message}\nRun 'evidex --help' for usage.\n`);
    process.exitCode = EXIT.usage;
  } else {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`evidex: internal error (please report it): ${detail}\n`);
    process.exitCode = EXIT.usage;
  }
}
