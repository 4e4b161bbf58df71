import { defineCommand } from 'citty';
import { rules } from '../../core/index.ts';
import { writeOut } from '../output.ts';

export default defineCommand({
  meta: { name: 'rules', description: 'List every rule: id, default priority, category, what it checks.' },
  args: { json: { type: 'boolean', description: 'Print as JSON' } },
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
    if (args.json) return writeOut(`${JSON.stringify(list, null, 2)}\n`);
    const width = Math.max(...list.map((r) => r.id.length));
    await writeOut(list.map((r) => `${r.priority}  ${r.id.padEnd(width)}  ${r.description}`).join('\n') + '\n');
  },
});
