// Pagefind UI from the local index written by `evidex build` (pagefind/ next to the pages).
// '?q=' from the header search box starts a search right away.

interface PagefindUIInstance { triggerSearch(term: string): void }
type PagefindUICtor = new (options: Record<string, unknown>) => PagefindUIInstance;

const Ctor = (window as unknown as { PagefindUI?: PagefindUICtor }).PagefindUI;
const note = document.querySelector<HTMLElement>('#search-note');
if (Ctor) {
  const ui = new Ctor({ element: '#search', showSubResults: true, showImages: false, resetStyles: false });
  const q = new URLSearchParams(location.search).get('q');
  if (q) ui.triggerSearch(q);
  if (note) note.hidden = true;
} else if (note) {
  note.textContent = 'The search index is missing: build the site with `evidex build` to create it.';
}
