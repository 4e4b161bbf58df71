// The timeline: one chronological view of every timestamp an audit holds (see build.ts).
export { buildTimeline, type TimelineOptions } from './build.ts';
export {
  formatEventSpan,
  formatEventTime,
  formatFromCapture,
  formatTimelineMarkdown,
  formatTimelineRef,
  formatTimelineText,
} from './format.ts';
export { Timeline, TimelineClock, TimelineEvent, TimelineKind, TimelineNote } from './model.ts';
export { streamIdMs, toInstant, toIso, type Instant } from './time.ts';
