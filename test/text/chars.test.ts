import { describe, expect, it } from 'vitest';
import { isSpace } from '../../src/core/text/chars.ts';

describe('isSpace', () => {
  it('is exactly a regex \\s over every UTF-16 code unit', () => {
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });
});
