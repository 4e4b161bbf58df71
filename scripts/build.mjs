// Compile the CLI to JavaScript for the published package: `npm pack` runs this through `prepack`.
//
// One CommonJS bundle, dist/cli/evidex.cjs, that bin/evidex.cjs compiles with a V8 code cache it writes after
// the first run of each command: made after the run, the cache holds every function the command compiled, where
// Node's own compile cache (made when a module is compiled) holds only the top levels, and the rest is compiled
// again on every start. Measured installed on the sample: analyze 284 → 212 ms of CPU (ES module chunks with
// Node's compile cache → this bundle with its code cache), output identical. Commands are still evaluated only
// when run (esbuild wraps each lazily imported module), the YAML library and the analysis worker are files of
// their own, and Astro, Pagefind, playwright-core and fast-glob stay real dependencies, resolved at run time.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * `import { z } from 'zod'` binds zod's namespace object as one value, so esbuild keeps every export it has:
 * each of zod's 50 locales, JSON Schema import, the compiler. Read as `import * as z`, only the members the
 * code names are kept. The sources keep zod's documented import; this only changes what is bundled.
 *
 * A script compiled by `vm.Script` (as bin/evidex.cjs compiles the bundle) has no `import()` of its own
 * without Node's experimental VM modules. So each `import('name')` of a package or a built-in, and each
 * `import(pathToFileURL(…))` (never a relative path: those are this project's modules, which esbuild bundles;
 * never an import() inside a string, such as the code chromium.ts sends to a page) calls `__evidexImport`,
 * the bin's own import() (the worker bundle, a plain CommonJS module, defines its own).
 */
const sources = {
  name: 'evidex-sources',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8')
        .replace(/^import \{ z \} from 'zod';$/m, "import * as z from 'zod';")
        .replace(/\bimport\((?=['"][^.'"]|pathToFileURL\()/g, '__evidexImport(');
      return { contents: code, loader: 'ts' };
    });
  },
};

/** The YAML library, which a bundle reads only with a config file or a manual finding: a file of its own. */
const yamlFile = {
  name: 'yaml-file',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: './yaml.cjs', external: true }));
  },
};

// `node scripts/build.mjs [outdir]`: dist/cli/ unless told (a test builds into a folder of its own).
const outdir = process.argv[2]
  ? `${process.argv[2].replace(/\/+$/, '')}/`
  : new URL('../dist/cli/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
const common = {
  // Entry points are relative to the project, wherever the build is run from.
  absWorkingDir: new URL('..', import.meta.url).pathname,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  // The floor checked by bin/evidex.cjs; keep both in step with "engines" in package.json.
  target: 'node22.19',
  outdir,
  outExtension: { '.js': '.cjs' },
  external: ['astro', 'pagefind', 'fast-glob', 'playwright-core'],
  // import.meta.url of the sources is the bundle's own URL (build-site.ts finds the package root two folders up).
  define: { 'import.meta.url': '__evidexUrl' },
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};
const url = "var __evidexUrl = require('node:url').pathToFileURL(__filename).href;";
await build({
  ...common,
  entryPoints: { evidex: 'src/cli/main.ts' },
  banner: { js: url },
  plugins: [sources, yamlFile],
});
await build({
  ...common,
  // The analysis worker (src/node/analyze-path.ts), started by file name beside evidex.cjs.
  entryPoints: { 'analyze-worker': 'src/node/analyze-worker.ts' },
  banner: { js: `${url} var __evidexImport = (s) => import(s);` },
  plugins: [sources, yamlFile],
});
await build({ ...common, entryPoints: { yaml: 'yaml' } });

// esbuild escapes non-ASCII characters everywhere but in regular expression literals (`/Eingehängt auf/`).
// One such character makes Node decode the whole chunk as UTF-8 into a two-byte string before compiling it,
// ~5-40 ms for the 0.5 MB analyzer chunk, against ~1 ms for ASCII. Escaped as \uXXXX, each means the same
// code unit in any regular expression or string (a surrogate pair is one code point under the u and v flags).
for (const name of readdirSync(outdir)) {
  if (!name.endsWith('.cjs')) continue;
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
