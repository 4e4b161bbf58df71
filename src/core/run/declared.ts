// What manifest.json (written by `evidex collect` / the collector script) declares about a bundle,
// in the shapes the run uses: per file the parser (or kind) and the subject; the capture time; the
// gaps. A bundle without a manifest, or with a bad one, is read by content and name as before.
import type { Bundle } from '../bundle/bundle.ts';
import { isStreamed } from '../bundle/bundle.ts';
import {
  formatArgv,
  getDeclaredSubjects,
  getManifestCapturedAt,
  getManifestIssues,
  MANIFEST_PATH,
  parseManifest,
} from '../bundle/manifest.ts';
import type { EvidenceIssue, FileEntry } from '../model/evidence.ts';
import type { Parser } from '../parsers/parser.ts';
import type { DeclaredFile } from './analyze-file.ts';
import type { Declared } from './attribution.ts';
import type { Assembled } from './assemble.ts';

/** The manifest's declarations, empty when the bundle has none. */
export interface Declarations {
  /** Per path: parser or kind, and what an empty file means. */
  files: Map<string, DeclaredFile>;
  /** Per path: container, stream, group. */
  subjects: Map<string, Declared>;
  capturedAt?: { at: string; source: string };
  /** Why the manifest was not used. */
  issue?: EvidenceIssue;
  /** Gaps and mismatches, once the files have been read. */
  issues: (files: readonly FileEntry[]) => EvidenceIssue[];
  /**
   * Whether a parser's issue still holds given the manifest: a length "without a key" whose key the
   * manifest names, or a SCAN page "cut" whose later pages the manifest shows were read, does not.
   */
  keep: (issue: EvidenceIssue) => boolean;
}

/** Manifests are small (one line per command); a larger one is not read. */
const MAX_MANIFEST_BYTES = 32 * 1024 ** 2;

/** Read manifest.json from the bundle root, if there is one. Never throws. */
export function readDeclarations(bundle: Bundle, parsers: readonly Parser[]): Declarations {
  const none: Declarations = { files: new Map(), subjects: new Map(), issues: () => [], keep: () => true };
  const file = bundle.files.find((f) => f.path === MANIFEST_PATH);
  if (!file) return none;
  none.files.set(MANIFEST_PATH, { kind: 'manifest' });
  if (isStreamed(file) || file.data.byteLength > MAX_MANIFEST_BYTES) {
    const message =
      `manifest.json is over ${MAX_MANIFEST_BYTES} bytes and was not read; ` + 'files are read by content instead';
    return { ...none, issue: { file: MANIFEST_PATH, kind: 'manifest-invalid', message } };
  }
  const result = parseManifest(new TextDecoder().decode(file.data));
  if (!result.ok) return { ...none, issue: result.issue };
  const m = result.manifest;
  const byId = new Map(parsers.map((p) => [p.id, p]));
  const files = none.files;
  for (const f of m.files) {
    // A command that failed wrote an error, not its kind of output: detection reads it (error-output).
    if (f.exitCode !== 0 || f.path === MANIFEST_PATH) continue;
    const parser = f.parser !== undefined ? byId.get(f.parser) : undefined;
    const empty = `'${formatArgv(f.argv).slice(0, 300)}' exited 0 and printed nothing: empty, not missing`;
    if (parser) files.set(f.path, { parser, empty });
    else if (f.kind !== undefined) files.set(f.path, { kind: f.kind, empty });
  }
  const subjects = getDeclaredSubjects(m);
  const scanComplete = !m.notCollected.some((n) => n.what === 'redis/scan');
  const keep = (i: EvidenceIssue) =>
    !(i.kind === 'values-without-keys' && subjects.get(i.file)?.stream !== undefined) &&
    !(
      i.kind === 'limit-exceeded' &&
      scanComplete &&
      files.get(i.file)?.parser?.id === 'redis-stream-keys' &&
      /^SCAN returned cursor/.test(i.message)
    );
  return {
    keep,
    files,
    subjects,
    capturedAt: getManifestCapturedAt(m),
    issues: (entries) =>
      getManifestIssues(m, new Map(entries.filter((e) => e.path !== MANIFEST_PATH).map((e) => [e.path, e.sha256]))),
  };
}

/**
 * Parsers whose capture, empty after a command that exited 0, is an empty reply: redis-cli --raw
 * prints nothing for an empty array. Such a file is read (no groups, no consumers, no slow
 * commands, no entries), not "empty": the difference between "none" and "not captured".
 */
const EMPTY_IS_NONE = new Set(['redis-xinfo-groups', 'redis-xinfo-consumers', 'redis-slowlog', 'redis-xrange']);

/**
 * Record the empty replies the manifest vouches for: the file gets its parser's kind, the stream it
 * belongs to cites it (so "XINFO GROUPS was captured and held no group" is known), and the issue
 * that called it an empty capture is dropped. Returns the issues to keep.
 */
export function applyEmptyReplies(
  d: Declarations,
  files: FileEntry[],
  joined: Assembled,
  issues: readonly EvidenceIssue[],
): EvidenceIssue[] {
  const read = new Set<string>();
  for (const f of files) {
    const parser = d.files.get(f.path)?.parser;
    if (f.kind !== 'empty' || !parser || !EMPTY_IS_NONE.has(parser.id)) continue;
    const subject = d.subjects.get(f.path);
    f.kind = parser.id;
    read.add(f.path);
    if (parser.id === 'redis-slowlog') joined.redis.slowlog ??= [];
    const stream = joined.redis.streams.find((s) => s.key === subject?.stream);
    if (!stream) continue;
    if (parser.id === 'redis-xinfo-consumers') {
      const group = stream.groups.find((g) => g.name === subject?.group);
      if (group) group.consumerList ??= [];
    } else {
      stream.evidence.push({ file: f.path });
    }
    f.attribution = {
      subject: stream.key,
      method: 'manifest',
      detail: `manifest.json: written by '${subject?.command.slice(0, 300) ?? ''}'`,
    };
  }
  return issues.filter((i) => !(i.kind === 'empty-capture' && read.has(i.file)));
}
