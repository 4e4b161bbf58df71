// One regular expression for "does any of these patterns match here": the union of their sources,
// factored by first character. V8 tries the alternatives of an alternation one after another at
// every position where the union's first characters allow a match; with sixty alternatives that
// begin with as many letters, nearly every position of ordinary text enters that list. Grouped under
// their first character (`s(?:k-|ecret|ignature)|g(?:h[pousr]_|l[a-z]{1,5}-)|…`), a position enters
// only the group of its own character. An alternation matches the same strings in any order of its
// alternatives, so the union matches exactly where the plain one does, at the same first index.

/**
 * The characters of a regex source that give it structure (outside escapes and character classes), each
 * with its index and the depth of groups it stands in before it.
 */
function* structure(source: string): Generator<[index: number, char: string, depth: number]> {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else {
      yield [i, c, depth];
      if (c === '(') depth++;
      else if (c === ')') depth--;
    }
  }
}

/** Top-level alternatives of a regex source: `a|(?:b|c)|[|]` gives `a`, `(?:b|c)`, `[|]`. */
export function alternativesOf(source: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const [i, c, depth] of structure(source)) {
    if (c !== '|' || depth !== 0) continue;
    parts.push(source.slice(from, i));
    from = i + 1;
  }
  parts.push(source.slice(from));
  return parts;
}

/** Whether `(?:` at the start of `alt` closes at its very end (so the group is the whole alternative). */
function wrapped(alt: string): boolean {
  if (!alt.startsWith('(?:')) return false;
  for (const [i, c, depth] of structure(alt)) if (c === ')' && depth === 1) return i === alt.length - 1;
  return false;
}

/** The alternatives of `source` with every wrapping `(?:…)` of a whole alternative opened. */
export function flatAlternatives(source: string): string[] {
  return alternativesOf(source).flatMap((alt) => (wrapped(alt) ? flatAlternatives(alt.slice(3, -1)) : [alt]));
}

/**
 * The union of `sources` (each a regex source) as one RegExp with `flags`, factored by first character.
 * Sources with backreferences are refused: grouping would renumber what they refer to.
 */
export function unionOf(sources: readonly string[], flags: string): RegExp {
  const fold = flags.includes('i');
  const groups = new Map<string, string[]>();
  const rest: string[] = [];
  for (const source of sources) {
    if (/\\[1-9]|\\k</.test(source)) throw new Error(`unionOf: backreference in ${source}`);
    for (const alt of flatAlternatives(source)) {
      const first = alt[0] ?? '';
      const next = alt[1];
      // A plain letter, digit or `_` that no quantifier applies to begins the alternative's every match.
      if (/^[A-Za-z0-9_]$/.test(first) && next !== undefined && !'?*+{'.includes(next)) {
        const key = fold ? first.toLowerCase() : first;
        const tails = groups.get(key);
        if (tails === undefined) groups.set(key, [alt.slice(1)]);
        else if (!tails.includes(alt.slice(1))) tails.push(alt.slice(1));
      } else if (!rest.includes(alt)) rest.push(alt);
    }
  }
  const parts = [...groups].map(([first, tails]) =>
    tails.length === 1 ? `${first}${tails[0]}` : `${first}(?:${tails.join('|')})`,
  );
  return new RegExp([...parts, ...rest.map((alt) => `(?:${alt})`)].join('|'), flags);
}
