// `evidex export --format json`: the Audit exactly as `evidex analyze --json` prints it, valid
// against the schema `evidex schema` publishes.
import type { Audit } from '../model/audit.ts';

/** The Audit as pretty-printed JSON with a final newline. */
export const toAuditJson = (audit: Audit): string => `${JSON.stringify(audit, null, 2)}\n`;
