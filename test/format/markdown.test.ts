import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { code, escapeMarkdown, formatBacklogMarkdown } from '../../src/core/format/markdown.ts';
import { makeAudit } from '../helpers/audit-builder.ts';
import type { Finding } from '../../src/core/model/finding.ts';

const hostile = '<script>alert(1)</script> [click](javascript:alert(1)) | cell | `tick` ![x](http://evil/x.png)';

function finding(title: string): Finding {
  return {
    ruleId: 'container/unhealthy',
    priority: 'P0',
    category: 'availability',
    title,
    explanation: hostile,
    fix: 'restart it',
    subject: 'container:x',
    fingerprint: 'v1:0123456789abcdef',
    values: {},
    evidence: [{ file: 'raw/docker_ps.txt', startLine: 3, endLine: 3 }],
    links: [],
    source: 'rule',
  };
}

describe('Markdown output', () => {
  it('renders as GitHub-flavoured Markdown: heading, priority table, finding sections', async () => {
    const md = formatBacklogMarkdown(makeAudit({ findings: [finding('quantum_nginx is unhealthy')] }));
    const html = await marked.parse(md, { gfm: true });
    expect(html).toContain('<table>');
    expect(html).toMatch(/<td>P0<\/td>\s*<td>1<\/td>/);
    expect(html).toContain('<h2>P0</h2>');
    expect(html).toContain('<h3>P0 · quantum_nginx is unhealthy</h3>');
  });

  it('lets no evidence text become markup, a link, an image or a table cell', async () => {
    const md = formatBacklogMarkdown(makeAudit({ findings: [finding(hostile)] }));
    const html = await marked.parse(md, { gfm: true });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<a /i);
    expect(html).not.toMatch(/<img /i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps code spans literal and unbreakable', async () => {
    expect(code('quantum_redis')).toBe('`quantum_redis`');
    expect(code('a`b')).toBe('`` a`b ``');
    expect(await marked.parseInline(code('x` <b>y</b>'))).toBe('<code>x` &lt;b&gt;y&lt;/b&gt;</code>');
    expect(escapeMarkdown('a|b\nc')).toBe('a\\|b c');
  });
});
