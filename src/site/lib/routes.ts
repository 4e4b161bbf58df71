// The routes the per-audit and per-host pages share: one getStaticPaths, one props type and one title for each
// kind of page, so a page under src/site/pages/[audit]/ or hosts/[host]/ states only what is its own.
//
// Incremental rendering. The pages of an audit (everything under /<audit>/) and each diff page
// (/hosts/<host>/diff/<pair>/) are render units: a unit's folder is a function of its key, and `evidex build`
// keeps the folder of a unit whose key is unchanged from the previous build instead of rendering it again
// (it passes those keys in the file named by EVIDEX_SITE_KEEP). So a unit's key must cover everything its pages
// read: an audit's pages read the audit (its data file's digest), its slug and {@link AuditRelated}, nothing
// of another audit but through `related`; a diff page reads its two audits, the host and its captures' slugs
// and times. A page that comes to read more must add it to the key here. The other pages (the audit list,
// host histories, rules, search) are rendered by every build.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  diffHref,
  getAudits,
  getDiffPairs,
  getHostOf,
  getHosts,
  getPreviousAudit,
  hostHref,
  type SiteAudit,
  type SiteHost,
} from './data.ts';

/** What an audit's pages show of other audits. */
export interface AuditRelated {
  /** The host's history page and how many captures it lists. */
  host?: { href: string; captures: number };
  /** The capture of the same host just before this one, and the page comparing the two. */
  previous?: { capturedAt: string | undefined; diffHref: string };
}

function relatedOf(a: SiteAudit): AuditRelated {
  const h = getHostOf(a);
  const previous = getPreviousAudit(a);
  return {
    ...(h ? { host: { href: hostHref(h), captures: h.audits.length } } : {}),
    ...(h && previous
      ? { previous: { capturedAt: previous.audit.bundle.capturedAt, diffHref: diffHref(h, previous, a) } }
      : {}),
  };
}

const digest = (parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/** A render unit: the output folder holding all of its pages (relative to the site, no slashes around) and its key. */
export interface RenderUnit {
  folder: string;
  key: string;
}

export const auditUnit = (a: SiteAudit): RenderUnit => ({
  folder: a.slug,
  key: digest(['audit/1', a.digest, a.slug, relatedOf(a)]),
});

export const pairUnit = (h: SiteHost, before: SiteAudit, after: SiteAudit): RenderUnit => ({
  folder: diffHref(h, before, after).replace(/^\/|\/$/g, ''),
  key: digest([
    'pair/1',
    before.digest,
    after.digest,
    h.key,
    h.slug,
    h.audits.map((x) => [x.slug, x.audit.bundle.capturedAt ?? null]),
  ]),
});

/** The units the previous build left in place (folder → key), from EVIDEX_SITE_KEEP; none without it. */
function keptUnits(): Record<string, string> {
  const file = process.env['EVIDEX_SITE_KEEP'];
  if (!file) return {};
  const kept = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  return kept && typeof kept === 'object' ? (kept as Record<string, string>) : {};
}

/** Whether this build renders a unit: not when the previous build's folder for it is kept. */
const rendersUnit = (u: RenderUnit, kept: Record<string, string>) => kept[u.folder] !== u.key;

/** The audits whose pages this build renders. */
export function renderedAudits(): SiteAudit[] {
  const kept = keptUnits();
  return getAudits().filter((a) => rendersUnit(auditUnit(a), kept));
}

/** The diff pages this build renders: [host, before, after]. */
export function renderedPairs(): Array<[SiteHost, SiteAudit, SiteAudit]> {
  const kept = keptUnits();
  return getHosts().flatMap((h) =>
    getDiffPairs(h)
      .filter(([before, after]) => rendersUnit(pairUnit(h, before, after), kept))
      .map(([before, after]): [SiteHost, SiteAudit, SiteAudit] => [h, before, after]),
  );
}

/** Every unit of the site with its key, and the folders this build renders (the others are kept). */
export function renderManifest(): { units: Record<string, string>; rendered: string[] } {
  const kept = keptUnits();
  const units = [
    ...getAudits().map(auditUnit),
    ...getHosts().flatMap((h) => getDiffPairs(h).map(([before, after]) => pairUnit(h, before, after))),
  ];
  return {
    units: Object.fromEntries(units.map((u) => [u.folder, u.key])),
    rendered: units.filter((u) => rendersUnit(u, kept)).map((u) => u.folder),
  };
}

/** A page's `getStaticPaths` under /<audit>/: one page per audit rendered, which it gets as props `a`, `related`. */
export function auditPaths(): Array<{ params: { audit: string }; props: AuditProps }> {
  return renderedAudits().map((a) => ({ params: { audit: a.slug }, props: { a, related: relatedOf(a) } }));
}

/** Props of a page built by {@link auditPaths}: `type Props = AuditProps;`. */
export interface AuditProps {
  a: SiteAudit;
  related: AuditRelated;
}

/** A page's `getStaticPaths` under /hosts/<host>/: one page per host, which it gets as prop `h`. */
export function hostPaths(): Array<{ params: { host: string }; props: HostProps }> {
  return getHosts().map((h) => ({ params: { host: h.slug }, props: { h } }));
}

/** Props of a page built by {@link hostPaths}: `type Props = HostProps;`. */
export interface HostProps {
  h: SiteHost;
}

/** What an audit is called on its pages: the host's name, else the bundle's. */
export const auditName = (a: SiteAudit): string => a.audit.host.hostname ?? a.audit.bundle.name;

/** A per-audit page's title: 'Backlog · <host>'. */
export const auditTitle = (page: string, a: SiteAudit): string => `${page} · ${auditName(a)}`;
