import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeLsParser } from '../../src/core/parsers/compose-ls.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw/';
const FIX = 'test/fixtures/compose-ls/';
const read = (path: string) => readFileSync(path, 'utf8');

function parse(text: string, file = 'compose_ls.txt', firstLine = 1) {
  const r = safeParse(composeLsParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  expect(r.issues).toEqual([]);
  return r.value.projects;
}

const QT_FILES = ['/home/qt/quantum_trader/docker-compose.yml', '/home/qt/quantum_trader/docker-compose.prod.yml'];

describe('compose-ls', () => {
  it('reads the table, splitting CONFIG FILES on commas', () => {
    expect(parse(read(`${FIX}table.hand.txt`))).toEqual([
      {
        name: 'monitoring',
        status: 'running(2)',
        configFiles: ['/opt/monitoring/compose.yaml'],
        evidence: { file: 'compose_ls.txt', startLine: 2, endLine: 2 },
      },
      {
        name: 'quantum_trader',
        status: 'running(33)',
        configFiles: QT_FILES,
        evidence: { file: 'compose_ls.txt', startLine: 3, endLine: 3 },
      },
    ]);
  });

  it('keeps multi-state STATUS cells whole', () => {
    const list = parse(read(`${FIX}table-all-mixed-status.hand.txt`), 'ctx.txt', 10);
    expect(list.map((p) => [p.name, p.status])).toEqual([
      ['backup', 'exited(1)'],
      ['monitoring', 'running(2), exited(1)'],
      ['quantum_trader', 'running(33)'],
    ]);
    expect(list[1]?.evidence).toEqual({ file: 'ctx.txt', startLine: 12, endLine: 12 });
  });

  it('reads --format json to the same projects, with a JSON pointer', () => {
    const json = parse(read(`${FIX}json.hand.json`));
    const table = parse(read(`${FIX}table.hand.txt`));
    expect(json.map(({ evidence: _e, ...p }) => p)).toEqual(table.map(({ evidence: _e, ...p }) => p));
    expect(json[1]?.evidence).toEqual({ file: 'compose_ls.txt', startLine: 1, endLine: 1, pointer: '/1' });
  });

  it('reads the JSON form behind a byte-order mark (a PowerShell redirection writes one) as detect claims it', () => {
    const text = `\uFEFF${read(`${FIX}json.hand.json`)}`;
    expect(composeLsParser.detect(text, 'compose_ls.txt')).toBeGreaterThanOrEqual(0.9);
    expect(parse(text).map(({ evidence: _e, ...p }) => p)).toEqual(
      parse(read(`${FIX}json.hand.json`)).map(({ evidence: _e, ...p }) => p),
    );
  });

  it('reads a header-only table as no projects', () => {
    expect(parse(read(`${FIX}table-empty.hand.txt`))).toEqual([]);
  });

  it('falls back to 2+ space splitting for rows that do not line up', () => {
    expect(
      parse(
        'NAME                STATUS              CONFIG ' +
          'FILES\nvery_long_project_name_here  running(1)  /srv/compose.yml\n',
      ),
    ).toEqual([
      expect.objectContaining({
        name: 'very_long_project_name_here',
        status: 'running(1)',
        configFiles: ['/srv/compose.yml'],
      }),
    ]);
  });

  it('detects its shapes and nothing else', () => {
    for (const f of ['table.hand.txt', 'table-all-mixed-status.hand.txt', 'table-empty.hand.txt', 'json.hand.json']) {
      expect(composeLsParser.detect(read(`${FIX}${f}`), 'capture.txt'), f).toBeGreaterThanOrEqual(0.8);
    }
    for (const f of [
      'inspect_quantum_redis.json',
      'inspect_.json',
      'docker_ps.txt',
      'redis_info_memory.txt',
      'system_context.txt',
      'logs_tail_quantum_redis.txt',
    ]) {
      expect(composeLsParser.detect(read(`${RAW}${f}`), f), f).toBeLessThan(0.5);
    }
    expect(composeLsParser.detect(read('test/fixtures/docker-ps/ps-a-json-lines.txt'), 'ps.txt')).toBe(0);
  });

  it('returns ok:false for empty or foreign input and never throws on truncation', () => {
    const ctx = { file: 'x', firstLine: 1 };
    expect(composeLsParser.parse('', ctx).ok).toBe(false);
    expect(composeLsParser.parse('hello\n', ctx).ok).toBe(false);
    for (const f of ['table-all-mixed-status.hand.txt', 'json.hand.json']) {
      const text = read(`${FIX}${f}`);
      const whole = parseWhole(composeLsParser, text, 'x');
      for (const cut of cutsEvery(text, 9)) {
        // The parser itself, every 9th character: no throw, schema, cited lines, records of the whole file.
        expect(checkTruncated(composeLsParser, cut, 'x', whole), f).toEqual([]);
        const r = composeLsParser.parse(cut.text, ctx);
        if (!r.ok) continue;
        for (const p of r.value.projects) {
          expect(p.name).not.toBe('');
          expect(
            whole.projects.some((w) => w.name.startsWith(p.name)),
            `${f}: ${cut.label}`,
          ).toBe(true);
        }
      }
    }
  });
});
