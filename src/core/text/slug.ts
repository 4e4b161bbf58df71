// The report site's URL scheme, in one place: the site builds its paths with it and the exports link
// back to the site's permalinks with it (src/core/export/input.ts), so the two can never disagree.

/** URL-safe slug for any evidence-derived name: lower-case letters, digits, '.', '_' and '-' only. */
export function slugify(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 100);
  return s === '' ? 'x' : s;
}

/** 'v1:3fa9…' → 'v1-3fa9…': the finding permalink segment. */
export const findingSlug = (fingerprint: string): string => slugify(fingerprint);

/** 'raw/docker_ps.txt' → 'raw--docker_ps.txt': one path segment per evidence file. */
export const fileSlug = (path: string): string => slugify(path.replace(/\//g, '--'));

/** 'container/unhealthy' → 'container--unhealthy'. */
export const ruleSlug = (ruleId: string): string => slugify(ruleId.replace(/\//g, '--'));

/** Give each key a slug unique within the list (a '-2' suffix on collision). */
export function uniqueSlugs<T>(
  items: readonly T[],
  key: (item: T) => string,
  slug: (key: string) => string,
): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (out.has(k)) continue;
    let s = slug(k);
    for (let i = 2; used.has(s); i++) s = `${slug(k)}-${i}`;
    used.add(s);
    out.set(k, s);
  }
  return out;
}

/** Top-level page names of the site that an audit's slug must not take (it is moved off with '-2'). */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'rules',
  'search',
  'hosts',
  'pagefind',
  '_astro',
  'index.html',
]);
