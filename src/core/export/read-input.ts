// An analysis JSON given to `evidex export` instead of a bundle: the Audit `analyze --json` prints, or
// the `{ audit, evidence }` file `evidex build` writes for the site. Checked against the Audit schema.
import { Audit } from '../model/audit.ts';
import type { EvidenceText } from '../run/parse-file.ts';
import { EvidexError } from '../errors.ts';
import { ExportInputInvalid } from './errors.ts';

/** Parse an analysis JSON's text; throws ExportInputInvalid naming the first problems. */
export function readExportInput(file: string, text: string): { audit: Audit; evidence?: EvidenceText[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new EvidexError(ExportInputInvalid, file, `invalid JSON (${(err as Error).message})`);
  }
  const wrapped = typeof value === 'object' && value !== null && 'audit' in value;
  const parsed = Audit.safeParse(wrapped ? (value as { audit: unknown }).audit : value);
  if (!parsed.success) {
    const first = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new EvidexError(ExportInputInvalid, file, `it does not match the Audit schema (${first})`);
  }
  const raw = wrapped ? (value as { evidence?: unknown }).evidence : undefined;
  const evidence = Array.isArray(raw)
    ? raw.filter(
        (e): e is EvidenceText =>
          typeof e === 'object' &&
          e !== null &&
          typeof (e as EvidenceText).path === 'string' &&
          typeof (e as EvidenceText).text === 'string',
      )
    : undefined;
  return { audit: parsed.data, ...(evidence ? { evidence } : {}) };
}
