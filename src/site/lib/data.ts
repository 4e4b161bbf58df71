// Build-time data for the report site. `evidex build` analyzes each bundle, writes one
// `{ audit, evidence }` JSON per bundle into a directory and passes it as EVIDEX_SITE_DATA.
// Everything here runs in Node during `astro build`; nothing of it ships to the browser.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import type { Audit } from '../../core/index.ts';
import type { Finding, Priority } from '../../core/index.ts';
import { createFlowGraph, type FlowGraph } from '../../core/index.ts';
import type { RedisStream } from '../../core/index.ts';
import { getLagThreshold, isGroupLagging } from '../../core/index.ts';
import { toMermaid } from '../../core/index.ts';
import type { DeclaredTopology } from '../../core/index.ts';
import type { EvidenceText } from '../../core/index.ts';
import { getHostKey } from '../../core/index.ts';
import { neutralizeDeep, neutralizeLine, neutralizeText } from '../../core/index.ts';
import { fileSlug, findingSlug, ruleSlug, slugify, uniqueSlugs, RESERVED_SLUGS } from '../../core/index.ts';

export const PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2', 'P3'];

/** One evidence file's (already redacted) text, as the analysis hands it over. */
export type { EvidenceText };

/** One analyzed bundle, with the lookups every page needs. */
export interface SiteAudit {
  slug: string;
  audit: Audit;
  evidence: EvidenceText[];
  /** evidence path → page slug */
  fileSlugs: Map<string, string>;
  /** fingerprint → permalink slug */
  findingSlugs: Map<string, string>;
  findingsByFingerprint: Map<string, Finding>;
  graph: FlowGraph;
  mermaid: string;
  /** SHA-256 of the audit's data file: the pages of an audit are a function of it (see lib/routes.ts). */
  digest: string;
}

/** A rule's documentation from content/rules/<domain>/<name>.md. */
export interface RuleDoc {
  id: string;
  slug: string;
  title: string;
  priority?: string;
  category?: string;
  /** Our own Markdown rendered by marked: never evidence. */
  html: string;
}

let cache: SiteAudit[] | undefined;
/**
 * The data directory `cache` was read from and the stat of each file in it: one process may run several
 * builds (tests, embedders), and Node's module cache keeps this module across them.
 */
let cacheDir: string | undefined;

/** Directory of `<bundle>.json` files written by `evidex build`. */
export function getDataDir(): string {
  return resolve(process.env['EVIDEX_SITE_DATA'] ?? '.cache/evidex/site-data');
}

/** A file's name, size, times and inode: a data file written again differs (its ctime at least). */
function statSignature(file: string): string {
  const s = statSync(file);
  return `${file}\0${s.size}\0${s.mtimeMs}\0${s.ctimeMs}\0${s.ino}`;
}

/** All audits in the data directory, newest capture first. */
export function getAudits(): SiteAudit[] {
  const dir = getDataDir();
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const signature = [dir, ...files.map((f) => statSignature(join(dir, f)))].join('\n');
  if (cache && cacheDir === signature) return cache;
  cacheDir = signature;
  hostsCache = undefined;
  rulesCache = undefined;
  const used = new Set<string>();
  const audits = files.map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const data = JSON.parse(text) as {
      audit: Audit;
      evidence: EvidenceText[];
      topology?: DeclaredTopology;
    };
    const { topology } = data;
    // Evidence is hostile: bidi overrides, NUL, zero-width and other controls are shown escaped on every
    // page ('\u202e'), as in the terminal, so no string can reorder or hide what a page shows.
    const audit = neutralizeDeep(data.audit);
    const evidence = data.evidence.map((e) => ({
      ...e,
      path: neutralizeLine(e.path),
      kind: neutralizeLine(e.kind),
      text: neutralizeText(e.text),
    }));
    let slug = slugify(audit.bundle.name || f.replace(/\.json$/, ''));
    for (let i = 2; used.has(slug) || RESERVED_SLUGS.has(slug); i++) slug = `${slugify(audit.bundle.name)}-${i}`;
    used.add(slug);
    const paths = [...audit.files.map((x) => x.path), ...evidence.map((e) => e.path)];
    // The graph follows the rules: the legend's threshold is the one they ran with, and a path is
    // drawn lagging exactly when the consumer-group-lag rule reported its group.
    const judged = {
      lagThreshold: getLagThreshold(audit),
      isLagging: (st: RedisStream, g: RedisStream['groups'][number]) => isGroupLagging(audit, st, g),
    };
    const graph = createFlowGraph(audit, topology ? { ...judged, topology } : judged);
    return {
      slug,
      audit,
      evidence,
      fileSlugs: uniqueSlugs(paths, (p) => p, fileSlug),
      findingSlugs: uniqueSlugs(audit.findings, (x) => x.fingerprint, findingSlug),
      findingsByFingerprint: new Map(audit.findings.map((x) => [x.fingerprint, x])),
      graph,
      mermaid: toMermaid(graph),
      digest: createHash('sha256').update(text).digest('hex'),
    } satisfies SiteAudit;
  });
  cache = audits.sort(
    (a, b) =>
      (b.audit.bundle.capturedAt ?? '').localeCompare(a.audit.bundle.capturedAt ?? '') || a.slug.localeCompare(b.slug),
  );
  return cache;
}

/** Findings in the order the core decided (impact first); a renderer never re-sorts them. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings];
}

/** Count of findings per priority, P0…P3 all present. */
export function countByPriority(findings: readonly Finding[]): Record<Priority, number> {
  const out: Record<Priority, number> = { P0: 0, P1: 0, P2: 0, P3: 0 };
  for (const f of findings) if (!f.accepted) out[f.priority]++;
  return out;
}

/** '/<audit>/evidence/<file>/#L12-L14' for an evidence reference. */
export function evidenceHref(
  a: SiteAudit,
  ref: { file: string; startLine?: number | undefined; endLine?: number | undefined },
): string {
  const slug = a.fileSlugs.get(ref.file) ?? fileSlug(ref.file);
  const base = `/${a.slug}/evidence/${slug}/`;
  if (!ref.startLine) return base;
  return ref.endLine && ref.endLine !== ref.startLine
    ? `${base}#L${ref.startLine}-L${ref.endLine}`
    : `${base}#L${ref.startLine}`;
}

/** 'docker_ps.txt:3-5' */
export function evidenceLabel(ref: {
  file: string;
  startLine?: number | undefined;
  endLine?: number | undefined;
  pointer?: string | undefined;
}): string {
  const lines = ref.startLine
    ? `:${ref.startLine}${ref.endLine && ref.endLine !== ref.startLine ? `-${ref.endLine}` : ''}`
    : '';
  return `${ref.file}${lines}${ref.pointer ? ` ${ref.pointer}` : ''}`;
}

/** '/<audit>/findings/<slug>/' */
export function findingHref(a: SiteAudit, fingerprint: string): string {
  return `/${a.slug}/findings/${a.findingSlugs.get(fingerprint) ?? findingSlug(fingerprint)}/`;
}

let rulesCache: RuleDoc[] | undefined;

/** Where the rule docs live: EVIDEX_CONTENT_DIR, else ./content. */
export function getContentDir(): string {
  return resolve(process.env['EVIDEX_CONTENT_DIR'] ?? 'content');
}

/** Every rule: documented ones from content/rules, plus any rule an audit ran that has no doc yet. */
export function getRuleDocs(): RuleDoc[] {
  const audits = getAudits(); // first: it drops this cache when the data directory changed
  if (rulesCache) return rulesCache;
  const root = join(getContentDir(), 'rules');
  const docs = new Map<string, RuleDoc>();
  for (const file of walk(root).filter((f) => f.endsWith('.md'))) {
    const id = relative(root, file).replace(/\\/g, '/').replace(/\.md$/, '');
    const { meta, body } = splitFrontmatter(readFileSync(file, 'utf8'));
    const ruleId = typeof meta['id'] === 'string' ? meta['id'] : id;
    docs.set(ruleId, {
      id: ruleId,
      slug: ruleSlug(ruleId),
      title: typeof meta['title'] === 'string' ? meta['title'] : ruleId,
      ...(typeof meta['priority'] === 'string' ? { priority: meta['priority'] } : {}),
      ...(typeof meta['category'] === 'string' ? { category: meta['category'] } : {}),
      html: marked.parse(body, { async: false }),
    });
  }
  // Every rule id a finding card links to gets a page, hand-written findings' 'manual' too.
  for (const a of audits) {
    for (const id of [...a.audit.rules.map((r) => r.ruleId), ...a.audit.findings.map((f) => f.ruleId)]) {
      if (!docs.has(id)) docs.set(id, { id, slug: ruleSlug(id), title: id, html: '' });
    }
  }
  rulesCache = [...docs.values()].sort((a, b) => a.id.localeCompare(b.id));
  return rulesCache;
}

/** '/rules/<slug>/' for a rule id. */
export const ruleHref = (ruleId: string): string => `/rules/${ruleSlug(ruleId)}/`;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
  );
}

/** Split `---\nyaml\n---\nbody`; a document without frontmatter is all body. */
export function splitFrontmatter(text: string): { meta: Record<string, unknown>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { meta: {}, body: text };
  let meta: Record<string, unknown> = {};
  try {
    const parsed: unknown = parseYaml(m[1] ?? '');
    if (parsed && typeof parsed === 'object') meta = parsed as Record<string, unknown>;
  } catch {
    // A broken header should not hide the doc; show the body without metadata.
  }
  return { meta, body: text.slice(m[0].length) };
}

/** All audits of one host (same {@link getHostKey}), oldest capture first. */
export interface SiteHost {
  /** getHostKey: hostname from uname, else the bundle name without its date. */
  key: string;
  slug: string;
  audits: SiteAudit[];
}

let hostsCache: SiteHost[] | undefined;

/** Audits grouped by host, each host's audits oldest first; hosts sorted by key. */
export function getHosts(): SiteHost[] {
  const audits = getAudits(); // first: it drops this cache when the data directory changed
  if (hostsCache) return hostsCache;
  const byKey = new Map<string, SiteAudit[]>();
  for (const a of audits) {
    const key = getHostKey(a.audit);
    byKey.set(key, [...(byKey.get(key) ?? []), a]);
  }
  const keys = [...byKey.keys()].sort();
  const slugs = uniqueSlugs(keys, (k) => k, slugify);
  const oldestFirst = (x: SiteAudit, y: SiteAudit) =>
    (x.audit.bundle.capturedAt ?? '').localeCompare(y.audit.bundle.capturedAt ?? '') || x.slug.localeCompare(y.slug);
  hostsCache = keys.map((key) => ({
    key,
    slug: slugs.get(key) ?? slugify(key),
    audits: [...(byKey.get(key) ?? [])].sort(oldestFirst),
  }));
  return hostsCache;
}

/** The host an audit belongs to. */
export function getHostOf(a: SiteAudit): SiteHost | undefined {
  return getHosts().find((h) => h.audits.includes(a));
}

/** The capture of the same host just before this one, if any. */
export function getPreviousAudit(a: SiteAudit): SiteAudit | undefined {
  const audits = getHostOf(a)?.audits ?? [];
  const i = audits.indexOf(a);
  return i > 0 ? audits[i - 1] : undefined;
}

/**
 * Audit pairs (before older) a host gets diff pages for: each against the previous one, and every pair when the host
 * has ≤ 6 audits.
 */
export function getDiffPairs(h: SiteHost): Array<[SiteAudit, SiteAudit]> {
  const n = h.audits.length;
  const pairs: Array<[SiteAudit, SiteAudit]> = [];
  for (let j = 1; j < n; j++) {
    for (let i = n <= 6 ? 0 : j - 1; i < j; i++) pairs.push([h.audits[i]!, h.audits[j]!]);
  }
  return pairs;
}

/** '/hosts/<host>/' */
export const hostHref = (h: SiteHost): string => `/hosts/${h.slug}/`;

/** '/hosts/<host>/diff/<before>...<after>/' (git's range notation; audit slugs hold no '/'). */
export const diffHref = (h: SiteHost, before: SiteAudit, after: SiteAudit): string =>
  `/hosts/${h.slug}/diff/${before.slug}...${after.slug}/`;

/**
 * Short label for a capture among its host's audits: '2025-12-24', with the time or slug only when needed to tell two
 * apart. Digits, letters and ' :._-' only.
 */
export function captureLabel(a: SiteAudit, among: readonly SiteAudit[]): string {
  const at = (x: SiteAudit) => {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(x.audit.bundle.capturedAt ?? '');
    return m ? { day: m[1]!, minute: `${m[1]} ${m[2]}` } : { day: x.slug, minute: x.slug };
  };
  const mine = at(a);
  const others = among.filter((x) => x !== a).map(at);
  if (!others.some((o) => o.day === mine.day)) return mine.day;
  if (!others.some((o) => o.minute === mine.minute)) return mine.minute;
  return mine.minute === a.slug ? a.slug : `${mine.minute} ${a.slug}`;
}
