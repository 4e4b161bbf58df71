// The schema of a parser's long list of records (20,000 CLIENT LIST clients, 20,000 stream entries).
import { z } from 'zod';

/**
 * Like `z.array(item)`, with the same messages and paths of issues for a record that does not match, but the records
 * a valid list holds are the parser's own objects, not copies. `z.array(item)` returns a deep copy
 * of every record, all alive at once beside the originals, for a value already in the records'
 * shape; here each record's copy is dropped as soon as it is checked. The audit's own schema
 * (Audit.parse) still orders and strips every record it keeps.
 */
export function checkedArray<T extends z.ZodType>(item: T): z.ZodType<Array<z.output<T>>> {
  return z.array(z.unknown()).check((ctx) => {
    const items = ctx.value;
    for (let i = 0; i < items.length; i++) {
      const checked = item.safeParse(items[i]);
      if (checked.success) continue;
      for (const issue of checked.error.issues)
        ctx.issues.push({ code: 'custom', message: issue.message, path: [i, ...issue.path], input: items[i] });
      return;
    }
  }) as unknown as z.ZodType<Array<z.output<T>>>;
}
