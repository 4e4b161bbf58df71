// The adversarial benchmark pairs a fragment that holds line breaks with ordinary text of the same lines
// (bench/adversarial.ts): same line count, same line lengths, the ordinary line's characters.
import { describe, expect, it } from 'vitest';
import { sameLines } from '../../bench/adversarial.ts';

const lengths = (text: string) => text.split('\n').map((l) => l.length);

describe('sameLines', () => {
  const ordinary = `${'2025-12-24 04:53:01,094 - svc - INFO - ok '.repeat(4)}\n`;

  it('keeps every line break where the fragment has it and fills the lines with the ordinary text', () => {
    const log = `${'api_key\n'.repeat(20)}`;
    const shaped = sameLines(log, ordinary);
    expect(lengths(shaped)).toEqual(lengths(log));
    expect(shaped).not.toContain('api_key');
    // Each character the fragment does not break at is the ordinary text's character at the same place.
    const text = ordinary.slice(0, -1);
    const expected = [...log.slice(0, -1)].map((c, i) => (c === '\n' ? '\n' : text[i])).join('');
    expect(shaped).toBe(`${expected}\n`);
  });

  it('cycles the ordinary text when the fragment is longer, and keeps blank lines blank', () => {
    const log = `${'x'.repeat(ordinary.length * 2)}\n\n\ny\n`;
    const shaped = sameLines(log, ordinary);
    expect(lengths(shaped)).toEqual(lengths(log));
    expect(shaped.startsWith(ordinary.slice(0, -1) + ordinary.slice(0, -1))).toBe(true);
  });
});
