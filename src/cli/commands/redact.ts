import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { defineCommand } from 'citty';
import { decodeText } from '../../core/bundle/decode.ts';
import { createObfuscator } from '../../core/redact/obfuscate.ts';
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
    obfuscate: { type: 'boolean', description: 'Also replace IP addresses, domains and host names with consistent stand-ins (so the bundle can leave the company)' },
    hosts: { type: 'string', description: 'Extra host names to obfuscate, comma-separated (the uname hostname is found automatically)', valueHint: 'a,b' },
    mapping: { type: 'string', description: 'With --obfuscate: write the original → stand-in mapping here (kept only where you ask)', valueHint: 'file.json' },
  },
  async run({ args }) {
    if (!args['dry-run'] && !args.out) throw usageError('redact needs --dry-run or --out <dir>');
    if (args.mapping && !args.obfuscate) throw usageError('--mapping needs --obfuscate');
    const bundle = await readBundle(args.bundle);
    const redactor = createRedactor({ key: getRedactKey() });
    const texts = bundle.files.map((f) => decodeText(f.data).text);
    // `uname -a` names the host: obfuscate it everywhere, with any names the user adds.
    const hosts = new Set((args.hosts ?? '').split(',').map((h) => h.trim()).filter(Boolean));
    for (const t of texts) for (const m of t.matchAll(/^Linux (\S+) \d/gm)) hosts.add(m[1]!);
    const obfuscator = args.obfuscate ? createObfuscator({ hosts: [...hosts] }) : undefined;
    const outDir = args.out ? resolve(args.out) : undefined;
    for (const [i, file] of bundle.files.entries()) {
      const decoded = decodeText(file.data);
      const redacted = redactor.redactText(texts[i]!, file.path).text;
      const text = obfuscator ? obfuscator.obfuscateText(redacted) : redacted;
      if (!outDir || args['dry-run']) continue;
      const target = resolve(outDir, file.path);
      // Bundle paths are already sandboxed by the reader; check again before writing anything.
      if (!target.startsWith(outDir + sep)) throw usageError(`refusing to write outside ${outDir}: ${file.path}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, decoded.issue?.kind === 'binary' ? '' : text);
    }
    if (obfuscator && args.mapping) writeFileSync(args.mapping, `${JSON.stringify(obfuscator.mapping(), null, 2)}\n`, { mode: 0o600 });
    const summary = redactor.summary();
    if (args.json) return writeOut(`${JSON.stringify(summary, null, 2)}\n`);
    const lines = summary.locations.map((l) => `${l.file}:${l.line}\t${l.kind}`);
    const total = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    lines.push(`${total} value(s) ${args['dry-run'] ? 'would be' : 'were'} redacted${total ? ': ' + Object.entries(summary.counts).map(([k, n]) => `${n} ${k}`).join(', ') : ''}${outDir && !args['dry-run'] ? ` → ${join(outDir)}` : ''}`);
    await writeOut(lines.join('\n') + '\n');
  },
});
