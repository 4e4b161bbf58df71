import { parserList } from '../../core/index.ts';
import { defineListCommand } from '../common-args.ts';

export default defineListCommand(
  { name: 'kinds', description: 'List every evidence kind evidex reads: parser id, capture command, file names.' },
  () =>
    parserList.map((p) => ({
      id: p.id,
      command: p.command,
      description: p.description,
      fileNames: p.fileNames.source,
      streams: p.read !== undefined,
    })),
  (k, width) => `${k.id.padEnd(width)}  ${k.command}\n${' '.repeat(width)}  ${k.description}`,
);
