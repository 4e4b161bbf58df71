import { existsSync, readFileSync } from 'node:fs';
import { ConfigInvalid, EvidexError } from '../core/errors.ts';
import type { EvidexConfig } from '../core/rules/config.ts';

/**
 * Read and validate a config file; a bad file is a usage error naming the file and the keys. The config
 * parser (and the YAML library under it, ~20 ms of CPU to load) is loaded only when there is a file to read.
 */
export async function loadConfig(file: string | undefined): Promise<EvidexConfig | undefined> {
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
  const { parseConfig } = await import('../core/rules/config.ts');
  const result = parseConfig(text, path);
  if (!result.ok) throw new EvidexError(ConfigInvalid, path, result.errors);
  return result.config;
}
