import { defineCommand } from 'citty';
import { parserList } from '../../core/index.ts';
import { writeOut } from '../output.ts';

export default defineCommand({
  meta: {
    name: 'kinds',
    description: 'List every evidence kind evidex reads: parser id, capture command, file names.',
  },
  args: { json: { type: 'boolean', description: 'Print as JSON' } },
  async run({ args }) {
    const list = parserList.map((p) => ({
      id: p.id,
      command: p.command,
      description: p.description,
      fileNames: p.fileNames.source,
      streams: p.read !== undefined,
    }));
    if (args.json) return writeOut(`${JSON.stringify(list, null, 2)}\n`);
    const width = Math.max(...list.map((k) => k.id.length));
    const rows = list.map((k) => `${k.id.padEnd(width)}  ${k.command}\n${' '.repeat(width)}  ${k.description}`);
    await writeOut(`${rows.join('\n')}\n`);
  },
});
