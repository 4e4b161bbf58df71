import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeLsParser } from '../../src/core/parsers/compose-ls.ts';
import { dfParser } from '../../src/core/parsers/df.ts';
import { dockerInspectParser } from '../../src/core/parsers/docker-inspect.ts';
import { dockerLogsParser } from '../../src/core/parsers/docker-logs.ts';
import { dockerPsParser } from '../../src/core/parsers/docker-ps.ts';
import { dockerVersionParser } from '../../src/core/parsers/docker-version.ts';
import { fileListParser } from '../../src/core/parsers/file-list.ts';
import { freeParser } from '../../src/core/parsers/free.ts';
import { httpHealthParser } from '../../src/core/parsers/http-health.ts';
import { lsbReleaseParser } from '../../src/core/parsers/lsb-release.ts';
import type { Parser } from '../../src/core/parsers/parser.ts';
import { redisClientListParser } from '../../src/core/parsers/redis-client-list.ts';
import { redisInfoParser } from '../../src/core/parsers/redis-info.ts';
import { redisSlowlogParser } from '../../src/core/parsers/redis-slowlog.ts';
import { redisStreamKeysParser } from '../../src/core/parsers/redis-stream-keys.ts';
import { redisXinfoGroupsParser } from '../../src/core/parsers/redis-xinfo-groups.ts';
import { redisXlenParser } from '../../src/core/parsers/redis-xlen.ts';
import { redisXrangeParser } from '../../src/core/parsers/redis-xrange.ts';
import { splitSections } from '../../src/core/parsers/sections.ts';
import { unameParser } from '../../src/core/parsers/uname.ts';
import { uptimeParser } from '../../src/core/parsers/uptime.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw/';
const read = (path: string) => readFileSync(path, 'utf8');
const context = read(`${RAW}system_context.txt`);

describe('splitSections', () => {
  it('cuts system_context.txt into its seven commands with their first lines', () => {
    const sections = splitSections(context);
    expect(sections.map((s) => s.firstLine)).toEqual([1, 3, 8, 10, 14, 56, 84]);
    expect(sections.map((s) => s.text.split('\n')[0])).toEqual([
      expect.stringMatching(/^Linux quantumtrader-prod-1 /),
      'Distributor ID:\tUbuntu',
      ' 04:55:13 up 6 days, 12:34,  1 user,  load average: 0.28, 0.36, 0.52',
      expect.stringMatching(/^\s+total\s+used/),
      expect.stringMatching(/^Filesystem\s+Size/),
      'Client: Docker Engine - Community',
      'Docker Compose version v5.0.0',
    ]);
    expect(sections[6]?.text).toBe('Docker Compose version v5.0.0\n');
  });

  it('keeps text verbatim so section line numbers map back to the file', () => {
    const lines = context.split('\n');
    for (const s of splitSections(context)) {
      s.text.split('\n').forEach((l, i) => {
        if (l !== '' || i < s.text.split('\n').length - 1) expect(lines[s.firstLine - 1 + i]).toBe(l);
      });
    }
  });

  it('returns one section for a file without separators', () => {
    expect(splitSections('a\nb\n')).toEqual([{ text: 'a\nb\n', firstLine: 1 }]);
    expect(splitSections('')).toEqual([{ text: '', firstLine: 1 }]);
  });

  it('splits on CRLF separators and only on lines that are exactly ---', () => {
    expect(splitSections('a\r\n---\r\nb\r\n')).toEqual([
      { text: 'a\r\n', firstLine: 1 },
      { text: 'b\r\n', firstLine: 3 },
    ]);
    expect(splitSections('a\n----\n --- \nb---\n')).toHaveLength(1);
  });

  it('yields empty sections around leading, trailing and doubled separators', () => {
    expect(splitSections('---\na\n---\n---\nb\n---')).toEqual([
      { text: '', firstLine: 1 },
      { text: 'a\n', firstLine: 2 },
      { text: '', firstLine: 4 },
      { text: 'b\n', firstLine: 5 },
      { text: '', firstLine: 7 },
    ]);
  });
});

/** Every detector this module set owns. */
const MINE: Parser[] = [
  unameParser,
  lsbReleaseParser,
  uptimeParser,
  freeParser,
  dfParser,
  dockerVersionParser,
  composeLsParser,
  fileListParser,
  httpHealthParser,
] as Parser[];
/** The other parsers present, to check that ours win on our captures. */
const OTHERS: Parser[] = [
  dockerPsParser,
  dockerInspectParser,
  dockerLogsParser,
  redisInfoParser,
  redisClientListParser,
  redisSlowlogParser,
  redisStreamKeysParser,
  redisXinfoGroupsParser,
  redisXlenParser,
  redisXrangeParser,
] as Parser[];

/** Which of our parsers must win each raw file or section; absent = none of ours may claim it (all < 0.5). */
const EXPECTED: Record<string, string> = {
  'http_health_ai_engine.txt': 'http-health',
  'http_health_backend.txt': 'http-health',
  'http_health_trading_bot.txt': 'http-health',
  'system_context.txt#1': 'uname',
  'system_context.txt#3': 'lsb-release',
  'system_context.txt#8': 'uptime',
  'system_context.txt#10': 'free',
  'system_context.txt#14': 'df',
  'system_context.txt#56': 'docker-version',
  'system_context.txt#84': 'docker-version',
};

function captures(): Array<{ key: string; name: string; text: string }> {
  const out: Array<{ key: string; name: string; text: string }> = [];
  for (const name of readdirSync(RAW).sort()) {
    const text = read(`${RAW}${name}`);
    out.push({ key: name, name, text });
    if (name === 'system_context.txt')
      for (const s of splitSections(text)) out.push({ key: `${name}#${s.firstLine}`, name, text: s.text });
  }
  return out;
}

const best = (parsers: Parser[], text: string, name: string) =>
  parsers.map((p) => ({ id: p.id, score: p.detect(text, name) })).sort((a, b) => b.score - a.score)[0] ?? {
    id: '',
    score: 0,
  };

describe('detectors over the real sample bundle', () => {
  const all = captures();

  it('covers every raw file and every system_context section', () => {
    expect(all.length).toBe(readdirSync(RAW).length + 7);
  });

  it.each(all.map((c) => [c.key, c] as const))('%s', (key, c) => {
    const expected = EXPECTED[key];
    const scores = MINE.map((p) => ({ id: p.id, score: p.detect(c.text, c.name) }));
    if (expected === undefined) {
      for (const s of scores) expect(s.score, `${s.id} on ${key}`).toBeLessThan(0.5);
      return;
    }
    const mine = best(MINE, c.text, c.name);
    expect(mine.id).toBe(expected);
    expect(mine.score).toBeGreaterThanOrEqual(0.8);
    for (const s of scores) if (s.id !== expected) expect(s.score, `${s.id} on ${key}`).toBeLessThan(0.5);
    // Ours must also beat every other parser present on our own captures.
    expect(best(OTHERS, c.text, c.name).score, `other parser on ${key}`).toBeLessThan(mine.score);
  });

  it('leaves the whole multi-command system_context.txt to the section splitter', () => {
    for (const p of MINE) expect(p.detect(context, 'system_context.txt'), p.id).toBeLessThan(0.5);
  });
});

describe("detectors over the other parsers' fixtures", () => {
  const dirs = readdirSync('test/fixtures').filter((d) => /^(docker-(ps|inspect|logs)|redis-)/.test(d));
  const files = dirs.flatMap((d) =>
    readdirSync(`test/fixtures/${d}`)
      .filter((f) => f !== 'README.md')
      .map((f) => `test/fixtures/${d}/${f}`),
  );

  it('finds the docker and redis fixtures', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('claims none of them', () => {
    for (const path of files) {
      const text = read(path);
      const name = path.split('/').pop() ?? path;
      for (const p of MINE) expect(p.detect(text, name), `${p.id} on ${path}`).toBeLessThan(0.5);
    }
  });
});

describe('splitSections on shell prompts (issue 10)', () => {
  const pasted = [
    '[ec2-user@ip-10-0-0-5 ~]$ uname -a',
    read('test/fixtures/public/uname/uos-20-uname-a.txt').trimEnd(),
    'root@web-1:~# free -m',
    read('test/fixtures/public/free/procps-ng-4-free-m-proxmox.txt').trimEnd(),
    '$ uptime',
    read('test/fixtures/public/uptime/procps-up-17h.txt').trimEnd(),
    '',
  ].join('\n');

  it('cuts a pasted terminal session at its prompt lines and keeps each command', () => {
    const sections = splitSections(pasted).filter((s) => s.text.trim() !== '');
    expect(sections.map((s) => [s.firstLine, s.command])).toEqual([
      [2, 'uname -a'],
      [4, 'free -m'],
      [8, 'uptime'],
    ]);
    expect(freeParser.detect(sections[1]?.text ?? '', 'capture.txt')).toBeGreaterThanOrEqual(0.8);
  });

  it('does not take INFO section headers or a lone $ for prompts', () => {
    const info = read(`${RAW}redis_info_memory.txt`);
    expect(splitSections(info)).toHaveLength(1);
    expect(splitSections('price: $\n$5 off\n')).toHaveLength(1);
  });

  it('makes detectors give up a transcript unless every section is theirs', () => {
    expect(freeParser.detect(pasted, 'free.txt')).toBe(0);
    expect(unameParser.detect(pasted, 'uname.txt')).toBe(0);
    const two =
      `${read('test/fixtures/public/free/procps-ng-4-free-m-proxmox.txt')}---\n` +
      read('test/fixtures/public/free/procps-ng-3.3.10-free-m-archlinux.txt');
    expect(freeParser.detect(two, 'capture.txt')).toBeGreaterThanOrEqual(0.8);
  });
});
