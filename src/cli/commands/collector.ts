import { defineCommand } from 'citty';
import { COLLECT_ARGS, resolveCollectOptions } from '../../node/collect/options.ts';
import { generateCollectorScript } from '../../node/collect/script.ts';
import { writeOut } from '../output.ts';

export default defineCommand({
  meta: {
    name: 'collector',
    description:
      "Print the POSIX sh collector for hosts without Node: 'evidex collector > collect.sh && sh " +
      "collect.sh'. Same commands and layout as 'evidex collect'; the flags become its defaults.",
  },
  args: { ...COLLECT_ARGS },
  async run({ args, rawArgs }) {
    await writeOut(generateCollectorScript(resolveCollectOptions(args, rawArgs)));
  },
});
