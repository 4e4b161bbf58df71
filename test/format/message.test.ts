import { describe, expect, it } from 'vitest';
import { MessageError, placeholdersOf, renderMessage } from '../../src/core/format/message.ts';

describe('renderMessage', () => {
  const data = {
    mount: '/',
    used: 12 * 1024 ** 3,
    stalledFor: 331440,
    at: '2025-12-20T08:31:18.937Z',
    ratio: 0.8,
    name: 'a_b*<i>',
  };

  it('fills placeholders and spells units through the one units module', () => {
    expect(renderMessage('{{mount}} holds {{used:bytes}}, {{ratio:percent}} used', data)).toBe(
      '/ holds 12 GiB, 80% used',
    );
    expect(renderMessage('stalled {{stalledFor:duration}} ago, at {{at:time}}', data)).toBe(
      'stalled 3 d 20 h ago, at 2025-12-20 08:31:18 UTC',
    );
    expect(renderMessage('{{n}} and {{b}}', { n: 0, b: false })).toBe('0 and false');
  });

  it('leaves Docker templates and other braces as text', () => {
    const t = "Run `docker inspect --format '{{.State.ExitCode}} {{json .State.Health}}' {{name}}`";
    expect(placeholdersOf(t)).toEqual(['name']);
    expect(renderMessage(t, data)).toBe(
      "Run `docker inspect --format '{{.State.ExitCode}} {{json .State.Health}}' a_b*<i>`",
    );
  });

  it('throws a MessageError for missing data, an unknown unit or a value of the wrong kind', () => {
    expect(() => renderMessage('{{absent}}', data)).toThrow(MessageError);
    expect(() => renderMessage('{{used:furlongs}}', data)).toThrow(/unknown unit/);
    expect(() => renderMessage('{{name:bytes}}', data)).toThrow(/needs a number/);
    expect(() => renderMessage('{{used:time}}', data)).toThrow(/ISO time/);
    // Inherited keys are not data.
    expect(() => renderMessage('{{toString}}', {})).toThrow(MessageError);
  });

  it('escapes data for Markdown, and keeps code spans as code with their data literal', () => {
    const md = renderMessage('{{name}} is *bad*: run `docker logs {{name}}`', data, 'markdown');
    expect(md).toBe('a\\_b\\*&lt;i\\> is \\*bad\\*: run `docker logs a_b*<i>`');
    // A backtick in the data cannot close the span early.
    expect(renderMessage('`x {{v}}`', { v: 'a`b' }, 'markdown')).toBe('`` x a`b ``');
  });

  it('escapes data for HTML and renders code spans as <code>', () => {
    expect(renderMessage('{{name}} & `ls {{name}}`', data, 'html')).toBe(
      'a_b*&lt;i&gt; &amp; <code>ls a_b*&lt;i&gt;</code>',
    );
    expect(renderMessage('say "{{q}}"', { q: `'"` }, 'html')).toBe('say &quot;&#39;&quot;&quot;');
  });

  it('treats an unpaired backtick as text', () => {
    expect(renderMessage('a ` {{v}}', { v: '*' }, 'html')).toBe('a ` *');
    expect(renderMessage('a ` {{v}}', { v: '*' }, 'text')).toBe('a ` *');
  });
});
