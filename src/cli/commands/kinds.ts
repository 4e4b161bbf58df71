import { defineCommand } from 'citty';
import { parserList } from '../../core/index.ts';
import { listJsonArg, writeList } from '../common-args.ts';

export default defineCommand({
  meta: {
    name: 'kinds',
    description: 'List every evidence kind evidex reads: parser id, capture command, file names.',
  },
  args: { json: listJsonArg },
  async run({ args }) {
    const list = parserList.map((p) => ({
      id: p.id,
      command: p.command,
      description: p.description,
      fileNames: p.fileNames.source,
      streams: p.read !== undefined,
    }));
    await writeList(
      list,
      args.json,
      (k, width) => `${k.id.padEnd(width)}  ${k.command}\n${' '.repeat(width)}  ${k.description}`,
    );
  },
});
