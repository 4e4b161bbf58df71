// Capture: { uname -a; echo ---; lsb_release -a; echo ---; uptime; echo ---; free -h; } > system_context.txt
//   Linux quantumtrader-prod-1 6.8.0-88-generic #89-Ubuntu SMP PREEMPT_DYNAMIC … x86_64 GNU/Linux
//   ---
//   Distributor ID:	Ubuntu
//   Description:	Ubuntu 24.04.3 LTS
// Capture scripts glue several commands into one file with `echo ---` between them. Only a line that
// is exactly `---` (a CR before the newline is tolerated) separates: YAML documents and markdown rules
// inside a section look alike, but nobody prints a bare `---` as command output.

/** One command's output cut out of a multi-command capture. */
export interface Section {
  /** The section's text, verbatim (line endings kept), without the separator lines. */
  text: string;
  /** 1-based line of the section's first line within the whole file. */
  firstLine: number;
}

const SEPARATOR = /^---\r?$/;

/** Split a capture on lines that are exactly `---`; a file without separators is one section. */
export function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    if (SEPARATOR.test(text.slice(pos, end))) {
      sections.push({ text: text.slice(start, pos), firstLine: startLine });
      start = nl < 0 ? text.length : nl + 1;
      startLine = line + 1;
    }
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  sections.push({ text: text.slice(start), firstLine: startLine });
  return sections;
}

/**
 * The non-blank sections of a multi-command capture, or undefined when `text` is one command's output.
 * Detectors use it to claim such a file whole only when every section is their kind: a capture script
 * that glued `uname -a`, `free -m` and `uptime` together did not print one `free` output.
 */
export function severalSections(text: string): string[] | undefined {
  if (!/^---\r?$/m.test(text)) return undefined;
  const parts = splitSections(text).map((s) => s.text).filter((t) => t.trim() !== '');
  return parts.length > 1 ? parts : undefined;
}
