// The routes the per-audit and per-host pages share: one getStaticPaths, one props type and one title for each
// kind of page, so a page under src/site/pages/[audit]/ or hosts/[host]/ states only what is its own.
import { getAudits, getHosts, type SiteAudit, type SiteHost } from './data.ts';

/** A page's `getStaticPaths` under /<audit>/: one page per audit, which it gets as prop `a`. */
export function auditPaths(): Array<{ params: { audit: string }; props: AuditProps }> {
  return getAudits().map((a) => ({ params: { audit: a.slug }, props: { a } }));
}

/** Props of a page built by {@link auditPaths}: `type Props = AuditProps;`. */
export interface AuditProps {
  a: SiteAudit;
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
