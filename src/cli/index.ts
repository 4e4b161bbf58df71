#!/usr/bin/env node
// evidex from the sources (`node src/cli/index.ts …`, Node strips the types); the published package runs
// the same runCli compiled (bin/evidex.cjs).
import { runCli } from './main.ts';

await runCli(process.argv.slice(2));
