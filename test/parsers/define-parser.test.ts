import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineParser } from '../../src/core/parsers/parser.ts';
import { unameParser } from '../../src/core/parsers/uname.ts';

const ctx = { file: 'x.txt', firstLine: 1 };

/** A parser that records what its own detect and parse were given, with the options under test. */
function probe(options: { eachSection?: true; dropBom?: true; empty?: string }) {
  const seen: { detected: Array<[string, boolean]>; parsed: string[] } = { detected: [], parsed: [] };
  const parser = defineParser({
    id: 'probe',
    description: 'records its input',
    command: 'probe',
    fileNames: /probe/i,
    ...options,
    detect(text, _name, named) {
      seen.detected.push([text, named]);
      return text.includes('yes') ? 0.9 : 0.1;
    },
    schema: z.string(),
    parse(text) {
      seen.parsed.push(text);
      return { ok: true, value: text, issues: [] };
    },
  });
  return { parser, seen };
}

describe('defineParser', () => {
  it('without options hands detect and parse the text as given', () => {
    const { parser, seen } = probe({});
    expect(parser.detect('\uFEFFyes\n---\nno\n', 'a.txt')).toBe(0.9);
    expect(parser.parse('  \n', ctx)).toEqual({ ok: true, value: '  \n', issues: [] });
    expect(seen).toEqual({ detected: [['\uFEFFyes\n---\nno\n', false]], parsed: ['  \n'] });
  });

  it('eachSection scores a multi-command capture as its least likely section', () => {
    const { parser, seen } = probe({ eachSection: true });
    expect(parser.detect('yes\n---\nno\n', 'a.txt')).toBe(0.1);
    expect(parser.detect('yes 1\n---\nyes 2\n', 'a.txt')).toBe(0.9);
    expect(seen.detected.map(([t]) => t)).toEqual(['yes\n', 'no\n', 'yes 1\n', 'yes 2\n']);
  });

  it('tells detect whether the base name matches fileNames', () => {
    const { parser, seen } = probe({});
    parser.detect('yes', 'dir/PROBE_1.txt');
    parser.detect('yes', 'probe/other.txt');
    expect(seen.detected.map(([, named]) => named)).toEqual([true, false]);
  });

  it('dropBom drops one byte-order mark before detect and parse', () => {
    const { parser, seen } = probe({ dropBom: true });
    parser.detect('\uFEFFyes', 'a.txt');
    parser.parse('\uFEFF\uFEFFyes', ctx);
    expect(seen).toEqual({ detected: [['yes', false]], parsed: ['\uFEFFyes'] });
  });

  it('empty scores a blank capture 0 and refuses it before parse sees it', () => {
    const { parser, seen } = probe({ empty: 'probe capture is empty' });
    expect(parser.detect(' \r\n\t\n', 'probe.txt')).toBe(0);
    expect(parser.parse(' \r\n\t\n', ctx)).toEqual({
      ok: false,
      issues: [{ kind: 'empty-capture', message: 'probe capture is empty' }],
    });
    expect(parser.parse('x', ctx).ok).toBe(true);
    expect(seen).toEqual({ detected: [], parsed: ['x'] });
  });

  it('applies the options of a real parser: uname refuses a blank capture and reads past a byte-order mark', () => {
    expect(unameParser.parse('\n\n', ctx)).toEqual({
      ok: false,
      issues: [{ kind: 'empty-capture', message: 'uname capture is empty' }],
    });
    const line = 'Linux web-1 6.8.0-88-generic #89-Ubuntu SMP x86_64 GNU/Linux\n';
    const plain = unameParser.parse(line, ctx);
    expect(plain.ok && plain.value.hostname).toBe('web-1');
    expect(unameParser.parse(`\uFEFF${line}`, ctx)).toEqual(plain);
    expect(unameParser.detect(`\uFEFF${line}`, 'uname.txt')).toBe(unameParser.detect(line, 'uname.txt'));
  });
});
