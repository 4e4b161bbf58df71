import { relative } from 'node:path';
import { defineCommand } from 'citty';
import { addCapture } from '../../node/collect/add.ts';

export default defineCommand({
  meta: {
    name: 'add',
    description:
      'File a capture tarball under the evidence folder as <host>-<capture time>/, ' +
      'checked against its manifest; a capture already filed is refused.',
  },
  args: {
    capture: { type: 'positional', description: 'Tarball from evidex collect or the collector script', required: true },
    to: { type: 'string', description: 'Evidence folder (default evidence/)', default: 'evidence', valueHint: 'dir' },
  },
  async run({ args }) {
    const added = await addCapture(args.capture, args.to);
    const rel = relative(process.cwd(), added.dir);
    const shown = rel === '' || rel.startsWith('..') ? added.dir : rel;
    process.stderr.write(
      `evidex: filed ${args.capture} as ${shown} (${added.files} files); 'evidex build ${args.to}' includes it\n`,
    );
  },
});
