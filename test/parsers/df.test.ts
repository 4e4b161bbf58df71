import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dfParser, parseHumanSize } from '../../src/core/parsers/df.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import { splitSections } from '../../src/core/parsers/sections.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw/';
const FIX = 'test/fixtures/df/';
const read = (path: string) => readFileSync(path, 'utf8');
const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function disks(text: string, file = 'df.txt', firstLine = 1) {
  const r = safeParse(dfParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  expect(r.issues).toEqual([]);
  return r.value.disks;
}
const byMount = (list: ReturnType<typeof disks>, mount: string) => list.find((d) => d.mount === mount);

describe('df on the real sample (system_context.txt lines 14-52, df -h)', () => {
  const context = read(`${RAW}system_context.txt`);
  const section = splitSections(context)[4];
  const list = disks(section?.text ?? '', 'system_context.txt', section?.firstLine);

  it('keeps every row, overlays included, each citing its own line', () => {
    expect(section?.firstLine).toBe(14);
    const rows = (section?.text ?? '').trim().split('\n').length - 1;
    expect(list).toHaveLength(rows);
    expect(list.filter((d) => d.filesystem === 'overlay').length).toBeGreaterThan(20);
    expect(list[0]).toEqual({
      filesystem: 'tmpfs',
      mount: '/run',
      sizeBytes: Math.round(1.6 * GiB),
      usedBytes: Math.round(3.9 * MiB),
      availBytes: Math.round(1.6 * GiB),
      usePercent: 1,
      evidence: { file: 'system_context.txt', startLine: 15, endLine: 15 },
    });
    expect(list[list.length - 1]?.mount).toBe('/run/user/0');
  });

  it('reads / as 150G with 106G used, 74%', () => {
    expect(byMount(list, '/')).toEqual({
      filesystem: '/dev/sda1',
      mount: '/',
      sizeBytes: 150 * GiB,
      usedBytes: 106 * GiB,
      availBytes: 39 * GiB,
      usePercent: 74,
      evidence: { file: 'system_context.txt', startLine: 17, endLine: 17 },
    });
    expect(byMount(list, '/sys/firmware/efi/efivars')).toMatchObject({
      sizeBytes: 256 * KiB,
      usedBytes: 112 * KiB,
      usePercent: 45,
    });
    expect(byMount(list, '/dev/shm')).toMatchObject({ usedBytes: 0, usePercent: 0 });
  });

  it('claims the section but not the whole file', () => {
    expect(dfParser.detect(section?.text ?? '', 'system_context.txt')).toBeGreaterThanOrEqual(0.8);
    expect(dfParser.detect(context, 'system_context.txt')).toBeLessThan(0.5);
  });
});

describe('df variants captured with GNU coreutils 9.1 and busybox 1.35', () => {
  const ROOT = { filesystem: '/dev/vda', mount: '/' };
  const LONG = '/dev/mapper/evidex--vg-very--long--logical--volume';

  it('reads block-count modes exactly', () => {
    expect(byMount(disks(read(`${FIX}df-B1.txt`)), '/')).toMatchObject({
      ...ROOT,
      sizeBytes: 270553174016,
      usedBytes: 25195859968,
      availBytes: 83748433920,
      usePercent: 24,
    });
    expect(byMount(disks(read(`${FIX}df-k.txt`)), '/')).toMatchObject({
      sizeBytes: 264212084 * KiB,
      usedBytes: 24605336 * KiB,
      usePercent: 24,
    });
    expect(byMount(disks(read(`${FIX}df-m.txt`)), '/')).toMatchObject({
      sizeBytes: 258020 * MiB,
      availBytes: 79869 * MiB,
    });
    expect(byMount(disks(read(`${FIX}df-P.txt`)), '/tmp/evx/longfs')).toMatchObject({
      filesystem: LONG,
      sizeBytes: 65536 * KiB,
      usedBytes: 4884 * KiB,
      usePercent: 8,
    });
  });

  it('reads -h and -hT (Type column) the same', () => {
    const h = disks(read(`${FIX}df-h.txt`));
    const hT = disks(read(`${FIX}df-hT.txt`));
    expect(hT.map(({ evidence: _e, ...d }) => d)).toEqual(h.map(({ evidence: _e, ...d }) => d));
    expect(byMount(h, '/tmp/evx/longfs')).toMatchObject({
      filesystem: LONG,
      sizeBytes: 64 * MiB,
      usedBytes: Math.round(4.8 * MiB),
      usePercent: 8,
    });
  });

  it('reads a German-localized df -h with comma decimals', () => {
    expect(byMount(disks(read(`${FIX}de-df-h.txt`)), '/tmp/evx/longfs')).toMatchObject({
      filesystem: LONG,
      usedBytes: Math.round(4.8 * MiB),
      availBytes: 60 * MiB,
    });
  });

  it('joins busybox rows wrapped after a long filesystem name, citing both lines', () => {
    const list = disks(read(`${FIX}busybox-df-wrapped.txt`));
    expect(list).toHaveLength(3);
    expect(list[2]).toEqual({
      filesystem: LONG,
      mount: '/tmp/evx/longfs',
      sizeBytes: 65536 * KiB,
      usedBytes: 4884 * KiB,
      availBytes: 60652 * KiB,
      usePercent: 7,
      evidence: { file: 'df.txt', startLine: 4, endLine: 5 },
    });
    expect(byMount(disks(read(`${FIX}busybox-df-h-wrapped.txt`)), '/')).toMatchObject({
      sizeBytes: 252 * GiB,
      usedBytes: Math.round(23.5 * GiB),
    });
  });

  it('does not read df -i inode counts as sizes', () => {
    expect(dfParser.detect(read(`${FIX}df-i.txt`), 'df.txt')).toBeLessThan(0.5);
    // Issue 9: even if parse is called on it, inode counts are not read as byte sizes.
    const r = dfParser.parse(read(`${FIX}df-i.txt`), { file: 'df.txt', firstLine: 1 });
    expect(r).toEqual({ ok: false, issues: [expect.objectContaining({ kind: 'unrecognised', line: 1 })] });
  });

  it('detects every size variant strongly', () => {
    for (const f of [
      'df-h.txt',
      'df-B1.txt',
      'df-k.txt',
      'df-m.txt',
      'df-P.txt',
      'df-hT.txt',
      'de-df-h.txt',
      'busybox-df-wrapped.txt',
      'busybox-df-h-wrapped.txt',
      'coreutils-8.4-wrapped.hand.txt',
      'macos-df-h.hand.txt',
    ]) {
      expect(dfParser.detect(read(`${FIX}${f}`), 'capture.txt'), f).toBeGreaterThanOrEqual(0.8);
    }
  });
});

describe('df shapes written by hand', () => {
  it('joins old GNU wrapped LVM rows', () => {
    const list = disks(read(`${FIX}coreutils-8.4-wrapped.hand.txt`));
    expect(list.map((d) => d.mount)).toEqual(['/', '/boot', '/dev/shm']);
    expect(list[0]).toMatchObject({
      filesystem: '/dev/mapper/VolGroup00-LogVol00',
      sizeBytes: 19385344 * KiB,
      usePercent: 24,
      evidence: { startLine: 2, endLine: 3 },
    });
  });

  it('reads macOS df -h with inode columns before the mount point', () => {
    const list = disks(read(`${FIX}macos-df-h.hand.txt`));
    expect(list.map((d) => d.mount)).toEqual(['/', '/dev', '/System/Volumes/VM']);
    expect(list[0]).toMatchObject({ sizeBytes: 460 * GiB, usedBytes: 22 * GiB, usePercent: 11 });
    expect(list[1]).toMatchObject({ availBytes: 0, usePercent: 100 });
  });

  it('keeps spaces in mount points', () => {
    expect(
      disks('Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/sdb1 1000 10 990 1% /media/usb stick\n')[0]
        ?.mount,
    ).toBe('/media/usb stick');
  });

  it('parses human sizes', () => {
    expect(parseHumanSize('0')).toBe(0);
    expect(parseHumanSize('1,6G')).toBe(Math.round(1.6 * GiB));
    expect(parseHumanSize('2.6Gi')).toBe(Math.round(2.6 * GiB));
    expect(parseHumanSize('0B')).toBe(0);
    expect(parseHumanSize('25G', true)).toBe(25e9);
    expect(parseHumanSize('many')).toBeUndefined();
  });
});

describe('df robustness', () => {
  it('does not claim docker ps tables, redis INFO or free', () => {
    expect(dfParser.detect(read(`${RAW}docker_ps.txt`), 'docker_ps.txt')).toBe(0);
    expect(dfParser.detect(read(`${RAW}redis_info_memory.txt`), 'redis_info_memory.txt')).toBe(0);
    expect(dfParser.detect(read('test/fixtures/free/free-h.txt'), 'df.txt')).toBe(0);
  });

  it('returns ok:false for empty or headless input and never throws on truncation', () => {
    const ctx = { file: 'x', firstLine: 1 };
    expect(dfParser.parse('', ctx).ok).toBe(false);
    expect(dfParser.parse('/dev/sda1 150G 106G 39G 74% /\n', ctx).ok).toBe(false);
    const text = read(`${FIX}busybox-df-wrapped.txt`);
    const whole = parseWhole(dfParser, text, 'x');
    for (const cut of cutsEvery(text, 7)) {
      // The parser itself, every 7th character: no throw, schema, cited lines, records of the whole file.
      expect(checkTruncated(dfParser, cut, 'x', whole)).toEqual([]);
      const r = dfParser.parse(cut.text, ctx);
      if (!r.ok) continue;
      for (const d of r.value.disks) {
        expect(d.mount.length).toBeGreaterThan(0);
        const known = whole.disks.some((w) => w.filesystem === d.filesystem && w.mount.startsWith(d.mount));
        expect(known, cut.label).toBe(true);
      }
    }
  });
});
