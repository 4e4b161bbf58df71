// Renders the history page's trend charts (Mermaid xychart-beta) into SVG, like the flow page:
// Mermaid is imported dynamically so its chunks load only on pages with a chart, the source is
// read as text (never HTML), and securityLevel 'strict' keeps labels sanitized.

import { loadMermaid, prefersDark } from './mermaid.ts';

async function renderCharts(): Promise<void> {
  const figures = [...document.querySelectorAll<HTMLElement>('[data-chart]')];
  if (figures.length === 0) return;
  try {
    const dark = prefersDark();
    const mermaid = await loadMermaid({
      maxTextSize: 50_000,
      // Bars show each value, the line the direction (exact values are in the table beside each chart). The default
      // palette's first colour is too faint on white.
      xyChart: { width: 440, height: 240, showDataLabel: false, showTitle: false },
      themeVariables: { xyChart: { plotColorPalette: dark ? '#1f4f8f, #8ab4f8' : '#cfe0fb, #0b57d0' } },
    });
    for (const [i, fig] of figures.entries()) {
      const src = fig.querySelector<HTMLElement>('.chart-src');
      const target = fig.querySelector<HTMLElement>('.chart-target');
      if (!src || !target) continue;
      try {
        const { svg } = await mermaid.render(`history-chart-${i}`, src.textContent ?? '');
        target.innerHTML = svg;
        target.dataset['rendered'] = 'true';
      } catch (err) {
        target.textContent =
          'The chart could not be rendered: ' +
          `${err instanceof Error ? err.message : String(err)}. The values are in ` +
          'the table below it.';
        target.dataset['rendered'] = 'error';
      }
    }
  } catch (err) {
    for (const fig of figures) {
      const target = fig.querySelector<HTMLElement>('.chart-target');
      if (target) {
        target.textContent =
          'Charts could not be loaded: ' +
          `${err instanceof Error ? err.message : String(err)}. The values ` +
          'are in the tables.';
        target.dataset['rendered'] = 'error';
      }
    }
  }
}

void renderCharts();
