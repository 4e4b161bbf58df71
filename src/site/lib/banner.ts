// The overview's banner, the first thing on the page: the P0 items, else the first P1 items (so a crash loop at
// P1 is still what one sees first), else nothing and the page shows its all-clear. The built overview (backlog
// items) and the open page (findings of a tarball read in the browser) both take it from here.

/** P1 items the banner shows when there is no P0. */
const P1_SHOWN = 3;

export interface Banner<T> {
  tone: 'p0' | 'p1';
  items: T[];
  heading: string;
}

/** The banner over `items` (in backlog order), each counted as a `noun` ("item", "finding"), or undefined. */
export function overviewBanner<T extends { priority: string }>(
  items: readonly T[],
  noun: string,
): Banner<T> | undefined {
  const nouns = (n: number) => (n === 1 ? noun : `${noun}s`);
  const p0 = items.filter((i) => i.priority === 'P0');
  if (p0.length > 0) return { tone: 'p0', items: p0, heading: `${p0.length} P0 ${nouns(p0.length)}: act now` };
  const p1 = items.filter((i) => i.priority === 'P1');
  if (p1.length === 0) return undefined;
  const shown = p1.slice(0, P1_SHOWN);
  const first = p1.length > shown.length ? `, the first ${shown.length}` : '';
  return { tone: 'p1', items: shown, heading: `No P0 · ${p1.length} P1 ${nouns(p1.length)}${first}: next` };
}
