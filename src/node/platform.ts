// The Node adapter's Platform: node:crypto for SHA-256 and zlib for gunzip (native, multi-member).
import { createHash } from 'node:crypto';
import type { Gunzip } from 'node:zlib';
import type { Platform, Sha256 } from '../core/index.ts';

/** Output chunk of the native gunzip: large enough for few hops through the stream bridge. */
const GUNZIP_CHUNK = 256 * 1024;

export const nodePlatform: Platform = {
  sha256(): Sha256 {
    const hash = createHash('sha256');
    return {
      update(data: Uint8Array) {
        hash.update(data);
      },
      digest(): Uint8Array {
        return new Uint8Array(hash.digest());
      },
    };
  },
  // zlib's Gunzip reads concatenated members, as gzip -d does; the web DecompressionStream does not.
  // zlib is loaded on the first archive, not at start: a folder bundle never needs it.
  gunzip: () => webGunzip(process.getBuiltinModule('node:zlib').createGunzip({ chunkSize: GUNZIP_CHUNK })),
  multiMemberGzip: true,
};

/**
 * zlib's Gunzip as a web transform. Not `Duplex.toWeb`: that copies every output chunk into a fresh
 * buffer (to detach it from Node's buffer pool), and on a .tar.gz that copy and its fresh memory cost
 * more than the inflating. zlib's output chunks are views of buffers it never writes again, so they
 * are passed on as they are. Input waits for zlib's `drain`; output is read only when pulled.
 */
function webGunzip(gunzip: Gunzip): TransformStream<Uint8Array, Uint8Array> {
  let failure: unknown;
  let failed = false;
  /** Settles the write or close waiting on zlib, if one is. */
  let waiting: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  const settle = (err?: unknown) => {
    const w = waiting;
    waiting = undefined;
    if (w && err !== undefined) w.reject(err);
    else w?.resolve();
  };
  let output: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  gunzip.on('error', (err) => {
    failed = true;
    failure = err;
    settle(err);
    if (!closed) {
      closed = true;
      output?.error(err);
    }
  });
  gunzip.on('drain', () => settle());
  gunzip.on('data', (chunk: Buffer) => {
    if (closed) return;
    output!.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((output!.desiredSize ?? 0) <= 0) gunzip.pause();
  });
  gunzip.on('end', () => {
    if (!closed) {
      closed = true;
      output!.close();
    }
  });
  gunzip.pause();
  const readable = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        output = controller;
      },
      pull() {
        gunzip.resume();
      },
      cancel(reason) {
        closed = true;
        gunzip.destroy();
        settle(reason ?? new Error('gunzip output cancelled'));
      },
    },
    { highWaterMark: 1 },
  );
  const writable = new WritableStream<Uint8Array>({
    write(chunk) {
      if (failed) return Promise.reject(failure);
      if (gunzip.write(chunk)) return undefined;
      return new Promise<void>((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    close() {
      if (failed) return Promise.reject(failure);
      gunzip.end();
      return undefined;
    },
    abort(reason) {
      gunzip.destroy();
      if (!closed) {
        closed = true;
        output?.error(reason);
      }
    },
  });
  return { readable, writable } as TransformStream<Uint8Array, Uint8Array>;
}
