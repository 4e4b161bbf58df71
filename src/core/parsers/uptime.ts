// Capture: uptime
//    04:55:13 up 6 days, 12:34,  1 user,  load average: 0.28, 0.36, 0.52
//    08:43:42 up 28 min,  0 users,  load average: 1.29, 2.80, 2.07          (busybox)
//    08:43:42 up 28 min,  0 user,  load average: 1,30, 2,80, 2,08           (procps 4, LC_NUMERIC=de_DE)
//   10:15  up 3 days,  2:03, 2 users, load averages: 1.52 1.60 1.63          (macOS / BSD)
// The "up" part is a comma-separated list of "N day(s)", "HH:MM", "N min" (BSD also "N hr(s)",
// "N sec(s)"), and the user count is missing when utmp is unavailable (busybox in containers).
// Comma-decimal locales print load as "0,28, 0,36, 0,52": numbers are read as digits[.,]digits.
// `uptime -p` ("up 2 weeks, 6 days, 12 hours, 34 minutes") and `uptime -s` ("2025-12-17 16:21:00")
// carry no load averages, which the model requires, so alone they are reported, not read.
import { Uptime } from '../model/host.ts';
import { contentLines, defineParser, issueAt, lineAt, oneCommandText, refAt, splitLines } from './parser.ts';
import type { ParseContext, ParseIssue, ParseResult } from './parser.ts';

const LINE = new RegExp(
  // The clock (12- or 24-hour), if printed, then how long the host has been up,
  String.raw`^\s*(?:(\d{1,2}:\d{2}(?::\d{2})?)(?:\s*[AaPp][Mm])?\s+)?up\s+(.+?),\s+` +
    // the number of users, when printed, and the load averages.
    String.raw`(?:(\d+)\s+users?,\s+)?load averages?:\s*(.+?)\s*$`,
);
const PRETTY = /^\s*up\s+((?:\d+\s+(?:years?|weeks?|days?|hours?|minutes?)(?:,\s*|\s*$))+)$/;
const SINCE = /^\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s*$/;

/** Parser for `uptime`: clock, uptime in seconds, users, 1/5/15-minute load. */
export const uptimeParser = defineParser({
  id: 'uptime',
  description: 'Uptime and load averages from uptime (procps, busybox, BSD/macOS)',
  command: 'uptime',
  fileNames: /uptime|system|context/i,
  ...oneCommandText('uptime capture is empty'),
  detect(text, name): number {
    const lines = contentLines(text);
    const hint = /uptime/i.test(name) ? 0.05 : 0;
    const full = lines.filter((l) => LINE.test(l)).length;
    const extra = lines.filter((l) => PRETTY.test(l) || SINCE.test(l)).length;
    // One uptime line, possibly with -p / -s lines next to it; anything else is another command's output.
    if (full === 1 && full + extra === lines.length) return Math.min(1, 0.9 + hint);
    if (full === 0 && lines.length === 1 && PRETTY.test(lines[0] ?? '')) return 0.8;
    return full > 0 ? 0.2 : 0;
  },
  schema: Uptime,
  parse: parseUptime,
});

/** Parse `uptime` output (one line, optionally with `uptime -p`/`-s` lines); never throws. */
function parseUptime(text: string, ctx: ParseContext): ParseResult<Uptime> {
  const lines = splitLines(text);
  const issues: ParseIssue[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = LINE.exec(lines[i] ?? '');
    if (!m) continue;
    const seconds = parseUpPart(m[2] ?? '');
    const load = parseLoad(m[4] ?? '');
    if (seconds === undefined || load === undefined) {
      issues.push(
        issueAt(ctx, 'parse-failure', `could not read uptime or load from '${(lines[i] ?? '').trim()}'`, i + 1),
      );
      continue;
    }
    const value: Uptime = { uptimeSeconds: seconds, load, evidence: refAt(ctx, i + 1) };
    if (m[1] !== undefined) value.clock = m[1];
    if (m[3] !== undefined) value.users = Number(m[3]);
    return { ok: true, value, issues };
  }
  const pretty = lines.findIndex((l) => PRETTY.test(l));
  if (pretty >= 0) {
    issues.push(
      issueAt(
        ctx,
        'parse-failure',
        'uptime -p output has no load averages; capture plain `uptime` as well',
        pretty + 1,
      ),
    );
    return { ok: false, issues };
  }
  const first = lines.findIndex((l) => l.trim() !== '');
  return {
    ok: false,
    issues: [
      ...issues,
      {
        kind: 'unrecognised',
        message: `not uptime output: '${(lines[first] ?? '').trim().slice(0, 120)}'`,
        line: lineAt(ctx, first + 1),
      },
    ],
  };
}

/** Seconds from the "up …" part: "6 days, 12:34", "3 min", "1 day,  2:03", "2 hrs", " 5:07". */
export function parseUpPart(part: string): number | undefined {
  let total = 0;
  let matched = 0;
  for (const piece of part.split(',')) {
    const p = piece.trim();
    if (p === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^(\d+):(\d{2})$/.exec(p))) total += Number(m[1]) * 3600 + Number(m[2]) * 60;
    else if ((m = /^(\d+)\s*days?(?:\(s\))?$/.exec(p))) total += Number(m[1]) * 86400;
    else if ((m = /^(\d+)\s*(?:min|mins|minutes?)$/.exec(p))) total += Number(m[1]) * 60;
    else if ((m = /^(\d+)\s*(?:hr|hrs|hours?)$/.exec(p))) total += Number(m[1]) * 3600;
    else if ((m = /^(\d+)\s*(?:sec|secs|seconds?)$/.exec(p))) total += Number(m[1]);
    else return undefined;
    matched++;
  }
  return matched > 0 ? total : undefined;
}

function parseLoad(text: string): [number, number, number] | undefined {
  const nums = text.match(/\d+(?:[.,]\d+)?/g);
  if (nums === null || nums.length !== 3) return undefined;
  const [a, b, c] = nums.map((n) => Number(n.replace(',', '.')));
  if (a === undefined || b === undefined || c === undefined || [a, b, c].some((n) => !Number.isFinite(n)))
    return undefined;
  return [a, b, c];
}
