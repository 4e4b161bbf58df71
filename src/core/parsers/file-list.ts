// Capture: find / -name 'docker-compose*.yml' -o -name 'compose*.yaml' 2>/dev/null   (or ls -la <dir>)
//   /home/qt/quantum_trader/docker-compose.yml
//   /home/qt/quantum_trader/docker-compose.prod.yml
//   find: '/proc/1234/task/1234/fd/5': No such file or directory
// or
//   -rw-r--r-- 1 root root 5120 Dec 24 04:50 docker-compose.yml
// find already filtered by name, so every path it prints is kept. An ls listing shows a whole
// directory, so only names that look like orchestration files (compose/stack YAML, Dockerfiles,
// .env examples, Kubernetes/Helm/Nomad manifests) are kept; `ls -la dir1 dir2` prefixes the
// names with the "dir:" headers it prints. find's own error lines (permission denied, vanished
// /proc entries) are skipped, not treated as paths.
import { z } from 'zod';
import { defineParser, issueAt, lineAt, oneCommandText, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';

/** Value of the file-list parser: the listed compose/orchestration file paths, in printed order. */
export const FileListValue = z.object({ files: z.array(z.string()) });
export type FileListValue = z.infer<typeof FileListValue>;

/** Names that define how containers are orchestrated. */
export const ORCHESTRATION_FILE = new RegExp(
  '(^|\\/)(' +
    [
      '(docker-)?compose[\\w.-]*\\.ya?ml',
      '[\\w.-]*stack[\\w.-]*\\.ya?ml',
      'Dockerfile[\\w.-]*',
      '[\\w.-]*\\.dockerfile',
      '\\.env(\\.[\\w-]+)?',
      '[\\w.-]*\\.env\\.example',
      'kustomization\\.ya?ml',
      'Chart\\.ya?ml',
      'values[\\w.-]*\\.ya?ml',
      'helmfile\\.ya?ml',
      '[\\w.-]+\\.nomad(\\.hcl)?',
      '[\\w.-]+\\.(service|container)',
      'docker-compose[\\w.-]*',
    ].join('|') +
    ')$',
);
// Absolute or ./-relative paths may hold spaces; other relative paths ("srv/app/compose.yml") may not,
// or any prose with a slash in its first word would pass for one.
const PATH = /^(?:(?:\.{0,2}\/|~\/)[^\0]*[^/\s]|[\w.-]+\/[^\s\0]*[^/\s])$/;
const FIND_ERROR = /^(?:find|ls|sudo|bash|sh): /;
const LS_ENTRY = new RegExp(
  // Type and mode bits (ACL/xattr mark), links, owner, group,
  String.raw`^([-dlcbps])[rwxsStT-]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+` +
    // size (a device's major, minor), plain or human (-h),
    String.raw`(?:\d+,\s*)?\d+(?:[.,]\d+)?[KMGTP]?\s+` +
    // the date: 'Dec 24 04:55' or 'Dec 24 2025', or ISO with --time-style (long-iso, full-iso),
    String.raw`(?:\w{3}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})|` +
    String.raw`\d{4}-\d{2}-\d{2}(?:\s+\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s+[+-]\d{4})?)?)` +
    // then the name.
    String.raw`\s+(.+)$`,
);
const LS_TOTAL = /^total \d+[KMG]?$/;

/** Parser for listings of compose/orchestration files: find output or ls -l. */
export const fileListParser = defineParser({
  id: 'file-list',
  description: 'Compose and orchestration files listed by find or ls -la',
  command: "find / -name 'docker-compose*.yml' -o -name 'compose*.yaml' 2>/dev/null",
  fileNames: /compose|files|find|orchestr|ls/i,
  ...oneCommandText('file listing is empty: no compose files were found or the command failed'),
  detect(text, _name, named): number {
    const lines = splitLines(text)
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== '');
    const hint = named ? 0.05 : 0;
    const paths = lines.filter((l) => PATH.test(l.trim()) && !/\s{2,}/.test(l.trim()));
    const errors = lines.filter((l) => FIND_ERROR.test(l));
    if (paths.length > 0 && paths.length + errors.length === lines.length) {
      const orchestration = paths.filter((p) => ORCHESTRATION_FILE.test(p.trim())).length;
      if (orchestration === paths.length) return Math.min(1, 0.9 + hint);
      return orchestration > 0 ? 0.7 + hint : 0.3;
    }
    const entries = lines.filter((l) => LS_ENTRY.test(l));
    const other = lines.filter((l) => !LS_ENTRY.test(l) && !LS_TOTAL.test(l) && !/:$/.test(l) && !FIND_ERROR.test(l));
    if (entries.length > 0 && other.length === 0) {
      return entries.some((l) => ORCHESTRATION_FILE.test(lsName(l) ?? '')) ? Math.min(1, 0.85 + hint) : 0.5 + hint;
    }
    return 0;
  },
  schema: FileListValue,
  parse: parseFileList,
});

/** Parse a find or ls listing into the orchestration file paths it shows; never throws. */
function parseFileList(text: string, ctx: ParseContext): ParseResult<FileListValue> {
  const lines = splitLines(text);
  const files: string[] = [];
  const issues: ParseIssue[] = [];
  const isLs = lines.some((l) => LS_ENTRY.test(l.trimEnd()));
  let dir = '';
  let recognised = 0;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line.trim() === '') return;
    if (FIND_ERROR.test(line)) {
      // Permission errors under /proc are noise; anything else means part of the search failed.
      if (!/\/proc\/|Permission denied/.test(line))
        issues.push({ kind: 'error-output', message: line.slice(0, 200), line: lineAt(ctx, i + 1) });
      return;
    }
    if (isLs) {
      if (LS_TOTAL.test(line)) return;
      if (/^\S.*:$/.test(line) && !LS_ENTRY.test(line)) {
        dir = line.slice(0, -1).replace(/\/$/, '');
        return;
      }
      const m = LS_ENTRY.exec(line);
      if (m && /^\.\.?$/.test(m[2] ?? '')) return;
      const entry = lsName(line);
      if (!m || entry === undefined) {
        issues.push(issueAt(ctx, 'parse-failure', `ls line not understood: '${line.slice(0, 120)}'`, i + 1));
        return;
      }
      recognised++;
      if (m[1] === 'd' || !ORCHESTRATION_FILE.test(entry)) return;
      files.push(dir === '' ? entry : `${dir}/${entry}`);
      return;
    }
    const path = line.trim();
    if (!PATH.test(path)) {
      issues.push(issueAt(ctx, 'parse-failure', `not a file path: '${path.slice(0, 120)}'`, i + 1));
      return;
    }
    recognised++;
    files.push(path);
  });
  if (recognised === 0 && files.length === 0 && issues.every((x) => x.kind !== 'error-output')) {
    return {
      ok: false,
      issues: [...issues, { kind: 'unrecognised', message: 'no file paths or ls entries in the listing' }],
    };
  }
  return { ok: true, value: { files }, issues };
}

/** The name an `ls -l` line lists, without the symlink target. */
function lsName(line: string): string | undefined {
  const m = LS_ENTRY.exec(line.trimEnd());
  if (!m) return undefined;
  const name = (m[2] ?? '').replace(/ -> .*$/, '');
  return name === '.' || name === '..' ? undefined : name;
}
