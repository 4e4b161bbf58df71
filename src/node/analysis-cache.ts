// The site build's analysis cache: one analyzed bundle per key, where the key names everything the
// analysis depends on (the bundle's bytes, its manual findings, evidex's version and code, the resolved
// config, the redaction key). It lives in the build's cache folder, never in the evidence or the
// working directory. Hashing a bundle reads its bytes once with native SHA-256; a stat index (path,
// size, mtime, ctime, inode of every entry) skips even that when nothing was touched since last time.
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { Analysis, EvidexConfig } from '../core/index.ts';
import { compareText } from '../core/text/compare.ts';

/** What an analysis depends on; each part changes the key. */
export interface AnalysisKeyParts {
  /** {@link digestInputs} of the bundle and its manual findings. */
  inputs: string;
  toolVersion: string;
  /** {@link hashConfig} of the resolved config. */
  config: string;
  /** A digest of the redaction key (never the key): fingerprints in the evidence depend on it. */
  redactKey: string;
  /** A fingerprint of the analyzer's code (a clone's sources change without a version bump). */
  code: string;
}

export function analysisKey(parts: AnalysisKeyParts): string {
  const { inputs, toolVersion, config, redactKey, code } = parts;
  return sha256(JSON.stringify(['evidex-analysis/1', inputs, toolVersion, config, redactKey, code]));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A digest of the key itself, to tell keys apart without storing or printing one. */
export const keyId = (secret: string): string => sha256(`evidex-redact-key\0${secret}`).slice(0, 32);

/** A digest of a config that does not depend on key order; no config and `{}` differ (defaults vs file). */
export function hashConfig(config: EvidexConfig | undefined): string {
  return sha256(config === undefined ? 'none' : stableJson(config));
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Stat-based pre-check: per root, the stat signature of its tree and the content digest it had. */
type StatIndex = Record<string, { stat: string; sha256: string }>;

const CHUNK = 1024 * 1024;

/**
 * The SHA-256 of a file tree's content: every entry's relative path and type, a regular file's bytes,
 * a symlink's target (links are never followed, as the reader never follows them). A missing root
 * digests as 'absent'. Nothing but regular files is opened, with no-follow and no-block flags.
 */
export class TreeDigests {
  readonly #file: string | undefined;
  readonly #index: StatIndex;
  readonly #next: StatIndex = {};
  /** Files whose bytes were read (not taken from the stat index), for tests and logs. */
  hashed = 0;

  /** `indexFile`: where the stat index persists between builds; without one, every tree is read. */
  constructor(indexFile?: string) {
    this.#file = indexFile;
    let index: StatIndex = {};
    try {
      if (indexFile) index = JSON.parse(readFileSync(indexFile, 'utf8')) as StatIndex;
    } catch {
      // Missing or unreadable: every tree is hashed from its bytes.
    }
    this.#index = index && typeof index === 'object' ? index : {};
  }

  digest(root: string): string {
    if (!existsSync(root)) return 'absent';
    // A symlink given as the root is followed (as the reader follows it); links inside never are.
    const abs = realpathSync(resolve(root));
    const info = statSync(abs);
    const entries = listTree(abs, info.isDirectory());
    const stat = sha256(entries.map((e) => e.stat).join('\n'));
    const known = this.#index[abs] ?? this.#next[abs];
    if (known && known.stat === stat) {
      this.#next[abs] = known;
      return known.sha256;
    }
    const hash = createHash('sha256');
    for (const e of entries) {
      hash.update(`${e.rel}\0${e.kind}\0`);
      if (e.kind === 'file') {
        this.hashed++;
        hashFile(join(abs, e.rel), hash);
      } else if (e.kind === 'link') hash.update(e.target ?? '');
      hash.update('\n');
    }
    const sha = hash.digest('hex');
    this.#next[abs] = { stat, sha256: sha };
    return sha;
  }

  /** Keep the signatures of the trees digested in this build (older entries are dropped). */
  save(): void {
    if (!this.#file) return;
    writeAtomic(this.#file, JSON.stringify(this.#next));
  }
}

interface TreeEntry {
  rel: string;
  kind: 'file' | 'dir' | 'link' | 'other';
  stat: string;
  target?: string;
}

function listTree(root: string, isDir: boolean): TreeEntry[] {
  const sig = (rel: string, s: ReturnType<typeof statSync> & object) =>
    `${rel}\0${s.size}\0${s.mtimeMs}\0${s.ctimeMs}\0${s.ino}\0${s.mode}`;
  if (!isDir) return [{ rel: '', kind: 'file', stat: sig('', statSync(root)) }];
  const out: TreeEntry[] = [];
  const walk = (rel: string, depth: number) => {
    if (depth > 64) return;
    let names: string[];
    try {
      names = readdirSync(rel ? join(root, rel) : root).sort();
    } catch (err) {
      // Unlistable (EACCES…): the reader reports it; here it is one entry of the digest, never a crash.
      out.push({ rel: `${rel}/`, kind: 'other', stat: `${rel}\0unlistable\0${(err as NodeJS.ErrnoException).code}` });
      return;
    }
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      let s: ReturnType<typeof lstatSync>;
      try {
        s = lstatSync(join(root, r), { throwIfNoEntry: false });
      } catch (err) {
        out.push({ rel: r, kind: 'other', stat: `${r}\0uninspectable\0${(err as NodeJS.ErrnoException).code}` });
        continue;
      }
      if (!s) continue;
      if (s.isDirectory()) {
        out.push({ rel: r, kind: 'dir', stat: `${r}\0dir` });
        walk(r, depth + 1);
      } else if (s.isSymbolicLink()) {
        let target = '';
        try {
          target = readlinkSync(join(root, r));
        } catch {
          // Unreadable link: its stat still keys it.
        }
        out.push({ rel: r, kind: 'link', stat: `${sig(r, s)}\0${target}`, target });
      } else out.push({ rel: r, kind: s.isFile() ? 'file' : 'other', stat: sig(r, s) });
    }
  };
  walk('', 0);
  return out;
}

function hashFile(path: string, hash: ReturnType<typeof createHash>): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    hash.update('\0unreadable');
    return;
  }
  try {
    if (!fstatSync(fd).isFile()) {
      hash.update('\0not-a-file');
      return;
    }
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let n; (n = readSync(fd, buf, 0, CHUNK, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/** A fingerprint of file trees from their stat alone (paths, sizes, times): cheap, for source code. */
export function statFingerprint(roots: readonly string[]): string {
  const hash = createHash('sha256');
  for (const root of roots) {
    const info = statSync(root, { throwIfNoEntry: false });
    hash.update(
      `${root}\0${
        info
          ? listTree(root, info.isDirectory())
              .map((e) => e.stat)
              .join('\n')
          : 'absent'
      }\n`,
    );
  }
  return hash.digest('hex');
}

/** The folder of manual findings beside a bundle (see loadManualFindings). */
export const besideFindings = (bundlePath: string): string =>
  `${bundlePath.replace(/\/+$/, '').replace(/\.(tar\.gz|tgz|tar)$/, '')}.findings`;

/** Written to a temporary name and renamed: a reader never sees half a file. */
export function writeAtomic(file: string, text: string): void {
  mkdirSync(resolve(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** What the build needs of a cached analysis without parsing it. */
export interface CachedMeta {
  name: string;
  hostname?: string;
  findings: number;
}

/** Analyses stored as `<key>.json` ({ audit, evidence }) with a `<key>.meta.json` beside. */
export class AnalysisCache {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  /** The stored `{ audit, evidence }` JSON text and its meta, or undefined. A hit is touched (see prune). */
  get(key: string): { json: string; meta: CachedMeta } | undefined {
    const file = join(this.dir, `${key}.json`);
    const metaFile = join(this.dir, `${key}.meta.json`);
    try {
      const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as CachedMeta;
      const json = readFileSync(file, 'utf8');
      if (typeof meta.name !== 'string' || typeof meta.findings !== 'number' || !json.endsWith('}')) return undefined;
      const now = new Date();
      utimesSync(metaFile, now, now);
      return { json, meta };
    } catch {
      return undefined;
    }
  }

  put(key: string, analysis: Analysis): { json: string; meta: CachedMeta } {
    const json = JSON.stringify({ audit: analysis.audit, evidence: analysis.evidence });
    const { audit } = analysis;
    const meta: CachedMeta = {
      name: audit.bundle.name,
      ...(audit.host.hostname ? { hostname: audit.host.hostname } : {}),
      findings: audit.findings.length,
    };
    // The analysis first, its meta last: a meta file means a complete analysis.
    writeAtomic(join(this.dir, `${key}.json`), json);
    writeAtomic(join(this.dir, `${key}.meta.json`), JSON.stringify(meta));
    return { json, meta };
  }

  /** Remove analyses not used for `maxAgeDays` (a host audited daily would otherwise grow it forever). */
  prune(maxAgeDays = 30): number {
    if (!existsSync(this.dir)) return 0;
    const cutoff = Date.now() - maxAgeDays * 86_400_000;
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.meta.json')) continue;
      const metaFile = join(this.dir, name);
      const s = statSync(metaFile, { throwIfNoEntry: false });
      if (!s || s.mtimeMs >= cutoff) continue;
      rmSync(join(this.dir, name.replace(/\.meta\.json$/, '.json')), { force: true });
      rmSync(metaFile, { force: true });
      removed++;
    }
    return removed;
  }
}
