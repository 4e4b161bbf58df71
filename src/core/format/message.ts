// The one formatter of rule messages (ESLint meta.messages): a template with {{name}} or
// {{name:unit}} placeholders, rendered with a finding's data for the terminal, Markdown or HTML.
// Template text is ours; data comes from the evidence and is escaped for the target. A span in
// backticks is code: in Markdown and HTML it stays a code span, with the data inside it literal.
import { code, escapeMarkdown } from './markdown.ts';
import { formatBytes, formatDuration, formatLatency, formatPercent, formatTime } from './units.ts';

/** A value a template may show. */
export type MessageValue = string | number | boolean;
export type MessageData = Readonly<Record<string, MessageValue>>;

/** How a placeholder's value is spelled: bytes, seconds, an ISO time, a ratio (0.8 → '80%'), microseconds. */
export const UNITS = ['bytes', 'duration', 'time', 'percent', 'latency'] as const;
export type Unit = (typeof UNITS)[number];

export type MessageStyle = 'text' | 'markdown' | 'html';

/** A template, or its parts (for source lines under 120 characters) joined by a space. */
export type Template = string | readonly string[];

/** The one string a template stands for. */
export const templateText = (template: Template): string =>
  typeof template === 'string' ? template : template.join(' ');

/** `{{name}}` or `{{name:unit}}`. Anything else in braces (Docker's `{{.State.Health}}`) is literal text. */
const PLACEHOLDER = /\{\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}\}/g;

/** A template is broken or its data does not fit it: a rule bug, reported as the rule's error. */
export class MessageError extends Error {
  override name = 'MessageError';
}

/** The placeholder names a template uses, in order of first use. */
export function placeholdersOf(template: Template): string[] {
  const names: string[] = [];
  for (const m of templateText(template).matchAll(PLACEHOLDER)) {
    if (m[1] !== undefined && !names.includes(m[1])) names.push(m[1]);
  }
  return names;
}

function formatValue(value: MessageValue, unit: string | undefined, name: string): string {
  if (unit === undefined) return String(value);
  if (!(UNITS as readonly string[]).includes(unit)) {
    throw new MessageError(`{{${name}:${unit}}}: unknown unit '${unit}'`);
  }
  if (unit === 'time') {
    if (typeof value !== 'string') throw new MessageError(`{{${name}:time}} needs an ISO time, got ${typeof value}`);
    return formatTime(value);
  }
  if (typeof value !== 'number') throw new MessageError(`{{${name}:${unit}}} needs a number, got ${typeof value}`);
  if (unit === 'bytes') return formatBytes(value);
  if (unit === 'duration') return formatDuration(value);
  return unit === 'latency' ? formatLatency(value) : formatPercent(value);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** Literal text and data values, each escaped for the target, with code spans kept whole. */
function emit(style: MessageStyle, prose: boolean, text: string): string {
  if (style === 'text') return text;
  if (style === 'markdown') return prose ? escapeMarkdown(text) : code(text);
  return prose ? escapeHtml(text) : `<code>${escapeHtml(text)}</code>`;
}

/**
 * Render a template with data. Throws MessageError when a placeholder has no value or a unit does not
 * fit it. 'text' is the words as a terminal or JSON reader gets them (backticks kept, nothing escaped);
 * 'markdown' and 'html' escape every data value and keep the template's `code spans` as code.
 */
export function renderMessage(parts: Template, data: MessageData, style: MessageStyle = 'text'): string {
  const template = templateText(parts);
  const value = (name: string, unit: string | undefined): string => {
    if (!Object.hasOwn(data, name)) throw new MessageError(`no data for {{${name}}} in "${template}"`);
    return formatValue(data[name] as MessageValue, unit, name);
  };
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (_m, name: string, unit: string | undefined) => value(name, unit));
  if (style === 'text') return fill(template);
  // Code spans are split on single backticks: templates never need a backtick inside a span. An
  // unpaired backtick opens no span: the whole template is prose then.
  const pieces = template.split('`');
  const paired = pieces.length % 2 === 1;
  return (paired ? pieces : [template])
    .map((piece, i) => {
      const prose = i % 2 === 0;
      if (!prose) return emit(style, false, fill(piece));
      let out = '';
      let last = 0;
      for (const m of piece.matchAll(PLACEHOLDER)) {
        out += emit(style, true, piece.slice(last, m.index)) + emit(style, true, value(m[1] as string, m[2]));
        last = m.index + m[0].length;
      }
      return out + emit(style, true, piece.slice(last));
    })
    .join('');
}
