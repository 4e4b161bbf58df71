import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { defineCommand } from 'citty';
import { decodeText } from '../../core/bundle/decode.ts';
import { createRedactor } from '../../core/redact/redact.ts';
import { readBundle } from '../../node/read-bundle.ts';
import { getRedactKey } from '../../node/redact-key.ts';
import { writeOut } from '../output.ts';
import { usageError } from '../usage-error.ts';

export default defineCommand({
  meta: { name: 'redact', description: 'Redact the secrets in a bundle: list them (--dry-run, no values shown) or write a redacted copy (--out).' },
  args: {
    bundle: { type: 'positional', description: 'Bundle folder or tarball', required: true },
    'dry-run': { type: 'boolean', description: 'List what would be redacted, file and line and kind, without the values' },
    out: { type: 'string', description: 'Write the redacted bundle as a folder here', valueHint: 'dir' },
    json: { type: 'boolean', description: 'Print the list as JSON' },
  },
  async run({ args }) {
    if (!args['dry-run'] && !args.out) throw usageError('redact needs --dry-run or --out <dir>');
    const bundle = await readBundle(args.bundle);
    const redactor = createRedactor({ key: getRedactKey() });
    const outDir = args.out ? resolve(args.out) : undefined;
    for (const file of bundle.files) {
      const decoded = decodeText(file.data);
      const { text } = redactor.redactText(decoded.text, file.path);
      if (!outDir || args['dry-run']) continue;
      const target = resolve(outDir, file.path);
      // Bundle paths are already sandboxed by the reader; check again before writing anything.
      if (!target.startsWith(outDir + sep)) throw usageError(`refusing to write outside ${outDir}: ${file.path}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, decoded.issue?.kind === 'binary' ? '' : text);
    }
    const summary = redactor.summary();
    if (args.json) return writeOut(`${JSON.stringify(summary, null, 2)}\n`);
    const lines = summary.locations.map((l) => `${l.file}:${l.line}\t${l.kind}`);
    const total = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    lines.push(`${total} value(s) ${args['dry-run'] ? 'would be' : 'were'} redacted${total ? ': ' + Object.entries(summary.counts).map(([k, n]) => `${n} ${k}`).join(', ') : ''}${outDir && !args['dry-run'] ? ` → ${join(outDir)}` : ''}`);
    await writeOut(lines.join('\n') + '\n');
  },
});
