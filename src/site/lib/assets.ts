// Where `evidex build` puts files the site's bundle does not make, shared by the build and the scripts
// that load them. Mermaid is not bundled with the site's scripts: bundling it (d3, cytoscape, elk, katex,
// lodash-es: thousands of modules) was most of a build's time. The build copies Mermaid's own minified
// ES module build (mermaid/dist/mermaid.esm.min.mjs and its chunks) into <assets>/MERMAID_DIR/, and
// scripts/mermaid.ts imports it from there, relative to its own URL (so it works under any base).

/** Astro's folder for built scripts and styles in the output (its `build.assets` default). */
export const ASSETS_DIR = '_astro';
/** Mermaid's folder inside {@link ASSETS_DIR}. */
export const MERMAID_DIR = 'mermaid';
/** Mermaid's entry module in {@link MERMAID_DIR}. */
export const MERMAID_ENTRY = 'mermaid.esm.min.mjs';
