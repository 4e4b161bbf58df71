// Pagefind UI from the local index written by `evidex build` (pagefind/ next to the pages).
// '?q=' from the header search box starts a search right away.

interface PagefindUIInstance {
  triggerSearch(term: string): void;
}
type PagefindUICtor = new (options: Record<string, unknown>) => PagefindUIInstance;

const Ctor = (window as unknown as { PagefindUI?: PagefindUICtor }).PagefindUI;
const note = document.querySelector<HTMLElement>('#search-note');
if (Ctor) {
  // Results link from the site's root, which is one folder up from this page wherever the site is served
  // (`--base /reports/` or a server's root).
  const baseUrl = new URL('../', location.href).pathname;
  const ui = new Ctor({ element: '#search', showSubResults: true, showImages: false, resetStyles: false, baseUrl });
  const q = new URLSearchParams(location.search).get('q');
  if (q) ui.triggerSearch(q);
  if (note) note.hidden = true;
  labelSearchInput();
} else if (note) {
  note.textContent = 'The search index is missing: build the site with `evidex build` to create it.';
}

/** Pagefind UI names its input by a title only (axe: label-title-only); give it a real accessible name. */
function labelSearchInput(): void {
  const root = document.querySelector('#search');
  if (!root) return;
  const label = () => {
    const input = root.querySelector<HTMLInputElement>('input.pagefind-ui__search-input');
    if (!input) return false;
    input.setAttribute('aria-label', 'Search the reports');
    return true;
  };
  if (label()) return;
  const observer = new MutationObserver(() => {
    if (label()) observer.disconnect();
  });
  observer.observe(root, { childList: true, subtree: true });
}
