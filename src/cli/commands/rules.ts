import { rules } from '../../core/index.ts';
import { defineListCommand } from '../common-args.ts';

export default defineListCommand(
  { name: 'rules', description: 'List every rule: id, default priority, category, what it checks.' },
  () =>
    rules.map((r) => ({
      id: r.id,
      priority: r.priority,
      category: r.category,
      title: r.title,
      description: r.description,
      requires: [...r.requires],
      defaults: r.defaults,
    })),
  (r, width) => `${r.priority}  ${r.id.padEnd(width)}  ${r.description}`,
);
