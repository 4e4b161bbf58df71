import { defineCommand } from 'citty';
import {
  createObfuscator,
  createRedactor,
  createStreamDecoder,
  isStreamed,
  type BundleFile,
} from '../../core/index.ts';
import { readBundle } from '../../node/read-bundle.ts';
import { bundleLimits, limitArgs } from '../limit-args.ts';
import { getRedactKey } from '../../node/redact-key.ts';
import { realTarget, refuseOverlap, stageDir, writeFileAtomic } from '../../node/write-output.ts';
import { writeOut } from '../output.ts';
import { usageError } from '../usage-error.ts';

export default defineCommand({
  meta: {
    name: 'redact',
    description:
      'Redact the secrets in a bundle: list them (--dry-run, no values shown) or write a redacted copy (--out).',
  },
  args: {
    bundle: { type: 'positional', description: 'Bundle folder or tarball (never modified)', required: true },
    'dry-run': {
      type: 'boolean',
      description: 'List what would be redacted, file and line and kind, without the values',
    },
    out: {
      type: 'string',
      description: 'Write the redacted bundle as a new folder here (outside the bundle; must be empty or absent)',
      valueHint: 'dir',
    },
    force: {
      type: 'boolean',
      description: 'Replace a non-empty --out folder (and an existing --mapping file) as a whole',
    },
    json: { type: 'boolean', description: 'Print the list as JSON' },
    obfuscate: {
      type: 'boolean',
      description:
        'Also replace IP addresses, domains and host names with consistent ' +
        'stand-ins (so the bundle can leave the company)',
    },
    hosts: {
      type: 'string',
      description: 'Extra host names to obfuscate, comma-separated (the uname hostname is found automatically)',
      valueHint: 'a,b',
    },
    mapping: {
      type: 'string',
      description: 'With --obfuscate: write the original → stand-in mapping here (kept only where you ask)',
      valueHint: 'file.json',
    },
    ...limitArgs,
  },
  async run({ args }) {
    if (!args['dry-run'] && !args.out) throw usageError('redact needs --dry-run or --out <dir>');
    if (args['dry-run'] && args.out)
      throw usageError('--dry-run writes nothing: drop --out, or drop --dry-run to write the copy');
    if (args.mapping && !args.obfuscate) throw usageError('--mapping needs --obfuscate');
    // Refuse before reading anything: the evidence is never written to, and the mapping never goes into the copy.
    if (args.out) refuseOverlap(args.out, args.bundle);
    if (args.mapping) {
      refuseOverlap(args.mapping, args.bundle);
      if (args.out && realTarget(args.mapping).startsWith(realTarget(args.out))) {
        throw usageError(
          `--mapping '${args.mapping}' is inside --out: the mapping would undo the obfuscation of the shareable copy`,
        );
      }
    }
    const bundle = await readBundle(args.bundle, bundleLimits(args));
    const redactor = createRedactor({ key: getRedactKey() });
    const read = [];
    for (const f of bundle.files) read.push(await readText(f));
    const texts = read.map((r) => r.text);
    // `uname -a` names the host: obfuscate it everywhere, with any names the user adds.
    const hosts = new Set(
      (args.hosts ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    );
    for (const t of texts) for (const m of t.matchAll(/^Linux (\S+) \d/gm)) hosts.add(m[1]!);
    const obfuscator = args.obfuscate ? createObfuscator({ hosts: [...hosts] }) : undefined;
    const staged = args.out ? stageDir(args.out, { force: args.force === true }) : undefined;
    try {
      for (const [i, file] of bundle.files.entries()) {
        const redacted = redactor.redactText(texts[i]!, file.path).text;
        const text = obfuscator ? obfuscator.obfuscateText(redacted) : redacted;
        staged?.write(file.path, read[i]!.binary ? '' : text);
      }
      staged?.commit();
    } catch (err) {
      staged?.abort();
      throw err;
    }
    if (obfuscator && args.mapping) {
      writeFileAtomic(args.mapping, `${JSON.stringify(obfuscator.mapping(), null, 2)}\n`, {
        force: args.force === true,
        mode: 0o600,
      });
    }
    const summary = redactor.summary();
    if (args.json) return writeOut(`${JSON.stringify(summary, null, 2)}\n`);
    const lines = summary.locations.map((l) => `${l.file}:${l.line}\t${l.kind}${l.count ? ` ×${l.count}` : ''}`);
    const total = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    const kinds = total
      ? `: ${Object.entries(summary.counts)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}`
      : '';
    lines.push(
      `${total} value(s) ${args.out ? 'were' : 'would be'} redacted${kinds}${args.out ? ` → ${args.out}` : ''}`,
    );
    await writeOut(lines.join('\n') + '\n');
  },
});

/**
 * A bundle file's decoded text, read through its stream when it has one (a large tarball entry has
 * no bytes to hand over whole), with the same decoding the analysis uses.
 */
async function readText(file: BundleFile): Promise<{ text: string; binary: boolean }> {
  const decoder = createStreamDecoder();
  const parts: string[] = [];
  if (isStreamed(file)) for await (const chunk of file.open()) parts.push(decoder.push(chunk));
  else parts.push(decoder.push(file.data));
  parts.push(decoder.end());
  return { text: parts.join(''), binary: decoder.issue?.kind === 'binary' };
}
