// The marker a redacted value becomes, `[REDACTED:<kind>:<fp>]` (fp: 8 hex digits of a keyed fingerprint),
// defined once for the redactor that writes markers and the scanners that pass over them.

/** How every marker starts. */
export const MARKER = '[REDACTED:';
/** A whole marker, anywhere in a line. */
export const MARKER_RE = /\[REDACTED:[a-z0-9-]+:[0-9a-f]{8}\]/g;
/** {@link MARKER_RE} at one position only. */
const MARKER_AT = new RegExp(MARKER_RE.source, 'y');

/** The end of the whole marker that starts at `at` in `line`, or -1 if none does. */
export function markerEnd(line: string, at: number): number {
  // Most positions asked about hold no `[`: answered without running the regex.
  if (at < 0 || line.charCodeAt(at) !== 91) return -1;
  MARKER_AT.lastIndex = at;
  return MARKER_AT.test(line) ? MARKER_AT.lastIndex : -1;
}
