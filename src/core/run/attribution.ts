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
  const shared = bestScore >= 100 ? 'the whole key' : `the trailing name part '${nameTokens(best).slice(-bestScore).join('_')}'`;
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
    return { subject: exact[0], method: 'file-name', detail: `file name '${base}' ends with container name '${exact[0]}'` };
  }
  const partial = attributeByFileName(file, containers);
  return partial;
}
