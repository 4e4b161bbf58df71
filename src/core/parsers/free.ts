// Capture: free -h          (also free -b / -k / -m / -w / -t, busybox free, procps < 3.3.10)
//                  total        used        free      shared  buff/cache   available
//   Mem:            15Gi        12Gi       525Mi        21Mi       2.6Gi       2.8Gi
//   Swap:             0B          0B          0B
// Old procps (< 3.3.10) prints "buffers cached" columns and a "-/+ buffers/cache:" line with the
// used/free that exclude cache; -w splits buff/cache in two. Row labels and headers are localized
// ("Speicher:", "gesamt"), so columns are read by position: the first row is memory, the row that
// starts with "Swap" (the same word in every locale we know) or, failing that, the next 3-value row
// is swap. Plain numbers carry no unit: KiB is the default, -b and -m are recognised from the
// values (see guessUnit). In -h output procps-ng >= 3.3.13 writes "Gi"; a bare "G" means --si (powers of
// 1000) in procps-ng 4, but GiB before 3.3.10 (old header) and in 3.3.10-3.3.12 (CentOS 7, Ubuntu 18.04).
import { type z } from 'zod';
import { HostMemory } from '../model/host.ts';
import { parseHumanSize } from './df.ts';
import { contentLines, defineParser, issueAt, lineAt, oneCommandText, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';

/** Value of the free parser. */
export const FreeValue = HostMemory;
export type FreeValue = z.infer<typeof FreeValue>;

const ROW = /^\s*([^\s:][^:]*):\s+(.*)$/;
const HUMAN = /^\d+(?:[.,]\d+)?[KkMGTPE]?i?B?$/;

/** Parser for `free` in any unit, procps-ng old and new, and busybox. */
export const freeParser = defineParser({
  id: 'free',
  description: 'Memory and swap totals from free (-h, -b, -k, -m; procps-ng and busybox)',
  command: 'free -h',
  fileNames: /(^|[_-])free([_.-]|$)|mem/i,
  ...oneCommandText('free capture is empty'),
  detect(text, _name, named): number {
    const lines = contentLines(text);
    if (lines.length < 2 || lines.length > 8) return 0;
    const hint = named ? 0.05 : 0;
    const header = (lines[0] ?? '').trim().split(/\s+/);
    const mem = ROW.exec(lines[1] ?? '');
    const memValues = mem ? cells(mem[2] ?? '') : [];
    const swap = lines.some((l) => /^\s*Swap:\s+\S+\s+\S+\s+\S+\s*$/.test(l));
    if (!mem || memValues.length < 3 || !memValues.every((v) => HUMAN.test(v))) return 0;
    if (header.length < 3 || header.length > 7 || header.some((h) => /\d/.test(h))) return 0;
    const english = /^total$/.test(header[0] ?? '') && /^Mem$/.test(mem[1] ?? '');
    if (english && swap) return Math.min(1, 0.95 + hint);
    return english || swap ? 0.8 + hint : 0.3;
  },
  schema: FreeValue,
  parse: parseFree,
});

interface Row {
  label: string;
  values: string[];
  line: number;
}

/** Parse `free` output; never throws. */
function parseFree(text: string, ctx: ParseContext): ParseResult<FreeValue> {
  const lines = splitLines(text);
  const start = lines.findIndex((l) => l.trim() !== '');
  const header = (lines[start] ?? '').trim().split(/\s+/);
  const rows: Row[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const m = ROW.exec(lines[i] ?? '');
    if (m) rows.push({ label: (m[1] ?? '').trim(), values: cells(m[2] ?? ''), line: i + 1 });
  }
  const mem = rows[0];
  if (mem === undefined || mem.values.length < 3 || header.length < 3) {
    return {
      ok: false,
      issues: [{ kind: 'unrecognised', message: 'no free header and memory row', line: lineAt(ctx, start + 1) }],
    };
  }
  const minus = rows.find((r) => r.label.startsWith('-/+'));
  const swap =
    rows.find((r) => /^swap$/i.test(r.label)) ?? rows.slice(1).find((r) => r !== minus && r.values.length === 3);
  const oldStyle =
    minus !== undefined || (header.includes('buffers') && header.includes('cached') && !header.includes('available'));
  const human = [...mem.values, ...(swap?.values ?? [])].some((v) => /[A-Za-z]$/.test(v));
  const issues: ParseIssue[] = [];
  // A bare K/M/G means powers of 1000 only from procps-ng 4 (`-h --si`; its -h prints Gi). procps-ng 3.3.10-3.3.12
  // -h printed bare letters for powers of 1024; the 3.3.x series is told from 4.x by its header: 14 spaces
  // before "total", where 4.x prints 15.
  const procps3 = /^ {14}\S/.test(lines[start] ?? '');
  const bare = !mem.values.some((v) => /i$/.test(v)) && mem.values.some((v) => /[KMGTPE]$/.test(v));
  const si = human && !oldStyle && bare && !procps3;
  const unit = human ? 1 : guessUnit(mem.values, ctx.file.split('/').pop() ?? '');
  const read = (cell: string | undefined): number | undefined => {
    if (cell === undefined) return undefined;
    if (human) return parseHumanSize(cell, si);
    return /^\d+$/.test(cell) ? Number(cell) * unit : undefined;
  };
  const col = (label: string) => header.indexOf(label);
  const total = read(mem.values[0]);
  let used = read(mem.values[1]);
  const free = read(mem.values[2]);
  const shared = read(mem.values[3]);
  let buffCache: number | undefined;
  let available: number | undefined;
  if (header.length >= 7 && mem.values.length >= 7) {
    // free -w: total used free shared buffers cache available.
    const b = read(mem.values[4]);
    const c = read(mem.values[5]);
    buffCache = b !== undefined && c !== undefined ? b + c : undefined;
    available = read(mem.values[6]);
  } else if (oldStyle) {
    const b = read(mem.values[col('buffers') >= 0 ? col('buffers') : 4]);
    const c = read(mem.values[col('cached') >= 0 ? col('cached') : 5]);
    buffCache = b !== undefined && c !== undefined ? b + c : undefined;
    // Old "used" counts cache; the -/+ line has used and free without it, which is what "used" and
    // "available" mean in new procps (close enough: MemAvailable also discounts unreclaimable cache).
    const realUsed = read(minus?.values[0]);
    const realFree = read(minus?.values[1]);
    if (realUsed !== undefined) used = realUsed;
    else if (used !== undefined && buffCache !== undefined) used -= buffCache;
    available = realFree ?? (free !== undefined && buffCache !== undefined ? free + buffCache : undefined);
  } else {
    buffCache = read(mem.values[4]);
    available = read(mem.values[5]);
    if (available === undefined && free !== undefined && buffCache !== undefined) {
      available = free + buffCache;
      issues.push(
        issueAt(ctx, 'parse-failure', 'free printed no "available" column; using free + buff/cache', mem.line),
      );
    }
  }
  const swapTotal = read(swap?.values[0]);
  const swapUsed = read(swap?.values[1]);
  if (total === undefined || used === undefined || free === undefined || available === undefined) {
    return {
      ok: false,
      issues: [
        ...issues,
        {
          kind: 'parse-failure',
          message: `memory row not understood: '${mem.values.join(' ')}'`,
          line: lineAt(ctx, mem.line),
        },
      ],
    };
  }
  if (swap === undefined)
    issues.push(issueAt(ctx, 'parse-failure', 'free capture has no Swap row; swap read as 0', mem.line));
  // A row with fewer values than the header has columns was cut short: its last value may be cut too.
  for (const row of [mem, swap]) {
    const want = row === mem ? header.length : 3;
    if (row !== undefined && row.values.length < want) {
      const message = `free's ${row.label} row has ${row.values.length} of ${want} values (cut short?)`;
      issues.push({ kind: 'parse-failure', message, line: lineAt(ctx, row.line) });
    }
  }
  const lastLine = Math.max(mem.line, swap?.line ?? 0, minus?.line ?? 0);
  const value: FreeValue = {
    totalBytes: total,
    usedBytes: used,
    freeBytes: free,
    availableBytes: available,
    swapTotalBytes: swapTotal ?? 0,
    swapUsedBytes: swapUsed ?? 0,
    precision: human || unit > 1024 ? 'rounded' : 'exact',
    evidence: refAt(ctx, start + 1, lastLine),
  };
  if (shared !== undefined) value.sharedBytes = shared;
  if (buffCache !== undefined) value.buffCacheBytes = buffCache;
  return { ok: true, value, issues };
}

function cells(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((c) => c !== '');
}

/**
 * Unit of unsuffixed numbers. free prints KiB by default; -b bytes, -m MiB. Bytes are recognisable
 * because every kernel memory counter is a multiple of 1 KiB; MiB because a KiB total below 256 MiB
 * is implausible for a host that runs containers, while a MiB total below 262144 is any host up to
 * 256 GiB. `-g` (GiB) cannot be told from -m and is rare: read as MiB only if the name says so.
 */
function guessUnit(values: string[], name: string): number {
  const hinted = /free[_-]{0,2}([bkmg])(?![a-z])/i.exec(name);
  const byName = hinted
    ? { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(hinted[1] ?? '').toLowerCase() as 'b' | 'k' | 'm' | 'g']
    : undefined;
  if (byName !== undefined) return byName;
  const nums = values.map(Number).filter((n) => Number.isFinite(n));
  const total = nums[0] ?? 0;
  if (total >= 1e7 && nums.every((n) => n % 1024 === 0)) return 1;
  if (total > 0 && total < 262144) return 1024 ** 2;
  return 1024;
}
