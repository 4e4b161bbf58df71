import { createRequire } from 'node:module';

/**
 * The file a package name resolves to from evidex's own files (a path). The packages read this way (Astro,
 * Mermaid) resolve to the same file under `require` as under `import`, and `require.resolve` works in the ES
 * module sources and in the compiled CommonJS bundle alike, where `import.meta.resolve` exists in one only.
 */
export function resolveModule(name: string): string {
  return createRequire(import.meta.url).resolve(name);
}
