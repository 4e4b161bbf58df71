// Synchronous SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104). WebCrypto's digest is async and
// Node's crypto module is off limits in core, yet redaction fingerprints are needed inside synchronous
// string replacement, so core carries its own small implementation.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const BLOCK = 64;

/** SHA-256 digest of `data` (32 bytes). */
export function sha256(data: Uint8Array): Uint8Array {
  const hasher = createSha256();
  hasher.update(data);
  return hasher.digest();
}

/** HMAC-SHA256 of `message` under `key` (32 bytes). */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return createHmacSha256(key)(message);
}

/** The SHA-256 states after HMAC's inner (ipad) and outer (opad) key blocks, hashed once per key. */
function padStates(key: Uint8Array): { inner: Uint32Array; outer: Uint32Array } {
  const k = key.length > BLOCK ? sha256(key) : key;
  const ipad = new Uint8Array(BLOCK);
  const opad = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    const byte = k[i] ?? 0;
    ipad[i] = byte ^ 0x36;
    opad[i] = byte ^ 0x5c;
  }
  const inner = new Uint32Array(INITIAL);
  const outer = new Uint32Array(INITIAL);
  compress(inner, new DataView(ipad.buffer), 0);
  compress(outer, new DataView(opad.buffer), 0);
  return { inner, outer };
}

/**
 * HMAC-SHA256 under one key, for many messages: the two padded key blocks are hashed once, here,
 * so each message costs only its own blocks and the outer one (half the work for a short value).
 */
export function createHmacSha256(key: Uint8Array): (message: Uint8Array) => Uint8Array {
  const { inner, outer } = padStates(key);
  // Scratch, reused by every call (each call runs to its end before the next): no allocation per
  // message but its digest, which is what makes a line of many distinct secrets cheap to fingerprint.
  const state = new Uint32Array(8);
  const tail = new Uint8Array(2 * BLOCK);
  const tailView = new DataView(tail.buffer);
  return (message) => {
    state.set(inner);
    const whole = message.length - (message.length % BLOCK);
    if (whole > 0) {
      const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
      for (let off = 0; off < whole; off += BLOCK) compress(state, view, off);
    }
    // Padding: 0x80, zeros, the bit length of ipad block + message.
    const rest = message.length - whole;
    const blocks = rest + 9 <= BLOCK ? 1 : 2;
    tail.fill(0);
    tail.set(message.subarray(whole), 0);
    tail[rest] = 0x80;
    const bits = (BLOCK + message.length) * 8;
    tailView.setUint32(blocks * BLOCK - 8, Math.floor(bits / 0x100000000));
    tailView.setUint32(blocks * BLOCK - 4, bits >>> 0);
    for (let off = 0; off < blocks * BLOCK; off += BLOCK) compress(state, tailView, off);
    // Outer hash: the 32-byte inner digest, padded, after the opad block (768 bits in all).
    tail.fill(0, 0, BLOCK);
    for (let i = 0; i < 8; i++) tailView.setUint32(i * 4, state[i]!);
    tail[32] = 0x80;
    tailView.setUint32(BLOCK - 4, (BLOCK + 32) * 8);
    state.set(outer);
    compress(state, tailView, 0);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(i * 4, state[i]!);
    return out;
  };
}

/**
 * The redaction fingerprint of a text under one key: the first 4 bytes of HMAC-SHA256(key, UTF-8 of
 * `text`) as 8 lowercase hex digits, the same as `toHex(createHmacSha256(key)(utf8(text)).subarray(0, 4))`.
 * ASCII text is hashed from its character codes, with no encoded copy made: a line dense with
 * distinct secrets fingerprints every one of them.
 */
export function createFingerprinter(key: Uint8Array): (text: string) => string {
  const full = createHmacSha256(key);
  const { inner, outer } = padStates(key);
  const state = new Uint32Array(8);
  const block = new Uint8Array(BLOCK);
  const view = new DataView(block.buffer);
  return (text) => {
    const n = text.length;
    for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0x7f) return toHex(full(utf8(text)).subarray(0, 4));
    state.set(inner);
    // Whole blocks, then the rest with its padding (0x80, zeros, the bit length of ipad block + text).
    let off = 0;
    for (; off + BLOCK <= n; off += BLOCK) {
      for (let i = 0; i < BLOCK; i++) block[i] = text.charCodeAt(off + i);
      compress(state, view, 0);
    }
    const rest = n - off;
    block.fill(0);
    for (let i = 0; i < rest; i++) block[i] = text.charCodeAt(off + i);
    block[rest] = 0x80;
    const bits = (BLOCK + n) * 8;
    if (rest + 9 > BLOCK) {
      compress(state, view, 0);
      block.fill(0);
    }
    view.setUint32(BLOCK - 8, Math.floor(bits / 0x100000000));
    view.setUint32(BLOCK - 4, bits >>> 0);
    compress(state, view, 0);
    // Outer hash: the 32-byte inner digest, padded, after the opad block.
    block.fill(0);
    for (let i = 0; i < 8; i++) view.setUint32(i * 4, state[i]!);
    block[32] = 0x80;
    view.setUint32(BLOCK - 4, (BLOCK + 32) * 8);
    state.set(outer);
    compress(state, view, 0);
    return state[0]!.toString(16).padStart(8, '0');
  };
}

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

const INITIAL = new Uint32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
/** Message schedule, shared: compress is synchronous and never re-entered. */
const w = new Uint32Array(64);

/** One 64-byte block of `view` at `off` into the state `h`. */
function compress(h: Uint32Array, view: DataView, off: number): void {
  for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
  }
  let a = h[0]!,
    b = h[1]!,
    c = h[2]!,
    d = h[3]!,
    e = h[4]!,
    f = h[5]!,
    g = h[6]!,
    hh = h[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + s1 + ch + K[i]! + w[i]!) >>> 0;
    const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (s0 + maj) >>> 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) >>> 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) >>> 0;
  }
  h[0] = (h[0]! + a) >>> 0;
  h[1] = (h[1]! + b) >>> 0;
  h[2] = (h[2]! + c) >>> 0;
  h[3] = (h[3]! + d) >>> 0;
  h[4] = (h[4]! + e) >>> 0;
  h[5] = (h[5]! + f) >>> 0;
  h[6] = (h[6]! + g) >>> 0;
  h[7] = (h[7]! + hh) >>> 0;
}

/** Incremental SHA-256: feed chunks with `update`, then `digest` once. */
export interface Sha256 {
  update(chunk: Uint8Array): void;
  /** The 32-byte digest of everything fed; the hasher cannot be used afterwards. */
  digest(): Uint8Array;
}

/**
 * Create an incremental SHA-256 hasher (same result as {@link sha256} on the concatenated chunks).
 * WebCrypto cannot hash a stream, and a large log must not be held whole just to fingerprint it.
 */
export function createSha256(state: Uint32Array = INITIAL, hashed = 0): Sha256 {
  // `state` after `hashed` bytes (whole blocks) already compressed: HMAC's padded key block.
  const h = new Uint32Array(state);
  const block = new Uint8Array(BLOCK);
  const blockView = new DataView(block.buffer);
  let buffered = 0;
  let total = hashed;
  let done = false;

  function update(chunk: Uint8Array): void {
    if (done) throw new Error('sha256: update after digest');
    total += chunk.length;
    let pos = 0;
    if (buffered > 0) {
      const take = Math.min(BLOCK - buffered, chunk.length);
      block.set(chunk.subarray(0, take), buffered);
      buffered += take;
      pos = take;
      if (buffered < BLOCK) return;
      compress(h, blockView, 0);
      buffered = 0;
    }
    // Whole blocks are read straight from the chunk, without copying.
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (; pos + BLOCK <= chunk.length; pos += BLOCK) compress(h, view, pos);
    if (pos < chunk.length) {
      block.set(chunk.subarray(pos), 0);
      buffered = chunk.length - pos;
    }
  }

  function digest(): Uint8Array {
    if (done) throw new Error('sha256: digest called twice');
    const bitLength = total * 8;
    const tail = new Uint8Array(buffered + 9 <= BLOCK ? BLOCK : 2 * BLOCK);
    tail.set(block.subarray(0, buffered));
    tail[buffered] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bitLength / 0x100000000));
    view.setUint32(tail.length - 4, bitLength >>> 0);
    for (let off = 0; off < tail.length; off += BLOCK) compress(h, view, off);
    done = true;
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]!);
    return out;
  }

  return { update, digest };
}
