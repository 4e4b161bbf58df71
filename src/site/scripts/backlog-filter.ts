// Progressive enhancement: without this script the backlog shows every finding.
// Filters are mirrored in the URL (?p=P0,P1&c=data-flow) so a filtered view can be shared.

const form = document.querySelector<HTMLFormElement>('#backlog-filters');
if (form) {
  const status = document.querySelector<HTMLElement>('#filter-status');
  const boxes = [...form.querySelectorAll<HTMLInputElement>('input[name=priority]')];
  const select = form.querySelector<HTMLSelectElement>('select[name=category]');
  const params = new URLSearchParams(location.search);
  const wanted = params.get('p')?.split(',');
  if (wanted) for (const b of boxes) b.checked = wanted.includes(b.value);
  const cat = params.get('c');
  if (select && cat !== null && [...select.options].some((o) => o.value === cat)) select.value = cat;

  const apply = () => {
    const prios = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
    const category = select?.value ?? '';
    let shown = 0;
    let total = 0;
    for (const group of document.querySelectorAll<HTMLElement>('.prio-group')) {
      let inGroup = 0;
      for (const card of group.querySelectorAll<HTMLElement>('.finding')) {
        total++;
        const visible =
          prios.has(card.dataset['priority'] ?? '') && (category === '' || card.dataset['category'] === category);
        card.hidden = !visible;
        if (visible) inGroup++;
      }
      // An incident stays while any of its cards (cause or symptom) does.
      for (const incident of group.querySelectorAll<HTMLElement>('.incident'))
        incident.hidden = [...incident.querySelectorAll<HTMLElement>('.finding')].every((c) => c.hidden);
      group.hidden = inGroup === 0;
      shown += inGroup;
    }
    if (status) status.textContent = shown === total ? `${total} findings` : `showing ${shown} of ${total}`;
    const next = new URLSearchParams();
    if (prios.size !== boxes.length) next.set('p', [...prios].join(','));
    if (category) next.set('c', category);
    const query = next.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  };
  form.addEventListener('change', apply);
  form.addEventListener('submit', (e) => e.preventDefault());
  apply();
}

// A printed backlog (a postmortem's appendix) shows every symptom: folded incidents open for print.
const unfold = () => {
  for (const d of document.querySelectorAll<HTMLDetailsElement>('details.symptoms')) d.open = true;
};
window.addEventListener('beforeprint', unfold);
matchMedia('print').addEventListener('change', (e) => {
  if (e.matches) unfold();
});
