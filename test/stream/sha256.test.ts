import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSha256, sha256, toHex } from '../../src/core/redact/hmac.ts';
import { bytesOf } from './helpers.ts';

const nodeHex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function incremental(data: Uint8Array, cuts: number[]): string {
  const h = createSha256();
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    h.update(data.subarray(at, Math.max(at, c)));
    at = Math.max(at, c);
  }
  h.update(data.subarray(at));
  return toHex(h.digest());
}

describe('createSha256 (incremental SHA-256)', () => {
  it('matches node:crypto on the padding edge lengths, fed whole and byte by byte', () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000]) {
      const data = new Uint8Array(randomBytes(n));
      const oneByOne = createSha256();
      for (const b of data) oneByOne.update(new Uint8Array([b]));
      expect(toHex(oneByOne.digest()), `length ${n}`).toBe(nodeHex(data));
      expect(incremental(data, []), `length ${n}`).toBe(nodeHex(data));
    }
  });

  it('gives the known digest of the empty input and of "abc" (FIPS 180-4 examples)', () => {
    expect(incremental(new Uint8Array(0), [])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(incremental(new TextEncoder().encode('abc'), [1])).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches node:crypto and the one-shot sha256 for random data cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.array(fc.nat({ max: 600 }), { maxLength: 12 }),
        (data, cuts) => {
          const expected = nodeHex(data);
          expect(incremental(data, cuts)).toBe(expected);
          expect(toHex(sha256(data))).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hashes chunks that are views into a larger buffer at odd offsets', () => {
    const big = new Uint8Array(randomBytes(5000));
    const view = big.subarray(3, 4003);
    const h = createSha256();
    h.update(view.subarray(0, 1001));
    h.update(view.subarray(1001));
    expect(toHex(h.digest())).toBe(nodeHex(view));
  });

  it('matches node:crypto on a real sample file', () => {
    const data = bytesOf('evidence/quantum-trader-2025-12-24/raw/logs_tail_quantum_trading_bot.txt');
    expect(incremental(data, [7, 4096, 4097, 20_000])).toBe(nodeHex(data));
  });

  it('refuses to be used after digest', () => {
    const h = createSha256();
    h.digest();
    expect(() => h.update(new Uint8Array([1]))).toThrow(/after digest/);
    expect(() => h.digest()).toThrow(/twice/);
  });
});
