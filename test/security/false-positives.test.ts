// Issue 12: a value is secret because of what it looks like where it stands, not because its name
// holds a word. Ordinary configuration values under secret-sounding names stay readable, written as
// env lines, JSON fields, YAML, docker inspect Env and command-line flags. The corpus is
// hand-written from common configuration conventions (Docker secrets' *_FILE, OAuth settings, AWS
// Secrets Manager ARNs, data keys); none of these values is a credential.
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/core/redact/redact.ts';

/** [name, value]: every value is ordinary configuration. */
const CORPUS: ReadonlyArray<readonly [string, string]> = [
  ['AUTH_MODE', 'oauth2'],
  ['AUTH_PROVIDER', 'keycloak'],
  ['AUTH_TYPE', 'basic'],
  ['AUTH_ENABLED', 'true'],
  ['AUTH_URL', 'https://auth.example.com/realms/main'],
  ['AUTH_SERVICE', 'http://auth:8080'],
  ['TOKEN_TTL_SECONDS', '3600'],
  ['TOKEN_EXPIRY', '15m'],
  ['TOKEN_URL', 'https://auth.example.com/oauth/token'],
  ['TOKEN_ENDPOINT', 'https://login.example.com/oauth2/v2.0/token'],
  ['TOKEN_ISSUER', 'https://issuer.example.com'],
  ['TOKEN_AUDIENCE', 'api://backend'],
  ['TOKEN_ALGORITHM', 'RS256'],
  ['TOKEN_HEADER', 'X-Auth-Token'],
  ['token_type', 'bearer'],
  ['max_tokens', '4096'],
  ['ACCESS_TOKEN_LIFETIME', '900'],
  ['REFRESH_TOKEN_TTL', '604800'],
  ['DB_PASSWORD_FILE', '/run/secrets/db'],
  ['POSTGRES_PASSWORD_FILE', '/run/secrets/postgres_password'],
  ['MYSQL_ROOT_PASSWORD_FILE', '/run/secrets/mysql_root'],
  ['PASSWORD_MIN_LENGTH', '12'],
  ['PASSWORD_HASH_ALGORITHM', 'bcrypt'],
  ['PASSWORD_RESET_URL', 'https://app.example.com/reset'],
  ['PASSWORD_POLICY', 'strong'],
  ['AWS_SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'],
  ['SECRET_NAME', 'prod/db-credentials'],
  ['SECRETS_PROVIDER', 'vault'],
  ['SECRET_VERSION', '3'],
  ['SECRET_STORE', 'aws-secretsmanager'],
  ['SECRET_MOUNT_PATH', '/mnt/secrets'],
  ['SECRET_ROTATION_DAYS', '30'],
  ['VAULT_SECRET_PATH', 'kv/data/app'],
  ['KEY_VAULT_URL', 'https://kv-prod.vault.azure.net/'],
  ['PRIVATE_KEY_PATH', '/etc/ssl/private/server.key'],
  ['SSL_KEY_FILE', '/etc/ssl/private/app.key'],
  ['TLS_KEY', '/etc/tls/tls.key'],
  ['public_key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb3kq0a2Zr8Yp4vX9mN1qL7wT5cE6dF2hJ3kR8sU0vB deploy@ci'],
  ['PUBLIC_KEY_PEM', '-----BEGIN PUBLIC KEY-----'],
  [
    'JWT_PUBLIC_KEY',
    'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0',
  ],
  ['cache_key', 'user:42:profile'],
  ['sort_key', 'created_at'],
  ['partition_key', 'tenant_id'],
  ['idempotency_key', '7f3c2a9e-5b7d-4c1e-9f2a-7d6e5c4b3a21'],
  ['routing_key', 'trade.intent.created'],
  ['object_key', 'reports/2025/12/24/daily.csv'],
  ['primary_key', 'id'],
  ['lock_key', 'locks:rebalance'],
  ['rate_limit_key', 'ip'],
  ['KEY', 'quantum:stream:trade.intent'],
  ['KEYSPACE', 'db0'],
  ['SESSION_TIMEOUT', '3600'],
  ['SESSION_COOKIE_NAME', 'sid'],
  ['SESSION_STORE', 'redis'],
  ['SESSION_BACKEND', 'redis'],
  ['COOKIE_SECURE', 'true'],
  ['COOKIE_DOMAIN', '.example.com'],
  ['CSRF_COOKIE_NAME', 'csrftoken'],
  ['SIGNATURE_VERSION', 'v4'],
  ['SIGNATURE_ALGORITHM', 'HMAC-SHA256'],
  ['CREDENTIALS_PROVIDER', 'instance-profile'],
  ['CREDENTIAL_SOURCE', 'Ec2InstanceMetadata'],
  ['DSN_HOST', 'sentry.internal'],
  ['API_KEY_HEADER', 'X-Api-Key'],
  ['API_KEY_ENABLED', 'false'],
  ['PASSWORD', '${DB_PASSWORD}'],
  ['REDIS_PASSWORD', '${REDIS_PASSWORD}'],
  ['SECRET_KEY_ID', 'k1'],
  ['AWS_ACCESS_KEY_ID_PARAM', '/prod/aws/key-id'],
  ['OAUTH_SCOPES', 'openid profile email'],
  ['PWD', '/app'],
];

type Form = (name: string, value: string) => { text: string; readable: (out: string) => boolean };

/** Each form writes name and value as evidence holds them; `readable` says whether the value survived. */
const FORMS: Record<string, Form> = {
  env: (n, v) => ({ text: `${n}=${v}`, readable: (o) => o === `${n}=${v}` }),
  json: (n, v) => ({
    text: `{${JSON.stringify(n)}: ${JSON.stringify(v)}}`,
    readable: (o) => o.includes(JSON.stringify(v)),
  }),
  yaml: (n, v) => ({ text: `  ${n}: ${v}`, readable: (o) => o === `  ${n}: ${v}` }),
  'inspect Env (JSON array)': (n, v) => ({
    text: `            ${JSON.stringify(`${n}=${v}`)},`,
    readable: (o) => o.includes(JSON.stringify(`${n}=${v}`)),
  }),
  'log key=value': (n, v) => ({
    text: `time=2025-12-24T04:55:45Z level=info ${n.toLowerCase()}=${v.includes(' ') ? JSON.stringify(v) : v} msg=ok`,
    readable: (o) => o.includes(v),
  }),
};

describe('false-positive corpus: ordinary values under secret-sounding names stay readable', () => {
  it('holds at least 60 values', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CORPUS.map(([n]) => n)).size).toBe(CORPUS.length);
  });

  for (const [form, write] of Object.entries(FORMS)) {
    it(`${form}: at least 95% stay readable`, () => {
      const r = createRedactor({ key: 'fp' });
      const redacted: string[] = [];
      for (const [n, v] of CORPUS) {
        const { text, readable } = write(n, v);
        const out = r.redactText(text, 'fp').text;
        if (!readable(out)) redacted.push(`${n} -> ${out.trim()}`);
      }
      const ratio = (CORPUS.length - redacted.length) / CORPUS.length;
      expect(ratio, `redacted: ${redacted.join(' | ')}`).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('redactDeep keeps them in docker inspect Config.Env and in {name, value} records', () => {
    const r = createRedactor({ key: 'fp' });
    const env = CORPUS.map(([n, v]) => `${n}=${v}`);
    const out = r.redactDeep({ Config: { Env: env }, vars: CORPUS.map(([name, value]) => ({ name, value })) });
    const keptEnv = out.Config.Env.filter((e, i) => e === env[i]).length;
    const keptVars = out.vars.filter((x, i) => x.value === CORPUS[i]![1]).length;
    expect(keptEnv / env.length).toBeGreaterThanOrEqual(0.95);
    expect(keptVars / env.length).toBeGreaterThanOrEqual(0.95);
  });

  it('the same names with real-looking secrets are still redacted (the corpus is not just never-redact)', () => {
    const r = createRedactor({ key: 'fp' });
    for (const [n, v] of [
      ['DB_PASSWORD', 'hunter2-Zq81xLm'],
      ['SECRET_KEY_BASE', 'f1c2a3b4c5d6e7f8091a2b3c4d5e6f70'],
      ['API_KEY', 'AbC123dEf456GhI789'],
      ['JSESSIONID', '8F3A2B1C9D8E7F6A5B4C3D2E1F0A9B8C'],
      ['WEBHOOK_URL', 'https://hooks.example.com/T1/B2/x9'],
      ['CONNECTION_STRING', 'Server=db;Uid=app;Pwd=Zq81xLm!'],
    ]) {
      expect(r.redactText(`${n}=${v}`, 'x').text, n).toMatch(new RegExp(`^${n}=\\[REDACTED:`));
    }
  });
});
