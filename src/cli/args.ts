import type { ArgsDef } from 'citty';
import { usageError } from './usage-error.ts';

/** What {@link checkArgs} needs beyond citty's own argument definitions. */
export interface ArgRules {
  /** The last declared positional repeats, e.g. `build <input...>`. */
  variadic?: boolean;
  /** Allowed values of string flags; anything else is a usage error with a suggestion. */
  choices?: Record<string, readonly string[]>;
}

/** Edit distance, for "did you mean": small inputs only (flag names, command names). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

/** The closest candidate to a mistyped word, when one is close enough to be what was meant. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase().replace(/[_\s]/g, '-');
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = c.toLowerCase() === w || c.replace(/-/g, '') === w.replace(/-/g, '') ? 0 : distance(w, c.toLowerCase());
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.max(1, Math.floor(best.c.length / 3)) ? best.c : undefined;
}

const didYouMean = (s: string | undefined) => (s ? ` (did you mean ${s}?)` : '');

/** One-line synopsis of a command, e.g. `evidex analyze <bundle> [options]`. */
export function usageLine(command: string, def: ArgsDef, rules: ArgRules = {}): string {
  const positionals = Object.entries(def)
    .filter(([, a]) => a.type === 'positional')
    .map(([n]) => `<${n}>`);
  if (rules.variadic && positionals.length > 0) positionals.push(`${positionals.pop()!.slice(0, -1)}...>`);
  const hasFlags = Object.values(def).some((a) => a.type !== 'positional');
  return `evidex ${command}${positionals.length ? ` ${positionals.join(' ')}` : ''}${hasFlags ? ' [options]' : ''}`;
}

/**
 * Reject what citty would silently accept: unknown flags, flags missing their value, values outside
 * their choices, missing or extra positionals. Throws a usage error (exit 2) naming the problem, the
 * usage line and, for near misses, the likely intended word.
 */
export function checkArgs(command: string, def: ArgsDef, argv: readonly string[], rules: ArgRules = {}): void {
  const fail = (problem: string) =>
    usageError(`${problem}\nUsage: ${usageLine(command, def, rules)}\nRun 'evidex ${command} --help' for the options.`);
  const flags = Object.entries(def).filter(([, a]) => a.type !== 'positional');
  const names = flags.flatMap(([n, a]) => [n, ...(a.type === 'boolean' ? [`no-${n}`] : [])]);
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (token === '-' || !token.startsWith('-')) {
      positionals.push(token);
      continue;
    }
    if (!token.startsWith('--')) {
      const alias = flags.find(([, a]) => ['alias' in a ? (a.alias ?? []) : []].flat().includes(token.slice(1)));
      const near = suggest(token.replace(/^-+/, ''), names);
      if (!alias) throw fail(`unknown option '${token}'${didYouMean(near && `--${near}`)}`);
      if (alias[1].type === 'string' && argv[i + 1] === undefined) throw fail(`option '${token}' needs a value`);
      if (alias[1].type === 'string') i++;
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : token.slice(eq + 1);
    const negated = name.startsWith('no-') && def[name.slice(3)]?.type === 'boolean';
    const arg = def[negated ? name.slice(3) : name];
    if (!arg || arg.type === 'positional') {
      const near = suggest(name, names);
      throw fail(`unknown option '--${name}'${didYouMean(near && `--${near}`)}`);
    }
    if (arg.type === 'boolean') {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') {
        throw fail(`option '--${name}' takes no value (got '${inline}')`);
      }
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      const missing = next === undefined || (next.startsWith('--') && next.length > 2);
      if (missing) throw fail(`option '--${name}' needs a value`);
      value = next;
      i++;
    }
    const allowed = rules.choices?.[name] ?? (arg.type === 'enum' ? arg.options : undefined);
    if (allowed && !allowed.includes(value)) {
      const near = didYouMean(suggest(value, allowed));
      throw fail(`option '--${name}' must be ${allowed.join(', ')} (got '${value}')${near}`);
    }
  }
  const declared = Object.entries(def).filter(([, a]) => a.type === 'positional');
  const missing = declared.slice(positionals.length).filter(([, a]) => a.required !== false);
  if (missing.length > 0) throw fail(`missing ${missing.map(([n]) => `<${n}>`).join(' and ')}`);
  if (!rules.variadic && positionals.length > declared.length) {
    const extra = positionals.slice(declared.length);
    throw fail(`unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((e) => `'${e}'`).join(' ')}`);
  }
}
