// Compile the CLI to JavaScript for the published package: `npm pack` runs this through `prepack`.
// One ESM entry plus one chunk per lazily loaded command, so `evidex rules` never loads the analyzer
// and `evidex analyze` never loads Astro. Astro and Pagefind stay real dependencies (the site build
// resolves them from the package), fast-glob stays external because it is CommonJS.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * `import { z } from 'zod'` binds zod's namespace object as one value, so esbuild keeps every export it has:
 * each of zod's 50 locales, JSON Schema import, the compiler. Read as `import * as z`, only the members the
 * code names are kept. The sources keep zod's documented import; this only changes what is bundled.
 */
const zodNamespace = {
  name: 'zod-namespace',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      const rewritten = code.replace(/^import \{ z \} from 'zod';$/m, "import * as z from 'zod';");
      return { contents: rewritten, loader: 'ts' };
    });
  },
};

// `node scripts/build.mjs [outdir]`: dist/cli/ unless told (a test builds into a folder of its own).
const outdir = process.argv[2]
  ? `${process.argv[2].replace(/\/+$/, '')}/`
  : new URL('../dist/cli/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  // The analysis worker (src/node/analyze-path.ts) is an entry of its own, beside index.js.
  entryPoints: { index: 'src/cli/index.ts', 'analyze-worker': 'src/node/analyze-worker.ts' },
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
    js:
      "import { createRequire as __evidexRequire } from 'node:module'; " +
      'const require = __evidexRequire(import.meta.url);',
  },
  plugins: [zodNamespace],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// esbuild escapes non-ASCII characters everywhere but in regular expression literals (`/Eingehängt auf/`).
// One such character makes Node decode the whole chunk as UTF-8 into a two-byte string before compiling it,
// ~5-40 ms for the 0.5 MB analyzer chunk, against ~1 ms for ASCII. Escaped as \uXXXX, each means the same
// code unit in any regular expression or string (a surrogate pair is one code point under the u and v flags).
for (const name of readdirSync(outdir)) {
  if (!name.endsWith('.js')) continue;
  const file = outdir + name;
  const code = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(code)) continue;
  const ascii = code.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, ch) => {
    // `\ä` (an identity escape) would become `\\u00e4`, an escaped backslash; esbuild never writes one.
    if (slashes.length % 2 === 1) throw new Error(`${name}: a backslash before '${ch}'; cannot escape it`);
    return `${slashes}\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  writeFileSync(file, ascii);
}
