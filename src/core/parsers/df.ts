// Capture: df -h            (also df -B1, df -k, df -m, df -P, df -hT, busybox df [-h])
//   Filesystem      Size  Used Avail Use% Mounted on
//   tmpfs           1.6G  3.9M  1.6G   1% /run
//   /dev/sda1       150G  106G   39G  74% /
//   tmpfs           7.7G     0  7.7G   0% /dev/shm
// Columns are found by position around the Use% cell ("74%", or "-" for pseudo filesystems):
// size, used and avail sit right before it, an optional Type column sits between the filesystem
// and the size, and the mount point is the rest of the line (it may contain spaces). Headers are
// localized (LC_MESSAGES=de: "Dateisystem Größe Benutzt Verf. Verw% Eingehängt auf"), so they are
// read only for the block size. Old GNU df and busybox put a long filesystem name on its own line
// and the numbers, indented, on the next. Human sizes (-h) are powers of 1024; `df -H` prints the
// same header with powers of 1000 and cannot be told apart, so it is read as -h.
import { z } from 'zod';
import { Disk } from '../model/host.ts';
import { contentLines, defineParser, issueAt, lineAt, oneCommandText, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';

/** Value of the df parser: every row, in printed order (the assembler decides about duplicates). */
export const DfValue = z.object({ disks: z.array(Disk) });
export type DfValue = z.infer<typeof DfValue>;

const UNITS = 'KMGTPEZY';
const PERCENT = /^(\d{1,3}%|-)$/;
const BLOCKS = /^(\d+)([kKMGTPE]?)(i?B)?-(?:blocks|Blöcke|blocs|bloques|blocchi)$/i;

/** Parser for `df` output in any of GNU coreutils' and busybox's block-size modes. */
export const dfParser = defineParser({
  id: 'df',
  description: 'Filesystem sizes and use from df (-h, -k, -B1, -P, -T; GNU and busybox)',
  command: 'df -h',
  fileNames: /(^|[_-])df([_.-]|$)|disk/i,
  ...oneCommandText('df capture is empty'),
  detect(text, _name, named): number {
    const lines = contentLines(text);
    const header = lines[0];
    if (header === undefined) return 0;
    const hint = named ? 0.05 : 0;
    if (/\bInodes\b|\bIUsed\b/.test(header)) return 0.1;
    const isHeader =
      /^(Filesystem|Dateisystem|Sys\. de fichiers|S\.ficheros|File system)\b/i.test(header) &&
      /(Mounted on|Eingehängt auf|Monté sur|Montado en)\s*$/i.test(header);
    if (!isHeader) return 0;
    const rows = lines.slice(1);
    if (rows.length === 0) return 0.6;
    // Wrapped rows: a lone filesystem name, then an indented line whose percent cell is 4th.
    const good = rows.filter(
      (l) =>
        findPercent(l.trim().split(/\s+/)) >= 0 ||
        /^\S+$/.test(l.trim()) ||
        /^\s+\S+\s+\S+\s+\S+\s+(\d{1,3}%|-)\s+\S/.test(l),
    ).length;
    return good / rows.length >= 0.8 ? Math.min(1, 0.95 + hint) : 0.5;
  },
  schema: DfValue,
  parse: parseDf,
});

/** Parse `df` output into one Disk per row; never throws. */
function parseDf(text: string, ctx: ParseContext): ParseResult<DfValue> {
  const lines = splitLines(text);
  const start = lines.findIndex((l) => l.trim() !== '');
  const header = (lines[start] ?? '').trim();
  if (!/(Mounted on|Eingehängt auf|Monté sur|Montado en)\s*$/i.test(header)) {
    return {
      ok: false,
      issues: [
        {
          kind: 'unrecognised',
          message: `no df header on the first line: '${header.slice(0, 120)}'`,
          line: lineAt(ctx, start + 1),
        },
      ],
    };
  }
  if (/\bInodes\b|\bIUsed\b/.test(header)) {
    const message = 'df -i output: inode counts, not sizes (capture df -h for disk use)';
    return { ok: false, issues: [{ kind: 'unrecognised', message, line: lineAt(ctx, start + 1) }] };
  }
  const headerTokens = header.split(/\s+/);
  const blockToken = headerTokens.find((t) => BLOCKS.test(t));
  const blockSize = blockToken === undefined ? undefined : parseBlockSize(blockToken);
  // macOS/BSD df -i-style extra columns (iused ifree %iused) sit between the use% and the mount point.
  const extraAfterPercent = headerTokens.includes('iused') ? 3 : 0;
  const disks: Disk[] = [];
  const issues: ParseIssue[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    let line = (lines[i] ?? '').trimEnd();
    if (line.trim() === '') continue;
    let firstIndex = i;
    const next = lines[i + 1];
    // Wrapped row: the filesystem name alone, then the numbers on an indented line.
    if (/^\S+$/.test(line.trim()) && next !== undefined && /^\s+\S/.test(next)) {
      line = `${line.trim()} ${next.trim()}`;
      firstIndex = i;
      i++;
    }
    const disk = readRow(line, blockSize, extraAfterPercent, refAt(ctx, firstIndex + 1, i + 1));
    if (disk === undefined) {
      issues.push(
        issueAt(ctx, 'parse-failure', `df row not understood: '${line.trim().slice(0, 120)}'`, firstIndex + 1),
      );
      continue;
    }
    disks.push(disk);
  }
  return { ok: true, value: { disks }, issues };
}

function findPercent(tokens: string[]): number {
  for (let k = 4; k < tokens.length; k++) if (PERCENT.test(tokens[k] ?? '')) return k;
  return -1;
}

function readRow(
  line: string,
  blockSize: number | undefined,
  extraAfterPercent: number,
  evidence: Disk['evidence'],
): Disk | undefined {
  const tokens = line.trim().split(/\s+/);
  const p = findPercent(tokens);
  // Filesystem [Type] Size Used Avail Use%: the percent cell is the 5th or 6th token.
  if (p !== 4 && p !== 5) return undefined;
  const size = toBytes(tokens[p - 3] ?? '', blockSize);
  const used = toBytes(tokens[p - 2] ?? '', blockSize);
  const avail = toBytes(tokens[p - 1] ?? '', blockSize);
  if (size === undefined || used === undefined || avail === undefined) return undefined;
  const mount = cutAfterTokens(line.trim(), p + 1 + extraAfterPercent);
  if (mount === '') return undefined;
  const pct = tokens[p] ?? '-';
  const usePercent =
    pct === '-' ? (used + avail > 0 ? Math.ceil((used * 100) / (used + avail)) : 0) : Number(pct.slice(0, -1));
  return {
    filesystem: tokens[0] ?? '',
    mount,
    sizeBytes: size,
    usedBytes: used,
    availBytes: avail,
    usePercent,
    evidence,
  };
}

function cutAfterTokens(line: string, count: number): string {
  const re = /\S+/g;
  let end = 0;
  for (let i = 0; i < count; i++) {
    const m = re.exec(line);
    if (m === null) return '';
    end = m.index + m[0].length;
  }
  return line.slice(end).trim();
}

function toBytes(cell: string, blockSize: number | undefined): number | undefined {
  if (cell === '-') return 0;
  if (blockSize !== undefined) return /^\d+$/.test(cell) ? Number(cell) * blockSize : undefined;
  return parseHumanSize(cell);
}

/** "1K-blocks" → 1024, "1B-blocks" → 1, "1M-blocks" → 2^20, "1024-blocks" → 1024, "1kB-blocks" → 1000. */
function parseBlockSize(token: string): number | undefined {
  const m = BLOCKS.exec(token);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toUpperCase();
  if (unit === '') return n;
  // coreutils: "kB" means powers of 1000, "K"/"KiB" powers of 1024.
  const base = m[3] === 'B' ? 1000 : 1024;
  return n * base ** (UNITS.indexOf(unit) + 1);
}

/**
 * Bytes from a human size as df -h, free -h or ls -h print it: "150G", "3.9M", "2.6Gi", "0", "0B",
 * "512", "1,6G" (comma-decimal locale). Powers of 1024 unless `si` is set.
 */
export function parseHumanSize(cell: string, si = false): number | undefined {
  // macOS df -h writes "0Bi" for zero bytes, next to "203Ki" and "460Gi".
  const m = /^(\d+(?:[.,]\d+)?)(?:([KkMGTPEZY])(i?)B?|Bi?)?$/.exec(cell.trim());
  if (!m) return undefined;
  const n = Number((m[1] ?? '').replace(',', '.'));
  const unit = (m[2] ?? '').toUpperCase();
  if (!Number.isFinite(n)) return undefined;
  if (unit === '') return Math.round(n);
  const base = si && m[3] !== 'i' ? 1000 : 1024;
  return Math.round(n * base ** (UNITS.indexOf(unit) + 1));
}
