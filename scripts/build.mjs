// Compile the CLI to JavaScript for the published package: `npm pack` runs this through `prepack`.
// One ESM entry plus one chunk per lazily loaded command, so `evidex rules` never loads the analyzer
// and `evidex analyze` never loads Astro. Astro and Pagefind stay real dependencies (the site build
// resolves them from the package), fast-glob stays external because it is CommonJS.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('../dist/cli/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/index.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The floor checked by bin/evidex.js; keep both in step with "engines" in package.json.
  target: 'node22.19',
  outdir,
  // Chunks sit beside index.js: build-site.ts finds the package root two folders up from its own file.
  chunkNames: '[name]-[hash]',
  external: ['astro', 'pagefind', 'fast-glob'],
  // CommonJS dependencies bundled into ESM (yaml) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __evidexRequire } from 'node:module'; const require = __evidexRequire(import.meta.url);",
  },
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
