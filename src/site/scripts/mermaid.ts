// The one way site pages load Mermaid: imported on demand (its chunks ship only to pages that draw
// a diagram) and always initialised with securityLevel 'strict', whatever a page adds.
import type { MermaidConfig } from 'mermaid';

/** Whether the reader's system asks for dark colours. */
export const prefersDark = (): boolean => window.matchMedia('(prefers-color-scheme: dark)').matches;

/** Load Mermaid and initialise it with the page's settings on top of the safe base. */
export async function loadMermaid(config: MermaidConfig) {
  const { default: mermaid } = await import('mermaid');
  mermaid.initialize({
    theme: prefersDark() ? 'dark' : 'default',
    ...config,
    startOnLoad: false,
    securityLevel: 'strict',
  });
  return mermaid;
}
