#!/usr/bin/env node
import { defineCommand, renderUsage, runCommand, type CommandDef } from 'citty';
import { EvidexError } from '../core/errors.ts';
import { TOOL_VERSION } from '../core/version.ts';

const cli = defineCommand({
  meta: { name: 'evidex', version: TOOL_VERSION, description: 'Analyze production evidence bundles offline: findings P0–P3, report site, diffs over time.' },
  subCommands: {
    analyze: () => import('./commands/analyze.ts').then((m) => m.default),
    rules: () => import('./commands/rules.ts').then((m) => m.default),
    schema: () => import('./commands/schema.ts').then((m) => m.default),
    redact: () => import('./commands/redact.ts').then((m) => m.default),
    build: () => import('./commands/build.ts').then((m) => m.default),
    diff: () => import('./commands/diff.ts').then((m) => m.default),
  },
});

/** Usage text on stdout; colour codes stripped unless stdout is a terminal and NO_COLOR is unset. */
async function printUsage(cmd: CommandDef, parent?: CommandDef): Promise<void> {
  const text = await renderUsage(cmd, parent);
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  process.stdout.write(`${color ? text : text.replace(/\x1b\[[0-9;]*m/g, '')}\n`);
}

/** Exit codes: 0 clean, 1 findings at or above --fail-on (or new findings in a diff), 2 usage or tool error. */
async function main(argv: string[]): Promise<void> {
  const help = argv.some((a) => a === '--help' || a === '-h');
  if (argv.length === 0 || (help && !argv.some((a) => !a.startsWith('-')))) {
    await printUsage(cli);
    return;
  }
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return;
  }
  if (help) {
    const sub = await (cli.subCommands as Record<string, () => Promise<CommandDef>>)[argv.find((a) => !a.startsWith('-'))!]?.();
    await printUsage(sub ?? cli, sub ? cli : undefined);
    return;
  }
  await runCommand(cli, { rawArgs: argv });
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof EvidexError || (err instanceof Error && /^(Bundle\w*Error|BundleLimitError)$/.test(err.name))) {
    process.stderr.write(`evidex: ${err.message}\n`);
  } else if (err instanceof Error && (err.name === 'CLIError' || /^E_/.test(String((err as { code?: unknown }).code)))) {
    process.stderr.write(`evidex: ${err.message}\nRun 'evidex --help' for usage.\n`);
  } else {
    process.stderr.write(`evidex: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exitCode = 2;
}
