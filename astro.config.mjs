// @ts-check
import { defineConfig } from 'astro/config';

// The report site is fully static. `evidex build` passes outDir and the data directory (EVIDEX_SITE_DATA).
export default defineConfig({
  srcDir: './src/site',
  output: 'static',
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  build: {
    format: 'directory',
    // One shared stylesheet file; styles may be inline under the CSP, but a file caches across pages.
    inlineStylesheets: 'never',
  },
  vite: {
    // Never inline scripts: the CSP is script-src 'self', so every script must be a file.
    build: { assetsInlineLimit: 0, chunkSizeWarningLimit: 4000 },
    // The /open/ page's Web Worker (the core analyzing a dropped bundle) is its own ES module file.
    worker: { format: 'es' },
  },
});
