// Red-team generator (issue 12): plants fake secrets of many kinds, in their documented shapes, in
// every place a capture can hold them, in a copy of the sample bundle. Every value is random (from
// a seeded generator, so a failure reproduces) and none is or was a live credential. Each planted
// value is recorded with its kind and place; the caller scans every output for them.
//
// Shapes follow the providers' documented formats (prefixes, lengths, alphabets); see
// src/core/redact/providers.ts. Private keys are random base64 in PEM framing (no real key is needed
// to test redaction, and none is generated).
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One planted value: never print `value` in a test message, print `kind` and `place`. */
export interface Planted {
  kind: string;
  place: string;
  value: string;
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPERNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const URLSAFE = `${ALNUM}_-`;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * How a kind is written. `token`: the secret alone says what it is (provider formats, JWT, PEM) and
 * may stand anywhere. `context`: the secret is an ordinary string made secret by what stands next
 * to it (`DB_PASSWORD=`, `--password`, `AUTH`, `user:pw@`), so it is planted with its context.
 */
export interface Kind {
  kind: string;
  /** The secret value. */
  make(r: Gen): string;
  /** How it appears in text: the secret in its context (`token` kinds: the secret alone). */
  text?(secret: string): string;
  /** Truncated forms make sense (the shape is still recognisable when cut). */
  truncatable?: boolean;
  /** A multi-line value (PEM): planted only where lines can hold it. */
  multiline?: boolean;
}

/**
 * Random strings from a seeded generator; every value has a digit, an upper and a lower case letter where the alphabet
 * allows.
 */
export class Gen {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  s(alphabet: string, n: number): string {
    for (;;) {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
      const mixed =
        !/[a-z]/.test(alphabet) ||
        !/[A-Z]/.test(alphabet) ||
        !/\d/.test(alphabet) ||
        (/[a-z]/.test(out) && /[A-Z]/.test(out) && /\d/.test(out));
      if (mixed || n < 8) return out;
    }
  }
  digits(n: number): string {
    return String(1 + Math.floor(this.next() * 8)) + this.s('0123456789', n - 1);
  }
}

const b64url = (s: string): string => Buffer.from(s).toString('base64url');

/** Every kind planted: provider formats first, then context kinds. */
export const KINDS: readonly Kind[] = [
  { kind: 'aws-access-key-id', make: (g) => `AKIA${g.s(UPPERNUM, 16)}`, truncatable: true },
  { kind: 'aws-sts-key-id', make: (g) => `ASIA${g.s(UPPERNUM, 16)}` },
  { kind: 'aws-secret-access-key', make: (g) => g.s(B64, 40), text: (s) => `aws_secret_access_key = ${s}` },
  { kind: 'aws-session-token', make: (g) => `FwoGZXIvYXdzE${g.s(B64, 180)}` },
  { kind: 'github-pat', make: (g) => `ghp_${g.s(ALNUM, 36)}`, truncatable: true },
  { kind: 'github-oauth', make: (g) => `gho_${g.s(ALNUM, 36)}` },
  { kind: 'github-app', make: (g) => `ghs_${g.s(ALNUM, 36)}` },
  { kind: 'github-fine-grained', make: (g) => `github_pat_${g.s(ALNUM, 22)}_${g.s(ALNUM, 59)}` },
  { kind: 'gitlab-pat', make: (g) => `glpat-${g.s(URLSAFE, 20)}`, truncatable: true },
  { kind: 'slack-bot', make: (g) => `xoxb-${g.digits(11)}-${g.digits(13)}-${g.s(ALNUM, 24)}`, truncatable: true },
  { kind: 'slack-user', make: (g) => `xoxp-${g.digits(11)}-${g.digits(11)}-${g.digits(13)}-${g.s(HEX, 32)}` },
  {
    kind: 'slack-webhook',
    make: (g) => `T${g.s(UPPERNUM, 8)}/B${g.s(UPPERNUM, 10)}/${g.s(ALNUM, 24)}`,
    text: (s) => `https://hooks.slack.com/services/${s}`,
  },
  { kind: 'stripe-secret', make: (g) => `sk_live_${g.s(ALNUM, 24)}`, truncatable: true },
  { kind: 'stripe-restricted', make: (g) => `rk_live_${g.s(ALNUM, 24)}` },
  { kind: 'stripe-webhook-secret', make: (g) => `whsec_${g.s(ALNUM, 32)}` },
  { kind: 'twilio-api-key', make: (g) => `SK${g.s(HEX, 32)}` },
  { kind: 'sendgrid', make: (g) => `SG.${g.s(URLSAFE, 22)}.${g.s(URLSAFE, 43)}` },
  { kind: 'pypi', make: (g) => `pypi-AgEIcHlwaS5vcmc${g.s(URLSAFE, 70)}` },
  { kind: 'docker-hub', make: (g) => `dckr_pat_${g.s(URLSAFE, 27)}` },
  { kind: 'telegram-bot', make: (g) => `${g.digits(10)}:AA${g.s(URLSAFE, 33)}` },
  {
    kind: 'telegram-bot-url',
    make: (g) => `${g.digits(9)}:AA${g.s(URLSAFE, 33)}`,
    text: (s) => `https://api.telegram.org/bot${s}/sendMessage`,
  },
  {
    kind: 'discord-webhook',
    make: (g) => g.s(URLSAFE, 68),
    text: (s) => `https://discord.com/api/webhooks/1234567890123456789/${s}`,
  },
  { kind: 'sentry-dsn', make: (g) => g.s(HEX, 32), text: (s) => `https://${s}@o450000.ingest.sentry.io/5500000` },
  { kind: 'vault-token', make: (g) => `hvs.${g.s(URLSAFE, 90)}` },
  { kind: 'huggingface', make: (g) => `hf_${g.s(LETTERS, 34)}` },
  { kind: 'shopify', make: (g) => `shpat_${g.s(HEX, 32)}` },
  { kind: 'age-secret-key', make: (g) => `AGE-SECRET-KEY-1${g.s(UPPERNUM, 58)}` },
  { kind: 'npm', make: (g) => `npm_${g.s(ALNUM, 36)}` },
  { kind: 'openai-project', make: (g) => `sk-proj-${g.s(URLSAFE, 48)}1${g.s(URLSAFE, 60)}` },
  { kind: 'anthropic', make: (g) => `sk-ant-api03-${g.s(URLSAFE, 93)}AA` },
  { kind: 'google-api-key', make: (g) => `AIza${g.s(URLSAFE, 35)}` },
  { kind: 'google-oauth-access', make: (g) => `ya29.${g.s(URLSAFE, 120)}` },
  { kind: 'google-oauth-client-secret', make: (g) => `GOCSPX-${g.s(URLSAFE, 28)}` },
  { kind: 'linear', make: (g) => `lin_api_${g.s(ALNUM, 40)}` },
  { kind: '1password-service-account', make: (g) => `ops_eyJ${g.s(B64, 200)}` },
  { kind: 'digitalocean', make: (g) => `dop_v1_${g.s(HEX, 64)}` },
  { kind: 'mailgun', make: (g) => `key-${g.s(HEX, 32)}` },
  { kind: 'mailchimp', make: (g) => `${g.s(HEX, 32)}-us12` },
  { kind: 'square', make: (g) => `sq0atp-${g.s(URLSAFE, 22)}` },
  { kind: 'planetscale', make: (g) => `pscale_tkn_${g.s(URLSAFE, 43)}` },
  { kind: 'doppler', make: (g) => `dp.pt.${g.s(ALNUM, 43)}` },
  { kind: 'grafana-service-account', make: (g) => `glsa_${g.s(ALNUM, 32)}_${g.s(HEX, 8)}` },
  { kind: 'newrelic', make: (g) => `NRAK-${g.s(UPPERNUM, 27)}` },
  { kind: 'postman', make: (g) => `PMAK-${g.s(HEX, 24)}-${g.s(HEX, 34)}` },
  { kind: 'pulumi', make: (g) => `pul-${g.s(HEX, 40)}` },
  { kind: 'databricks', make: (g) => `dapi${g.s(HEX, 32)}` },
  { kind: 'supabase', make: (g) => `sbp_${g.s(HEX, 40)}` },
  { kind: 'replicate', make: (g) => `r8_${g.s(ALNUM, 37)}` },
  { kind: 'groq', make: (g) => `gsk_${g.s(ALNUM, 52)}` },
  { kind: 'notion', make: (g) => `ntn_${g.s(ALNUM, 46)}` },
  { kind: 'figma', make: (g) => `figd_${g.s(URLSAFE, 40)}` },
  { kind: 'tailscale', make: (g) => `tskey-auth-${g.s(ALNUM, 12)}-${g.s(ALNUM, 30)}` },
  { kind: 'atlassian', make: (g) => `ATATT3${g.s(URLSAFE, 180)}` },
  { kind: 'discord-bot', make: (g) => `M${g.s(ALNUM, 25)}.${g.s(URLSAFE, 6)}.${g.s(URLSAFE, 38)}` },
  { kind: 'sentry-user-token', make: (g) => `sntryu_${g.s(HEX, 64)}` },
  {
    kind: '1password-secret-key',
    make: (g) =>
      `A3-${g.s(UPPERNUM, 6)}-${g.s(UPPERNUM, 6)}-${g.s(UPPERNUM, 5)}-` +
      `${g.s(UPPERNUM, 5)}-${g.s(UPPERNUM, 5)}-${g.s(UPPERNUM, 5)}`,
  },
  { kind: 'terraform-cloud', make: (g) => `${g.s(ALNUM, 14)}.atlasv1.${g.s(URLSAFE, 67)}` },
  { kind: 'flyio', make: (g) => `fo1_${g.s(URLSAFE, 43)}` },
  { kind: 'netlify', make: (g) => `nfp_${g.s(ALNUM, 36)}` },
  { kind: 'xai', make: (g) => `xai-${g.s(ALNUM, 80)}` },
  { kind: 'perplexity', make: (g) => `pplx-${g.s(ALNUM, 48)}` },
  { kind: 'airtable', make: (g) => `pat${g.s(ALNUM, 14)}.${g.s(HEX, 64)}` },
  { kind: 'buildkite', make: (g) => `bkua_${g.s(HEX, 40)}` },
  { kind: 'circleci', make: (g) => `CCIPAT_${g.s(ALNUM, 22)}_${g.s(HEX, 40)}` },
  { kind: 'mapbox-secret', make: (g) => `sk.eyJ${g.s(URLSAFE, 60)}.${g.s(URLSAFE, 22)}` },
  { kind: 'rubygems', make: (g) => `rubygems_${g.s(HEX, 48)}` },
  { kind: 'nuget', make: (g) => `oy2${g.s('abcdefghijklmnopqrstuvwxyz0123456789', 43)}` },
  { kind: 'alibaba', make: (g) => `LTAI${g.s(ALNUM, 20)}` },
  { kind: 'tencent', make: (g) => `AKID${g.s(ALNUM, 32)}` },
  { kind: 'contentful', make: (g) => `CFPAT-${g.s(URLSAFE, 43)}` },
  { kind: 'prefect', make: (g) => `pnu_${g.s(ALNUM, 36)}` },
  { kind: 'typeform', make: (g) => `tfp_${g.s(ALNUM, 44)}` },
  { kind: 'heroku', make: (g) => `HRKU-AA${g.s(URLSAFE, 58)}` },
  { kind: 'twitch', make: (g) => `oauth:${g.s('abcdefghijklmnopqrstuvwxyz0123456789', 30)}` },
  { kind: 'clojars', make: (g) => `CLOJARS_${g.s('abcdefghijklmnopqrstuvwxyz0123456789', 60)}` },
  { kind: 'scalingo', make: (g) => `tk-us-${g.s(URLSAFE, 48)}` },
  { kind: 'dynatrace', make: (g) => `dt0c01.${g.s(UPPERNUM, 24)}.${g.s(UPPERNUM, 64)}` },
  {
    kind: 'jwt',
    make: (g) =>
      `${b64url('{"alg":"HS256","typ":"JWT"}')}.` +
      `${b64url(`{"sub":"svc-${g.s(HEX, 8)}","iat":1766552143}`)}.${g.s(URLSAFE, 43)}`,
  },
  {
    kind: 'private-key-pem',
    make: (g) => Array.from({ length: 6 }, () => g.s(B64, 64)).join('\n') + `\n${g.s(B64, 20)}==`,
    text: (s) => `-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----`,
    multiline: true,
  },
  {
    kind: 'openssh-private-key',
    make: (g) =>
      `b3BlbnNzaC1rZXktdjEAAAAA${g.s(B64, 46)}\n` +
      `${Array.from({ length: 4 }, () => g.s(B64, 70)).join('\n')}\n${g.s(B64, 30)}=`,
    text: (s) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${s}\n-----END OPENSSH PRIVATE KEY-----`,
    multiline: true,
  },
  {
    kind: 'azure-storage-account-key',
    make: (g) => `${g.s(B64, 86)}==`,
    text: (s) => `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${s};EndpointSuffix=core.windows.net`,
  },
  {
    kind: 'azure-service-bus',
    make: (g) => `${g.s(B64, 43)}=`,
    text: (s) => `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${s}`,
  },
  // Context kinds: ordinary strings made secret by what stands next to them.
  {
    kind: 'url-password',
    make: (g) => g.s(ALNUM, 18),
    text: (s) => `https://deploy:${s}@git.internal.example/repo.git`,
  },
  { kind: 'postgres-url', make: (g) => g.s(ALNUM, 20), text: (s) => `postgres://app:${s}@db:5432/app?sslmode=disable` },
  { kind: 'redis-url', make: (g) => g.s(ALNUM, 22), text: (s) => `redis://:${s}@quantum_redis:6379/0` },
  {
    kind: 'url-encoded-password',
    make: (g) => `${g.s(ALNUM, 8)}%40${g.s(ALNUM, 8)}%21`,
    text: (s) => `amqp://guest:${s}@rabbitmq:5672/`,
  },
  {
    kind: 'ado-password',
    make: (g) => g.s(ALNUM, 16),
    text: (s) => `Server=tcp:sql.example,1433;Database=app;User ID=sa;Password=${s};Encrypt=True`,
  },
  { kind: 'named-env', make: (g) => g.s(ALNUM, 24), text: (s) => `DB_PASSWORD=${s}`, truncatable: true },
  { kind: 'named-comma-list', make: (g) => g.s(ALNUM, 24), text: (s) => `FOO=1,API_TOKEN=${s}` },
  {
    kind: 'connection-string-name',
    make: (g) => `Server=db;Uid=app;Pwd=${g.s(ALNUM, 14)}`,
    text: (s) => `CONNECTION_STRING=${s}`,
  },
  {
    kind: 'webhook-url-name',
    make: (g) => `https://hooks.example.com/${g.s(HEX, 24)}`,
    text: (s) => `WEBHOOK_URL=${s}`,
  },
  { kind: 'jsessionid', make: (g) => g.s(HEX, 32).toUpperCase(), text: (s) => `JSESSIONID=${s}` },
  { kind: 'phpsessid', make: (g) => g.s('abcdefghijklmnopqrstuv0123456789', 26), text: (s) => `PHPSESSID=${s}` },
  { kind: 'bearer-header', make: (g) => g.s(URLSAFE, 40), text: (s) => `Authorization: Bearer ${s}` },
  {
    kind: 'basic-header',
    make: (g) => Buffer.from(`admin:${g.s(ALNUM, 14)}`).toString('base64'),
    text: (s) => `Authorization: Basic ${s}`,
  },
  { kind: 'api-key-header', make: (g) => g.s(HEX, 40), text: (s) => `X-Api-Key: ${s}` },
  { kind: 'cookie-header', make: (g) => g.s(HEX, 32), text: (s) => `Cookie: sessionid=${s}` },
  {
    kind: 'query-access-token',
    make: (g) => g.s(ALNUM, 40),
    text: (s) => `https://api.example/v1/x?access_token=${s}&page=2`,
  },
  {
    kind: 'query-signature',
    make: (g) => g.s(HEX, 64),
    text: (s) => `GET /fapi/v2/account?timestamp=1766552143744&signature=${s} HTTP/1.1`,
  },
  { kind: 'flag-equals', make: (g) => g.s(ALNUM, 18), text: (s) => `--password=${s}` },
  { kind: 'flag-space', make: (g) => g.s(ALNUM, 18), text: (s) => `--api-key ${s}` },
  { kind: 'mysql-p', make: (g) => g.s(ALNUM, 14), text: (s) => `mysql -uroot -p${s} -h db` },
  { kind: 'redis-auth', make: (g) => g.s(ALNUM, 20), text: (s) => `AUTH default ${s}` },
  {
    kind: 'redis-cli-a',
    make: (g) => g.s(ALNUM, 20),
    text: (s) => `redis-cli -h quantum_redis -a ${s} --no-auth-warning INFO`,
  },
  { kind: 'requirepass', make: (g) => g.s(ALNUM, 22), text: (s) => `requirepass ${s}` },
  { kind: 'json-password', make: (g) => g.s(ALNUM, 16), text: (s) => `{"username": "trader", "password": "${s}"}` },
  { kind: 'yaml-secret', make: (g) => g.s(ALNUM, 18), text: (s) => `client_secret: ${s}` },
];

/** A line of text holding `k`'s secret in its context, on one line (PEM kinds: their one-line JSON form). */
function oneLine(k: Kind, secret: string): string {
  const t = k.text ? k.text(secret) : secret;
  return k.multiline ? t.replace(/\n/g, '\\n') : t;
}

/** JSON-escape `s` (as a value inside a JSON string inside a JSON document). */
const jsonEscape = (s: string): string => JSON.stringify(s).slice(1, -1);

export interface RedTeam {
  planted: Planted[];
  /** Kinds planted. */
  kinds: string[];
  /** Places planted into. */
  places: string[];
}

/**
 * Copy `sample` into `dir` and plant secrets of every kind in every place. Returns what was planted.
 * Only files of the copy are changed; the sample itself is read only.
 */
export function plantRedTeam(sample: string, dir: string, seed = 12): RedTeam {
  cpSync(sample, dir, { recursive: true });
  const raw = join(dir, 'raw');
  const g = new Gen(seed);
  const planted: Planted[] = [];
  const record = (kind: string, place: string, value: string) => planted.push({ kind, place, value });
  /** A fresh secret of kind k planted at place; returns the secret and its text. */
  const fresh = (k: Kind, place: string) => {
    const secret = k.make(g);
    record(k.kind, place, secret);
    return { secret, line: oneLine(k, secret) };
  };
  const singles = KINDS.filter((k) => !k.multiline);

  // 1. docker inspect: Env, Cmd/Args/Entrypoint, Labels, Mounts, Health output.
  const inspectFile = join(raw, 'inspect_quantum_backend.json');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- docker inspect JSON, edited in place
  const inspect = JSON.parse(readFileSync(inspectFile, 'utf8')) as Array<Record<string, any>>;
  const c = inspect[0]!;
  for (const [i, k] of singles.entries()) {
    const { secret, line } = fresh(k, 'inspect Env');
    // Token kinds stand under a harmless name; context kinds bring their own NAME=.
    c['Config']['Env'].push(k.text && /^[A-Z_]+=/.test(line) ? line : `PLANTED_${i}=${k.text ? line : secret}`);
  }
  const argvSecrets = {
    pw: g.s(ALNUM, 18),
    key: g.s(ALNUM, 18),
    eq: g.s(ALNUM, 18),
    tok: `ghp_${g.s(ALNUM, 36)}`,
    my: g.s(ALNUM, 12),
  };
  record('argv --requirepass', 'inspect Cmd', argvSecrets.pw);
  record('argv --api-key', 'inspect Args', argvSecrets.key);
  record('argv --token=', 'inspect Entrypoint', argvSecrets.eq);
  record('github-pat', 'inspect Args', argvSecrets.tok);
  record('argv mysql -p', 'inspect Cmd', argvSecrets.my);
  c['Config']['Cmd'] = ['redis-server', '--requirepass', argvSecrets.pw, '--port', '6379'];
  c['Args'] = ['--api-key', argvSecrets.key, '--notify', argvSecrets.tok];
  c['Config']['Entrypoint'] = ['/app/run', `--token=${argvSecrets.eq}`];
  c['HostConfig']['Binds'] = [...(c['HostConfig']['Binds'] ?? []), `/srv/mysql-client:/usr/bin/mysql -pignored`];
  inspect.push({
    ...structuredClone(c),
    Id: 'f'.repeat(64),
    Name: '/planted_mysql',
    Config: { ...structuredClone(c['Config']), Cmd: ['mysql', '-uroot', `-p${argvSecrets.my}`] },
  });
  c['Config']['Labels'] = c['Config']['Labels'] ?? {};
  for (const k of singles.filter((x) => !x.text).slice(0, 20)) {
    const { secret } = fresh(k, 'inspect Labels');
    c['Config']['Labels'][`com.example.note.${k.kind}`] = secret;
  }
  const labelPw = g.s(ALNUM, 20);
  record('label named secret', 'inspect Labels', labelPw);
  c['Config']['Labels']['com.example.db.password'] = labelPw;
  c['Mounts'] = [...(c['Mounts'] ?? [])];
  for (const k of singles.filter((x) => !x.text).slice(20, 30)) {
    const { secret } = fresh(k, 'inspect Mounts');
    c['Mounts'].push({
      Type: 'bind',
      Source: `/srv/tokens/${secret}`,
      Destination: '/run/token',
      Mode: 'ro',
      RW: false,
      Propagation: 'rprivate',
    });
  }
  const health = c['State']['Health'];
  for (const k of KINDS) {
    const { line } = fresh(k, 'inspect Health output');
    health.Log.push({
      Start: '2025-12-24T04:55:40.1Z',
      End: '2025-12-24T04:55:40.2Z',
      ExitCode: 1,
      Output: `curl: (22) failed\n${k.text ? k.text(planted.at(-1)!.value) : line}\n`,
    });
  }
  writeFileSync(inspectFile, JSON.stringify(inspect, null, 4));

  // 2. logs: text, JSON and key=value lines, URLs, headers, stack traces.
  const logFile = join(raw, 'logs_tail_quantum_backend.txt');
  const log: string[] = [readFileSync(logFile, 'utf8').trimEnd()];
  for (const k of KINDS) {
    const text = fresh(k, 'log text line');
    log.push(
      `04:55:45 - INFO - connecting with ${k.multiline ? k.text!(text.secret).split('\n').join('\n') : text.line}`,
    );
    const json = fresh(k, 'log JSON line (JSON-escaped)');
    log.push(
      JSON.stringify({
        time: '2025-12-24T04:55:45Z',
        level: 'error',
        msg: `request failed: ${k.text ? k.text(json.secret) : json.secret}`,
      }),
    );
    if (!k.multiline) {
      const kv = fresh(k, 'log key=value line');
      log.push(`time=2025-12-24T04:55:45Z level=warn msg="retrying" detail="${jsonEscape(kv.line)}"`);
      const st = fresh(k, 'stack trace');
      log.push(
        'Traceback (most recent call last):',
        '  File "/app/backend/client.py", line 42, in connect',
        `    raise AuthError(f"rejected: ${st.line}")`,
        `backend.errors.AuthError: rejected: ${st.line}`,
      );
    }
    if (k.truncatable) {
      const tr = fresh(k, 'log line, truncated value');
      const cut = tr.line.slice(0, tr.line.length - Math.floor(tr.secret.length / 4));
      planted.at(-1)!.value = tr.secret.slice(0, tr.secret.length - Math.floor(tr.secret.length / 4));
      log.push(`04:55:46 - DEBUG - cmd: app --token ${cut}…`);
    }
  }
  const urlTok = g.s(ALNUM, 40);
  record('query-access-token', 'log URL', urlTok);
  log.push(`04:55:47 - DEBUG - GET https://api.example/v1/orders?access_token=${urlTok} 200`);
  const pathTok = `${g.s(ALNUM, 40)}`;
  record('url-path-token', 'log URL path', pathTok);
  log.push(`04:55:47 - ERROR - POST https://hooks.example.com/hook/${pathTok}/notify 500`);
  writeFileSync(logFile, `${log.join('\n')}\n`);

  // 3. redis: CLIENT LIST names, SLOWLOG arguments, XRANGE payloads.
  const clientFile = join(raw, 'redis_client_list.txt');
  const clients = readFileSync(clientFile, 'utf8').trimEnd().split('\n');
  const tokenKinds = singles.filter((x) => !x.text);
  for (const [i, k] of tokenKinds.slice(0, 12).entries()) {
    const { secret } = fresh(k, 'CLIENT LIST name');
    clients.push(clients[0]!.replace(/^id=\d+/, `id=${9000 + i}`).replace(/ name=\S*/, ` name=${secret}`));
  }
  writeFileSync(clientFile, `${clients.join('\n')}\n`);

  const slowFile = join(raw, 'redis_slowlog.txt');
  const slowArgs: Array<[string, string[]]> = [];
  const auth1 = g.s(ALNUM, 20);
  const auth2 = g.s(ALNUM, 20);
  const cfg = g.s(ALNUM, 20);
  const hset = g.s(ALNUM, 20);
  const tok = `xoxb-${g.digits(11)}-${g.digits(13)}-${g.s(ALNUM, 24)}`;
  record('slowlog AUTH pw', 'SLOWLOG arguments', auth1);
  record('slowlog AUTH user pw', 'SLOWLOG arguments', auth2);
  record('slowlog CONFIG SET requirepass', 'SLOWLOG arguments', cfg);
  record('slowlog HSET token', 'SLOWLOG arguments', hset);
  record('slack-bot', 'SLOWLOG arguments', tok);
  slowArgs.push(
    ['AUTH', [auth1]],
    ['AUTH', ['worker', auth2]],
    ['CONFIG', ['SET', 'requirepass', cfg]],
    ['HSET', ['user:1', 'token', hset, 'name', 'bob']],
    ['SET', ['notify', tok]],
  );
  const slow = slowArgs.map(([cmd, args], i) => {
    const lines = [
      `${i + 1}) 1) (integer) ${100 + i}`,
      `   2) (integer) 1766552143`,
      `   3) (integer) ${2000 + i}`,
      `   4) 1) "${cmd}"`,
    ];
    args.forEach((a, j) => lines.push(`      ${j + 2}) "${a}"`));
    lines.push('   5) "172.18.0.6:50412"', '   6) ""');
    return lines.join('\n');
  });
  writeFileSync(slowFile, `${slow.join('\n')}\n`);

  const xrangeFile = join(raw, 'redis_sample_trade_intent.txt');
  const xr: string[] = [readFileSync(xrangeFile, 'utf8').trimEnd()];
  const xkey = g.s(ALNUM, 24);
  const xjson = g.s(ALNUM, 24);
  record('XRANGE api_key field', 'XRANGE payload', xkey);
  record('XRANGE JSON password', 'XRANGE JSON inside a field', xjson);
  xr.push(
    '1766550734099-0',
    'api_key',
    xkey,
    'payload',
    `{"symbol": "BTCUSDT", "password": "${xjson}", "side": "BUY"}`,
  );
  for (const k of tokenKinds.slice(12, 24)) {
    const { secret } = fresh(k, 'XRANGE payload');
    xr.push('note', secret);
  }
  writeFileSync(xrangeFile, `${xr.join('\n')}\n`);

  // 4. health bodies and curl -v headers.
  const healthFile = join(raw, 'http_health_backend.txt');
  const body: Record<string, string> = { status: 'ok' };
  for (const k of singles) {
    const { secret, line } = fresh(k, 'health body');
    body[`debug_${k.kind.replace(/-/g, '_')}`] = k.text ? line : secret;
  }
  const pem = KINDS.find((k) => k.kind === 'private-key-pem')!;
  const truncatedPem = fresh(pem, 'health body, PEM without END (truncated)');
  body['tls'] = `-----BEGIN PRIVATE KEY-----\n${truncatedPem.secret.split('\n').slice(0, 4).join('\n')}`;
  planted.at(-1)!.value = truncatedPem.secret.split('\n').slice(0, 4).join('\n');
  writeFileSync(healthFile, `${JSON.stringify(body)}\n`);

  const curlFile = join(raw, 'http_health_trading_bot.txt');
  const bearer = g.s(URLSAFE, 40);
  const cookie = g.s(HEX, 32);
  const basic = Buffer.from(`admin:${g.s(ALNUM, 14)}`).toString('base64');
  record('curl -v Authorization', 'curl -v headers', bearer);
  record('curl -v Set-Cookie', 'curl -v headers', cookie);
  record('curl -v Basic', 'curl -v headers', basic);
  const curl = readFileSync(curlFile, 'utf8');
  writeFileSync(
    curlFile,
    [
      '*   Trying 127.0.0.1:8000...',
      '> GET /health HTTP/1.1',
      '> Host: localhost:8000',
      `> Authorization: Bearer ${bearer}`,
      `> Proxy-Authorization: Basic ${basic}`,
      '>',
      '< HTTP/1.1 200 OK',
      `< Set-Cookie: session=${cookie}; Path=/; HttpOnly`,
      '<',
      curl.trimEnd(),
      '',
    ].join('\n'),
  );

  // 5. system context.
  const sysFile = join(raw, 'system_context.txt');
  const sys = readFileSync(sysFile, 'utf8').trimEnd().split('\n');
  for (const k of singles.slice(0, 30)) {
    const { secret, line } = fresh(k, 'system context');
    sys.push(k.text ? line : `export NOTE=${secret}`);
  }
  writeFileSync(sysFile, `${sys.join('\n')}\n`);

  const files = readdirSync(raw);
  if (files.length < 20) throw new Error('sample copy looks wrong');
  return {
    planted,
    kinds: [...new Set(planted.map((p) => p.kind))],
    places: [...new Set(planted.map((p) => p.place))],
  };
}

/**
 * Every window of `n` characters of every planted value, for the substring check, less the windows
 * that are not secret: those found in `ordinary` (the unplanted sample, the contexts the kinds are
 * written in, the fixed prefixes of provider formats such as `https://` or `pypi-AgEIcHlwaS5vcmc`).
 */
export function windows(planted: readonly Planted[], ordinary: string, n = 8): Map<string, Planted> {
  const out = new Map<string, Planted>();
  for (const p of planted) {
    for (const part of p.value.split('\n')) {
      for (let i = 0; i + n <= part.length; i++) {
        const w = part.slice(i, i + n);
        if (!out.has(w) && !ordinary.includes(w)) out.set(w, p);
      }
    }
  }
  return out;
}

/** Text that is not secret: the contexts of every kind and the fixed parts of the formats. */
export function ordinaryText(sample: string): string {
  const raw = readdirSync(join(sample, 'raw')).map((f) => readFileSync(join(sample, 'raw', f), 'utf8'));
  const contexts = KINDS.map((k) => (k.text ? k.text('') : ''));
  const fixed = [
    'FwoGZXIvYXdzE',
    'github_pat_',
    'pypi-AgEIcHlwaS5vcmc',
    'AGE-SECRET-KEY-1',
    'b3BlbnNzaC1rZXktdjEAAAAA',
    'sk-ant-api03-',
    'sk-proj-',
    'tskey-auth-',
    'pscale_tkn_',
    'https://hooks.example.com/',
    'Server=db;Uid=app;Pwd=',
    'YWRtaW46',
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMt',
    'xoxb-',
    'xoxp-',
    'rubygems_',
    'CLOJARS_',
    'atlasv1.',
    '[REDACTED:', // kinds in markers spell some prefixes (rubygems-key)
  ];
  return [...raw, ...contexts, ...fixed].join('\n');
}

/** Planted values (kind and place, never the value) found in `text`, whole or by an n-character window. */
export function findLeaks(text: string, planted: readonly Planted[], wins: Map<string, Planted>, n = 8): string[] {
  const found = new Set<string>();
  for (const p of planted) if (text.includes(p.value)) found.add(`whole ${p.kind} @ ${p.place}`);
  for (let i = 0; i + n <= text.length; i++) {
    const p = wins.get(text.slice(i, i + n));
    if (p) found.add(`${n}-char part of ${p.kind} @ ${p.place}`);
  }
  return [...found].sort();
}
