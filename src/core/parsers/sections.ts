// Capture: { uname -a; echo ---; lsb_release -a; echo ---; uptime; echo ---; free -h; } > system_context.txt
//   Linux quantumtrader-prod-1 6.8.0-88-generic #89-Ubuntu SMP PREEMPT_DYNAMIC … x86_64 GNU/Linux
//   ---
//   Distributor ID:	Ubuntu
//   Description:	Ubuntu 24.04.3 LTS
// Capture scripts glue several commands into one file with `echo ---` between them. Only a line that
// is exactly `---` (a CR before the newline is tolerated) separates: YAML documents and markdown rules
// inside a section look alike, but nobody prints a bare `---` as command output.

// Transcripts pasted from a terminal separate commands by their prompt lines instead: `$ free -m`,
// `root@web-1:~# uptime`, `[ec2-user@ip-10-0-0-5 ~]$ df -h`. A prompt is `$ ` at the start of a line, or a
// user@host:path / [user@host dir] prompt ending in $ or #; INFO's `# Server` headers are not prompts.

/** One command's output cut out of a multi-command capture. */
export interface Section {
  /** The section's text, verbatim (line endings kept), without the separator lines. */
  text: string;
  /** 1-based line of the section's first line within the whole file. */
  firstLine: number;
  /** The command a prompt line named for this section (`free -m`), when the capture had prompts. */
  command?: string;
}

const SEPARATOR = /^---\r?$/;
/** Bounded quantifiers keep the match linear in the line length. */
const PROMPT = /^(?:\$|[\w.-]{1,64}@[\w.-]{1,64}:\S{0,200}[$#]|\[[^\]\n]{1,120}\][$#]) +(\S.*?)\r?$/;
const BREAK = /^(?:---\r?$|\$ +\S|[\w.-]{1,64}@[\w.-]{1,64}:\S{0,200}[$#] +\S|\[[^\]\n]{1,120}\][$#] +\S)/m;

/** Split a capture on lines that are exactly `---`, and on shell prompt lines; without either it is one section. */
export function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let pos = 0;
  let command: string | undefined;
  // A pasted terminal session opens with its first prompt; `$ …` lines inside other output are quoted, not breaks.
  const prompts = startsWithPrompt(text);
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const current = text.slice(pos, end);
    const prompt = SEPARATOR.test(current) || !prompts ? undefined : PROMPT.exec(current);
    if (prompt || SEPARATOR.test(current)) {
      const named = command === undefined ? {} : { command };
      sections.push({ text: text.slice(start, pos), firstLine: startLine, ...named });
      command = prompt?.[1];
      start = nl < 0 ? text.length : nl + 1;
      startLine = line + 1;
    }
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  sections.push({ text: text.slice(start), firstLine: startLine, ...(command === undefined ? {} : { command }) });
  return sections;
}

/**
 * The non-blank sections of a multi-command capture, or undefined when `text` is one command's output.
 * Detectors use it to claim such a file whole only when every section is their kind: a capture script
 * that glued `uname -a`, `free -m` and `uptime` together did not print one `free` output.
 */
export function severalSections(text: string): string[] | undefined {
  // Every detector that claims only one command's output asks this of the same text in turn: answer once.
  if (text === lastAnswer.text) return lastAnswer.parts?.slice();
  let parts: string[] | undefined;
  if (/^---\r?$/m.test(text) || (startsWithPrompt(text) && BREAK.test(text))) {
    parts = splitSections(text)
      .map((s) => s.text)
      .filter((t) => t.trim() !== '');
    if (parts.length <= 1) parts = undefined;
  }
  lastAnswer = { text, parts };
  return parts?.slice();
}
let lastAnswer: { text: string; parts: readonly string[] | undefined } = { text: '', parts: undefined };

/**
 * Whether the first non-blank line of `text` is a shell prompt line. Lines end at LF only (a line of
 * U+2028 or CR is one line, not a million), and a line is blank when spaces and tabs are followed by
 * whitespace or nothing; each line is looked at from its start only, so the scan is linear.
 */
function startsWithPrompt(text: string): boolean {
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    let i = pos;
    while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
    if (i < end && !/\s/.test(text[i]!)) return PROMPT.test(text.slice(pos, end));
    if (nl < 0) break;
    pos = nl + 1;
  }
  return false;
}
