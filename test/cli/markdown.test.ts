// Issue 13: Markdown output escaped backticks, so commands never rendered as code on GitHub, and the site
// showed literal backticks and ** in fixes and manual findings.
import { Marked } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBacklogMarkdown, proseMarkdown, proseMarkdownBlock } from '../../src/core/format/markdown.ts';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';
import { proseBlockHtml, proseInlineHtml } from '../../src/site/lib/prose.ts';
import { SAMPLE } from './run-cli.ts';

// GitHub renders GFM; marked in GFM mode stands in for it here.
const gfm = new Marked({ gfm: true });
const render = (md: string) => gfm.parse(md, { async: false });

let audit: Audit;
beforeAll(async () => {
  process.env.EVIDEX_REDACT_KEY = 'markdown-key';
  audit = (await analyzePath(SAMPLE)).audit;
});

describe('Markdown export', () => {
  it('keeps code spans and bold of authored prose', () => {
    expect(proseMarkdown('Set `mem_limit: 1g` so **one** service')).toBe('Set `mem_limit: 1g` so **one** service');
    expect(render(proseMarkdown('run `docker update --memory 1g x`'))).toContain(
      '<code>docker update --memory 1g x</code>',
    );
  });

  it('escapes everything else: HTML, links, autolinks, table pipes', () => {
    const html = render(
      proseMarkdown('<img src=x onerror=alert(1)> [x](javascript:alert(1)) https://evil.example a|b'),
    );
    expect(html).not.toMatch(/<img|<a /);
    expect(html).toContain('&lt;img');
  });

  it('a stray or hostile backtick can only make literal code, never markup', () => {
    const html = render(proseMarkdown('name `<script>alert(1)</script>` and a lone ` tick'));
    expect(html).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>');
    expect(html).not.toContain('<script>');
  });

  it('keeps paragraphs and lists of a manual finding body', () => {
    const md = proseMarkdownBlock('**Observed.** One\nline.\n\nSteps:\n- run `git init`\n- tag it');
    const html = render(md);
    expect(html).toContain('<strong>Observed.</strong> One line.');
    expect(html).toMatch(/<ul>\s*<li>run <code>git init<\/code><\/li>\s*<li>tag it<\/li>\s*<\/ul>/);
  });

  it('the sample backlog renders fixes with code on GitHub', () => {
    const md = formatBacklogMarkdown(audit);
    expect(md).toContain('`deploy.resources.limits.memory: 1g`');
    expect(md).not.toContain('\\`');
    expect(render(md)).toContain('<code>deploy.resources.limits.memory: 1g</code>');
  });
});

describe('site prose', () => {
  it('renders the same Markdown with marked, escaped', () => {
    expect(proseInlineHtml('Set `mem_limit: 1g` so **one**')).toBe(
      'Set <code>mem_limit: 1g</code> so <strong>one</strong>',
    );
    const hostile = proseBlockHtml('<iframe src=x></iframe>\n\n- [a](javascript:x) ![i](http://x/i.png)');
    expect(hostile).not.toMatch(/<iframe|<a |<img/);
    const manual = audit.findings.find((f) => f.source === 'manual');
    expect(manual).toBeDefined();
    const html = proseBlockHtml(manual!.explanation);
    expect(html).toContain('<strong>');
    expect(html).toContain('<code>raw/compose_files.txt</code>');
    expect(html).not.toContain('**');
  });
});
