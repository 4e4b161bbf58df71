import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import type { BundleFile } from '../../src/core/bundle/bundle.ts';

/** The real capture every reader is tested on. */
export const SAMPLE_DIR = join(import.meta.dirname, '..', '..', 'evidence', 'quantum-trader-2025-12-24');

/** Tar entry types as typeflag characters (POSIX ustar). */
export type TarType = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo';
const TYPEFLAG: Record<TarType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  dir: '5',
  fifo: '6',
};

/** One entry for `makeTar`; names are written verbatim (no sanitising: that is the point). */
export interface RawTarEntry {
  name: string;
  type?: TarType;
  data?: Uint8Array | string;
  linkname?: string;
  /** Size to write in the header; defaults to data length (override to forge headers). */
  size?: number;
}

/**
 * A minimal ustar header writer. GNU tar and most packers refuse or rewrite `..`, absolute names and
 * link targets, so hostile archives are forged byte by byte here.
 */
export function tarHeader(entry: RawTarEntry, size: number): Uint8Array {
  const block = new Uint8Array(512);
  const enc = new TextEncoder();
  const put = (s: string, offset: number, len: number) => block.set(enc.encode(s).subarray(0, len), offset);
  const num = (n: number, offset: number, len: number) => put(`${n.toString(8).padStart(len - 1, '0')}\0`, offset, len);
  put(entry.name, 0, 100);
  num(entry.type === 'dir' ? 0o755 : 0o644, 100, 8);
  num(0, 108, 8);
  num(0, 116, 8);
  num(size, 124, 12);
  num(1_766_534_400, 136, 12);
  put(TYPEFLAG[entry.type ?? 'file'], 156, 1);
  put(entry.linkname ?? '', 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put('root', 265, 32);
  put('root', 297, 32);
  // Checksum is computed with its own field as eight spaces.
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

/** Build a whole tar archive in memory from forged entries, with the two zero end blocks. */
export function makeTar(entries: RawTarEntry[], { end = true }: { end?: boolean } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? new TextEncoder().encode(e.data) : (e.data ?? new Uint8Array(0));
    parts.push(tarHeader(e, e.size ?? data.length));
    if (data.length > 0) {
      parts.push(data);
      const pad = -data.length & 511;
      if (pad) parts.push(new Uint8Array(pad));
    }
  }
  if (end) parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}

/** Paths of every hostile artifact, built by `buildHostileCorpus`. */
export interface HostileCorpus {
  root: string;
  /** Forged tar: one good file beside `..`, absolute, drive-letter, link, device and FIFO entries. */
  traversalTar: string;
  /** The same, gzipped. */
  traversalTgz: string;
  /** GNU tar of a folder holding a real FIFO made with mkfifo, plus one file. */
  fifoTar: string;
  /** A folder bundle holding a FIFO, a socket-free symlink to /etc/passwd, a symlinked folder to / and one file. */
  specialFolder: string;
  /** gzip of a tar whose one entry declares 900 MiB and is followed by zeros: 2 GiB of output in ~2 MiB. */
  bombTgz: string;
  /** 256 MiB of raw zeros gzipped: no tar structure at all. */
  zerosGz: string;
  /** Forged tar of 20,000 tiny files under `many/`. */
  manyTar: string;
  /** A folder bundle of 20,000 tiny files. */
  manyFolder: string;
  /** Real `tar` of the sample, cut in the middle of an entry. */
  truncatedTar: string;
  /** Real `tar czf` of the sample, cut in the middle of the deflate stream. */
  truncatedTgz: string;
  /** Random bytes: not an archive. */
  junk: string;
  /** Zero-byte file. */
  empty: string;
  /** A FIFO passed as the bundle path itself. */
  fifoPath: string;
  /** Folder bundle with the encoding fixtures (UTF-16, Latin-1, binary). */
  encodingFolder: string;
  /** Sample tarballs made by the system tar: `name/…` layout, and `./…` layout. */
  sampleTar: string;
  sampleTgz: string;
  sampleDotTgz: string;
}

/** Build every hostile artifact into a fresh folder under os.tmpdir(); never writes elsewhere. */
export async function buildHostileCorpus(): Promise<HostileCorpus> {
  const root = mkdtempSync(join(tmpdir(), 'evidex-hostile-'));
  const p = (name: string) => join(root, name);

  const hostile = makeTar([
    { name: 'bundle/', type: 'dir' },
    { name: 'bundle/raw/good.txt', data: 'fine\n' },
    { name: '../evil.txt', data: 'escaped\n' },
    { name: 'bundle/a/../../evil', data: 'escaped\n' },
    { name: '/tmp/evil', data: 'absolute\n' },
    { name: 'C:/evil.txt', data: 'drive\n' },
    { name: 'bundle\\..\\..\\evil.txt', data: 'backslash\n' },
    { name: 'bundle/raw/passwd', type: 'symlink', linkname: '/etc/passwd' },
    { name: 'bundle/raw/hard', type: 'hardlink', linkname: '../../outside' },
    { name: 'bundle/raw/null', type: 'char' },
    { name: 'bundle/raw/sda', type: 'block' },
    { name: 'bundle/raw/pipe', type: 'fifo' },
  ]);
  writeFileSync(p('traversal.tar'), hostile);
  writeFileSync(p('traversal.tgz'), gzipSync(hostile));

  const fifoSrc = p('fifo-src');
  mkdirSync(join(fifoSrc, 'raw'), { recursive: true });
  writeFileSync(join(fifoSrc, 'raw', 'ok.txt'), 'ok\n');
  execFileSync('mkfifo', [join(fifoSrc, 'raw', 'pipe')]);
  execFileSync('tar', ['-cf', p('fifo.tar'), '-C', root, 'fifo-src']);

  const special = p('special-folder');
  mkdirSync(join(special, 'raw'), { recursive: true });
  writeFileSync(join(special, 'raw', 'ok.txt'), 'ok\n');
  execFileSync('mkfifo', [join(special, 'raw', 'pipe')]);
  symlinkSync('/etc/passwd', join(special, 'raw', 'passwd'));
  symlinkSync('/', join(special, 'rootfs'));

  await writeGzipOfZeros(p('bomb.tgz'), tarHeader({ name: 'zeros.bin' }, 900 * 1024 ** 2), 2 * 1024 ** 3 - 512);
  await writeGzipOfZeros(p('zeros.gz'), new Uint8Array(0), 256 * 1024 ** 2);

  const many: RawTarEntry[] = [];
  for (let i = 0; i < 20_000; i++) many.push({ name: `many/f${String(i).padStart(5, '0')}.txt`, data: `${i}\n` });
  writeFileSync(p('many.tar'), makeTar(many));
  const manyFolder = p('many-folder');
  mkdirSync(manyFolder);
  for (let i = 0; i < 20_000; i++) writeFileSync(join(manyFolder, `f${String(i).padStart(5, '0')}.txt`), `${i}\n`);

  const evidenceDir = join(SAMPLE_DIR, '..');
  execFileSync('tar', ['-cf', p('sample.tar'), '-C', evidenceDir, 'quantum-trader-2025-12-24']);
  execFileSync('tar', ['-czf', p('sample.tar.gz'), '-C', evidenceDir, 'quantum-trader-2025-12-24']);
  execFileSync('tar', ['-czf', p('sample-dot.tgz'), '-C', SAMPLE_DIR, '.']);
  const tarBytes = readFileSync(p('sample.tar'));
  writeFileSync(p('truncated.tar'), tarBytes.subarray(0, 120_000 + 100));
  const tgzBytes = readFileSync(p('sample.tar.gz'));
  writeFileSync(p('truncated.tgz'), tgzBytes.subarray(0, Math.floor(tgzBytes.length / 2)));

  writeFileSync(p('junk.bin'), new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)));
  writeFileSync(p('empty.tar'), new Uint8Array(0));
  execFileSync('mkfifo', [p('bundle.fifo')]);

  const enc = p('encoding-folder');
  mkdirSync(enc);
  const fixtures = join(import.meta.dirname, '..', 'fixtures', 'hostile');
  for (const f of [
    'utf16le-bom.txt',
    'utf16be-bom.txt',
    'latin1-invalid-utf8.txt',
    'binary-gzip.bin',
    'utf8-bom.txt',
  ]) {
    copyFileSync(join(fixtures, f), join(enc, f));
  }

  return {
    root,
    traversalTar: p('traversal.tar'),
    traversalTgz: p('traversal.tgz'),
    fifoTar: p('fifo.tar'),
    specialFolder: special,
    bombTgz: p('bomb.tgz'),
    zerosGz: p('zeros.gz'),
    manyTar: p('many.tar'),
    manyFolder,
    truncatedTar: p('truncated.tar'),
    truncatedTgz: p('truncated.tgz'),
    junk: p('junk.bin'),
    empty: p('empty.tar'),
    fifoPath: p('bundle.fifo'),
    encodingFolder: enc,
    sampleTar: p('sample.tar'),
    sampleTgz: p('sample.tar.gz'),
    sampleDotTgz: p('sample-dot.tgz'),
  };
}

/** Stream `prefix` then `zeros` zero bytes through gzip -9 into `path`, never holding the output in memory. */
async function writeGzipOfZeros(path: string, prefix: Uint8Array, zeros: number): Promise<void> {
  const chunk = new Uint8Array(1024 * 1024);
  let left = zeros;
  let sentPrefix = prefix.length === 0;
  const source = new Readable({
    read() {
      if (!sentPrefix) {
        sentPrefix = true;
        this.push(prefix);
        return;
      }
      if (left <= 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
  await pipeline(source, createGzip({ level: 9 }), createWriteStream(path));
}

/** Every byte a bundle file's `open()` yields, joined (what a streamed reader would see). */
export async function bytesOfOpen(file: BundleFile): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of file.open!()) parts.push(chunk);
  return Buffer.concat(parts);
}
