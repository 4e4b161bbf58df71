// "Copy as Markdown" on a finding card: puts the finding's Markdown (written at build time by
// core/export formatFindingMarkdown, kept percent-encoded in the button's data-markdown attribute,
// where HTML compression leaves its line breaks alone) on the clipboard, with the card's permalink made
// absolute when the page is served over http(s).

function markdownOf(button: HTMLButtonElement): string | undefined {
  const card = button.closest('article.finding');
  const encoded = button.dataset['markdown'];
  if (!card || !encoded) return undefined;
  const text = decodeURIComponent(encoded);
  // Links are written as relative files (…/index.html) so the site opens from disk; a permalink is the folder URL.
  const href = card.querySelector<HTMLAnchorElement>('a.permalink')?.href.replace(/\/index\.html$/, '/');
  const linked = href && /^https?:/.test(href) ? `${text.trimEnd()}\n\n[Permalink](<${href}>)\n` : text;
  return linked;
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // file:// pages and older browsers have no async clipboard: copy from a hidden text area instead.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button.copy-md');
  if (!button) return;
  const text = markdownOf(button);
  if (text === undefined) return;
  void copy(text).then((ok) => {
    const status = button.nextElementSibling;
    if (status?.classList.contains('copy-md-status'))
      status.textContent = ok ? 'Copied' : 'Copy failed: select the text on the permalink page';
    button.dataset['copied'] = ok ? 'true' : 'false';
  });
});
