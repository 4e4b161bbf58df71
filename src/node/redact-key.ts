import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The key for redaction fingerprints: EVIDEX_REDACT_KEY, else a key file created once in the
 * user's config folder (never inside a report), so equal secrets match across this user's audits.
 */
export function getRedactKey(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EVIDEX_REDACT_KEY) return env.EVIDEX_REDACT_KEY;
  const file =
    env.EVIDEX_REDACT_KEY_FILE ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'evidex', 'redact.key');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const key = randomBytes(32).toString('hex');
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
      return key;
    } catch {
      // Another process won the race, or the folder is read-only: use what is there, else this run's key.
      try {
        return readFileSync(file, 'utf8').trim();
      } catch {
        return key;
      }
    }
  }
}
