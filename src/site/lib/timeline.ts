// The Timeline page's data: the core's timeline of one audit, as rows the page prints as text (Astro
// escapes every expression; nothing here is HTML). Pure, so it is tested without a site build.
import type { Audit, EvidenceRef } from '../../core/index.ts';
import {
  buildTimeline,
  formatEventSpan,
  formatEventTime,
  formatFromCapture,
  type Timeline,
  type TimelineNote,
} from '../../core/timeline/index.ts';

/** One row of the page's table. */
export interface TimelineRow {
  /** ISO instant, for the <time datetime> attribute. */
  at: string;
  time: string;
  /** 'T−6 min 48 s' within a day of the capture; '' otherwise. */
  fromCapture: string;
  clock: string;
  kind: string;
  title: string;
  span: string;
  assumption?: string;
  skewed: boolean;
  capture: boolean;
  incident?: { id: string; label: string; href?: string };
  evidence: EvidenceRef[];
}

/** What the page shows: skew and other notes first, then the rows. */
export interface TimelineView {
  timeline: Timeline;
  notes: TimelineNote[];
  rows: TimelineRow[];
  skewNotes: number;
}

/**
 * The timeline of an audit as the page shows it. `causeHref` links an incident to its cause finding's
 * permalink (the site has no incident page of its own).
 */
export function getTimelineView(audit: Audit, causeHref?: (fingerprint: string) => string): TimelineView {
  const timeline = buildTimeline(audit);
  const incidents = new Map((audit.incidents ?? []).map((i) => [i.id, i]));
  const rows = timeline.events.map((e): TimelineRow => {
    const inc = e.incident !== undefined ? incidents.get(e.incident) : undefined;
    return {
      at: e.at,
      time: formatEventTime(e),
      fromCapture: formatFromCapture(e.at, timeline.bundle.capturedAt),
      clock: e.clock,
      kind: e.kind,
      title: e.title,
      span: formatEventSpan(e).trim(),
      ...(e.assumption !== undefined ? { assumption: e.assumption } : {}),
      skewed: e.skewed === true,
      capture: e.kind === 'capture',
      ...(e.incident !== undefined
        ? {
            incident: {
              id: e.incident,
              label: inc ? `${inc.priority} · ${inc.title}` : e.incident,
              ...(inc && causeHref ? { href: causeHref(inc.cause) } : {}),
            },
          }
        : {}),
      evidence: e.evidence,
    };
  });
  return {
    timeline,
    notes: timeline.notes,
    rows,
    skewNotes: timeline.notes.filter((n) => n.kind === 'clock-skew').length,
  };
}
