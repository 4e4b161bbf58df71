// Lines on which a match of the line trigger starts when it is searched in the whole text, as the redactor
// searched it before it read each line alone: the lines it may look at, and more (a match may start on a line
// and end on a later one). The gate test checks the gate against these, the stricter set; the trigger-in-line
// test checks that the lines only this set holds change nothing.
import { LINE_TRIGGER } from '../../src/core/redact/patterns.ts';

/** Each line (start, end, text) of `text` on which a match of the trigger, searched from the line's start, starts. */
export function triggeredAcrossLines(text: string): { start: number; end: number; line: string }[] {
  const out: { start: number; end: number; line: string }[] = [];
  const re = new RegExp(LINE_TRIGGER.source, LINE_TRIGGER.flags);
  for (let start = 0; ;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    re.lastIndex = start;
    const m = re.exec(text);
    if (m && m.index < end) out.push({ start, end, line: text.slice(start, end) });
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}
