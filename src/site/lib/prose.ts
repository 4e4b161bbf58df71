// Authored prose of findings (rule fixes and explanations, manual findings) as HTML: the same
// Markdown the `--format markdown` export writes (code spans, bold, lists; everything else escaped by
// core/format/markdown.ts), rendered by marked. Raw HTML and links are refused a second time here,
// because values interpolated from evidence sit inside this text.
import { Marked } from 'marked';
import { proseMarkdown, proseMarkdownBlock } from '../../core/index.ts';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const prose = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    link({ tokens }) {
      return this.parser.parseInline(tokens);
    },
    image: ({ text }) => escapeHtml(text),
  },
});

/** One line of prose (a fix) as inline HTML. */
export const proseInlineHtml = (text: string): string => prose.parseInline(proseMarkdown(text), { async: false });

/** Paragraphs and lists (an explanation, a manual finding's body) as block HTML. */
export const proseBlockHtml = (text: string): string => prose.parse(proseMarkdownBlock(text), { async: false });
