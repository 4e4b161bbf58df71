import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { safeParse } from '../../src/core/parsers/parser.ts';
import { splitSections } from '../../src/core/parsers/sections.ts';
import { parseUpPart, uptimeParser } from '../../src/core/parsers/uptime.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw/';
const FIX = 'test/fixtures/uptime/';
const read = (path: string) => readFileSync(path, 'utf8');

function parse(text: string, file = 'uptime.txt', firstLine = 1) {
  const r = safeParse(uptimeParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return r.value;
}

describe('uptime on the real sample (system_context.txt line 8)', () => {
  const context = read(`${RAW}system_context.txt`);
  const section = splitSections(context)[2];

  it('reads clock, uptime, users and load', () => {
    expect(section?.firstLine).toBe(8);
    expect(parse(section?.text ?? '', 'system_context.txt', 8)).toEqual({
      clock: '04:55:13',
      uptimeSeconds: 6 * 86400 + 12 * 3600 + 34 * 60,
      users: 1,
      load: [0.28, 0.36, 0.52],
      evidence: { file: 'system_context.txt', startLine: 8, endLine: 8 },
    });
  });

  it('claims the section but not the whole file', () => {
    expect(uptimeParser.detect(section?.text ?? '', 'system_context.txt')).toBeGreaterThanOrEqual(0.8);
    expect(uptimeParser.detect(context, 'system_context.txt')).toBeLessThan(0.5);
  });
});

describe('uptime variants', () => {
  it.each([
    ['procps-4.0.2-minutes.txt', { clock: '08:43:42', uptimeSeconds: 28 * 60, users: 0, load: [1.3, 2.8, 2.08] }],
    ['busybox-1.35.txt', { clock: '08:43:42', uptimeSeconds: 28 * 60, users: 0, load: [1.29, 2.8, 2.07] }],
    ['de-comma-decimal.txt', { clock: '08:43:42', uptimeSeconds: 28 * 60, users: 0, load: [1.3, 2.8, 2.08] }],
    [
      'procps-day-hours.hand.txt',
      { clock: '10:01:12', uptimeSeconds: 86400 + 2 * 3600 + 3 * 60, users: 2, load: [0, 0.01, 0.05] },
    ],
    [
      'procps-days-minutes.hand.txt',
      { clock: '23:59:59', uptimeSeconds: 45 * 86400 + 22 * 60, users: 1, load: [12.41, 10.02, 8.77] },
    ],
    ['procps-hours.hand.txt', { clock: '07:12:00', uptimeSeconds: 5 * 3600 + 7 * 60, users: 3, load: [1, 0.75, 0.5] }],
    [
      'macos.hand.txt',
      { clock: '10:15', uptimeSeconds: 3 * 86400 + 2 * 3600 + 3 * 60, users: 2, load: [1.52, 1.6, 1.63] },
    ],
  ])('reads %s', (file, expected) => {
    const v = parse(read(`${FIX}${file}`));
    expect({ clock: v.clock, uptimeSeconds: v.uptimeSeconds, users: v.users, load: v.load }).toEqual(expected);
    expect(v.evidence).toEqual({ file: 'uptime.txt', startLine: 1, endLine: 1 });
    expect(uptimeParser.detect(read(`${FIX}${file}`), 'capture.txt')).toBeGreaterThanOrEqual(0.8);
  });

  it('reads busybox without utmp: no user count', () => {
    const v = parse(read(`${FIX}busybox-no-utmp.hand.txt`));
    expect(v.users).toBeUndefined();
    expect(v.uptimeSeconds).toBe(6 * 86400 + 12 * 3600 + 34 * 60);
    expect(v.load).toEqual([0.28, 0.36, 0.52]);
  });

  it('reads the plain line when -p and -s lines sit next to it', () => {
    const text = `${read(`${FIX}uptime-s.txt`)}${read(`${FIX}procps-4.0.2-minutes.txt`)}${read(`${FIX}uptime-p.txt`)}`;
    expect(uptimeParser.detect(text, 'uptime.txt')).toBeGreaterThanOrEqual(0.8);
    expect(parse(text).evidence.startLine).toBe(2);
  });

  it('claims uptime -p alone but reports that it has no load averages', () => {
    const text = read(`${FIX}uptime-p.txt`);
    expect(uptimeParser.detect(text, 'uptime.txt')).toBeGreaterThanOrEqual(0.8);
    const r = safeParse(uptimeParser, text, { file: 'uptime.txt', firstLine: 1 });
    expect(r.ok).toBe(false);
    expect(r.issues[0]?.message).toMatch(/no load averages/);
  });

  it('sums the "up" part', () => {
    expect(parseUpPart('2 hrs')).toBe(7200);
    expect(parseUpPart('30 secs')).toBe(30);
    expect(parseUpPart('1 day,  2:03')).toBe(86400 + 7380);
    expect(parseUpPart('many moons')).toBeUndefined();
  });
});

describe('uptime robustness', () => {
  it('does not claim top headers, logs or other captures', () => {
    expect(
      uptimeParser.detect(
        'top - 04:55:13 up 6 days, 12:34,  1 user,  load average: 0.28, 0.36, 0.52\nTasks: 312 total\n',
        'top.txt',
      ),
    ).toBeLessThan(0.5);
    expect(uptimeParser.detect(read(`${RAW}logs_tail_quantum_backend.txt`), 'logs_tail_quantum_backend.txt')).toBe(0);
    expect(uptimeParser.detect(read(`${RAW}redis_info_stats.txt`), 'redis_info_stats.txt')).toBe(0);
  });

  it('returns ok:false for empty input and never throws on truncation', () => {
    const ctx = { file: 'x', firstLine: 1 };
    expect(uptimeParser.parse('', ctx).ok).toBe(false);
    const text = read(`${FIX}procps-day-hours.hand.txt`);
    const whole = parseWhole(uptimeParser, text, 'x');
    for (const cut of cutsEvery(text, 3)) {
      // The parser itself, every 3rd character: no throw, schema, cited lines.
      expect(checkTruncated(uptimeParser, cut, 'x', whole)).toEqual([]);
      const r = uptimeParser.parse(cut.text, ctx);
      if (!r.ok) continue;
      expect(r.value.load).toHaveLength(3);
      // The fields before the cut load averages are the whole line's.
      const before = (v: typeof whole) => [v.clock, v.uptimeSeconds, v.users];
      expect(before(r.value), cut.label).toEqual(before(whole));
    }
  });
});
