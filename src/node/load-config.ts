import { existsSync, readFileSync } from 'node:fs';
import { ConfigInvalid, EvidexError } from '../core/errors.ts';
import { parseConfig, type EvidexConfig } from '../core/rules/config.ts';

/** Read and validate a config file; a bad file is a usage error naming the file and the keys. */
export function loadConfig(file: string | undefined): EvidexConfig | undefined {
  const path =
    file ??
    (existsSync('evidex.config.yaml')
      ? 'evidex.config.yaml'
      : existsSync('evidex.config.json')
        ? 'evidex.config.json'
        : undefined);
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EvidexError(ConfigInvalid, path, [`cannot read: ${(err as Error).message}`]);
  }
  const result = parseConfig(text, path);
  if (!result.ok) throw new EvidexError(ConfigInvalid, path, result.errors);
  return result.config;
}
