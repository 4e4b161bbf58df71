import type { Attribution } from '../model/evidence.ts';

/** Lowercased tokens of a name: separators such as `.`, `:`, `/`, `-`, `_` all split. */
export function nameTokens(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/\.(txt|log|json|out)$/, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** How many trailing tokens two token lists share. */
function commonSuffix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * Tie a capture that does not name its subject (XINFO GROUPS prints no stream key) to one of the
 * known subjects, from its file name: capture scripts name files after the key with `.`, `:`, `/`
 * replaced by `_` and often drop a common prefix (`redis_groups_trade_intent.txt` → `…:trade.intent`).
 * The best match must be unique; ties and no overlap give undefined.
 */
export function attributeByFileName(file: string, candidates: readonly string[]): Attribution | undefined {
  const base = file.split('/').pop() ?? file;
  const fileTokens = nameTokens(base);
  let best: string | undefined;
  let bestScore = 0;
  let tie = false;
  for (const candidate of candidates) {
    const tokens = nameTokens(candidate);
    let score = commonSuffix(fileTokens, tokens);
    // The whole key spelled out in the name (prefix kept) beats a suffix match.
    if (score > 0 && score === tokens.length) score += 100;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0) {
      tie = true;
    }
  }
  if (best === undefined || tie) return undefined;
  const shared =
    bestScore >= 100 ? 'the whole key' : `the trailing name part '${nameTokens(best).slice(-bestScore).join('_')}'`;
  return { subject: best, method: 'file-name', detail: `file name '${base}' matches ${shared} of '${best}'` };
}

/** Match a file name such as `logs_tail_quantum_ai_engine.txt` to a container name. */
export function attributeContainer(file: string, containers: readonly string[]): Attribution | undefined {
  const base = file.split('/').pop() ?? file;
  const fileTokens = nameTokens(base);
  const joined = fileTokens.join('_');
  const exact = containers
    .filter((c) => joined.endsWith(nameTokens(c).join('_')) && nameTokens(c).length > 0)
    .sort((a, b) => nameTokens(b).length - nameTokens(a).length);
  if (exact[0] !== undefined) {
    return {
      subject: exact[0],
      method: 'file-name',
      detail: `file name '${base}' ends with container name '${exact[0]}'`,
    };
  }
  const partial = attributeByFileName(file, containers);
  return partial;
}

/** Words of a capture file name that say how it was printed, never which stream or group. */
export const FORMAT_WORDS: ReadonlySet<string> = new Set(['raw', 'tty', 'noraw', 'txt', 'log', 'json', 'out']);

/** Where `needle` occurs as a contiguous run in `hay`, or -1. */
function indexOfRun(hay: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** A capture tied to a stream (and, when its name says, to one of that stream's groups). */
export interface StreamAttribution extends Attribution {
  /** Name tokens that follow the stream's in the file name: the group, for `<stream>__<group>` names. */
  rest: string[];
  /** Whether the whole key is spelled in the name (not only a trailing part of it). */
  whole: boolean;
}

/**
 * Tie a capture that does not name its stream (XINFO GROUPS/CONSUMERS, XPENDING, XRANGE print no
 * key) to one of the keys the bundle lists, by its file name. Capture scripts write the key with
 * `:`, `.`, ` `, `"` turned into `_`, often drop a common prefix, and add the group after the key
 * (`redis_pending_<stream>__<group>.txt`). The key whose tokens, or longest trailing part, occur in
 * the name wins; the whole key beats a part; a tie gives undefined. Tokens after the key's are kept
 * as `rest` (minus format words such as 'raw'), for the caller to match against group names.
 */
export function attributeStreamCapture(file: string, keys: readonly string[]): StreamAttribution | undefined {
  const base = file.split('/').pop() ?? file;
  const fileTokens = nameTokens(base);
  let best: { key: string; score: number; end: number; shared: number } | undefined;
  let tie = false;
  for (const key of keys) {
    const tokens = nameTokens(key);
    // The longest trailing part of the key found anywhere in the name.
    for (let n = tokens.length; n > 0; n--) {
      const at = indexOfRun(fileTokens, tokens.slice(tokens.length - n));
      if (at < 0) continue;
      const score = n === tokens.length ? 100 + n : n;
      if (best === undefined || score > best.score) {
        best = { key, score, end: at + n, shared: n };
        tie = false;
      } else if (score === best.score && key !== best.key) {
        tie = true;
      }
      break;
    }
  }
  if (best === undefined || tie) return undefined;
  const shared =
    best.score >= 100
      ? 'the whole key'
      : `the trailing name part '${nameTokens(best.key).slice(-best.shared).join('_')}'`;
  return {
    subject: best.key,
    method: 'file-name',
    detail: `file name '${base}' matches ${shared} of '${best.key}'`,
    rest: fileTokens.slice(best.end).filter((t) => !FORMAT_WORDS.has(t)),
    whole: best.score >= 100,
  };
}

/** What manifest.json says one file is about (see bundle/manifest.ts): the exact subject, never a guess. */
export interface Declared {
  container?: string;
  stream?: string;
  group?: string;
  /** The command that wrote the file. */
  command: string;
}

/** Per file path, what manifest.json declares. */
export type DeclaredMap = ReadonlyMap<string, Declared>;

/** The attribution of a file whose subject manifest.json names, or undefined. */
export function attributeDeclared(
  file: string,
  declared: DeclaredMap,
  what: 'container' | 'stream',
): Attribution | undefined {
  const d = declared.get(file);
  const subject = d?.[what];
  if (d === undefined || subject === undefined) return undefined;
  const group = what === 'stream' && d.group !== undefined ? `, group '${d.group}'` : '';
  return { subject, method: 'manifest', detail: `manifest.json: written by '${d.command.slice(0, 300)}'${group}` };
}
