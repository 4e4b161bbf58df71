// manifest.json: what `evidex collect` (or the script `evidex collector` prints) says about the
// bundle it wrote: per file the exact command, exit code, duration, size and sha256, and which
// parser and which container/stream/group the file belongs to; plus what could not be collected and
// why. Pure and hostile-safe: a manifest that is not JSON or not this shape is an evidence issue,
// never a crash, and the audit then falls back to reading files by content and name.
import { z } from 'zod';
import type { EvidenceIssue } from '../model/evidence.ts';

/** Where the collector writes its manifest, at the bundle root. */
export const MANIFEST_PATH = 'manifest.json';

/** The manifest format this version reads and writes. */
export const MANIFEST_FORMAT = 'evidex-capture/1';

const Hex = z.string().regex(/^(?:[0-9a-f]{2})*$/);

/** Who a file (or a gap) is about. Names are given as hex of their exact bytes; `*Name` is a readable copy. */
export const ManifestSubject = z.object({
  container: z.string().max(1024).optional(),
  /** Stream key, hex of its bytes (keys may hold any byte). */
  streamHex: Hex.max(2 * 65536).optional(),
  streamName: z.string().max(65536).optional(),
  groupHex: Hex.max(2 * 65536).optional(),
  groupName: z.string().max(65536).optional(),
  url: z.string().max(4096).optional(),
});
export type ManifestSubject = z.infer<typeof ManifestSubject>;

/** One captured file. */
export const ManifestFile = ManifestSubject.extend({
  path: z.string().min(1).max(4096),
  /** The command exactly as run (no shell; the timeout wrapper is not part of it). */
  argv: z.array(z.string().max(65536)).min(1).max(64),
  exitCode: z.number().int(),
  durationMs: z.number().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Parser that reads the file (a registered parser id), when one does. */
  parser: z.string().max(64).optional(),
  /** What the file is, when no parser reads it (nproc, compose-file, redis-slowlog-len). */
  kind: z.string().max(64).optional(),
  /** First line the command wrote on stderr, redacted. */
  stderr: z.string().max(4096).optional(),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

/** Why something was not collected, each with the words its evidence issue says it in. */
const REASON_WORDS = {
  absent: 'command absent',
  'permission-denied': 'permission denied',
  unreachable: 'service unreachable',
  timeout: 'timed out',
  failed: 'command failed',
  unsupported: 'not supported here',
  skipped: 'skipped',
} as const;
export const NotCollectedReason = z.enum(
  Object.keys(REASON_WORDS) as [keyof typeof REASON_WORDS, ...Array<keyof typeof REASON_WORDS>],
);
export type NotCollectedReason = z.infer<typeof NotCollectedReason>;

/** Something the collector tried (or would have tried) and could not capture. */
export const NotCollected = ManifestSubject.extend({
  /** The path the capture would have had, or a short name of the step ('docker', 'redis'). */
  what: z.string().min(1).max(4096),
  argv: z.array(z.string().max(65536)).max(64).optional(),
  exitCode: z.number().int().optional(),
  reason: NotCollectedReason,
  detail: z.string().max(4096),
});
export type NotCollected = z.infer<typeof NotCollected>;

/** The whole manifest. */
export const Manifest = z.object({
  format: z.literal(MANIFEST_FORMAT),
  collector: z.object({
    name: z.string().max(256),
    version: z.string().max(64),
    runtime: z.enum(['node', 'sh']),
  }),
  hostname: z.string().min(1).max(256),
  /** When the capture started (ISO 8601, UTC). */
  capturedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/),
  finishedAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/)
    .optional(),
  files: z.array(ManifestFile).max(100_000),
  notCollected: z.array(NotCollected).max(100_000),
});
export type Manifest = z.infer<typeof Manifest>;

/** The result of reading a manifest: the manifest, or why it cannot be used. */
export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; issue: EvidenceIssue };

/** Read manifest.json text. Never throws: bad JSON or a bad shape is a `manifest-invalid` issue. */
export function parseManifest(text: string): ManifestResult {
  const bad = (message: string): ManifestResult => ({
    ok: false,
    issue: { file: MANIFEST_PATH, kind: 'manifest-invalid', message: `${message}; files are read by content instead` },
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return bad(`manifest.json is not JSON (${(err as Error).message.slice(0, 120)})`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown shape';
    return bad(`manifest.json is not an evidex capture manifest (${where.slice(0, 200)})`);
  }
  const seen = new Set<string>();
  for (const f of parsed.data.files) {
    if (seen.has(f.path)) return bad(`manifest.json lists '${f.path.slice(0, 200)}' twice`);
    seen.add(f.path);
  }
  return { ok: true, manifest: parsed.data };
}

/** The exact text of a name given as hex of its bytes, decoded as every capture is (UTF-8, U+FFFD for bad bytes). */
export function fromHex(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return new TextDecoder().decode(bytes);
}

/** The subject a manifest gives one file, names decoded: what attribution uses instead of the file name. */
export interface DeclaredSubject {
  container?: string;
  stream?: string;
  group?: string;
  /** The command, for messages. */
  command: string;
}

/** Per path, what the manifest says the file is about (only files whose command succeeded). */
export function getDeclaredSubjects(manifest: Manifest): Map<string, DeclaredSubject> {
  const out = new Map<string, DeclaredSubject>();
  for (const f of manifest.files) {
    const s: DeclaredSubject = { command: formatArgv(f.argv) };
    if (f.container !== undefined) s.container = f.container;
    const stream = f.streamHex !== undefined ? fromHex(f.streamHex) : f.streamName;
    if (stream !== undefined) s.stream = stream;
    const group = f.groupHex !== undefined ? fromHex(f.groupHex) : f.groupName;
    if (group !== undefined) s.group = group;
    out.set(f.path, s);
  }
  return out;
}

/** An argv as one readable line (quoted where a word needs it), for messages only. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Capture time and the words saying where it came from. */
export function getManifestCapturedAt(manifest: Manifest): { at: string; source: string } {
  const c = manifest.collector;
  return {
    at: new Date(Date.parse(manifest.capturedAt)).toISOString(),
    source: `manifest.json (${c.name} ${c.version}, ${c.runtime}, on ${manifest.hostname})`,
  };
}

/**
 * What the manifest adds to the evidence issues: every gap it records as `not-collected` (so a
 * missing capture is told from an empty one), and every file it lists that the bundle lacks or whose
 * bytes differ as `manifest-mismatch`. `files` are the bundle's files as read (path → sha256).
 */
export function getManifestIssues(manifest: Manifest, files: ReadonlyMap<string, string>): EvidenceIssue[] {
  const issues: EvidenceIssue[] = [];
  for (const n of manifest.notCollected) {
    const cmd = n.argv
      ? ` (${formatArgv(n.argv).slice(0, 300)}${n.exitCode !== undefined ? `, exit ${n.exitCode}` : ''})`
      : '';
    issues.push({
      file: n.what,
      kind: 'not-collected',
      message: `not collected: ${REASON_WORDS[n.reason]}: ${n.detail}${cmd}`,
    });
  }
  for (const f of manifest.files) {
    const have = files.get(f.path);
    if (have === undefined)
      issues.push({
        file: f.path,
        kind: 'manifest-mismatch',
        message: 'listed in manifest.json but absent from the bundle',
      });
    else if (have !== f.sha256)
      issues.push({
        file: f.path,
        kind: 'manifest-mismatch',
        message: `sha256 differs from manifest.json (${f.sha256.slice(0, 12)}…): the file was changed after capture`,
      });
  }
  return issues;
}
