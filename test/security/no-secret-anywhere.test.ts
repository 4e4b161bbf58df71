// Issue 5: planted secrets of every kind, and the real ones in the bundled sample, appear nowhere in
// any output: terminal summary, --json, Markdown, a redacted copy of the bundle, and the built site.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fg from 'fast-glob';
import { beforeAll, describe, expect, it } from 'vitest';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const CORPUS = 'test/fixtures/secrets';
const env = { ...process.env, EVIDEX_REDACT_KEY: 'secret-test-key', NO_COLOR: '1' };

interface Planted {
  file: string;
  kind: string;
  value: string;
}

/** Every secret that must not appear: the planted corpus plus the sample's real-shaped fakes. */
function secrets(): Planted[] {
  const planted = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as Planted[];
  const inspect = readFileSync(join(SAMPLE, 'raw/inspect_quantum_backend.json'), 'utf8');
  const sample: Planted[] = [...inspect.matchAll(/"(BINANCE_API_KEY|BINANCE_API_SECRET|QT_ADMIN_TOKEN)=([^"]+)"/g)].map(
    (m) => ({ file: 'inspect_quantum_backend.json', kind: m[1]!, value: m[2]! }),
  );
  const log = readFileSync(join(SAMPLE, 'raw/logs_tail_quantum_backend.txt'), 'utf8');
  sample.push(
    ...[...log.matchAll(/signature=([0-9a-f]{64})/g)].map((m) => ({
      file: 'logs_tail_quantum_backend.txt',
      kind: 'signature',
      value: m[1]!,
    })),
  );
  expect(sample.length).toBeGreaterThanOrEqual(6);
  return [...planted, ...sample];
}

function evidex(args: string[]): string {
  const r = spawnSync(process.execPath, ['src/cli/index.ts', ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 2 ** 20,
  });
  expect(r.status === 0 || r.status === 1, `${args.join(' ')}: ${r.stderr}`).toBe(true);
  return r.stdout + r.stderr;
}

/** Which secrets (kind and file, never the value) a text still contains. */
function leaks(text: string, all: Planted[]): string[] {
  return all.filter((s) => text.includes(s.value)).map((s) => `${s.kind} from ${s.file}`);
}

describe('no secret reaches any output', () => {
  let bundle: string;
  let all: Planted[];
  beforeAll(() => {
    all = secrets();
    // The sample, plus every corpus file planted where captures really carry them: container logs and health output.
    bundle = join(mkdtempSync(join(tmpdir(), 'evidex-secrets-')), 'planted');
    cpSync(SAMPLE, bundle, { recursive: true });
    for (const name of readdirSync(CORPUS).filter((n) => n.endsWith('.txt'))) {
      writeFileSync(join(bundle, 'raw', `logs_tail_planted_${name}`), readFileSync(join(CORPUS, name)));
    }
    writeFileSync(join(bundle, 'raw', 'planted_unrecognised.bin.txt'), readFileSync(join(CORPUS, 'tokens.txt')));
  });

  it('the planted bundle really holds every secret (the check can fail)', () => {
    const raw = fg
      .sync('**/*', { cwd: bundle, absolute: true })
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(leaks(raw, all)).toHaveLength(all.length);
  });

  it('terminal summary, --json and Markdown', () => {
    for (const args of [
      ['analyze', bundle],
      ['analyze', bundle, '--json'],
      ['analyze', bundle, '--format', 'markdown'],
      ['analyze', bundle, '--explain', 'logs/repeated-errors'],
    ]) {
      expect(leaks(evidex(args), all), args.join(' ')).toEqual([]);
    }
  });

  it('redact --dry-run and the redacted copy', () => {
    expect(leaks(evidex(['redact', bundle, '--dry-run']), all)).toEqual([]);
    const out = mkdtempSync(join(tmpdir(), 'evidex-redacted-'));
    evidex(['redact', bundle, '--out', out]);
    const files = fg.sync('**/*', { cwd: out, absolute: true });
    expect(files.length).toBeGreaterThan(24);
    expect(leaks(files.map((f) => readFileSync(f, 'utf8')).join('\n'), all)).toEqual([]);
  });

  it('the built site: every HTML, JSON, JS and search-index file', { timeout: 300_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'evidex-site-secrets-'));
    evidex(['build', bundle, '--out', out]);
    const files = fg.sync('**/*', { cwd: out, absolute: true, dot: true });
    expect(files.some((f) => f.endsWith('.html'))).toBe(true);
    const texts = files.map((f) => {
      const data = readFileSync(f);
      // Pagefind stores its fragments and index gzipped (after a short signature): look inside them too.
      if (data[0] === 0x1f && data[1] === 0x8b) return gunzipSync(data).toString('utf8');
      return data.toString('utf8');
    });
    const evidencePages = files.filter((f) => /evidence\/.+\.html$/.test(f));
    expect(evidencePages.length).toBeGreaterThan(24);
    expect(leaks(texts.join('\n'), all)).toEqual([]);
    expect(texts.join('\n')).toContain('[REDACTED:');
  });
});
