// Capture: lsb_release -a        (or: cat /etc/os-release, cat /etc/lsb-release)
//   No LSB modules are available.          (stderr, often captured with 2>&1)
//   Distributor ID:	Ubuntu
//   Description:	Ubuntu 24.04.3 LTS
//   Release:	24.04
//   Codename:	noble
// Minimal images have no lsb_release, so capture scripts fall back to /etc/os-release
// (KEY=value, shell-quoted, see os-release(5)) or Ubuntu's /etc/lsb-release (DISTRIB_*=value).
import { OsRelease } from '../model/host.ts';
import { defineParser, issueAt, lineAt, oneCommandText, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';

type Field = 'id' | 'description' | 'release' | 'codename' | 'name' | 'version' | 'other';

const LSB_LABELS: Record<string, Field> = {
  'Distributor ID': 'id',
  Description: 'description',
  Release: 'release',
  Codename: 'codename',
  'LSB Version': 'other',
};
const ASSIGN_KEYS: Record<string, Field> = {
  ID: 'id',
  PRETTY_NAME: 'description',
  VERSION_ID: 'release',
  VERSION_CODENAME: 'codename',
  UBUNTU_CODENAME: 'other',
  NAME: 'name',
  VERSION: 'version',
  DISTRIB_ID: 'id',
  DISTRIB_DESCRIPTION: 'description',
  DISTRIB_RELEASE: 'release',
  DISTRIB_CODENAME: 'codename',
};
// Other os-release(5) keys: recognised so they count as "this is an os-release file", not read.
const OTHER_OS_RELEASE_KEYS = new Set([
  'ID_LIKE',
  'HOME_URL',
  'SUPPORT_URL',
  'BUG_REPORT_URL',
  'PRIVACY_POLICY_URL',
  'DOCUMENTATION_URL',
  'LOGO',
  'ANSI_COLOR',
  'CPE_NAME',
  'BUILD_ID',
  'VARIANT',
  'VARIANT_ID',
  'IMAGE_ID',
  'IMAGE_VERSION',
  'PLATFORM_ID',
  'SUPPORT_END',
  'DEFAULT_HOSTNAME',
  'REDHAT_BUGZILLA_PRODUCT',
  'REDHAT_BUGZILLA_PRODUCT_VERSION',
  'REDHAT_SUPPORT_PRODUCT',
  'REDHAT_SUPPORT_PRODUCT_VERSION',
  'VENDOR_NAME',
  'VENDOR_URL',
]);
const LSB_LINE = /^(Distributor ID|Description|Release|Codename|LSB Version):\s*(.*)$/;
const ASSIGN_LINE = /^([A-Z][A-Z0-9_]*)=(.*)$/;
const NOISE = /^No LSB modules are available\.?$/;

/** Parser for distribution identity: lsb_release -a, /etc/os-release or /etc/lsb-release. */
export const lsbReleaseParser = defineParser({
  id: 'lsb-release',
  description: 'Distribution name and release from lsb_release -a, /etc/os-release or /etc/lsb-release',
  command: 'lsb_release -a 2>/dev/null || cat /etc/os-release',
  fileNames: /lsb|os[-_]?release|distro/i,
  ...oneCommandText('lsb_release / os-release capture is empty'),
  detect(text, _name, named): number {
    const lines = splitLines(text)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !NOISE.test(l) && !l.startsWith('#'));
    if (lines.length === 0) return 0;
    let known = 0;
    let strong = 0;
    for (const l of lines) {
      const lsb = LSB_LINE.exec(l);
      const assign = ASSIGN_LINE.exec(l);
      if (lsb) {
        known++;
        if (lsb[1] === 'Distributor ID' || lsb[1] === 'Codename') strong++;
      } else if (assign && (ASSIGN_KEYS[assign[1] ?? ''] !== undefined || OTHER_OS_RELEASE_KEYS.has(assign[1] ?? ''))) {
        known++;
        if (['PRETTY_NAME', 'VERSION_ID', 'DISTRIB_ID', 'ID'].includes(assign[1] ?? '')) strong++;
      }
    }
    const hint = named ? 0.05 : 0;
    if (strong === 0 || known < 2) return known > 0 && hint > 0 ? 0.4 : 0;
    // Nearly every line must be a release field: a multi-command capture that merely contains an
    // lsb_release block must be left to the section splitter.
    return known / lines.length >= 0.8 ? Math.min(1, 0.9 + hint) : 0.2;
  },
  schema: OsRelease,
  parse: parseLsbRelease,
});

/** Parse lsb_release -a / os-release / lsb-release text; never throws. */
function parseLsbRelease(text: string, ctx: ParseContext): ParseResult<OsRelease> {
  const lines = splitLines(text);
  const found: Partial<Record<Field, string>> = {};
  const issues: ParseIssue[] = [];
  let first = 0;
  let last = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || NOISE.test(line)) return;
    const lsb = LSB_LINE.exec(line);
    const assign = lsb ? undefined : ASSIGN_LINE.exec(line);
    const field = lsb ? LSB_LABELS[lsb[1] ?? ''] : assign ? ASSIGN_KEYS[assign[1] ?? ''] : undefined;
    if (!lsb && !assign) {
      issues.push(issueAt(ctx, 'parse-failure', `unexpected line in release capture: '${line.slice(0, 120)}'`, i + 1));
      return;
    }
    if (field === undefined || field === 'other') return;
    if (assign && unclosedQuote(assign[2] ?? '')) {
      const message = `${assign[1]}'s quoted value is not closed (cut short?): '${line.slice(0, 120)}'`;
      issues.push({ kind: 'parse-failure', message, line: lineAt(ctx, i + 1) });
      return;
    }
    const value = lsb ? (lsb[2] ?? '').trim() : unquoteShell(assign?.[2] ?? '');
    if (value === '' || value === 'n/a') return;
    // The first definition wins: os-release forbids duplicates, and a capture that cats both files
    // should describe the distribution by its primary (first) file.
    if (found[field] === undefined) found[field] = value;
    if (first === 0) first = i + 1;
    last = i + 1;
  });
  const description =
    found.description ?? ([found.name, found.version ?? found.release].filter(Boolean).join(' ') || found.id);
  if (description === undefined || first === 0) {
    return {
      ok: false,
      issues: [
        ...issues,
        { kind: 'unrecognised', message: 'no distribution name or description in the release capture' },
      ],
    };
  }
  const value: OsRelease = { description, evidence: refAt(ctx, first, last) };
  if (found.id !== undefined) value.id = found.id;
  if (found.release !== undefined) value.release = found.release;
  if (found.codename !== undefined) value.codename = found.codename;
  return { ok: true, value, issues };
}

/** Whether a value opens a quote it does not close. */
function unclosedQuote(raw: string): boolean {
  const v = raw.trim();
  const q = v[0];
  return (q === '"' || q === "'") && (v.length < 2 || !v.endsWith(q));
}

/** Undo os-release(5) shell quoting: "…" with \-escapes, or '…' taken literally. */
function unquoteShell(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\([\\"$`])/g, '$1');
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  return v;
}
