// What a runtime may do natively for the bundle and analysis paths, behind one interface: Node gives
// node:crypto and zlib (src/node/platform.ts); browsers and tests get the pure/web versions below.
import { createSha256, type Sha256 } from '../redact/hmac.ts';

export type { Sha256 } from '../redact/hmac.ts';

export interface Platform {
  /** A fresh incremental SHA-256. */
  sha256(): Sha256;
  /**
   * A fresh gunzip transform that reads every member of a gzip stream (pigz and `cat a.gz b.gz`
   * make several) and errors on damaged or truncated data.
   */
  gunzip(): TransformStream<Uint8Array, Uint8Array>;
  /** Whether gunzip() reads multi-member gzip (the web DecompressionStream stops after the first). */
  readonly multiMemberGzip: boolean;
}

/** Pure SHA-256 and the platform DecompressionStream: runs anywhere (Node, browsers). */
export const webPlatform: Platform = {
  sha256: createSha256,
  gunzip: () => new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
  multiMemberGzip: false,
};
