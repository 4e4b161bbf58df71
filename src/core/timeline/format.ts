// The timeline as terminal text and as GitHub Markdown. Every string that came from evidence (names,
// keys, commands, templates, file paths) is neutralised for the terminal or escaped for Markdown here.
import type { EvidenceRef } from '../model/evidence.ts';
import { noPaint, type Paint } from '../format/summary.ts';
import { formatDuration } from '../format/units.ts';
import { escapeMarkdown } from '../format/markdown.ts';
import { neutralizeLine } from '../text/neutralize.ts';
import type { Timeline, TimelineEvent } from './model.ts';

/** 'raw/x.txt:3-9', 'raw/inspect.json#/0/State/StartedAt' (lines 2–282 of that element). */
export function formatTimelineRef(r: EvidenceRef): string {
  const lines = r.startLine
    ? `:${r.startLine}${r.endLine !== undefined && r.endLine !== r.startLine ? `-${r.endLine}` : ''}`
    : '';
  return `${r.file}${r.pointer !== undefined ? `#${r.pointer}` : lines}`;
}

/** The event's time as printed: seconds (milliseconds when stated), the minute only, or '~' when derived. */
export function formatEventTime(e: Pick<TimelineEvent, 'at' | 'precision'>): string {
  const day = e.at.slice(0, 10);
  if (e.precision === 'minute') return `${day} ${e.at.slice(11, 16)}`;
  if (e.precision === 'approximate') return `~${day} ${e.at.slice(11, 19)}`;
  const ms = e.at.slice(19, 23);
  return `${day} ${e.at.slice(11, 19)}${ms === '.000' ? '' : ms}`;
}

/** 'T−6 min 47 s' for events within a day before the capture, 'T+12 s' after it; '' otherwise. */
export function formatFromCapture(at: string, capturedAt: string | undefined): string {
  if (capturedAt === undefined) return '';
  const d = (Date.parse(at) - Date.parse(capturedAt)) / 1000;
  if (Math.abs(d) > 86_400 || d === 0) return '';
  return `T${d < 0 ? '−' : '+'}${formatDuration(Math.abs(d))}`;
}

/** ' until 04:55:17' for a span (the end's date too when it differs); '' for an instant. */
export function formatEventSpan(e: Pick<TimelineEvent, 'at' | 'end' | 'precision'>): string {
  if (e.end === undefined) return '';
  const sameDay = e.end.slice(0, 10) === e.at.slice(0, 10);
  const end = e.precision === 'minute' ? e.end.slice(11, 16) : e.end.slice(11, 19);
  if (sameDay && end === (e.precision === 'minute' ? e.at.slice(11, 16) : e.at.slice(11, 19))) return '';
  return ` until ${sameDay ? end : `${e.end.slice(0, 10)} ${end}`}`;
}

/** The timeline for a terminal: notes first (they decide how far the order can be trusted), then events. */
export function formatTimelineText(t: Timeline, paint: Paint = noPaint): string {
  const safe = neutralizeLine;
  const out: string[] = [];
  const captured = t.bundle.capturedAt
    ? `captured ${t.bundle.capturedAt.slice(0, 10)} ${t.bundle.capturedAt.slice(11, 19)} UTC`
    : 'capture time unknown';
  out.push(
    paint.bold(`Timeline · ${safe(t.bundle.name)}`) +
      paint.dim(` · ${captured} · ${t.events.length} events · times UTC, ~ derived`),
  );
  if (t.notes.length > 0) {
    out.push('');
    for (const n of t.notes) {
      const mark = n.kind === 'clock-skew' ? paint.yellow('! clock skew') : paint.dim(`note (${n.kind})`);
      out.push(`${mark}: ${safe(n.message)}`);
      if (n.evidence.length > 0)
        out.push(paint.dim(`    ${n.evidence.map((r) => safe(formatTimelineRef(r))).join(', ')}`));
    }
  }
  const incidents = new Map(t.incidents.map((i) => [i.id, i]));
  out.push('');
  for (const e of t.events) {
    const rel = formatFromCapture(e.at, t.bundle.capturedAt);
    const head = `${formatEventTime(e).padEnd(24)} ${e.clock.padEnd(7)} ${safe(e.title)}${formatEventSpan(e)}`;
    const flag = e.skewed ? ` ${paint.yellow('[clock skewed]')}` : '';
    out.push(`${e.kind === 'capture' ? paint.bold(head) : head}${flag}${rel ? paint.dim(` (${rel})`) : ''}`);
    const refs = e.evidence.slice(0, 3).map((r) => safe(formatTimelineRef(r)));
    const more = e.evidence.length > 3 ? ` (+${e.evidence.length - 3})` : '';
    const extra = [
      ...(refs.length > 0 ? [`${refs.join(', ')}${more}`] : []),
      ...(e.assumption ? [safe(e.assumption)] : []),
      ...(e.incident !== undefined
        ? [
            `incident ${safe(e.incident)}` +
              `${incidents.get(e.incident) ? ` (${incidents.get(e.incident)!.priority})` : ''}`,
          ]
        : []),
    ];
    if (extra.length > 0) out.push(paint.dim(`${' '.repeat(33)}${extra.join(' · ')}`));
  }
  return `${out.join('\n')}\n`;
}

/** The timeline as GitHub Markdown: a notes list and one table row per event, everything escaped. */
export function formatTimelineMarkdown(t: Timeline): string {
  const md = escapeMarkdown;
  const out: string[] = [];
  out.push(`# Timeline: ${md(t.bundle.name)}`, '');
  const captured = t.bundle.capturedAt
    ? `${t.bundle.capturedAt.slice(0, 10)} ${t.bundle.capturedAt.slice(11, 19)} UTC`
    : '(unknown)';
  out.push(
    `Captured ${captured}` +
      ` · bundle sha256 \`${md(t.bundle.sha256)}\` · ${t.events.length} events · times in UTC, ~ marks a derived time.`,
    '',
  );
  if (t.notes.length > 0) {
    out.push('## Clock notes', '');
    for (const n of t.notes)
      out.push(
        `- **${n.kind === 'clock-skew' ? 'Clock skew' : md(n.kind)}**: ${md(n.message)}` +
          `${n.evidence.length > 0 ? ` (${n.evidence.map((r) => md(formatTimelineRef(r))).join(', ')})` : ''}`,
      );
    out.push('');
  }
  const incidents = new Map(t.incidents.map((i) => [i.id, i]));
  out.push('## Events', '', '| Time (UTC) | Clock | Event | Incident | Evidence |', '| --- | --- | --- | --- | --- |');
  for (const e of t.events) {
    const inc = e.incident !== undefined ? incidents.get(e.incident) : undefined;
    const title =
      `${md(e.title)}${md(formatEventSpan(e))}${e.skewed ? ' **(clock skewed)**' : ''}` +
      `${e.assumption ? ` — _${md(e.assumption)}_` : ''}`;
    const refs =
      e.evidence
        .slice(0, 5)
        .map((r) => md(formatTimelineRef(r)))
        .join(', ') + (e.evidence.length > 5 ? ` and ${e.evidence.length - 5} more` : '');
    out.push(
      `| ${md(formatEventTime(e))} | ${e.clock} | ${e.kind === 'capture' ? `**${title}**` : title} | ${
        e.incident !== undefined ? `${md(e.incident)}${inc ? ` (${inc.priority}: ${md(inc.title)})` : ''}` : ''
      } | ${refs} |`,
    );
  }
  return `${out.join('\n')}\n`;
}
