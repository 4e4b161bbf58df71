import { defineCommand } from 'citty';
import { collect } from '../../node/collect/run.ts';
import { COLLECT_ARGS, resolveCollectOptions } from '../../node/collect/options.ts';
import { defaultCaptureName, packCapture } from '../../node/collect/write.ts';
import { writeFileAtomic } from '../../node/write-output.ts';
import { progress } from '../output.ts';

export default defineCommand({
  meta: {
    name: 'collect',
    description:
      'Capture this host read-only (system, Docker, Redis streams, health endpoints) into a .tar.gz ' +
      'with a manifest.json. The Redis password is read from REDISCLI_AUTH only.',
  },
  args: {
    out: {
      type: 'string',
      description: 'Tarball to write (default <host>-<time>.tar.gz here)',
      valueHint: 'capture.tar.gz',
    },
    force: { type: 'boolean', description: 'Replace an existing --out file' },
    ...COLLECT_ARGS,
  },
  async run({ args, rawArgs }) {
    const options = resolveCollectOptions(args, rawArgs);
    const bar = progress('collecting');
    let n = 0;
    const capture = await collect(options, { onStep: (path) => bar.update(++n, n, path) });
    bar.done();
    const out = args.out ?? defaultCaptureName(capture);
    const data = await packCapture(capture);
    writeFileAtomic(out, data, { force: args.force === true });
    const gaps = capture.manifest.notCollected;
    process.stderr.write(
      `evidex: wrote ${out} (${capture.files.size} files, ${data.byteLength} bytes)${
        gaps.length
          ? `; not collected: ${gaps
              .map((g) => `${g.what} (${g.reason})`)
              .join(', ')
              .replace(/[\x00-\x1f\x7f-\x9f]/g, ' ')}`
          : ''
      }\n`,
    );
  },
});
