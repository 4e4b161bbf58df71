import { BundleLimitError, RATIO_CHECK_AFTER_BYTES, type BundleLimits } from './bundle.ts';
import { maxTarStreamBytes } from './limits.ts';
import type { Platform } from './platform.ts';

/** Small input chunks keep the ratio estimate tight: a bomb is judged on what was fed, not on the whole file. */
export const GZIP_INPUT_CHUNK = 16 * 1024;

/** True when `bytes` starts with the gzip magic (1f 8b); file names are not trusted. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Stream `bytes` in `chunkSize` views (no copies), pulled on demand; `onPull` sees each chunk's size. */
export function streamBytes(
  bytes: Uint8Array,
  chunkSize: number,
  onPull?: (n: number) => void,
): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        const end = Math.min(bytes.length, offset + chunkSize);
        const chunk = bytes.subarray(offset, end);
        offset = end;
        onPull?.(chunk.length);
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Gunzip a stream with the platform's gunzip, chunk by chunk, erroring the stream with
 * BundleLimitError as soon as output passes the total limit or the expansion ratio: a bomb is stopped
 * after a few MiB of work, never inflated whole. Output is pulled, so memory stays bounded.
 */
export function gunzipLimited(
  compressed: ReadableStream<Uint8Array>,
  limits: BundleLimits,
  source: string,
  platform: Platform,
): ReadableStream<Uint8Array> {
  let fed = 0;
  let out = 0;
  const maxOut = maxTarStreamBytes(limits);
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      fed += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const limiter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      out += chunk.length;
      if (out > maxOut) throw new BundleLimitError(source, 'maxTotalBytes', out, limits.maxTotalBytes);
      // `fed` may run a few chunks ahead of what was inflated, so the ratio is underestimated, never over.
      if (out > RATIO_CHECK_AFTER_BYTES && out / Math.max(fed, 1) > limits.maxCompressionRatio) {
        throw new BundleLimitError(source, 'maxCompressionRatio', out / Math.max(fed, 1), limits.maxCompressionRatio);
      }
      controller.enqueue(chunk);
    },
  });
  return compressed.pipeThrough(counter).pipeThrough(platform.gunzip()).pipeThrough(limiter);
}
