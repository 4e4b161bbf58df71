// Where the redactor replaced values: one location per file, line and kind, with how many values it
// replaced there when more than one. Recorded as hits happen, in memory that does not grow with the
// capture: a log of millions of lines that each hold a secret has millions of locations, and the
// report keeps only the first ones (by file, line, kind) and how many there were. Per file this
// keeps the first `max` locations in that order, and one bit per line and kind to count every
// distinct location exactly, in whatever order the hits arrive.
import type { RedactionSummary } from '../model/audit.ts';

/** One entry of {@link RedactionSummary.locations}. */
export interface Location {
  file: string;
  line: number;
  kind: string;
  count?: number;
}

/** Order of locations within a file: line, then kind. */
const before = (line: number, kind: string, loc: Location) => line < loc.line || (line === loc.line && kind < loc.kind);

/** Above this a line number is kept in a set, not a bit array (no capture has that many lines). */
const MAX_BIT_LINE = 2 ** 31;

/** The lines (a bit per line) that hold a location of one kind in one file. */
class LineSet {
  private bits = new Uint8Array(64);
  private other: Set<number> | undefined;

  /** Marks `line`; true when it was not marked before. */
  add(line: number): boolean {
    if (!(Number.isInteger(line) && line >= 0 && line < MAX_BIT_LINE)) {
      this.other ??= new Set();
      if (this.other.has(line)) return false;
      this.other.add(line);
      return true;
    }
    const byte = line >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (line & 7);
    if (this.bits[byte]! & bit) return false;
    this.bits[byte]! |= bit;
    return true;
  }
}

/** One file's locations: the first `max` (line, kind) in order, and how many distinct ones there were. */
class FileLocations {
  /** The kept locations, in order. */
  readonly kept: Location[] = [];
  /** Kept locations by line (several kinds on one line: an array). */
  private readonly byLine = new Map<number, Location | Location[]>();
  private readonly seen = new Map<string, LineSet>();
  /** Distinct locations recorded, kept or not. */
  total = 0;

  private readonly file: string;
  private readonly max: number;

  constructor(file: string, max: number) {
    this.file = file;
    this.max = max;
  }

  /** Record one hit; returns its location when it is kept (its count then includes this hit). */
  record(line: number, kind: string): Location | undefined {
    let lines = this.seen.get(kind);
    if (lines === undefined) this.seen.set(kind, (lines = new LineSet()));
    if (!lines.add(line)) {
      const loc = this.find(line, kind);
      if (loc !== undefined) loc.count = (loc.count ?? 1) + 1;
      return loc;
    }
    this.total++;
    return this.keep(line, kind);
  }

  private find(line: number, kind: string): Location | undefined {
    const at = this.byLine.get(line);
    if (at === undefined) return undefined;
    if (!Array.isArray(at)) return at.kind === kind ? at : undefined;
    return at.find((l) => l.kind === kind);
  }

  /** Keep a new location when it is among the first `max`, dropping the last kept one if need be. */
  private keep(line: number, kind: string): Location | undefined {
    const kept = this.kept;
    const last = kept[kept.length - 1];
    if (kept.length >= this.max && (last === undefined || !before(line, kind, last))) return undefined;
    const loc: Location = { file: this.file, line, kind };
    // Hits mostly arrive in order: the new one goes last; otherwise to its place.
    if (last === undefined || !before(line, kind, last)) kept.push(loc);
    else {
      let lo = 0;
      let hi = kept.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(line, kind, kept[mid]!)) hi = mid;
        else lo = mid + 1;
      }
      kept.splice(lo, 0, loc);
    }
    this.index(loc);
    if (kept.length > this.max) this.unindex(kept.pop()!);
    return loc;
  }

  private index(loc: Location): void {
    const at = this.byLine.get(loc.line);
    if (at === undefined) this.byLine.set(loc.line, loc);
    else if (Array.isArray(at)) at.push(loc);
    else this.byLine.set(loc.line, [at, loc]);
  }

  private unindex(loc: Location): void {
    const at = this.byLine.get(loc.line);
    if (at === loc) this.byLine.delete(loc.line);
    else if (Array.isArray(at)) {
      const rest = at.filter((l) => l !== loc);
      this.byLine.set(loc.line, rest.length === 1 ? rest[0]! : rest);
    }
  }
}

/** Every location of every hit recorded, the first `max` of them kept; see the module comment. */
export class LocationStore {
  private readonly files = new Map<string, FileLocations>();
  private readonly kindCounts = new Map<string, number>();
  /** The last hit's location: a line dense with one kind records each further hit at once. */
  private prev: { file: string; line: number; kind: string; loc: Location | undefined } | undefined;

  private readonly max: number;

  constructor(max = Infinity) {
    this.max = max;
  }

  record(file: string, line: number, kind: string): void {
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 0) + 1);
    const prev = this.prev;
    if (prev !== undefined && prev.line === line && prev.kind === kind && prev.file === file) {
      if (prev.loc !== undefined) prev.loc.count = (prev.loc.count ?? 1) + 1;
      return;
    }
    let f = this.files.get(file);
    if (f === undefined) this.files.set(file, (f = new FileLocations(file, this.max)));
    this.prev = { file, line, kind, loc: f.record(line, kind) };
  }

  /**
   * Counts per kind and the first `max` locations, sorted by file, line, kind; `locationsTotal` when
   * there were more.
   */
  summary(enabled: boolean): RedactionSummary {
    const locations: Location[] = [];
    let total = 0;
    for (const file of [...this.files.keys()].sort()) {
      const f = this.files.get(file)!;
      total += f.total;
      for (const loc of f.kept) {
        if (locations.length >= this.max) break;
        locations.push({ ...loc });
      }
    }
    const counts: Record<string, number> = {};
    for (const kind of [...this.kindCounts.keys()].sort()) counts[kind] = this.kindCounts.get(kind)!;
    return total > locations.length
      ? { enabled, counts, locations, locationsTotal: total }
      : { enabled, counts, locations };
  }
}
