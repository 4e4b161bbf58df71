// '#L12' is handled by CSS :target; '#L12-L14' has no element, so mark the range here.
// The single line also gets the class, so both forms look (and test) the same.

function highlight(): void {
  for (const el of document.querySelectorAll('.line.hl')) el.classList.remove('hl');
  const m = /^#L(\d+)(?:-L?(\d+))?$/.exec(location.hash);
  if (!m) return;
  const start = Number(m[1]);
  const end = Math.max(start, Number(m[2] ?? m[1]));
  let first: HTMLElement | null = null;
  for (let n = start; n <= end && n - start < 5000; n++) {
    const line = document.getElementById(`L${n}`);
    if (!line) break;
    line.classList.add('hl');
    first ??= line;
  }
  first?.scrollIntoView({ block: 'center' });
}

highlight();
window.addEventListener('hashchange', highlight);
