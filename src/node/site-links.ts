// After `astro build`: every root-relative href/src/action in the pages becomes relative to the page,
// with index.html explicit for folder links. Then one output works everywhere people open it: from
// file:// (a zip mailed to a colleague: no server to map '/x/' to '/x/index.html', and '/' is the disk
// root), under any sub-path (`--base /reports/`), and from `npm start` / `evidex serve`.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import fg from 'fast-glob';

/** A URL sub-path the site is served under: '/' or '/a/b/' (letters, digits, '._~-' per segment). */
const BASE = /^\/(?:[A-Za-z0-9._~-]+\/)*$/;

/**
 * The `--base` value as Astro and the link rewrite want it: leading and trailing '/', no '..' or
 * empty segment. Returns undefined when it is not a plain sub-path.
 */
export function normalizeBase(base: string): string | undefined {
  const withSlashes = `/${base.trim().replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  if (!BASE.test(withSlashes)) return undefined;
  if (withSlashes.split('/').some((s) => s === '.' || s === '..')) return undefined;
  return withSlashes;
}

/** `<attr>="/…"` for the attributes that load or link: href, src, action, poster. Never '//host'. */
const ROOT_LINK = /(\s(?:href|src|action|poster)=)(["'])(\/(?!\/)[^"'<>\s]*)\2/gi;

/**
 * One page's HTML with its root-relative links made relative to the page at `page` (a POSIX path
 * inside the site, e.g. 'a/backlog/index.html'). `base` is stripped first when a link carries it
 * (Astro's assets do; the pages' own links are written from the site root). `isFolder(path)` says
 * whether a link without a trailing '/' names a folder (it then gets '/index.html').
 */
export function relativizeHtml(
  html: string,
  page: string,
  base: string,
  isFolder: (sitePath: string) => boolean,
): string {
  const from = posix.dirname(page);
  return html.replace(ROOT_LINK, (_m, attr: string, quote: string, url: string) => {
    const cut = url.search(/[?#]/);
    const path = cut < 0 ? url : url.slice(0, cut);
    const rest = cut < 0 ? '' : url.slice(cut);
    let target =
      base !== '/' && (path.startsWith(base) || `${path}/` === base) ? path.slice(base.length) : path.slice(1);
    if (target === '' || target.endsWith('/')) target += 'index.html';
    else if (isFolder(safeDecode(target))) target += '/index.html';
    const rel = posix.relative(from, target);
    return `${attr}${quote}${rel}${rest}${quote}`;
  });
}

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * Rewrite the pages of a built site in place (Pagefind's own files excluded): all of them, or `only` these
 * (site-relative paths; pages kept from an earlier build are relative already). Returns the pages changed.
 */
export async function relativizeSite(outDir: string, base: string, only?: readonly string[]): Promise<number> {
  const pages = only
    ? only.filter((p) => !p.startsWith('pagefind/'))
    : await fg('**/*.html', { cwd: outDir, ignore: ['pagefind/**'] });
  const isFolder = (p: string) => {
    try {
      return statSync(join(outDir, p)).isDirectory();
    } catch {
      return false;
    }
  };
  let changed = 0;
  for (const page of pages) {
    const file = join(outDir, page);
    const html = readFileSync(file, 'utf8');
    const out = relativizeHtml(html, page, base, isFolder);
    if (out !== html) {
      writeFileSync(file, out);
      changed++;
    }
  }
  return changed;
}
