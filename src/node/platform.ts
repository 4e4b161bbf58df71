// The Node adapter's Platform: node:crypto for SHA-256 and zlib for gunzip (native, multi-member).
import { createHash } from 'node:crypto';
import { Duplex } from 'node:stream';
import { createGunzip } from 'node:zlib';
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
  gunzip() {
    // zlib's Gunzip reads concatenated members, as gzip -d does; the web DecompressionStream does not.
    return Duplex.toWeb(createGunzip({ chunkSize: GUNZIP_CHUNK })) as unknown as TransformStream<
      Uint8Array,
      Uint8Array
    >;
  },
  multiMemberGzip: true,
};
