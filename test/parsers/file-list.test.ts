import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileListParser } from '../../src/core/parsers/file-list.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw/';
const FIX = 'test/fixtures/file-list/';
const read = (path: string) => readFileSync(path, 'utf8');

function parse(text: string, file = 'compose_files.txt') {
  const r = safeParse(fileListParser, text, { file, firstLine: 1 });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return r;
}

describe('file-list from find', () => {
  it('keeps every path find printed, in order', () => {
    expect(parse(read(`${FIX}find-absolute.txt`)).value.files).toEqual([
      '/tmp/evx/srv/quantum_trader/compose.yaml',
      '/tmp/evx/srv/quantum_trader/docker-compose.prod.yml',
      '/tmp/evx/srv/quantum_trader/docker-compose.yml',
      '/tmp/evx/srv/quantum_trader/monitoring/docker-compose.monitoring.yml',
    ]);
  });

  it('reads relative paths', () => {
    expect(parse(read(`${FIX}find-relative.txt`)).value.files).toHaveLength(3);
  });

  it("skips find's error lines and reports them", () => {
    const r = parse(read(`${FIX}find-with-error.txt`));
    expect(r.value.files).toHaveLength(3);
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'error-output', line: 4 })]);
  });

  it('reports an empty find result (the sample compose_files.txt) as an empty capture', () => {
    const r = safeParse(fileListParser, read(`${RAW}compose_files.txt`), { file: 'compose_files.txt', firstLine: 1 });
    expect(r).toEqual({ ok: false, issues: [expect.objectContaining({ kind: 'empty-capture' })] });
    expect(fileListParser.detect(read(`${FIX}find-none.txt`), 'compose_files.txt')).toBe(0);
  });
});

describe('file-list from ls -la', () => {
  const EXPECTED = ['.env.example', 'Dockerfile', 'compose.yaml', 'docker-compose.prod.yml', 'docker-compose.yml'];

  it('keeps orchestration files, not directories or other files', () => {
    expect(parse(read(`${FIX}ls-la.txt`)).value.files).toEqual(EXPECTED);
    expect(parse(read(`${FIX}ls-lah.txt`)).value.files).toEqual(EXPECTED);
  });

  it('prefixes names with the directory headers of a multi-directory listing', () => {
    expect(parse(read(`${FIX}ls-la-two-dirs.txt`)).value.files).toEqual([
      ...EXPECTED.map((f) => `./${f}`),
      'monitoring/docker-compose.monitoring.yml',
    ]);
  });
});

describe('file-list detection', () => {
  it('claims its captures', () => {
    for (const f of [
      'find-absolute.txt',
      'find-relative.txt',
      'find-with-error.txt',
      'ls-la.txt',
      'ls-lah.txt',
      'ls-la-two-dirs.txt',
    ]) {
      expect(fileListParser.detect(read(`${FIX}${f}`), 'capture.txt'), f).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('does not claim stream keys, logs, docker ps, inspect JSON or the system context', () => {
    for (const f of [
      'redis_stream_keys.txt',
      'logs_tail_quantum_ai_engine.txt',
      'docker_ps.txt',
      'inspect_quantum_backend.json',
      'system_context.txt',
      'redis_slowlog.txt',
    ]) {
      expect(fileListParser.detect(read(`${RAW}${f}`), f), f).toBeLessThan(0.5);
    }
  });

  it('never throws on truncated input', () => {
    const text = read(`${FIX}ls-la-two-dirs.txt`);
    const whole = parseWhole(fileListParser, text, 'x');
    for (const cut of cutsEvery(text, 11)) {
      // The parser itself, every 11th character: no throw, schema, cited lines.
      expect(checkTruncated(fileListParser, cut, 'x', whole)).toEqual([]);
      const r = fileListParser.parse(cut.text, { file: 'x', firstLine: 1 });
      if (!r.ok) continue;
      // Every file read is one the whole listing has, or (on the cut line) the start of one.
      for (const f of r.value.files) {
        expect(f.length).toBeGreaterThan(0);
        expect(
          whole.files.some((w) => w.startsWith(f)),
          `${cut.label}: ${f}`,
        ).toBe(true);
      }
    }
  });
});
