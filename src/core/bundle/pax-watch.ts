// Watches the tar byte stream on its way to the decoder for one thing the decoder applies silently:
// a PAX global header ('g') with a `path` record, which renames every later entry to that one name.
// It walks the same framing as modern-tar (512-byte headers, bodies by size, PAX `size` overrides,
// bodyless link/device/folder types) and gives up quietly on anything odd: the decoder then reports.

/** What the watch saw; read it after the decoder gave an entry (the watch has seen that entry's header). */
export interface PaxWatch {
  transform: TransformStream<Uint8Array, Uint8Array>;
  /** 0-based ordinal of the first entry a global `path` renamed, if there was one. */
  renamedFrom: number | undefined;
  /** The name the global header gave. */
  renamedKey: string;
  /** Entries skipped because of it (counted by the reader). */
  renamedSkipped: number;
  /**
   * Where each entry's body lies in the tar bytes, by 0-based entry ordinal, as far as the watch
   * followed the framing (it stops at the end blocks or at anything odd; later entries have none).
   */
  bodies: { offset: number; size: number }[];
}

/** Largest metadata body read: modern-tar refuses larger ones itself. */
const MAX_META = 1024 * 1024;
/** Typeflags whose size field modern-tar ignores (links, devices, folders, FIFOs). */
const BODYLESS = new Set([0x31, 0x32, 0x33, 0x34, 0x35, 0x36]);

export function createPaxWatch(): PaxWatch {
  const header = new Uint8Array(512);
  let filled = 0;
  let skip = 0;
  let meta: { type: number; body: Uint8Array; at: number; padding: number } | undefined;
  let off = false;
  let entries = 0;
  let localSize: number | undefined;
  let globalSize: number | undefined;
  /** Tar bytes walked before the current chunk. */
  let base = 0;
  /** Position in the current chunk, read by onHeader for the body's offset. */
  let pos = 0;
  const watch: PaxWatch = {
    renamedFrom: undefined,
    renamedKey: '',
    renamedSkipped: 0,
    bodies: [],
    transform: new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (!off) {
          try {
            walk(chunk);
          } catch {
            off = true;
          }
          base += chunk.length;
        }
        controller.enqueue(chunk);
      },
    }),
  };

  const onHeader = () => {
    if (header.every((b) => b === 0)) {
      off = true;
      return;
    }
    const type = header[156]!;
    const size = readNumber(header, 124, 12);
    if (type === 0x78 || type === 0x67 || type === 0x4c || type === 0x4b) {
      if (size > MAX_META) throw new Error('meta too large');
      meta = { type, body: new Uint8Array(size), at: 0, padding: -size & 511 };
      if (size === 0) endMeta();
      return;
    }
    const body = BODYLESS.has(type) ? 0 : (localSize ?? globalSize ?? size);
    localSize = undefined;
    watch.bodies[entries] = { offset: base + pos, size: body };
    entries++;
    skip = body + (-body & 511);
  };

  const endMeta = () => {
    const m = meta!;
    meta = undefined;
    skip = m.padding;
    const records = parsePax(m.body);
    if (m.type === 0x67) {
      const path = records.get('path');
      if (path !== undefined && watch.renamedFrom === undefined) {
        watch.renamedFrom = entries;
        watch.renamedKey = path;
      }
      const size = records.get('size');
      if (size !== undefined && /^\d+$/.test(size)) globalSize = Number(size);
    } else if (m.type === 0x78) {
      const size = records.get('size');
      if (size !== undefined && /^\d+$/.test(size)) localSize = Number(size);
    }
  };

  const walk = (chunk: Uint8Array) => {
    pos = 0;
    while (pos < chunk.length && !off) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - pos);
        skip -= n;
        pos += n;
      } else if (meta !== undefined) {
        const n = Math.min(meta.body.length - meta.at, chunk.length - pos);
        meta.body.set(chunk.subarray(pos, pos + n), meta.at);
        meta.at += n;
        pos += n;
        if (meta.at === meta.body.length) endMeta();
      } else {
        const n = Math.min(512 - filled, chunk.length - pos);
        header.set(chunk.subarray(pos, pos + n), filled);
        filled += n;
        pos += n;
        if (filled === 512) {
          filled = 0;
          onHeader();
        }
      }
    }
  };
  return watch;
}

/** A tar number field: octal (spaces and NUL allowed) or GNU base-256. */
function readNumber(block: Uint8Array, offset: number, size: number): number {
  if (block[offset]! & 0x80) {
    let v = block[offset]! & 0x7f;
    for (let i = 1; i < size; i++) v = v * 256 + block[offset + i]!;
    if (!Number.isSafeInteger(v)) throw new Error('number too large');
    return v;
  }
  let v = 0;
  for (let i = offset; i < offset + size; i++) {
    const c = block[i]!;
    if (c === 0) break;
    if (c === 32) continue;
    if (c < 48 || c > 55) throw new Error('not octal');
    v = v * 8 + (c - 48);
  }
  return v;
}

/** PAX records: "<length> <key>=<value>\n", repeated; the length counts bytes. */
function parsePax(body: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const decoder = new TextDecoder();
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(32, at);
    if (space < 0) break;
    const length = Number(decoder.decode(body.subarray(at, space)));
    if (!(length > 0) || at + length > body.length) break;
    const record = decoder.decode(body.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return out;
}
