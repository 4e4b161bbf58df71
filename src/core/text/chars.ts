// Character classes tested by char code, for the scanners that look at a few characters of every line
// (the log summarizer, the redactor's line gate) instead of running a regex; and the copy a scanner keeps
// of what it cut out of a large text.

/**
 * A copy of `s` that shares no memory with the string it was cut from. A name or a message cut out of a
 * 200 MiB log is a view into the chunk it came from; kept in a cache or a summary, the view would keep the
 * whole chunk alive.
 */
export function copyString(s: string): string {
  return `${s} `.slice(0, -1);
}

/** `[\w.-]` of a code unit (NaN, past either end of a string: false): the characters of a name. */
export function isNameCode(x: number): boolean {
  return (x >= 97 && x <= 122) || (x >= 65 && x <= 90) || (x >= 48 && x <= 57) || x === 95 || x === 46 || x === 45;
}

/** `\s` of a JavaScript regex (without the u flag): ASCII whitespace, NBSP, and Unicode spaces. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * A long string built from many pieces (a line dense with replacements or escapes gives hundreds of
 * thousands): the pieces are joined a block at a time and the blocks concatenated. One join of a huge
 * array of short pieces costs several times as much in V8, and `+=` per piece makes a rope as deep as
 * there are pieces.
 */
export class Pieces {
  private done = '';
  private block: string[] = [];
  /** Whether anything was added. */
  empty = true;

  push(piece: string): void {
    this.empty = false;
    this.block.push(piece);
    if (this.block.length >= 1024) {
      this.done += this.block.join('');
      this.block = [];
    }
  }

  /** Everything added, in order. */
  join(): string {
    return this.done + this.block.join('');
  }
}

/** `s` cut to at most `max` characters with '…' at the cut, never between the halves of a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}
