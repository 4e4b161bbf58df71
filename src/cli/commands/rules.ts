import { defineCommand } from 'citty';
import { rules } from '../../core/index.ts';
import { listJsonArg, writeList } from '../common-args.ts';

export default defineCommand({
  meta: { name: 'rules', description: 'List every rule: id, default priority, category, what it checks.' },
  args: { json: listJsonArg },
  async run({ args }) {
    const list = rules.map((r) => ({
      id: r.id,
      priority: r.priority,
      category: r.category,
      title: r.title,
      description: r.description,
      requires: [...r.requires],
      defaults: r.defaults,
    }));
    await writeList(list, args.json, (r, width) => `${r.priority}  ${r.id.padEnd(width)}  ${r.description}`);
  },
});
