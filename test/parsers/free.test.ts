import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freeParser } from '../../src/core/parsers/free.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import { splitSections } from '../../src/core/parsers/sections.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw/';
const FIX = 'test/fixtures/free/';
const read = (path: string) => readFileSync(path, 'utf8');
const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function parse(text: string, file = 'free.txt', firstLine = 1) {
  const r = safeParse(freeParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return r;
}

describe('free on the real sample (system_context.txt lines 10-12, free -h)', () => {
  const context = read(`${RAW}system_context.txt`);
  const section = splitSections(context)[3];

  it('reads Gi/Mi/B units as rounded bytes and cites the three lines', () => {
    expect(section?.firstLine).toBe(10);
    const r = parse(section?.text ?? '', 'system_context.txt', 10);
    expect(r.value).toEqual({
      totalBytes: 15 * GiB,
      usedBytes: 12 * GiB,
      freeBytes: 525 * MiB,
      sharedBytes: 21 * MiB,
      buffCacheBytes: Math.round(2.6 * GiB),
      availableBytes: Math.round(2.8 * GiB),
      swapTotalBytes: 0,
      swapUsedBytes: 0,
      precision: 'rounded',
      evidence: { file: 'system_context.txt', startLine: 10, endLine: 12 },
    });
    expect(r.issues).toEqual([]);
  });

  it('claims the section but not the whole file', () => {
    expect(freeParser.detect(section?.text ?? '', 'system_context.txt')).toBeGreaterThanOrEqual(0.8);
    expect(freeParser.detect(context, 'system_context.txt')).toBeLessThan(0.5);
  });
});

describe('free variants captured with procps-ng 4.0.2 and busybox 1.35', () => {
  const exactTotal = 24684084 * KiB;

  it('reads -b as exact bytes', () => {
    const { value } = parse(read(`${FIX}free-b.txt`));
    expect(value).toMatchObject({
      totalBytes: 25276502016,
      usedBytes: 516780032,
      freeBytes: 23922987008,
      sharedBytes: 14000128,
      buffCacheBytes: 1143177216,
      availableBytes: 24759721984,
      precision: 'exact',
    });
    expect(value.totalBytes).toBe(exactTotal);
  });

  it('reads -k (and busybox default) as KiB, exact', () => {
    expect(parse(read(`${FIX}free-k.txt`)).value).toMatchObject({
      totalBytes: exactTotal,
      availableBytes: 24179416 * KiB,
      precision: 'exact',
    });
    expect(parse(read(`${FIX}busybox-free.txt`)).value).toMatchObject({
      totalBytes: exactTotal,
      usedBytes: 205708 * KiB,
      precision: 'exact',
    });
  });

  it('recognises -m from the size of the numbers', () => {
    expect(parse(read(`${FIX}free-m.txt`)).value).toMatchObject({
      totalBytes: 24105 * MiB,
      usedBytes: 492 * MiB,
      availableBytes: 23612 * MiB,
      precision: 'rounded',
    });
    expect(parse(read(`${FIX}busybox-free-m.txt`)).value.totalBytes).toBe(24106 * MiB);
  });

  it('prefers the unit named in the file name', () => {
    expect(parse(read(`${FIX}free-k.txt`), 'free_m.txt').value.totalBytes).toBe(24684084 * MiB);
  });

  it('adds buffers and cache of free -w', () => {
    expect(parse(read(`${FIX}free-wh.txt`)).value).toMatchObject({
      totalBytes: 23 * GiB,
      buffCacheBytes: 18 * MiB + GiB,
      availableBytes: 23 * GiB,
    });
  });

  it('ignores the Total: row of free -t', () => {
    const r = parse(read(`${FIX}free-h-total.txt`));
    expect(r.value).toMatchObject({ totalBytes: 23 * GiB, usedBytes: 493 * MiB, swapTotalBytes: 0 });
    expect(r.value.evidence).toMatchObject({ startLine: 1, endLine: 3 });
  });

  it('reads --si units as powers of 1000', () => {
    expect(parse(read(`${FIX}free-h-si.txt`)).value).toMatchObject({
      totalBytes: 25e9,
      usedBytes: 517e6,
      buffCacheBytes: 1.1e9,
    });
  });

  it('reads a German-localized free -h by position', () => {
    expect(parse(read(`${FIX}de-free-h.txt`)).value).toMatchObject({
      totalBytes: 23 * GiB,
      usedBytes: 493 * MiB,
      buffCacheBytes: Math.round(1.1 * GiB),
      swapTotalBytes: 0,
    });
    expect(freeParser.detect(read(`${FIX}de-free-h.txt`), 'capture.txt')).toBeGreaterThanOrEqual(0.8);
  });

  it('detects every captured variant strongly', () => {
    for (const f of [
      'free-h.txt',
      'free-b.txt',
      'free-k.txt',
      'free-m.txt',
      'free-wh.txt',
      'free-h-total.txt',
      'free-h-si.txt',
      'busybox-free.txt',
      'busybox-free-m.txt',
    ]) {
      expect(freeParser.detect(read(`${FIX}${f}`), 'capture.txt'), f).toBeGreaterThanOrEqual(0.8);
    }
  });
});

describe('free in the old procps layout (-/+ buffers/cache)', () => {
  it('takes used and available from the -/+ line', () => {
    const { value } = parse(read(`${FIX}procps-3.3.9-old.hand.txt`));
    expect(value).toMatchObject({
      totalBytes: 16330632 * KiB,
      usedBytes: 4850848 * KiB,
      freeBytes: 439040 * KiB,
      buffCacheBytes: (1047392 + 9993352) * KiB,
      availableBytes: 11479784 * KiB,
      swapTotalBytes: 8388604 * KiB,
      swapUsedBytes: 112380 * KiB,
      precision: 'exact',
    });
    expect(value.evidence).toMatchObject({ startLine: 1, endLine: 4 });
  });

  it('reads old -h "G" as GiB', () => {
    expect(parse(read(`${FIX}procps-3.3.9-old-h.hand.txt`)).value).toMatchObject({
      totalBytes: 15 * GiB,
      usedBytes: Math.round(4.6 * GiB),
      availableBytes: 10 * GiB,
      swapTotalBytes: 8 * GiB,
    });
  });

  it('reads old busybox', () => {
    expect(parse(read(`${FIX}busybox-1.22-old.hand.txt`)).value).toMatchObject({
      totalBytes: 514596 * KiB,
      usedBytes: 103260 * KiB,
      availableBytes: 411336 * KiB,
    });
  });
});

describe('free robustness', () => {
  it('does not claim redis INFO memory, docker ps or df', () => {
    expect(freeParser.detect(read(`${RAW}redis_info_memory.txt`), 'redis_info_memory.txt')).toBe(0);
    expect(freeParser.detect(read(`${RAW}docker_ps.txt`), 'docker_ps.txt')).toBe(0);
    expect(freeParser.detect(splitSections(read(`${RAW}system_context.txt`))[4]?.text ?? '', 'free.txt')).toBe(0);
  });

  it('issue 9: flags a Mem or Swap row cut short instead of reading its cut number as the value', () => {
    const old = read(`${FIX}procps-3.3.9-old.hand.txt`);
    const wide = read(`${FIX}free-wh.txt`);
    const swapAt = old.indexOf('Swap:');
    // free -w with the Mem row cut after its sixth value ("cache"), which must not be read as "available".
    const sixth = wide
      .split('\n')
      .slice(0, 2)
      .join('\n')
      .replace(/\s+\S+$/, '');
    const cuts = [
      [old.slice(0, swapAt + 16), 4],
      [old.slice(0, swapAt + 6), 4],
      [sixth, 2],
    ] as const;
    for (const [text, line] of cuts) {
      const r = freeParser.parse(text, { file: 'free.txt', firstLine: 1 });
      const flagged = expect.objectContaining({ kind: 'parse-failure', line, message: expect.stringMatching(/cut/) });
      expect(r.issues, text).toContainEqual(flagged);
    }
  });

  it('returns ok:false for empty or headless input and never throws on truncation', () => {
    const ctx = { file: 'x', firstLine: 1 };
    expect(freeParser.parse('', ctx).ok).toBe(false);
    expect(freeParser.parse('total used free\n', ctx).ok).toBe(false);
    const text = read(`${FIX}procps-3.3.9-old.hand.txt`);
    const whole = parseWhole(freeParser, text, 'x');
    const sizes = (v: typeof whole) => [
      v.totalBytes,
      v.usedBytes,
      v.freeBytes,
      v.availableBytes,
      v.swapTotalBytes,
      v.swapUsedBytes,
    ];
    for (const cut of cutsEvery(text, 5)) {
      // The parser itself, every 5th character: no throw, schema, cited lines.
      expect(checkTruncated(freeParser, cut, 'x', whole)).toEqual([]);
      const r = freeParser.parse(cut.text, ctx);
      if (!r.ok) continue;
      expect(r.value.totalBytes).toBeGreaterThan(0);
      // Read without an issue, a cut capture gives the whole capture's sizes: no cut number is taken as a size.
      if (r.issues.length === 0) expect(sizes(r.value), cut.label).toEqual(sizes(whole));
    }
  });
});
