// Which variable, field and header names hold secrets. Names are matched by whole segments so
// `KEY` catches BINANCE_API_KEY and GPG_KEY while PATH, REDIS_HOST, MODE, KEYSPACE and
// QT_MIN_SAMPLES_FOR_RETRAIN stay readable.
import { copyString } from '../text/chars.ts';
import { MARKER } from './marker.ts';

/** Segments that always mark a secret; a value under them is redacted when it has ≥ 4 chars. */
const STRONG = new Set([
  'SECRET',
  'SECRETS',
  'TOKEN',
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'CREDENTIAL',
  'CREDENTIALS',
  'PRIVATE',
  'PRIVATEKEY',
  'DSN',
  'SIGNATURE',
  'APIKEY',
  'ACCESSKEY',
  'SECRETKEY',
  'AUTHTOKEN',
  'ACCESSTOKEN',
  'APITOKEN',
  'CLIENTSECRET',
  'PASSPHRASE',
  'BEARER',
  'JSESSIONID',
  'PHPSESSID',
  'SESSID',
  'ASPSESSIONID',
  'CONNECTIONSTRING',
  'CONNSTR',
  'WEBHOOK',
  'WEBHOOKURL',
  'REFRESHTOKEN',
  'IDTOKEN',
]);

/** Segments that usually mark a secret; booleans and short integers under them are settings, not secrets. */
const WEAK = new Set(['KEY', 'PWD', 'PASS', 'AUTH', 'COOKIE', 'SESSION', 'SESSIONID', 'SID']);

/** A single segment that ends like this is a glued-together secret name (DBPASSWORD, MYTOKEN). */
const STRONG_SUFFIX = /(?:PASSWORD|PASSWD|SECRET|TOKEN|APIKEY)$/;

/** Split `BINANCE_API_KEY`, `apiKey`, `x-api-key`, `db.password` into upper-case segments. */
export function nameSegments(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((s) => s.length > 0);
}

/**
 * The same few names (env keys, JSON fields, redis-cli `name=value` fields) come up again and again,
 * per line and per object: remember the verdicts. Bounded so a stream of unique names cannot grow it.
 */
const CACHE_MAX = 4096;
const strengthCache = new Map<string, 'strong' | 'weak' | undefined>();
const bareKeyCache = new Map<string, boolean>();

function remember<V>(cache: Map<string, V>, name: string, value: V): V {
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(copyString(name), value);
  return value;
}

/** 'strong' or 'weak' when `name` names a secret, else undefined. */
export function getSecretNameStrength(name: string): 'strong' | 'weak' | undefined {
  const cached = strengthCache.get(name);
  if (cached !== undefined || strengthCache.has(name)) return cached;
  return remember(strengthCache, name, computeStrength(name));
}

/** Names that are secret-like only by the bare word KEY (or KEYS) are too common in data (Redis keys, sort keys). */
export function isBareKeyName(name: string): boolean {
  const cached = bareKeyCache.get(name);
  if (cached !== undefined) return cached;
  const segs = nameSegments(name);
  return remember(bareKeyCache, name, segs.length === 1 && (segs[0] === 'KEY' || segs[0] === 'KEYS'));
}

/**
 * A last segment that says the value is about a secret, not the secret: DB_PASSWORD_FILE,
 * TOKEN_TTL_SECONDS, AWS_SECRET_ARN, TOKEN_URL, AUTH_MODE, PASSWORD_MIN_LENGTH, token_type.
 */
const QUALIFIER = new Set([
  'FILE',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'MODE',
  'TYPE',
  'KIND',
  'ENABLED',
  'DISABLED',
  'ENABLE',
  'ARN',
  'NAME',
  'TTL',
  'SECONDS',
  'SECS',
  'MS',
  'MINUTES',
  'HOURS',
  'DAYS',
  'TIMEOUT',
  'EXPIRY',
  'EXPIRES',
  'EXPIRATION',
  'LIFETIME',
  'AGE',
  'INTERVAL',
  'DURATION',
  'LENGTH',
  'LEN',
  'SIZE',
  'MIN',
  'MAX',
  'COUNT',
  'LIMIT',
  'RETRIES',
  'ATTEMPTS',
  'VERSION',
  'FORMAT',
  'ALGORITHM',
  'ALG',
  'ALGO',
  'HEADER',
  'PREFIX',
  'LOCATION',
  'PROVIDER',
  'ISSUER',
  'AUDIENCE',
  'SCOPE',
  'SCOPES',
  'POLICY',
  'REGION',
  'STRATEGY',
  'BACKEND',
  'METHOD',
  'FIELD',
  'COLUMN',
  'REF',
  'SOURCE',
  'STORE',
  'ROTATION',
  'REQUIRED',
  'OPTIONAL',
  'LEVEL',
  'COMPLEXITY',
  'STRENGTH',
  'RESET',
  'HINT',
  'USAGE',
  'USED',
  'STATUS',
  'STATE',
  'MANAGER',
  'VAULT',
  'MOUNT',
  'KEYRING',
  'SERVICE',
  'CLASS',
  'SCHEME',
  'TYPES',
  'DOMAIN',
  'PARAM',
  'PARAMETER',
]);

/** KEY after one of these is a data key, not a credential: cache_key, sort_key, idempotency_key, public_key. */
const DATA_KEY = new Set([
  'CACHE',
  'SORT',
  'IDEMPOTENCY',
  'PARTITION',
  'PRIMARY',
  'FOREIGN',
  'ROUTING',
  'SHARD',
  'LOOKUP',
  'DEDUP',
  'DEDUPLICATION',
  'OBJECT',
  'INDEX',
  'MAP',
  'GROUP',
  'STREAM',
  'QUEUE',
  'TOPIC',
  'MESSAGE',
  'EVENT',
  'LOCK',
  'RATE',
  'RATELIMIT',
  'FEATURE',
  'TRANSLATION',
  'I18N',
  'PUBLIC',
  'PUB',
  'ROW',
  'COMPOSITE',
  'UNIQUE',
  'NATURAL',
  'SEARCH',
  'SETTING',
  'CONFIG',
  'REDIS',
  'HASH',
  'BUCKET',
  'S3',
  'CURSOR',
  'PAGE',
  'RANGE',
  'JOB',
  'TASK',
  'ORDER',
  'TRADE',
  'TENANT',
  'CORRELATION',
  'REQUEST',
  'TRACE',
  'LOG',
  'METRIC',
  'DEDUPE',
  'VERIFY',
  'VERIFICATION',
  'HOTKEY',
  'SHORTCUT',
]);

function computeStrength(name: string): 'strong' | 'weak' | undefined {
  const segments = nameSegments(name);
  if (segments.length === 0) return undefined;
  const last = segments[segments.length - 1]!;
  // A webhook URL carries its credential in the URL itself; a connection string holds its password.
  if (segments.includes('WEBHOOK') && (last === 'URL' || last === 'URI' || last === 'WEBHOOK')) return 'strong';
  if (segments.length > 1 && QUALIFIER.has(last)) return undefined;
  for (let i = 0; i + 1 < segments.length; i++) {
    if (
      (segments[i] === 'CONNECTION' || segments[i] === 'CONN') &&
      (segments[i + 1] === 'STRING' || segments[i + 1] === 'STR')
    )
      return 'strong';
  }
  // public_key, cache_key, sort_key: the word before the final KEY says what kind of key.
  if ((last === 'KEY' || last === 'KEYS') && segments.length > 1 && DATA_KEY.has(segments[segments.length - 2]!))
    return undefined;
  if (segments.includes('PUBLIC') || segments.includes('PUBKEY')) return undefined;
  let weak = false;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (STRONG.has(seg) || STRONG_SUFFIX.test(seg)) return 'strong';
    // API_KEY, ACCESS_KEY, SECRET_KEY and friends spelt as two segments.
    const next = segments[i + 1];
    if (next === 'KEY' && (seg === 'API' || seg === 'ACCESS' || seg === 'SECRET' || seg === 'PRIVATE')) return 'strong';
    if (WEAK.has(seg)) weak = true;
  }
  return weak ? 'weak' : undefined;
}

/** True when `name` names a secret (env var, JSON field, header, query parameter). */
export function isSecretName(name: string): boolean {
  return getSecretNameStrength(name) !== undefined;
}

const BOOLEAN_LIKE = /^(?:true|false|yes|no|on|off|null|none|nil|enabled|disabled|required|optional)$/i;
/** Values that refer to a secret rather than being one: ${VAR} (compose, shell), %VAR% (Windows). */
const REFERENCE = /^(?:\$\{[A-Za-z_][A-Za-z0-9_]*\}|%[A-Za-z_][A-Za-z0-9_]*%)$/;
const ABSOLUTE_PATH = /^\/[\w./-]*$/;
const SMALL_NUMBER = /^-?\d{1,6}(?:\.\d+)?$|^-?\d*\.\d+$/;

/** Whether a value found under a secret name should be replaced. */
export function isRedactableValue(strength: 'strong' | 'weak', value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return false;
  if (v.startsWith(MARKER)) return false;
  if (BOOLEAN_LIKE.test(v) || REFERENCE.test(v)) return false;
  if (/^\*+$/.test(v)) return false;
  // SandboxKey=/var/run/docker/netns/..., SSL_KEY=/etc/ssl/private/app.key: where a key lives, not the key.
  if (strength === 'weak' && (SMALL_NUMBER.test(v) || ABSOLUTE_PATH.test(v))) return false;
  return true;
}
