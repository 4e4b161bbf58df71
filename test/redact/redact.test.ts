import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRedactor } from '../../src/core/redact/redact.ts';
import { getSecretNameStrength, isSecretName } from '../../src/core/redact/names.ts';

const SECRETS = join(import.meta.dirname, '../fixtures/secrets');
const RAW = join(import.meta.dirname, '../../evidence/quantum-trader-2025-12-24/raw');
const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');

interface Planted {
  file: string;
  kind: string;
  value: string;
}
const manifest = JSON.parse(read(SECRETS, 'manifest.json')) as Planted[];
const corpusFiles = [...new Set(manifest.map((p) => p.file))];
const MARKER = /\[REDACTED:([a-z0-9-]+):([0-9a-f]{8})\]/g;

describe('planted-secret corpus', () => {
  it('covers every kind the redactor knows', () => {
    expect(new Set(manifest.map((p) => p.kind))).toEqual(
      new Set([
        'named-secret',
        'url-password',
        'connection-string',
        'query-secret',
        'authorization',
        'jwt',
        'aws-access-key-id',
        'aws-secret-access-key',
        'github-token',
        'slack-token',
        'stripe-key',
        'google-api-key',
        'npm-token',
        'openai-key',
        'redis-password',
        'private-key',
      ]),
    );
  });

  for (const file of corpusFiles) {
    it(`${file}: no planted value survives, line count kept, kinds right`, () => {
      const text = read(SECRETS, file);
      const { text: out, hits } = createRedactor({ key: 'test' }).redactText(text, file);
      expect(out.split('\n')).toHaveLength(text.split('\n').length);
      const planted = manifest.filter((p) => p.file === file);
      for (const p of planted) expect(out, `${p.kind} ${p.value}`).not.toContain(p.value);
      const lines = text.split('\n');
      for (const p of planted.filter((x) => x.kind !== 'private-key')) {
        const line = lines.findIndex((l) => l.includes(p.value)) + 1;
        expect(hits, `${p.kind} at line ${line}`).toContainEqual({ file, line, kind: p.kind });
      }
      expect(new Set(hits.map((h) => h.kind))).toEqual(new Set(planted.map((p) => p.kind)));
      // Hits never carry values.
      expect(JSON.stringify(hits)).not.toMatch(new RegExp(planted.map((p) => escapeRe(p.value)).join('|')));
    });
  }

  it('keeps the non-secret context readable', () => {
    const r = createRedactor({ key: 'test' });
    const env = r.redactText(read(SECRETS, 'env.txt'), 'env.txt').text;
    expect(env).toContain('PATH=/usr/local/bin:/usr/bin:/bin\n');
    expect(env).toContain('REDIS_HOST=quantum_redis\n');
    expect(env).toContain('LOG_LEVEL=DEBUG\n');
    expect(env).toContain('QT_MIN_SAMPLES_FOR_RETRAIN=50\n');
    expect(env).toContain('AUTH_ENABLED=true\n');
    expect(env).toContain('      DB_HOST: postgres\n');
    expect(env).toContain('"username": "trader"');
    const urls = r.redactText(read(SECRETS, 'urls.txt'), 'urls.txt').text;
    expect(urls).toMatch(
      /^DATABASE_URL=postgres:\/\/app:\[REDACTED:connection-string:[0-9a-f]{8}\]@db:5432\/app\?sslmode=disable$/m,
    );
    expect(urls).toMatch(
      /recvWindow=10000&timestamp=1766552143744&signature=\[REDACTED:query-secret:[0-9a-f]{8}\] HTTP\/1\.1$/m,
    );
    expect(urls).toContain('plain https://testnet.binancefuture.com:443/fapi/v1/time stays as is');
    const keys = r.redactText(read(SECRETS, 'private-keys.txt'), 'private-keys.txt').text.split('\n');
    expect(keys[1]).toBe('-----BEGIN PRIVATE KEY-----');
    expect(keys[2]).toMatch(/^\[REDACTED:private-key:[0-9a-f]{8}\]$/);
    expect(keys).toContain('-----END OPENSSH PRIVATE KEY-----');
  });

  it('gives equal secrets equal fingerprints, and different keys different ones', () => {
    const env = read(SECRETS, 'env.txt');
    const a = createRedactor({ key: 'audit-key' }).redactText(env, 'env.txt').text;
    const b = createRedactor({ key: 'audit-key' }).redactText(env, 'env.txt').text;
    const c = createRedactor({ key: 'other-key' }).redactText(env, 'env.txt').text;
    const fp = (out: string, name: string): string =>
      new RegExp(`^${name}=\\[REDACTED:named-secret:([0-9a-f]{8})\\]$`, 'm').exec(out)?.[1] ?? '';
    // POSTGRES_PASSWORD and PGPASSWORD hold the same value.
    expect(fp(a, 'POSTGRES_PASSWORD')).toMatch(/^[0-9a-f]{8}$/);
    expect(fp(a, 'PGPASSWORD')).toBe(fp(a, 'POSTGRES_PASSWORD'));
    expect(b).toBe(a);
    expect(fp(c, 'POSTGRES_PASSWORD')).not.toBe(fp(a, 'POSTGRES_PASSWORD'));
    // All distinct values got distinct fingerprints.
    const fps = [...a.matchAll(MARKER)].map((m) => m[2]);
    expect(new Set(fps).size).toBe(fps.length - 1);
  });

  it('uses a random key when none is given', () => {
    const line = 'PASSWORD=correct-horse-battery';
    expect(createRedactor().redactText(line, 'x').text).not.toBe(createRedactor().redactText(line, 'x').text);
  });
});

describe('real sample: quantum-trader-2025-12-24', () => {
  const inspectText = read(RAW, 'inspect_quantum_backend.json');
  const env = (JSON.parse(inspectText) as Array<{ Config: { Env: string[] } }>)[0]!.Config.Env;
  const envValue = (name: string): string => env.find((e) => e.startsWith(`${name}=`))!.slice(name.length + 1);

  it('redactDeep hides the Binance keys and admin token in docker inspect, and only those', () => {
    const secrets = ['BINANCE_API_KEY', 'BINANCE_API_SECRET', 'QT_ADMIN_TOKEN', 'GPG_KEY'].map(envValue);
    expect(secrets.every((s) => s.length >= 8)).toBe(true);
    const r = createRedactor({ key: 'k' });
    const out = JSON.stringify(r.redactDeep(JSON.parse(inspectText), 'inspect_quantum_backend.json'));
    for (const s of secrets) expect(out).not.toContain(s);
    expect(out).toMatch(/"BINANCE_API_KEY=\[REDACTED:named-secret:[0-9a-f]{8}\]"/);
    expect(out).toMatch(/"QT_ADMIN_TOKEN=\[REDACTED:named-secret:[0-9a-f]{8}\]"/);
    expect(out).toContain('"PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"');
    expect(out).toContain('"REDIS_HOST=quantum_redis"');
    expect(out).toContain('"LOG_LEVEL=DEBUG"');
    expect(out).toContain('"QT_MIN_SAMPLES_FOR_RETRAIN=50"');
    expect(out).toContain('"Id":"9b9d2d8f978824bfa879bb7f04ea166055075fa4eb63bad8ff9a2c79354c7dff"');
    expect(out).toContain('"Image":"sha256:b5fd0134d354908103139c971ddbd2539edc8d98639755f6368941c3a8949f47"');
    expect(out).toContain('"SandboxKey":"/var/run/docker/netns/');
    expect(r.summary()).toEqual({
      enabled: true,
      counts: { 'named-secret': 4 },
      // The four values sit in structured data (line 0) of one file: one location, counted.
      locations: [{ file: 'inspect_quantum_backend.json', line: 0, kind: 'named-secret', count: 4 }],
    });
  });

  it('redactText on the inspect file changes only the four secret lines', () => {
    const { text, hits } = createRedactor({ key: 'k' }).redactText(inspectText, 'inspect_quantum_backend.json');
    expect(hits.map((h) => h.line)).toEqual([267, 280, 301, 327]);
    const before = inspectText.split('\n');
    const after = text.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((l, i) => (l === after[i] ? [] : [i + 1]));
    expect(changed).toEqual([267, 280, 301, 327]);
  });

  it('equal secrets match across files with the same key', () => {
    const r = createRedactor({ key: 'k' });
    const fpOf = (file: string): string | undefined =>
      /"BINANCE_API_KEY=\[REDACTED:named-secret:([0-9a-f]{8})\]"/.exec(r.redactText(read(RAW, file), file).text)?.[1];
    expect(fpOf('inspect_quantum_ai_engine.json')).toMatch(/^[0-9a-f]{8}$/);
    expect(fpOf('inspect_quantum_ai_engine.json')).toBe(fpOf('inspect_quantum_backend.json'));
  });

  it('removes request signatures from the backend log and nothing else', () => {
    const log = read(RAW, 'logs_tail_quantum_backend.txt');
    const { text, hits } = createRedactor({ key: 'k' }).redactText(log, 'logs_tail_quantum_backend.txt');
    const signatures = [...log.matchAll(/signature=([0-9a-f]{64})/g)].map((m) => m[1]!);
    expect(signatures).toHaveLength(3);
    for (const s of signatures) expect(text).not.toContain(s);
    expect(text).not.toMatch(/signature=[0-9a-f]{64}/);
    expect(hits).toEqual(
      [41, 135, 198].map((line) => ({ file: 'logs_tail_quantum_backend.txt', line, kind: 'query-secret' })),
    );
    const before = log.split('\n');
    const after = text.split('\n');
    expect(after).toHaveLength(before.length);
    for (let i = 0; i < before.length; i++) {
      if (hits.some((h) => h.line === i + 1))
        expect(after[i]!.replace(/\[REDACTED:query-secret:[0-9a-f]{8}\]/, '')).toBe(
          before[i]!.replace(/[0-9a-f]{64}/, ''),
        );
      else expect(after[i]).toBe(before[i]);
    }
  });

  it('leaves every other evidence file byte-identical (ids, digests, stream ids, commits)', () => {
    const touched = new Set([
      'inspect_quantum_backend.json',
      'inspect_quantum_ai_engine.json',
      'inspect_quantum_risk_safety.json',
      'inspect_quantum_trading_bot.json',
      'logs_tail_quantum_backend.txt',
    ]);
    const r = createRedactor({ key: 'k' });
    const untouched = readdirSync(RAW).filter((f) => !touched.has(f));
    expect(untouched).toContain('system_context.txt');
    expect(untouched).toContain('docker_ps.txt');
    for (const f of untouched) {
      const text = read(RAW, f);
      expect(r.redactText(text, f).text, f).toBe(text);
    }
    expect(r.summary().locations).toEqual([]);
  });
});

describe('false positives', () => {
  for (const f of ['false-positives.txt', 'docker-version.txt', 'git-log.txt']) {
    it(`${f} comes out unchanged`, () => {
      const text = read(SECRETS, f);
      const { text: out, hits } = createRedactor({ key: 'k' }).redactText(text, f);
      expect(hits).toEqual([]);
      expect(out).toBe(text);
    });
  }

  it('keeps a 64-hex container id but not the same hex as a signature', () => {
    const hex = 'a6cc2e95a5719b4fff2d4c76e20cd1cf34375677f2ae9994541670f6d7b7246b';
    const r = createRedactor({ key: 'k' });
    expect(r.redactText(`container ${hex} restarted`, 'x').text).toBe(`container ${hex} restarted`);
    expect(r.redactText(`"Id": "${hex}"`, 'x').text).toBe(`"Id": "${hex}"`);
    expect(r.redactText(`/v1/order?signature=${hex}`, 'x').text).not.toContain(hex);
  });
});

describe('secret names', () => {
  it.each([
    'BINANCE_API_KEY',
    'BINANCE_API_SECRET',
    'QT_ADMIN_TOKEN',
    'GPG_KEY',
    'DB_PASSWORD',
    'MYSQL_PASSWD',
    'SMTP_PASS',
    'MYSQL_PWD',
    'AWS_CREDENTIALS',
    'BASIC_AUTH',
    'SSH_PRIVATE_KEY',
    'SENTRY_DSN',
    'SESSION_COOKIE',
    'FLASK_SESSION',
    'WEBHOOK_SIGNATURE',
    'APIKEY',
    'apiKey',
    'x-api-key',
    'AWS_ACCESS_KEY_ID',
    'clientSecret',
    'db.password',
    'DBPASSWORD',
  ])('%s is secret-like', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    'PATH',
    'PYTHONPATH',
    'REDIS_HOST',
    'MODE',
    'QT_MIN_SAMPLES_FOR_RETRAIN',
    'LOG_LEVEL',
    'KEYSPACE',
    'AUTHOR',
    'PASSENGER_COUNT',
    'MAX_TOKENS',
    'PYTHON_SHA256',
    'REDIS_DOWNLOAD_SHA',
    'Image',
    'Id',
  ])('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  it('treats weak names (KEY, AUTH, SESSION) as settings when the value is small or a path', () => {
    const r = createRedactor({ key: 'k' });
    expect(getSecretNameStrength('SESSION_KEY')).toBe('weak');
    // A qualifier as the last segment names a setting about the secret, not the secret (issue 12).
    expect(getSecretNameStrength('SESSION_TIMEOUT')).toBeUndefined();
    expect(r.redactValue('SESSION_TIMEOUT', '3600', 'env')).toBe('3600');
    expect(r.redactValue('AUTH_ENABLED', 'true', 'env')).toBe('true');
    // PWD is also the shell's working directory.
    expect(r.redactValue('PWD', '/app', 'env')).toBe('/app');
    expect(r.redactValue('SSL_KEY', '/etc/ssl/private/app.key', 'env')).toBe('/etc/ssl/private/app.key');
    expect(r.redactValue('DB_PASSWORD', '1234', 'env')).toMatch(/^\[REDACTED:named-secret:[0-9a-f]{8}\]$/);
    expect(r.redactValue('DB_PASSWORD', 'abc', 'env')).toBe('abc');
    expect(r.redactValue('DB_PASSWORD', '${DB_PASSWORD}', 'env')).toBe('${DB_PASSWORD}');
    expect(r.redactValue('DB_PASSWORD', '${DB_PASSWORD:-hunter22}', 'env')).toMatch(/^\[REDACTED:/);
  });
});

describe('redactValue and redactDeep', () => {
  it('redactValue falls back to content patterns and offsets lines', () => {
    const r = createRedactor({ key: 'k' });
    const out = r.redactValue('DATABASE', 'postgres://u:s3cretpw@db/app', 'compose.yml', 12);
    expect(out).toMatch(/^postgres:\/\/u:\[REDACTED:connection-string:[0-9a-f]{8}\]@db\/app$/);
    expect(r.redactValue('COMMENT', 'nothing here', 'compose.yml', 13)).toBe('nothing here');
    expect(r.summary().locations).toEqual([{ file: 'compose.yml', line: 12, kind: 'connection-string' }]);
  });

  it('redactDeep handles {name, value} records, password/token keys and nested strings', () => {
    const r = createRedactor({ key: 'k' });
    const input = {
      env: [
        { name: 'API_TOKEN', value: 'tok-123456789' },
        { name: 'MODE', value: 'prod' },
      ],
      auth: { user: 'admin', password: 'pa55word!' },
      token: 'abcdefgh',
      key: 'quantum:stream:trade.intent',
      note: 'connect with redis://:hunter2hunter2@cache:6379',
      count: 3,
      flags: [true, null],
    };
    const out = r.redactDeep(input, 'config.json');
    expect(out.env[0]).toEqual({ name: 'API_TOKEN', value: expect.stringMatching(/^\[REDACTED:named-secret:/) });
    expect(out.env[1]).toEqual({ name: 'MODE', value: 'prod' });
    expect(out.auth.user).toBe('admin');
    expect(out.auth.password).toMatch(/^\[REDACTED:named-secret:/);
    expect(out.token).toMatch(/^\[REDACTED:named-secret:/);
    expect(out.key).toBe('quantum:stream:trade.intent');
    expect(out.note).toMatch(/^connect with redis:\/\/:\[REDACTED:connection-string:[0-9a-f]{8}\]@cache:6379$/);
    expect(out.count).toBe(3);
    expect(out.flags).toEqual([true, null]);
    expect(input.auth.password).toBe('pa55word!');
    expect(r.summary().counts).toEqual({ 'connection-string': 1, 'named-secret': 3 });
  });

  it('redactDeep keeps a "__proto__" key from hostile JSON as data and redacts inside it', () => {
    const r = createRedactor({ key: 'k' });
    const out = r.redactDeep(
      JSON.parse('{"__proto__": {"password": "hunter2hunter2"}}') as Record<string, unknown>,
      'x.json',
    );
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toMatch(/^\{"__proto__":\{"password":"\[REDACTED:named-secret:[0-9a-f]{8}\]"\}\}$/);
  });

  it('summary is sorted by file, line, kind whatever the call order', () => {
    const r = createRedactor({ key: 'k' });
    r.redactText('a\nTOKEN=zzzzzzzz\nsig=abcdef123', 'b.txt');
    r.redactText('PASSWORD=xxxxxxxx', 'a.txt');
    expect(r.summary()).toEqual({
      enabled: true,
      counts: { 'named-secret': 2, 'query-secret': 1 },
      locations: [
        { file: 'a.txt', line: 1, kind: 'named-secret' },
        { file: 'b.txt', line: 2, kind: 'named-secret' },
        { file: 'b.txt', line: 3, kind: 'query-secret' },
      ],
    });
  });

  it('summary groups the hits of one kind on one line, with their count; counts stay per value', () => {
    const r = createRedactor({ key: 'k' });
    r.redactText('TOKEN=zzzzzzzz PASSWORD=xxxxxxxx sig=abcdef123 API_KEY=yyyyyyyy\nTOKEN=wwwwwwww', 'a.txt');
    expect(r.summary()).toEqual({
      enabled: true,
      counts: { 'named-secret': 4, 'query-secret': 1 },
      locations: [
        { file: 'a.txt', line: 1, kind: 'named-secret', count: 3 },
        { file: 'a.txt', line: 1, kind: 'query-secret' },
        { file: 'a.txt', line: 2, kind: 'named-secret' },
      ],
    });
  });

  it('does nothing when disabled', () => {
    const r = createRedactor({ enabled: false });
    const text = read(SECRETS, 'tokens.txt');
    expect(r.redactText(text, 'tokens.txt')).toEqual({ text, hits: [] });
    expect(r.redactValue('PASSWORD', 'hunter22', 'x')).toBe('hunter22');
    expect(r.redactDeep({ password: 'hunter22' })).toEqual({ password: 'hunter22' });
    expect(r.summary()).toEqual({ enabled: false, counts: {}, locations: [] });
  });

  it('keeps CRLF line endings and redacts a PEM block cut short by truncation', () => {
    const r = createRedactor({ key: 'k' });
    const crlf = r.redactText('a\r\nPASSWORD=hunter22\r\nb\r\n', 'x').text;
    expect(crlf).toMatch(/^a\r\nPASSWORD=\[REDACTED:named-secret:[0-9a-f]{8}\]\r\nb\r\n$/);
    const truncated = r.redactText(
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx\nAAAAB3NzaC1\n2025-12-24 INFO next',
      'x',
    ).text;
    expect(truncated.split('\n')).toEqual([
      '-----BEGIN RSA PRIVATE KEY-----',
      expect.stringMatching(/^\[REDACTED:private-key:/),
      expect.stringMatching(/^\[REDACTED:private-key:/),
      '2025-12-24 INFO next',
    ]);
  });
});

describe('properties', () => {
  const corpusLines = corpusFiles.flatMap((f) => read(SECRETS, f).split('\n'));
  const piece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...corpusLines),
    fc.constantFrom(
      '=',
      ': ',
      '\r',
      '"',
      '@',
      '&',
      '-----BEGIN PRIVATE KEY-----',
      'requirepass',
      'AUTH ',
      '[REDACTED:',
    ),
  );
  const text = fc
    .array(
      fc.array(piece, { maxLength: 4 }).map((p) => p.join('')),
      { maxLength: 12 },
    )
    .chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol)));

  it('redactText never throws, keeps the line count and is idempotent', () => {
    const r = createRedactor({ key: 'prop' });
    fc.assert(
      fc.property(text, (t) => {
        const once = r.redactText(t, 'p').text;
        expect(once.split('\n')).toHaveLength(t.split('\n').length);
        expect(r.redactText(once, 'p').text).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
