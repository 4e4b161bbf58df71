// Argument arrays redacted with the command in view: a SLOWLOG entry (`AUTH user pw`,
// `CONFIG SET requirepass pw`, `HSET k token v`) or a container's Cmd/Args/Entrypoint
// (`--requirepass pw`, `--api-key x`, `-pPW` for mysql, `-a pw` for redis-cli). Element by
// element, none of these values looks like a secret; next to their command, all of them are.
import { getSecretNameStrength, isBareKeyName, isRedactableValue } from './names.ts';
import type { SecretKind } from './patterns.ts';
import { MARKER } from './marker.ts';

/** What to replace in an argument array: index → the part of that element to replace and its kind. */
export type ArgvSecrets = Map<number, { start: number; end: number; kind: SecretKind }>;

/** Redis commands whose arguments come as field/value pairs, and where the pairs start. */
const FIELD_VALUE: Record<string, number> = { HSET: 2, HMSET: 2, HSETNX: 2, MSET: 1, MSETNX: 1 };

const basename = (s: string): string => s.slice(s.lastIndexOf('/') + 1).toLowerCase();

/** Which elements of `argv` hold secrets because of the elements before them. */
export function findArgvSecrets(argv: readonly string[]): ArgvSecrets {
  const out: ArgvSecrets = new Map();
  if (argv.length < 2) return out;
  const whole = (i: number, kind: SecretKind) => {
    const v = argv[i];
    if (v !== undefined && v.length > 0 && !v.startsWith(MARKER)) out.set(i, { start: 0, end: v.length, kind });
  };
  const cmd = (argv[0] ?? '').toUpperCase();
  const prog = basename(argv[0] ?? '');
  // Redis commands as SLOWLOG and MONITOR show them.
  if (cmd === 'AUTH') whole(argv.length - 1, 'redis-password');
  if (cmd === 'CONFIG' && (argv[1] ?? '').toUpperCase() === 'SET') {
    for (let j = 2; j + 1 < argv.length; j += 2) {
      const name = argv[j] ?? '';
      if (/^(?:requirepass|masterauth)$/i.test(name) || isSecretField(name)) whole(j + 1, 'redis-password');
    }
  }
  if (cmd === 'HELLO' || cmd === 'MIGRATE') {
    for (let j = 1; j < argv.length; j++) {
      const a = (argv[j] ?? '').toUpperCase();
      if (a === 'AUTH') whole(cmd === 'HELLO' ? j + 2 : j + 1, 'redis-password');
      if (a === 'AUTH2') whole(j + 2, 'redis-password');
    }
  }
  if (cmd === 'ACL' && (argv[1] ?? '').toUpperCase() === 'SETUSER') {
    for (let j = 3; j < argv.length; j++) {
      const rule = argv[j] ?? '';
      // >password adds a password, #<sha256> a hashed one.
      if (rule.length > 1 && (rule[0] === '>' || rule[0] === '<' || rule[0] === '#')) {
        out.set(j, { start: 1, end: rule.length, kind: 'redis-password' });
      }
    }
  }
  const pairs = FIELD_VALUE[cmd];
  if (pairs !== undefined) {
    for (let j = pairs; j + 1 < argv.length; j += 2) if (isSecretField(argv[j] ?? '')) whole(j + 1, 'named-secret');
  }
  if (cmd === 'XADD') {
    // XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] n [LIMIT c]] id field value …: pairs after the id.
    let j = 2;
    for (;;) {
      const opt = (argv[j] ?? '').toUpperCase();
      if (opt === 'NOMKSTREAM') j++;
      else if (opt === 'MAXLEN' || opt === 'MINID') j += argv[j + 1] === '=' || argv[j + 1] === '~' ? 3 : 2;
      else if (opt === 'LIMIT') j += 2;
      else break;
    }
    for (j++; j + 1 < argv.length; j += 2) if (isSecretField(argv[j] ?? '')) whole(j + 1, 'named-secret');
  }
  // Command lines (docker Cmd/Args/Entrypoint, a captured ps).
  const mysql = /^(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mysqlsh)$/.test(prog);
  const redisCli = prog === 'redis-cli' || prog === 'valkey-cli';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (/^--?(?:requirepass|masterauth)$/i.test(a)) whole(i + 1, 'redis-password');
    else if (redisCli && (a === '-a' || a === '--pass')) whole(i + 1, 'redis-password');
    else if (mysql && /^-p.+/.test(a)) out.set(i, { start: 2, end: a.length, kind: 'flag-secret' });
    else if (a.startsWith('-') && !a.includes('=') && a.length <= 64) {
      const name = a.replace(/^-+/, '');
      const strength = /^[A-Za-z_]/.test(name) ? getSecretNameStrength(name) : undefined;
      const next = argv[i + 1];
      const isValue = next !== undefined && !next.startsWith('-');
      if (strength === 'strong' && isValue && isRedactableValue(strength, next)) whole(i + 1, 'flag-secret');
    }
  }
  return out;
}

/** A field or parameter name that names a secret (not a bare `key`). */
function isSecretField(name: string): boolean {
  if (name.length > 96 || !/^[A-Za-z_]/.test(name) || isBareKeyName(name)) return false;
  return getSecretNameStrength(name) !== undefined;
}
