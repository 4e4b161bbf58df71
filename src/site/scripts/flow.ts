// Renders the flow page's Mermaid source into SVG. Mermaid is imported dynamically so that it
// is bundled as separate chunks loaded by this page only. The source is read from the page's
// text (never HTML) and rendered with securityLevel 'strict': labels are sanitized, clicks disabled.

import { loadMermaid, prefersDark } from './mermaid.ts';

async function renderFlow(): Promise<void> {
  const src = document.querySelector<HTMLElement>('#flow-src');
  const target = document.querySelector<HTMLElement>('#flow-diagram');
  if (!src || !target) return;
  const status = target.querySelector<HTMLElement>('#flow-status');
  try {
    const dark = prefersDark();
    const mermaid = await loadMermaid({
      // The dark theme's edge labels are #ccc on #585858 (4.43:1, under WCAG AA): use the page's panel colour.
      ...(dark ? { themeVariables: { edgeLabelBackground: '#1b1e23' } } : {}),
      flowchart: { htmlLabels: true, useMaxWidth: true },
      maxTextSize: 200_000,
    });
    const { svg } = await mermaid.render('flow-svg', src.textContent ?? '');
    target.innerHTML = svg;
    target.dataset['rendered'] = 'true';
  } catch (err) {
    if (status)
      status.textContent =
        'The diagram could not be rendered: ' +
        `${err instanceof Error ? err.message : String(err)}. The edges are listed below.`;
    target.dataset['rendered'] = 'error';
  }
}

void renderFlow();
