import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroInlineConfig } from 'astro';
import fg from 'fast-glob';
import type { Analysis } from '../core/index.ts';
import type { EvidexConfig } from '../core/index.ts';
import type { Audit } from '../core/index.ts';
import {
  BuildFailed,
  BuildInputMissing,
  BuildNoBundles,
  BuildOutDirUnsafe,
  EvidexError,
  TopologyInvalid,
} from '../core/index.ts';
import { mergeTopologies, parseTopology, type DeclaredTopology, type Topology } from '../core/index.ts';
import { TOOL_VERSION } from '../core/index.ts';
import {
  AnalysisCache,
  analysisKey,
  besideFindings,
  hashConfig,
  keyId,
  statFingerprint,
  TreeDigests,
} from './analysis-cache.ts';
import { ASSETS_DIR, MERMAID_DIR, MERMAID_ENTRY } from '../site/lib/assets.ts';
import { normalizeBase, relativizeSite } from './site-links.ts';
import { resolveModule } from './resolve-module.ts';

/** The project root: where astro.config.mjs, src/site and content/ live. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Name of the stamp file written into the output folder (used by `npm start` to skip fresh builds). */
export const BUILD_STAMP = '.evidex-build.json';

export interface BuildSiteOptions {
  /** Evidence folders (holding bundles, or a bundle itself) and bundle tarballs. */
  inputs: string[];
  /** Output folder for the static site. */
  outDir: string;
  /** Where the per-bundle `{ audit, evidence }` JSON goes; default <cacheDir>/site-data/<hash of outDir>. */
  dataDir?: string;
  /** Build caches (site data, Astro's cache); default {@link defaultCacheDir}. Never the working directory. */
  cacheDir?: string;
  /** Rule docs folder (holding rules/); default <project>/content. */
  contentDir?: string;
  config?: EvidexConfig;
  /** Topology files folder (<hostname>.yaml, <bundle name>.yaml); default <contentDir>/topology. */
  topologyDir?: string;
  /** Build the search index (default true). */
  search?: boolean;
  /** Progress lines, for stderr. */
  log?: (line: string) => void;
  /** Analyzer to use (default analyzePath); tests and embedders may pass their own. */
  analyze?: (path: string) => Promise<Analysis>;
  /** URL sub-path the site will be served under ('/reports/'); default '/'. Links work from file:// either way. */
  base?: string;
  /** Build even when outDir is up to date with the inputs, sources and settings (default false). */
  force?: boolean;
  /**
   * Reuse analyses from <cacheDir>/analysis (default true). The cache assumes `analyze` depends only on
   * the bundle's bytes, its manual findings, the config, the redaction key and evidex's version and code.
   */
  cache?: boolean;
}

export interface BuildSiteResult {
  outDir: string;
  bundles: Array<{ path: string; name: string; findings: number }>;
  pages: number;
  /** Bundles analyzed by this build; the others were loaded from the analysis cache. */
  analyzed: number;
  /** True when outDir was already up to date and nothing was redone. */
  upToDate: boolean;
}

const TARBALL = /\.(tar|tar\.gz|tgz)$/i;

/**
 * The user's cache folder for evidex: EVIDEX_CACHE_DIR, else $XDG_CACHE_HOME/evidex, else ~/.cache/evidex.
 * Builds keep their intermediate files here, so nothing lands in the working directory or the package.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['EVIDEX_CACHE_DIR']) return resolve(env['EVIDEX_CACHE_DIR']);
  return join(env['XDG_CACHE_HOME'] ? resolve(env['XDG_CACHE_HOME']) : join(homedir(), '.cache'), 'evidex');
}

/**
 * Find the bundles under the given paths. A tarball is a bundle. A folder is a bundle when it holds
 * files itself or keeps them in a `raw/` subfolder (the capture script's layout); otherwise it is a
 * collection, and each subfolder holding files (but a `<bundle>.findings` one), and each tarball in it, is a bundle.
 */
export async function findBundles(inputs: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const input of inputs) {
    const abs = resolve(input);
    if (!existsSync(abs)) throw new EvidexError(BuildInputMissing, input);
    if (statSync(abs).isFile()) {
      found.push(abs);
      continue;
    }
    const direct = await fg('*', { cwd: abs, onlyFiles: true, dot: false });
    const dirs = await fg('*', { cwd: abs, onlyDirectories: true, dot: false });
    if (direct.some((f) => !TARBALL.test(f) && !/^readme(\.md)?$/i.test(f)) || dirs.includes('raw')) {
      found.push(abs);
      continue;
    }
    for (const d of dirs) {
      // <bundle>.findings/ holds a bundle's manual findings (see loadManualFindings), not evidence.
      if (d.endsWith('.findings')) continue;
      if ((await fg('**/*', { cwd: join(abs, d), onlyFiles: true, dot: false, deep: 4 })).length > 0)
        found.push(join(abs, d));
    }
    found.push(...direct.filter((f) => TARBALL.test(f)).map((f) => join(abs, f)));
  }
  return [...new Set(found)].sort();
}

/**
 * A fingerprint of everything a build depends on: inputs and their manual findings (the working
 * directory's content/findings/, <bundle>.findings/ beside an input), site sources, rule docs and the
 * tool version. From stat alone (path, size, mtime, ctime): a file written again changes its ctime.
 */
export async function getBuildStamp(
  inputs: readonly string[],
  contentDir = join(PROJECT_ROOT, 'content'),
): Promise<string> {
  const hash = createHash('sha256').update(TOOL_VERSION);
  const roots = [
    ...inputs.map((i) => resolve(i)),
    ...inputs.map((i) => besideFindings(resolve(i))),
    resolve('content', 'findings'),
    join(PROJECT_ROOT, 'src'),
    contentDir,
    join(PROJECT_ROOT, 'astro.config.mjs'),
  ];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    const files = statSync(root).isFile()
      ? [root]
      : (await fg('**/*', { cwd: root, onlyFiles: true, absolute: true, dot: true })).sort();
    for (const f of files) {
      const s = statSync(f);
      hash.update(`${f}\0${s.size}\0${s.mtimeMs}\0${s.ctimeMs}\n`);
    }
  }
  return hash.digest('hex');
}

/** Refuse output folders whose emptying would destroy sources or evidence (Astro empties outDir first). */
function checkOutDir(outDir: string, inputs: readonly string[]): void {
  for (const input of inputs.map((i) => resolve(i))) {
    if (input === outDir || input.startsWith(outDir + sep) || outDir.startsWith(input + sep)) {
      throw new EvidexError(BuildOutDirUnsafe, outDir, `it overlaps the evidence '${input}'`);
    }
  }
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + sep);
  const protectedDirs = ['src', 'evidence', 'content', 'test', 'node_modules'].map((d) => join(PROJECT_ROOT, d));
  if (inside(PROJECT_ROOT, outDir) || protectedDirs.some((d) => inside(outDir, d)) || outDir === dirname(outDir)) {
    throw new EvidexError(BuildOutDirUnsafe, outDir, 'it would overwrite sources');
  }
}

/**
 * Analyze every bundle, render the Astro site, then index it with Pagefind. Incremental: when outDir holds
 * a build of the same inputs, sources, config, redaction key and settings, it is kept as it is (unless
 * `force`); a bundle whose content, manual findings, config and evidex version are unchanged is loaded
 * from the analysis cache instead of being analyzed again; and the pages of an audit (and each diff page)
 * whose render key is unchanged since the previous build into outDir are kept from it, not rendered again
 * (see src/site/lib/routes.ts). The site is built beside outDir and replaces it only once complete: a
 * failed build leaves the previous one as it was.
 */
export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const log = options.log ?? (() => {});
  const { outDir, contentDir, cacheDir, key, settings } = await resolveBuild(options);
  const { base, dataDir } = settings;
  if (!options.force) {
    const kept = readFreshStamp(outDir, settings);
    if (kept) {
      log(`${outDir} is up to date: nothing changed since it was built`);
      return { outDir, bundles: kept.bundles, pages: kept.pages, analyzed: 0, upToDate: true };
    }
  }

  const { bundles: summary, analyzed } = await writeSiteData(options, settings, cacheDir);

  const render = { base: await renderFingerprint(settings, contentDir), units: {} as Record<string, string> };
  const target = existsSync(outDir) ? realpathSync(outDir) : outDir;
  const staging = join(dirname(target), `.${basename(target)}.evidex-new`);
  checkOutDir(staging, options.inputs);
  const astro = { dataDir, contentDir, base, cacheDir: join(cacheDir, 'astro', key) };
  try {
    // The units of the previous build that this one may keep: same render fingerprint, folder still there.
    const previous = options.force ? undefined : readStamp(outDir);
    let keep = previous?.render?.base === render.base ? keptFolders(outDir, previous.render.units) : {};
    log(`rendering pages into ${outDir}`);
    let manifest = await renderSite({ ...astro, outDir: staging, keep });
    let kept = Object.keys(manifest.units).filter((f) => !manifest.rendered.includes(f));
    // Kept pages link the scripts and styles of the build that rendered them: the same files, or render all.
    if (kept.length > 0 && !sameFiles(join(outDir, ASSETS_DIR), join(staging, ASSETS_DIR))) {
      log('scripts or styles changed: rendering every page');
      keep = {};
      manifest = await renderSite({ ...astro, outDir: staging, keep });
      kept = [];
    }
    if (kept.length > 0) log(`kept ${kept.length} of ${Object.keys(manifest.units).length} audits' and diffs' pages`);
    const rendered = await fg('**/*.html', { cwd: staging });
    for (const folder of kept) {
      if (keep[folder] !== manifest.units[folder])
        throw new EvidexError(BuildFailed, 'rendering pages', `the pages left out '${folder}', not offered to keep`);
      linkTree(join(outDir, folder), join(staging, folder));
    }
    // Relative links: the same folder works from file://, under `base` and at a server's root.
    await relativizeSite(staging, base, rendered);
    render.units = manifest.units;

    const pages = (await fg('**/*.html', { cwd: staging })).length;
    if (settings.search) {
      const audits = Object.keys(manifest.units).filter((f) => !f.includes('/'));
      const reuse = audits.filter((f) => kept.includes(f) && existsSync(join(outDir, SEARCH_AUDITS, f, ENTRY)));
      log(`indexing for search (pagefind): ${audits.length - reuse.length} of ${audits.length} audits`);
      await indexSite(staging, audits, reuse.length > 0 ? { from: outDir, folders: reuse } : undefined);
    }
    const stamp: StampFile = {
      ...settings,
      tool: TOOL_VERSION,
      inputs: options.inputs.map((i) => resolve(i)),
      bundles: summary,
      pages,
      render,
    };
    writeFileSync(join(staging, BUILD_STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
    replaceDir(staging, target);
    return { outDir, bundles: summary, pages, analyzed, upToDate: false };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Render the site with Astro into outDir (emptied first), with Mermaid beside its scripts; `keep` names the
 * render units (folder → key) the pages leave out when their key is unchanged. Returns the site's render
 * manifest: every unit's key, and the folders rendered.
 */
async function renderSite(o: {
  outDir: string;
  dataDir: string;
  contentDir: string;
  base: string;
  cacheDir: string;
  keep: Record<string, string>;
}): Promise<{ units: Record<string, string>; rendered: string[] }> {
  const keepFile = join(o.cacheDir, 'keep.json');
  mkdirSync(o.cacheDir, { recursive: true });
  writeFileSync(keepFile, JSON.stringify(o.keep));
  await runAstroBuild({ ...o, keepFile });
  copyMermaid(o.outDir);
  const file = join(o.outDir, RENDER_MANIFEST);
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { units: Record<string, string>; rendered: string[] };
    rmSync(file);
    return manifest;
  } catch (err) {
    throw new EvidexError(BuildFailed, 'rendering pages', `no render manifest (${firstLine(err)})`);
  }
}

/** The file src/site/pages/evidex-render.json.ts renders (and the build removes). */
const RENDER_MANIFEST = 'evidex-render.json';

/**
 * What every page depends on besides the data: evidex's version and sources (site, core), the rule docs,
 * the Astro config and public files, the renderer's packages, the base, the search and config settings.
 */
async function renderFingerprint(settings: StampSettings, contentDir: string): Promise<string> {
  const modules = await modulesDir();
  const versions = ['astro', 'mermaid', 'pagefind', 'marked'].map((name) => {
    try {
      return (JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as { version?: string }).version;
    } catch {
      return 'absent';
    }
  });
  const sources = statFingerprint([
    join(PROJECT_ROOT, 'src'),
    join(PROJECT_ROOT, 'public'),
    join(PROJECT_ROOT, 'astro.config.mjs'),
    contentDir,
  ]);
  return createHash('sha256')
    .update(
      JSON.stringify(['render/1', TOOL_VERSION, versions, sources, settings.base, settings.search, settings.config]),
    )
    .digest('hex');
}

/** A folder of a render unit: a relative path of plain segments, never leading out of the site. */
const UNIT_FOLDER = /^[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/;

/** The units of a previous build (folder → key) whose folder is still in outDir with its index page. */
function keptFolders(outDir: string, units: unknown): Record<string, string> {
  if (!units || typeof units !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [folder, key] of Object.entries(units as Record<string, unknown>)) {
    if (typeof key !== 'string' || !UNIT_FOLDER.test(folder)) continue;
    if (folder.split('/').some((s) => s === '.' || s === '..')) continue;
    if (existsSync(join(outDir, folder, 'index.html'))) out[folder] = key;
  }
  return out;
}

/** Whether two folders hold the same file names (content-hashed asset names: the same files). */
function sameFiles(a: string, b: string): boolean {
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : []);
  const [x, y] = [list(a), list(b)];
  return x.length === y.length && x.every((f, i) => f === y[i]);
}

/** Hard-link every file of a tree into another place (copied where links are refused); symlinks are not followed. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const [src, dst] = [join(from, e.name), join(to, e.name)];
    if (e.isDirectory()) linkTree(src, dst);
    else if (e.isFile()) {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst);
      }
    }
  }
}

/**
 * Put the finished site in place of outDir: the old folder renamed aside, the new one renamed in, the old
 * removed. Where outDir itself cannot be renamed (a mount point), its content is replaced instead.
 */
function replaceDir(staging: string, outDir: string): void {
  mkdirSync(dirname(outDir), { recursive: true });
  if (!existsSync(outDir)) return renameSync(staging, outDir);
  const old = join(dirname(outDir), `.${basename(outDir)}.evidex-old`);
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(outDir, old);
  } catch {
    for (const name of readdirSync(outDir)) rmSync(join(outDir, name), { recursive: true, force: true });
    for (const name of readdirSync(staging)) renameSync(join(staging, name), join(outDir, name));
    return;
  }
  try {
    renameSync(staging, outDir);
  } catch (err) {
    renameSync(old, outDir);
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * The data step of a build: analyze each bundle (or load its analysis from the cache) and write one
 * `{ audit, evidence, topology? }` JSON per bundle into the data folder the pages read.
 */
async function writeSiteData(
  options: BuildSiteOptions,
  settings: StampSettings,
  cacheDir: string,
): Promise<{ bundles: BuildSiteResult['bundles']; analyzed: number }> {
  const log = options.log ?? (() => {});
  const { dataDir, topologyDir } = settings;
  const bundles = await findBundles(options.inputs);
  if (bundles.length === 0) throw new EvidexError(BuildNoBundles, options.inputs.join(', '));
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const useCache = options.cache !== false;
  const analysisDir = join(cacheDir, 'analysis');
  const cache = new AnalysisCache(analysisDir);
  const digests = new TreeDigests(useCache ? join(analysisDir, 'digests.json') : undefined);
  const code = statFingerprint(['core', 'node'].map((d) => join(PROJECT_ROOT, 'src', d)));
  const manualRoot = resolve('content', 'findings');
  const manual = useCache ? digests.digest(manualRoot) : '';
  const summary: BuildSiteResult['bundles'] = [];
  const usedNames = new Set<string>();
  let analyzed = 0;
  for (const [i, path] of bundles.entries()) {
    const shown = relative(process.cwd(), path) || path;
    // The bundle's bytes and its manual findings (content/findings/ of the working directory, as
    // analyzePath reads them, and <bundle>.findings/ beside it).
    const analysisId = useCache
      ? analysisKey({
          inputs: `${digests.digest(path)}\0${manual}\0${digests.digest(besideFindings(path))}`,
          toolVersion: TOOL_VERSION,
          config: settings.config,
          redactKey: settings.redactKey,
          code,
        })
      : '';
    let entry = useCache ? cache.get(analysisId) : undefined;
    if (entry) log(`[${i + 1}/${bundles.length}] unchanged, from the cache: ${shown}`);
    else {
      log(`[${i + 1}/${bundles.length}] analyzing ${shown}`);
      const analysis: Analysis = options.analyze
        ? await options.analyze(path)
        : await (await import('./analyze-path.ts')).analyzePath(path, options.config ? { config: options.config } : {});
      analyzed++;
      entry = useCache
        ? cache.put(analysisId, analysis)
        : {
            json: JSON.stringify({ audit: analysis.audit, evidence: analysis.evidence }),
            meta: {
              name: analysis.audit.bundle.name,
              findings: analysis.audit.findings.length,
              ...(analysis.audit.host.hostname ? { hostname: analysis.audit.host.hostname } : {}),
            },
          };
    }
    const { json, meta } = entry;
    let file = safeFileName(meta.name || basename(path));
    for (let n = 2; usedNames.has(file); n++) file = `${safeFileName(meta.name)}-${n}`;
    usedNames.add(file);
    const topology = loadTopology(
      topologyDir,
      { host: { hostname: meta.hostname }, bundle: { name: meta.name } },
      options.config,
    );
    // `{ audit, evidence }` with the topology appended: the cached text is not parsed again.
    writeFileSync(
      join(dataDir, `${file}.json`),
      topology ? `${json.slice(0, -1)},"topology":${JSON.stringify(topology)}}` : json,
    );
    summary.push({ path, name: meta.name, findings: meta.findings });
  }
  if (useCache) {
    digests.save();
    cache.prune();
  }

  return { bundles: summary, analyzed };
}

/**
 * Only the data step of {@link buildSite} (no rendering): the analyses in the data folder, each from the
 * cache when its key is unchanged. For embedders that render themselves, and for tests of the cache.
 */
export async function prepareSiteData(
  options: Omit<BuildSiteOptions, 'outDir'> & { dataDir: string },
): Promise<{ dataDir: string; bundles: BuildSiteResult['bundles']; analyzed: number }> {
  const cacheDir = resolve(options.cacheDir ?? defaultCacheDir());
  const contentDir = resolve(options.contentDir ?? join(PROJECT_ROOT, 'content'));
  const dataDir = resolve(options.dataDir);
  const settings: StampSettings = {
    stamp: '',
    base: '/',
    search: false,
    config: hashConfig(options.config),
    redactKey: keyId((await import('./redact-key.ts')).getRedactKey()),
    topologyDir: resolve(options.topologyDir ?? join(contentDir, 'topology')),
    dataDir,
  };
  return { dataDir, ...(await writeSiteData({ ...options, outDir: dataDir }, settings, cacheDir)) };
}

/** The folders and stamp settings of a build, checked and resolved from its options. */
async function resolveBuild(options: BuildSiteOptions) {
  const outDir = resolve(options.outDir);
  checkOutDir(outDir, options.inputs);
  const base = normalizeBase(options.base ?? '/');
  if (!base) throw new Error(`base must be a URL sub-path such as /reports/ (got '${options.base}')`);
  const contentDir = resolve(options.contentDir ?? join(PROJECT_ROOT, 'content'));
  const key = createHash('sha256').update(outDir).digest('hex').slice(0, 12);
  const cacheDir = resolve(options.cacheDir ?? defaultCacheDir());
  const dataDir = resolve(options.dataDir ?? join(cacheDir, 'site-data', key));
  const topologyDir = resolve(options.topologyDir ?? join(contentDir, 'topology'));
  const stampInputs = options.topologyDir ? [...options.inputs, topologyDir] : options.inputs;
  const settings: StampSettings = {
    stamp: await getBuildStamp(stampInputs, contentDir),
    base,
    search: options.search !== false,
    config: hashConfig(options.config),
    redactKey: keyId((await import('./redact-key.ts')).getRedactKey()),
    topologyDir,
    dataDir,
  };
  return { outDir, contentDir, cacheDir, key, settings };
}

/**
 * What {@link buildSite} would return without doing anything, when outDir is up to date with these
 * options; else undefined. Loads no renderer: `evidex build` asks this before starting a build process.
 */
export async function getUpToDateBuild(options: BuildSiteOptions): Promise<BuildSiteResult | undefined> {
  const { outDir, settings } = await resolveBuild(options);
  const kept = readFreshStamp(outDir, settings);
  return kept && { outDir, bundles: kept.bundles, pages: kept.pages, analyzed: 0, upToDate: true };
}

/** Everything a build's output depends on besides the inputs' files, compared before anything is redone. */
interface StampSettings {
  /** {@link getBuildStamp}: inputs, site sources, rule docs, tool version. */
  stamp: string;
  base: string;
  search: boolean;
  /** {@link hashConfig} of the resolved config. */
  config: string;
  /** A digest of the redaction key, never the key. */
  redactKey: string;
  topologyDir: string;
  dataDir: string;
}

interface StampFile extends StampSettings {
  tool: string;
  inputs: string[];
  bundles: BuildSiteResult['bundles'];
  pages: number;
  /** {@link renderFingerprint} and every render unit's key (folder → key), for the next build to keep. */
  render?: { base: string; units: Record<string, string> };
}

/** The stamp of outDir's build, whatever it was built with; undefined when there is none. */
function readStamp(outDir: string): StampFile | undefined {
  try {
    const saved = JSON.parse(readFileSync(join(outDir, BUILD_STAMP), 'utf8')) as unknown;
    return saved && typeof saved === 'object' ? (saved as StampFile) : undefined;
  } catch {
    return undefined;
  }
}

/** The stamp of outDir when it was built with exactly these settings and still has its pages, else undefined. */
function readFreshStamp(outDir: string, settings: StampSettings): StampFile | undefined {
  try {
    if (!existsSync(join(outDir, 'index.html'))) return undefined;
    const saved = JSON.parse(readFileSync(join(outDir, BUILD_STAMP), 'utf8')) as Partial<StampFile>;
    const same = (Object.keys(settings) as Array<keyof StampSettings>).every((k) => saved[k] === settings[k]);
    if (!same || !Array.isArray(saved.bundles) || typeof saved.pages !== 'number') return undefined;
    // The data folder is read by nothing after a build, but a kept build keeps its promise of one.
    if (!existsSync(settings.dataDir)) return undefined;
    return saved as StampFile;
  } catch {
    return undefined;
  }
}

/** A hostname or bundle name usable as a file name as-is (evidence text must not pick a path). */
const TOPOLOGY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

/**
 * The declared topology of one audit: `<dir>/<hostname>.yaml` and `<dir>/<bundle name>.yaml`, plus the
 * config's `topology` section. All are merged (nothing overrides): each entry keeps its source, and an
 * edge declared in several places lists them all. A bad file is a usage error naming the file and keys.
 */
export function loadTopology(
  dir: string,
  audit: { host: Pick<Audit['host'], 'hostname'>; bundle: Pick<Audit['bundle'], 'name'> },
  config?: EvidexConfig,
): DeclaredTopology | undefined {
  const parts: Array<{ topology: Topology; source: string }> = [];
  const names = [...new Set([audit.host.hostname, audit.bundle.name])].filter(
    (n): n is string => typeof n === 'string' && TOPOLOGY_NAME.test(n),
  );
  for (const name of names) {
    const file = join(dir, `${name}.yaml`);
    if (!existsSync(file)) continue;
    const shown = displayPath(file);
    const result = parseTopology(readFileSync(file, 'utf8'), shown);
    if (!result.ok) throw new EvidexError(TopologyInvalid, shown, result.errors);
    parts.push({ topology: result.topology, source: `topology file ${shown}` });
  }
  if (config?.topology) parts.push({ topology: config.topology, source: "the config file's topology section" });
  return parts.length > 0 ? mergeTopologies(parts) : undefined;
}

/**
 * Project-relative when inside the project ('content/topology/web-1.yaml'), else folder/file: no home paths in reports.
 */
function displayPath(file: string): string {
  const rel = relative(PROJECT_ROOT, file);
  return rel.startsWith('..') || isAbsolute(rel)
    ? join(basename(dirname(file)), basename(file))
    : rel.split(sep).join('/');
}

const safeFileName = (name: string) =>
  name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 100) || 'bundle';

/**
 * The node_modules folder that holds Astro and its dependencies: in a clone the project's own, in an
 * installed package the one the package sits in (npm hoists Astro's dependencies beside it).
 */
async function modulesDir(): Promise<string> {
  const entry = resolveModule('astro');
  const at = entry.lastIndexOf(`${sep}node_modules${sep}`);
  return at < 0 ? join(PROJECT_ROOT, 'node_modules') : entry.slice(0, at + '/node_modules'.length);
}

/**
 * Astro's programmatic build; data reaches the pages through environment variables read at render time.
 * Astro writes `.astro/` into its root and its prerender chunks beside the output or into the working
 * directory, and those chunks import Astro's dependencies by name. So the build runs from a work folder
 * in the cache (its root and working directory) that links to the site sources and to the node_modules
 * holding Astro: nothing is written into the user's folder or the installed package, and chunks resolve.
 */
let astroBuilds = 0;

async function runAstroBuild(o: {
  outDir: string;
  dataDir: string;
  contentDir: string;
  base: string;
  cacheDir: string;
  /** The units the pages leave out (EVIDEX_SITE_KEEP, see src/site/lib/routes.ts). */
  keepFile: string;
}): Promise<void> {
  const saved = {
    data: process.env['EVIDEX_SITE_DATA'],
    content: process.env['EVIDEX_CONTENT_DIR'],
    keep: process.env['EVIDEX_SITE_KEEP'],
    cwd: process.cwd(),
  };
  // A work folder of its own per build: Astro imports its prerender entry from there, and Node's module
  // cache would hand a second build in this process the first one's (with its getStaticPaths results).
  const work = join(o.cacheDir, `work-${process.pid}-${++astroBuilds}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  symlinkSync(await modulesDir(), join(work, 'node_modules'), 'dir');
  for (const dir of ['src', 'public']) symlinkSync(join(PROJECT_ROOT, dir), join(work, dir), 'dir');
  process.env['EVIDEX_SITE_DATA'] = o.dataDir;
  process.env['EVIDEX_CONTENT_DIR'] = o.contentDir;
  process.env['EVIDEX_SITE_KEEP'] = o.keepFile;
  try {
    const { build } = await import('astro');
    // The project's config, read here because Astro looks for a config file only inside its root.
    const config = (await import(pathToFileURL(join(PROJECT_ROOT, 'astro.config.mjs')).href))
      .default as AstroInlineConfig;
    process.chdir(work);
    await build({
      ...config,
      configFile: false,
      root: work,
      outDir: o.outDir,
      base: o.base,
      cacheDir: join(o.cacheDir, 'astro'),
      // Module ids stay under the work folder (Astro wants its sources inside its root).
      vite: { ...config.vite, cacheDir: join(o.cacheDir, 'vite'), resolve: { preserveSymlinks: true } },
      logLevel: process.env['EVIDEX_DEBUG'] ? 'info' : 'warn',
      mode: 'production',
    });
  } catch (err) {
    if (err instanceof EvidexError || process.env['EVIDEX_DEBUG']) throw err;
    throw new EvidexError(BuildFailed, 'rendering pages', firstLine(err));
  } finally {
    process.chdir(saved.cwd);
    rmSync(work, { recursive: true, force: true });
    restore('EVIDEX_SITE_DATA', saved.data);
    restore('EVIDEX_CONTENT_DIR', saved.content);
    restore('EVIDEX_SITE_KEEP', saved.keep);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** The first line of an error's message, for a one-line report (EVIDEX_DEBUG=1 keeps the whole error). */
const firstLine = (err: unknown) =>
  (err instanceof Error ? err.message : String(err))
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim() ?? 'unknown error';

/**
 * Mermaid's own minified ES module build (its entry and the chunks it imports, no source maps) into
 * <assets>/<MERMAID_DIR>/, where src/site/scripts/mermaid.ts imports it from: the site's bundle leaves it out.
 */
function copyMermaid(outDir: string): void {
  const dist = dirname(resolveModule('mermaid'));
  const to = join(outDir, ASSETS_DIR, MERMAID_DIR);
  const chunks = join('chunks', 'mermaid.esm.min');
  mkdirSync(join(to, chunks), { recursive: true });
  copyFileSync(join(dist, MERMAID_ENTRY), join(to, MERMAID_ENTRY));
  for (const f of readdirSync(join(dist, chunks)))
    if (f.endsWith('.mjs')) copyFileSync(join(dist, chunks, f), join(to, chunks, f));
}

/** Where each audit's own search index is written, below the site (src/site/scripts/search.ts merges them). */
const SEARCH_AUDITS = join('pagefind', 'audits');
/** The list of audit indexes the search page merges: folder names under SEARCH_AUDITS. */
const SEARCH_LIST = join('pagefind', 'evidex-audits.json');
const ENTRY = 'pagefind-entry.json';
/** What a merged index needs (Pagefind loads the primary bundle's scripts and WebAssembly only). */
const MERGED_KEEP = /^(pagefind-entry\.json|.*\.pf_meta|index|fragment|filter)$/;
const PAGEFIND_CONFIG = { forceLanguage: 'en', excludeSelectors: ['.flow-source', 'nav', '.filters'] };

/**
 * Pagefind's Node API: index the built HTML into pagefind/ (the index of every page outside the audits'
 * folders, with the search UI) and one index per audit folder in pagefind/audits/<folder>/, which the
 * search page merges. An audit whose pages were kept from the previous build keeps its index too
 * (`reuse`): a changed audit costs the indexing of its own pages, not the whole site's.
 */
async function indexSite(
  outDir: string,
  audits: readonly string[],
  reuse?: { from: string; folders: readonly string[] },
): Promise<void> {
  const pagefind = await import('pagefind');
  const index = async (glob: string, outputPath: string) => {
    const { index, errors } = await pagefind.createIndex(PAGEFIND_CONFIG);
    if (!index) throw new EvidexError(BuildFailed, 'starting the search indexer (pagefind)', errors.join('; '));
    const added = await index.addDirectory({ path: outDir, glob });
    if (added.errors.length > 0)
      throw new EvidexError(BuildFailed, 'indexing for search (pagefind)', added.errors.join('; '));
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0)
      throw new EvidexError(BuildFailed, 'writing the search index (pagefind)', written.errors.join('; '));
    await index.deleteIndex();
  };
  try {
    const own = new Set(audits);
    // Every top-level page and folder that is not an audit's (names are slugs: no glob characters).
    const shared = readdirSync(outDir).filter((n) => !own.has(n) && n !== ASSETS_DIR && n !== 'pagefind');
    const unsafe = [...shared, ...audits].find((n) => !/^[a-z0-9._-]+$/.test(n));
    if (unsafe) throw new EvidexError(BuildFailed, 'indexing for search (pagefind)', `unexpected name '${unsafe}'`);
    const globs = shared.map((n) => (n.endsWith('.html') ? n : `${n}/**/*.html`));
    await index(globs.length === 1 ? globs[0]! : `{${globs.join(',')}}`, join(outDir, 'pagefind'));
    const reused = new Set(reuse?.folders);
    for (const f of reused) linkTree(join(reuse!.from, SEARCH_AUDITS, f), join(outDir, SEARCH_AUDITS, f));
    // Two at a time: the indexer is one process, and each index mostly waits on it.
    const todo = audits.filter((f) => !reused.has(f));
    const worker = async () => {
      for (let f = todo.shift(); f !== undefined; f = todo.shift()) {
        const to = join(outDir, SEARCH_AUDITS, f);
        await index(`${f}/**/*.html`, to);
        for (const e of readdirSync(to)) if (!MERGED_KEEP.test(e)) rmSync(join(to, e), { recursive: true });
      }
    };
    await Promise.all([worker(), worker()]);
    writeFileSync(join(outDir, SEARCH_LIST), `${JSON.stringify([...audits].sort())}\n`);
  } finally {
    await pagefind.close();
  }
}
