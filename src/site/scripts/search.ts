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
  // Each audit has an index of its own (so a rebuild re-indexes only the audits that changed), merged here
  // into the index of the other pages; pagefind/evidex-audits.json names them.
  void auditIndexes().then((audits) => {
    const mergeIndex = audits.map((a) => ({
      bundlePath: new URL(`../pagefind/audits/${a}/`, location.href).pathname,
      baseUrl,
    }));
    const options = {
      element: '#search',
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      baseUrl,
      mergeIndex,
    };
    const ui = new Ctor(options);
    const q = new URLSearchParams(location.search).get('q');
    if (q) ui.triggerSearch(q);
    if (note) note.hidden = true;
    labelSearchInput();
  });
} else if (note) {
  note.textContent = 'The search index is missing: build the site with `evidex build` to create it.';
}

/** The audit folders whose indexes the search merges; none when the list is missing (an older build). */
async function auditIndexes(): Promise<string[]> {
  try {
    const res = await fetch(new URL('../pagefind/evidex-audits.json', location.href));
    const list: unknown = res.ok ? await res.json() : [];
    return Array.isArray(list)
      ? list.filter((a): a is string => typeof a === 'string' && /^[a-z0-9._-]+$/.test(a))
      : [];
  } catch {
    return [];
  }
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
