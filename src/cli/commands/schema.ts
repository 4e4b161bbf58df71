import { defineCommand } from 'citty';
import { z } from 'zod';
import { Audit } from '../../core/index.ts';
import { writeOut } from '../output.ts';

export default defineCommand({
  meta: {
    name: 'schema',
    description: 'Print the JSON Schema of `analyze --json` output, generated from the zod model.',
  },
  args: {},
  async run() {
    const schema = z.toJSONSchema(Audit, { io: 'output', unrepresentable: 'any' });
    const published = { $id: 'https://evidex.dev/schema/audit-v1.json', title: 'evidex Audit', ...schema };
    await writeOut(`${JSON.stringify(published, null, 2)}\n`);
  },
});
