// The one way site pages load Mermaid: imported on demand (its chunks ship only to pages that draw
// a diagram) and always initialised with securityLevel 'strict', whatever a page adds. Mermaid is the
// copy `evidex build` puts beside the site's scripts (see lib/assets.ts), not part of their bundle.
import type { Mermaid, MermaidConfig } from 'mermaid';
import { MERMAID_DIR, MERMAID_ENTRY } from '../lib/assets.ts';

/**
 * Mermaid's entry relative to this module's URL (its chunk is in the assets folder). Not a literal in
 * `new URL()`, which the bundler would take for an asset to bundle.
 */
const MERMAID_PATH = `./${MERMAID_DIR}/${MERMAID_ENTRY}`;

/** Whether the reader's system asks for dark colours. */
export const prefersDark = (): boolean => window.matchMedia('(prefers-color-scheme: dark)').matches;

/** Load Mermaid and initialise it with the page's settings on top of the safe base. */
export async function loadMermaid(config: MermaidConfig) {
  const url = new URL(MERMAID_PATH, import.meta.url).href;
  const { default: mermaid } = (await import(/* @vite-ignore */ url)) as { default: Mermaid };
  mermaid.initialize({
    theme: prefersDark() ? 'dark' : 'default',
    ...config,
    startOnLoad: false,
    securityLevel: 'strict',
  });
  return mermaid;
}
