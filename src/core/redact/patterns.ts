// Content patterns for secrets inside one line of text. Each pattern names the secret part with
// the `s` group so only the value is replaced and the context (names, hosts, schemes) stays
// readable. Order matters: specific token shapes run before the generic name=value rule so the
// kind is the most precise one. Bare 64-hex strings are never matched on their own: container
// ids, image digests and Binance request signatures look alike, and only context tells them apart.
import { getSecretNameStrength, isRedactableValue } from './names.ts';
import { PROVIDER_PATTERNS, type ProviderKind } from './providers.ts';
import { startsWithOneOf } from '../text/one-of.ts';
import { isNameCode, isSpace } from '../text/chars.ts';
import { unionOf } from './union.ts';

/** Kinds of redacted values, as they appear in `[REDACTED:<kind>:<fp>]` markers and summaries. */
export type SecretKind =
  | 'private-key'
  | 'jwt'
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'github-token'
  | 'slack-token'
  | 'stripe-key'
  | 'google-api-key'
  | 'npm-token'
  | 'openai-key'
  | 'anthropic-key'
  | 'authorization'
  | 'url-password'
  | 'connection-string'
  | 'query-secret'
  | 'redis-password'
  | 'named-secret'
  | 'flag-secret'
  | 'truncated-token'
  | 'url-path-token'
  | ProviderKind;

/**
 * One line-level detector, run on a line without its trailing whitespace: `re` is global with indices (`d`); group `s`,
 * else the whole match, is the secret.
 */
export interface LinePattern {
  /** Kind reported for a match (or chosen per match by `kindOf`). */
  kind: SecretKind;
  re: RegExp;
  /** Refine the kind from the match, e.g. connection-string vs url-password by scheme. */
  kindOf?: (m: RegExpExecArray) => SecretKind;
  /** Reject a candidate (placeholder, too short, not really a secret name). */
  accept?: (secret: string, m: RegExpExecArray, line: string) => boolean;
  /**
   * A cheap test that holds on every line where this pattern can replace something (a literal the
   * regex or its `accept` needs). When it fails the pattern is skipped: most lines need none of them.
   */
  need: RegExp;
  /** A provider format: skipped at once when {@link PROVIDER_NEED} does not hold on the line. */
  provider?: boolean;
  /**
   * How many characters a match holds after its secret group (a closing quote, `@`, spaces): the
   * span is found from the group's text and the match's end, without indices. 0 when not given.
   */
  trail?: (m: RegExpExecArray) => number;
}

/** Characters at the end of a match that `\s*` took after the secret (which holds none). */
const trailingSpaces = (m: RegExpExecArray): number => m[0].length - m[0].trimEnd().length;

const DB_SCHEMES = startsWithOneOf(
  [
    'postgres',
    'postgresql',
    'mysql',
    'mariadb',
    'mongodb',
    'mongodb\\+srv',
    'redis',
    'rediss',
    'valkey',
    'amqp',
    'amqps',
    'mssql',
    'sqlserver',
    'oracle',
    'cockroachdb',
    'clickhouse',
    'nats',
    'kafka',
    'jdbc:[a-z]+',
  ],
  '$',
  'i',
);
const AUTH_SCHEMES = 'bearer|basic|token|negotiate|ntlm|apikey';
const QUERY_NAMES = [
  'signature',
  'sig',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'api_key',
  'api-key',
  'apikey',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth',
  'auth_token',
  'client_secret',
  'secret',
  'password',
  'passwd',
  'pwd',
  'key',
].join('|');

/**
 * Every secret name (see names.ts) holds one of these words as a whole or part of a segment, so a
 * `name=value` / `name: value` pattern can only fire where one stands in a name just before `=` or `:`.
 */
const SECRET_NAME_WORDS = [
  'secret',
  'token',
  'pass',
  'credential',
  'private',
  'dsn',
  'signature',
  'key',
  'pwd',
  'auth',
  'cookie',
  'session',
  'sid',
  'bearer',
  'webhook',
  'connection',
  'conn_?str',
].join('|');
export const SECRET_NAME_BEFORE_ASSIGNMENT = new RegExp(`(?:${SECRET_NAME_WORDS})[\\w.-]{0,80}\\\\?["']?\\s*[:=]`, 'i');

const NAME_WORD = new RegExp(`(?:${SECRET_NAME_WORDS})`, 'gi');
/** Characters of the longest of SECRET_NAME_WORDS ('credential', 'connection'). */
const LONGEST_NAME_WORD = 10;
/** Between a name word's end and the `\\?["']?\s*[:=]` after it, at most this many `[\w.-]`. */
const NAME_TAIL = 80;

/**
 * `SECRET_NAME_BEFORE_ASSIGNMENT.test(line)`, in one pass. The regex reads up to 80 characters after
 * every name word and backtracks through them, so a line that is nothing but name words costs 80
 * steps a character. Here every name word inside one run of `[\w.-]` shares that run's end and the
 * answer of the `\\?["']?\s*[:=]` test there, so each character is read forward once.
 */
export function hasSecretNameBeforeAssignment(line: string): boolean {
  const n = line.length;
  /** End of the run of `[\w.-]` the last word stood in, and whether an operator follows it. */
  let runEnd = -1;
  let assigned = false;
  NAME_WORD.lastIndex = 0;
  for (let m = NAME_WORD.exec(line); m !== null; m = NAME_WORD.exec(line)) {
    const wordEnd = m.index + m[0].length;
    if (wordEnd > runEnd) {
      // The word's end is past the last run: a new run (a word is all `\w`, so it ends inside one).
      let e = wordEnd;
      while (e < n && isNameCode(line.charCodeAt(e))) e++;
      runEnd = e;
      if (line.charCodeAt(e) === 92) e++;
      const q = line.charCodeAt(e);
      if (q === 34 || q === 39) e++;
      while (e < n && isSpace(line.charCodeAt(e))) e++;
      const op = line.charCodeAt(e);
      assigned = op === 58 || op === 61;
    }
    if (assigned && runEnd - wordEnd <= NAME_TAIL) return true;
    // No later word of this run can do better when no operator follows it; otherwise only one that
    // ends within NAME_TAIL of the run's end. Words may overlap ("passecret"), so the search goes on
    // from one character after this one at the least, not from its end.
    NAME_WORD.lastIndex = assigned ? Math.max(m.index + 1, runEnd - NAME_TAIL - LONGEST_NAME_WORD) : runEnd;
  }
  return false;
}

/** Prefixes of provider formats, for tokens cut short (`ghp_AbC…`). */
const TRUNCATED_PREFIXES = `(?<![A-Za-z0-9_-])(?:${[
  'gh[pousr]_',
  'github_pat_',
  'glpat-',
  'xox[abeoprs]-',
  'xapp-',
  '[sr]k_(?:live|test)_',
  'whsec_',
  'SG\\.',
  'pypi-AgE',
  'dckr_pat_',
  'hvs\\.',
  'hf_',
  'shp(?:at|ca|pa|ss)_',
  'AGE-SECRET-KEY-1',
  'npm_',
  'sk-(?:proj-|ant-)?',
  'AIza',
  'ya29\\.',
  'GOCSPX-',
  'lin_api_',
  'ops_eyJ',
  'do[opr]_v1_',
  'AKIA',
  'ASIA',
  'eyJ',
  'sq0atp-',
  'pscale_tkn_',
  'dp\\.pt\\.',
  'glsa_',
  'NRAK-',
  'PMAK-',
  'dapi',
  'sbp_',
  'gsk_',
  'ntn_',
  'figd_',
  'tskey-',
  'ATATT3',
  'sntrys_',
  'r8_',
].join('|')})`;

const REDIS_CLI = /redis-cli/;
const MYSQL_FAMILY = /\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b/;
let lastLine = '';
const lastAt = new Map<RegExp, number>();
/** Forget the remembered line (a slice of a whole file: holding it would keep the file alive). */
export function forgetLine(): void {
  lastLine = '';
  lastAt.clear();
}

/** Index of a command name in `line`, remembered for the line being redacted (accept runs per match). */
function commandAt(line: string, re: RegExp): number {
  if (line !== lastLine) {
    lastLine = line;
    lastAt.clear();
  }
  let at = lastAt.get(re);
  if (at === undefined) {
    at = line.search(re);
    lastAt.set(re, at);
  }
  return at;
}

/** A list element alone on its line that may govern the next one (see elements.ts): `3) "api_key"`, `"--password",`. */
const ELEMENT_NAMED = `(?:\\)\\s+"[\\w.:-]{0,80}|"-[\\w-]{0,60})(?:${SECRET_NAME_WORDS})`;
export const ELEMENT_NAME = new RegExp(`${ELEMENT_NAMED}|"(?:\\S{0,80}/)?(?:mysql|mariadb)`, 'i');

/** A field name alone on its line (redis-cli --raw XRANGE/HGETALL): its value is the next line. */
export const BARE_FIELD = new RegExp(`^[\\w.-]{0,80}(?:${SECRET_NAME_WORDS})[\\w.-]{0,80}\\r?$`, 'i');

/** Line patterns in the order they are applied. */
export const LINE_PATTERNS: readonly LinePattern[] = [
  // PEM body on one line, as in JSON with escaped newlines (GCP service-account files).
  // A PEM block on one line (JSON with escaped newlines: GCP service-account files, health output),
  // with or without its END: a value cut short loses its END and is redacted to the end of the value.
  {
    kind: 'private-key',
    re: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?<s>(?:\\ |\\n|[A-Za-z0-9+/=: \t,-](?!----))+)/dg,
    accept: (secret) => /[A-Za-z0-9+/]{16}/.test(secret),
    need: /-----BEGIN /,
  },
  { kind: 'jwt', re: /(?<![\w-])eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]*/dg, need: /eyJ/ },
  {
    kind: 'aws-access-key-id',
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/dg,
    need: /AKIA|ASIA|ABIA|ACCA/,
  },
  {
    kind: 'aws-secret-access-key',
    re: /(?:aws_?)?secret_?access_?key["']?\s*[:=]?\s*["']?(?<s>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/dgi,
    need: /secret_?access_?key/i,
  },
  {
    kind: 'github-token',
    re: /(?<![\w])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/dg,
    need: /gh[pousr]_|github_pat_/,
  },
  { kind: 'slack-token', re: /(?<![\w-])(?:xox[abeoprs]|xapp)-[A-Za-z0-9-]{10,}/dg, need: /xox[abeoprs]-|xapp-/ },
  { kind: 'google-api-key', re: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/dg, need: /AIza/ },
  { kind: 'npm-token', re: /(?<![\w])npm_[A-Za-z0-9]{36}(?![\w])/dg, need: /npm_/ },
  {
    kind: 'openai-key',
    // sk- followed by a long token with at least one digit: real keys always have one, prose rarely.
    re: new RegExp(
      // The prefix (OpenAI project, service account, admin; Anthropic API and admin keys),
      String.raw`(?<![\w-])sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\d\d-)?` +
        // then the token: a digit within it, 20 to 256 characters.
        String.raw`(?=[A-Za-z0-9_-]{0,256}\d)[A-Za-z0-9_-]{20,256}`,
      'dg',
    ),
    kindOf: (m) => (m[0].startsWith('sk-ant-') ? 'anthropic-key' : 'openai-key'),
    need: /sk-/,
  },
  ...PROVIDER_PATTERNS.map((p) => ({ kind: p.kind, re: p.re, need: p.need, provider: true })),
  {
    // A provider token cut short by the capture (docker ps, a truncated log field): prefix, then up to the cut.
    kind: 'truncated-token',
    re: new RegExp(`${TRUNCATED_PREFIXES}[A-Za-z0-9_.=+/-]{6,400}(?=…|\\.\\.\\.|\\[truncated)`, 'dg'),
    need: /…|\.\.\.|\[truncated/,
  },
  {
    // A token as a URL path segment (webhook and bot URLs of providers without a known format):
    // 32+ characters mixing upper case, lower case and digits. Hex ids and digests are lower case only.
    kind: 'url-path-token',
    re: new RegExp(
      // After a slash: a segment holding an upper-case letter, a lower-case letter and a digit,
      String.raw`(?<=\/)(?<s>(?=[A-Za-z0-9_-]{0,200}[A-Z])(?=[A-Za-z0-9_-]{0,200}[a-z])(?=[A-Za-z0-9_-]{0,200}\d)` +
        // 32 to 200 characters, ending where the segment does.
        String.raw`[A-Za-z0-9_-]{32,200})(?=[/?#\s"',;)\]]|$)`,
      'dg',
    ),
    need: /\/[A-Za-z0-9_-]{32}/,
  },
  {
    kind: 'authorization',
    re: new RegExp(`(?:proxy-)?authorization["']?\\s*[:=]\\s*["']?(?:${AUTH_SCHEMES})\\s+(?<s>[^\\s"',]+)`, 'dgi'),
    need: /authorization/i,
  },
  {
    // Schemes whose credentials run to the end of the value: Digest, AWS4-HMAC-SHA256, raw tokens.
    kind: 'authorization',
    re: new RegExp(
      `(?:proxy-)?authorization["']?\\s*[:=]\\s*["']?(?!(?:${AUTH_SCHEMES})\\s)(?<s>[^\\s"'](?:[^\\r\\n"']*[^\\s"'])?)`,
      'dgi',
    ),
    accept: (secret) => secret.length >= 4,
    need: /authorization/i,
  },
  // Bare "Bearer <token>" outside a header; the token must not be a plain word.
  {
    kind: 'authorization',
    // Ends at a delimiter: `token_type=bearer public_key=…` is two settings, not a token.
    re: /(?<![\w-])bearer\s+(?<s>(?=[^\s"']*[0-9._~+/-])[A-Za-z0-9._~+/-]{8,}=*)(?![^\s"',;)\]}])/dgi,
    need: /bearer/i,
  },
  {
    kind: 'url-password',
    re: new RegExp(
      // scheme:// (JDBC-style subschemes too), then user:password@.
      String.raw`(?<![A-Za-z0-9+.-])(?<scheme>[A-Za-z][A-Za-z0-9+.-]*(?::[a-z]+)?):\/\/` +
        String.raw`(?<user>[^\s:/@"'<>]*):(?<s>[^\s@/"'<>]+)@`,
      'dg',
    ),
    kindOf: (m) => (DB_SCHEMES.test(m.groups?.['scheme'] ?? '') ? 'connection-string' : 'url-password'),
    trail: () => 1,
    need: /:\/\//,
  },
  // Query-string and fragment secrets: value up to &, #, whitespace or a quote.
  {
    kind: 'query-secret',
    re: new RegExp(`(?<=[?&#])(?:${QUERY_NAMES})=(?<s>[^&\\s"'#<>]+)`, 'dgi'),
    need: new RegExp(`[?&#](?:${QUERY_NAMES})=`, 'i'),
  },
  {
    kind: 'query-secret',
    re: /(?<![\w-])(?:signature|sig|api_key|apikey|access_token)=(?<s>[^&\s"'#<>]+)/dg,
    need: /(?:signature|sig|api_key|apikey|access_token)=/,
  },
  // Redis: AUTH [user] <password> as a command line (optionally after a redis-cli prompt).
  {
    kind: 'redis-password',
    // At line start, or as a whole JSON string value / escaped line (`"AUTH pw"`, `\nAUTH user pw\n`).
    re: new RegExp(
      // Where the command starts, after a redis-cli prompt (`127.0.0.1:6379[2]> `) or `$ ` if any,
      String.raw`(?:^|(?<=\\ |"))\s*(?:[\w.-]+:\d+(?:\[\d+\])?>\s*|\$\s*)?` +
        // AUTH, an optional user, the password, and nothing after it.
        String.raw`(?:AUTH|auth)\s+(?:[^\s"'\\]+\s+)?(?<s>[^\s"'\\]+)\s*(?=$|["\\])`,
      'dg',
    ),
    trail: trailingSpaces,
    need: /AUTH|auth/,
  },
  // The command quoted mid-line (`executing AUTH default pw`, `rejected: AUTH pw")`): upper case, and
  // its arguments end the value and the password has a digit or 12+ characters, so prose such as
  // `AUTH failed for user x` or `send AUTH first.` stays readable.
  {
    kind: 'redis-password',
    re: new RegExp(
      // AUTH after a delimiter, an optional user,
      String.raw`(?<=[\s"'(:=])AUTH\s+(?:[^\s"'\\()]+\s+)?` +
        // the password (a digit in it, or 12+ characters), and nothing after it but a closing quote or paren.
        String.raw`(?<s>(?=[^\s"'\\()]{0,200}\d|[^\s"'\\()]{12})[^\s"'\\()]+)\s*(?=$|["'\\)])`,
      'dg',
    ),
    trail: trailingSpaces,
    need: /AUTH/,
  },
  // MONITOR / slowlog form: "AUTH" ["user"] "password".
  { kind: 'redis-password', re: /"auth"(?:\s+"[^"]*")?\s+"(?<s>[^"]+)"/dgi, trail: () => 1, need: /"auth"/i },
  {
    kind: 'redis-password',
    re: /(?:^|["'\s=])(?:requirepass|masterauth)["']?\s+["']?(?<s>[^\s"'\\]+)/dgi,
    need: /requirepass|masterauth/i,
  },
  {
    kind: 'redis-password',
    re: /\s(?:-a|--pass)\s+["']?(?<s>[^\s"']+)/dg,
    // A forward check instead of a variable-length lookbehind, which is quadratic on long lines.
    accept: (_s, m, line) => {
      const at = commandAt(line, REDIS_CLI);
      return at >= 0 && at < m.index;
    },
    need: /redis-cli/,
  },
  // --password x, --api-key "x y", -pPW for the MySQL family (name=value and --flag=value: assignments.ts).
  {
    kind: 'flag-secret',
    re: /(?<![\w-])--?(?<n>[A-Za-z][\w-]{0,60})[ \t]+(?:"(?<s>[^"]*)"|'(?<s2>[^']*)'|(?<s3>[^\s"'-][^\s"']*))/dg,
    accept: (secret, m) => {
      const strength = getSecretNameStrength(m.groups?.['n'] ?? '');
      return strength === 'strong' && isRedactableValue(strength, secret);
    },
    trail: (m) => (m.groups?.['s3'] === undefined ? 1 : 0),
    need: /secret|token|pass|credential|private|signature|key|pwd|auth/i,
  },
  {
    // One-line argument arrays: ["mysqld","--password","x"], ["redis-server","--requirepass","x"].
    kind: 'flag-secret',
    re: /"--?(?<n>[A-Za-z][\w-]{0,60})"\s*,\s*"(?<s>(?:[^"\\]|\\.){1,4096})"/dg,
    accept: (secret, m) => {
      const name = m.groups?.['n'] ?? '';
      if (/^(?:requirepass|masterauth)$/i.test(name)) return true;
      const strength = getSecretNameStrength(name);
      return strength === 'strong' && isRedactableValue(strength, secret);
    },
    trail: () => 1,
    need: /"-/,
  },
  {
    kind: 'flag-secret',
    re: /(?<=[\s"])-p(?<s>[^\s"'-][^\s"']{2,})/dg,
    accept: (_s, m, line) => {
      const at = commandAt(line, MYSQL_FAMILY);
      return at >= 0 && at < m.index;
    },
    need: /mysql|mariadb/,
  },
];

/** The union of every provider format's `need`: one test tells whether any of them can match. */
export const PROVIDER_NEED = unionOf(
  PROVIDER_PATTERNS.map((p) => p.need.source),
  '',
);

/**
 * The union of every other line pattern's `need`, made case-insensitive (the same lines and more): where
 * neither it nor {@link PROVIDER_NEED} holds, no line pattern can match, and their needs are not tried one
 * by one (a capture of many short lines, each a value to redact, would try all of them on each).
 */
export const OTHER_NEED = unionOf(
  LINE_PATTERNS.filter((p) => !p.provider).map((p) => p.need.source),
  'i',
);

/** Secret value group of a match: `s`, `s2`, `s3` in that order, else the whole match. */
export function getSecretSpan(m: RegExpExecArray): [number, number] | undefined {
  const indices = m.indices;
  if (!indices) return undefined;
  for (const g of ['s', 's2', 's3']) {
    const span = indices.groups?.[g];
    if (span) return span;
  }
  if (m.groups && ('s' in m.groups || 's2' in m.groups)) return undefined;
  return indices[0];
}

/**
 * The secret span of a match of `pattern` made by its regex without indices (see {@link LINE_SCANS}):
 * the same span {@link getSecretSpan} reads from the indices, found from the group's text and `trail`.
 */
export function getSecretSpanOf(pattern: LinePattern, m: RegExpExecArray): [number, number] | undefined {
  const end = m.index + m[0].length;
  const g = m.groups;
  if (g) {
    const s = g['s'] ?? g['s2'] ?? g['s3'];
    if (s !== undefined) {
      const e = end - (pattern.trail ? pattern.trail(m) : 0);
      return [e - s.length, e];
    }
    if ('s' in g || 's2' in g) return undefined;
  }
  return [m.index, end];
}

/**
 * Each line pattern's regex without the `d` flag, in the order of {@link LINE_PATTERNS}: the same
 * matches, but V8 builds index arrays for every match of a `d` regex, which costs several times the
 * match itself on a line dense with matches.
 */
export const LINE_SCANS: readonly RegExp[] = LINE_PATTERNS.map(
  (p) => new RegExp(p.re.source, p.re.flags.replace('d', '')),
);

/**
 * Start of a PEM private key block, alone on its line (after it only spaces, quotes and commas).
 * `\s*(?:["',]+\s*)?$` rather than `\s*["',]*\s*$`: the same lines, but two `\s*` side by side
 * try every split of a run of spaces, which is quadratic on a long line of BEGINs and spaces.
 */
export const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----\s*(?:["',]+\s*)?$/;
/** End of a PEM private key block. */
export const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
/** What lines inside a PEM block look like: base64, RFC 1421 headers (Proc-Type, DEK-Info), blank. */
export const PEM_BODY = /^\s*(?:[A-Za-z0-9+/=]+|[A-Za-z-]+:\s*\S.*|)\s*$/;
/** A redis-cli CONFIG GET reply names the parameter on one line and gives its value on the next. */
export const REDIS_SECRET_PARAM = /^\s*(?:\d+\)\s*)?"?(?:requirepass|masterauth)"?\s*$/i;

/**
 * Matches somewhere in every line on which any line pattern's `need`, PEM_BEGIN or REDIS_SECRET_PARAM
 * holds (their union, made case-insensitive). One search over a whole text finds the few lines worth a
 * closer look; all other lines are passed over without being cut out of the text.
 */
export const LINE_TRIGGER_SOURCES: readonly string[] = [
  ...new Set([
    ...LINE_PATTERNS.map((p) => p.need.source),
    SECRET_NAME_BEFORE_ASSIGNMENT.source,
    // ELEMENT_NAME with its `"…/mysql` part widened to the bare words: the same lines and more, and
    // no scan of 80 characters from every quote of a line that is nothing but quotes.
    ELEMENT_NAMED,
    'mysql|mariadb',
    BARE_FIELD.source,
    '-----BEGIN ',
    'requirepass|masterauth',
  ]),
];
export const LINE_TRIGGER = unionOf(LINE_TRIGGER_SOURCES, 'gim');
/** {@link LINE_TRIGGER} for one line at a time: tested on the line, without a search position of its own. */
export const LINE_TRIGGER_IN_LINE = new RegExp(LINE_TRIGGER.source, 'im');
