import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFingerprinter, createHmacSha256, hmacSha256, sha256, toHex, utf8 } from '../../src/core/redact/hmac.ts';

describe('sha256', () => {
  it('matches the FIPS 180-2 vectors', () => {
    expect(toHex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto around every padding boundary', () => {
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000]) {
      const data = randomBytes(n);
      expect(toHex(sha256(data)), `length ${n}`).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('matches node:crypto on arbitrary UTF-8 text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        expect(toHex(sha256(utf8(s)))).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
    );
  });
});

describe('hmacSha256', () => {
  it('matches RFC 4231 test cases 1, 2 and 6 (key longer than a block)', () => {
    const key1 = new Uint8Array(20).fill(0x0b);
    expect(toHex(hmacSha256(key1, utf8('Hi There')))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
    expect(toHex(hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    const key6 = new Uint8Array(131).fill(0xaa);
    expect(toHex(hmacSha256(key6, utf8('Test Using Larger Than Block-Size Key - Hash Key First')))).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('matches node:crypto for random keys and messages', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (key, msg) => {
        expect(toHex(hmacSha256(key, msg))).toBe(createHmac('sha256', key).update(msg).digest('hex'));
      }),
    );
  });

  it('one keyed instance, reused, matches node:crypto around every padding boundary', () => {
    const key = randomBytes(32);
    const hmac = createHmacSha256(key);
    for (const n of [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 3, 0]) {
      const msg = randomBytes(n);
      expect(toHex(hmac(msg)), `length ${n}`).toBe(createHmac('sha256', key).update(msg).digest('hex'));
      // A view into a larger buffer, not at its start.
      const inside = randomBytes(n + 7).subarray(5, 5 + n);
      expect(toHex(hmac(inside)), `view, length ${n}`).toBe(createHmac('sha256', key).update(inside).digest('hex'));
    }
  });
});

describe('createFingerprinter', () => {
  it('gives the first 4 bytes of HMAC-SHA256 of the UTF-8 text, ASCII and not, around every padding boundary', () => {
    for (const key of [utf8('k'), randomBytes(100)]) {
      const fp = createFingerprinter(key);
      for (const n of [0, 1, 8, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000]) {
        for (const text of [
          'a'.repeat(n),
          `${'x'.repeat(n)}é`,
          `${'\u007f'.repeat(n)}\u0080`,
          'z'.repeat(n) + '\ud800',
        ]) {
          const want = createHmac('sha256', key).update(text, 'utf8').digest('hex').slice(0, 8);
          expect(fp(text), `length ${text.length}`).toBe(want);
        }
      }
    }
  });

  it('matches node:crypto for random texts', () => {
    const fp = createFingerprinter(utf8('bench'));
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(fp(text)).toBe(createHmac('sha256', 'bench').update(text, 'utf8').digest('hex').slice(0, 8));
      }),
    );
  });
});
