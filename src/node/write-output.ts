import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import {
  EvidexError,
  OutputExists,
  OutputIsLink,
  OutputNotEmpty,
  OutputWriteFailed,
  RedactIntoInput,
} from '../core/index.ts';

/** The real path of `path`, which need not exist yet: its nearest existing ancestor is resolved through links. */
export function realTarget(path: string): string {
  const abs = resolve(path);
  let base = abs;
  const rest: string[] = [];
  while (!existsSync(base) && dirname(base) !== base) {
    rest.unshift(basename(base));
    base = dirname(base);
  }
  return join(realpathSync(base), ...rest);
}

const within = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Throw RedactIntoInput when `out` and `input` overlap (either inside the other, links resolved). */
export function refuseOverlap(out: string, input: string): void {
  const o = realTarget(out);
  const i = realTarget(input);
  if (within(o, i) || within(i, o)) throw new EvidexError(RedactIntoInput, out, input);
}

/** A folder being written: files go into a private temporary folder that replaces `out` only on commit. */
export interface StagedDir {
  /** Write one file at a relative POSIX path; never follows an existing link (the folder is brand new). */
  write(path: string, data: string | Uint8Array): void;
  /** Move the finished folder into place (replacing the old one when `force` was given). */
  commit(): void;
  /** Remove everything written so far. */
  abort(): void;
}

/**
 * Prepare to write a whole folder atomically. Refuses a symlink at `out`, and an existing non-empty
 * `out` (or a file there) unless `force`. The temporary folder sits beside `out` so the final rename
 * stays on one file system; a crash leaves at most a hidden `.<name>.evidex-tmp-*` folder, never a
 * half-written `out`.
 */
export function stageDir(out: string, options: { force?: boolean } = {}): StagedDir {
  const target = resolve(out);
  const existing = lstatSync(target, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) throw new EvidexError(OutputIsLink, out);
  if (existing && !options.force && (!existing.isDirectory() || readdirSync(target).length > 0)) {
    throw new EvidexError(OutputNotEmpty, out);
  }
  let tmp: string;
  try {
    mkdirSync(dirname(target), { recursive: true });
    tmp = mkdtempSync(join(dirname(target), `.${basename(target)}.evidex-tmp-`));
  } catch (err) {
    throw new EvidexError(OutputWriteFailed, out, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
  }
  const fail = (err: unknown): never => {
    rmSync(tmp, { recursive: true, force: true });
    throw new EvidexError(OutputWriteFailed, out, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
  };
  return {
    write(path, data) {
      const file = resolve(tmp, path);
      if (!file.startsWith(tmp + sep)) fail(new Error(`'${path}' would land outside the output folder`));
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, data, { flag: 'wx' });
      } catch (err) {
        fail(err);
      }
    },
    commit() {
      const old = lstatSync(target, { throwIfNoEntry: false }) ? `${tmp}-old` : undefined;
      try {
        if (old) renameSync(target, old);
        renameSync(tmp, target);
      } catch (err) {
        if (old && !existsSync(target)) renameSync(old, target);
        fail(err);
      }
      if (old) rmSync(old, { recursive: true, force: true });
    },
    abort() {
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Write one file atomically (temporary file renamed into place), refusing to write through a symlink. */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { force?: boolean; mode?: number } = {},
): void {
  const target = resolve(path);
  const existing = lstatSync(target, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) throw new EvidexError(OutputIsLink, path);
  if (existing && (!options.force || !existing.isFile())) throw new EvidexError(OutputExists, path);
  const tmp = join(dirname(target), `.${basename(target)}.evidex-tmp-${process.pid}`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, data, { flag: 'wx', mode: options.mode ?? 0o644 });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new EvidexError(OutputWriteFailed, path, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
  }
}
