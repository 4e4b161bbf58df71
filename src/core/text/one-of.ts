/**
 * `^(?:a|b|…)` then `then`: a line that starts with one of `starts`, each a regex source. Long lists of
 * words (error prefixes, keys, schemes) are written one to a line this way rather than as one long regex.
 */
export function startsWithOneOf(starts: readonly string[], then = '', flags = ''): RegExp {
  return new RegExp(`^(?:${starts.join('|')})${then}`, flags);
}
