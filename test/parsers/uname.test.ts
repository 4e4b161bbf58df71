import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { safeParse } from '../../src/core/parsers/parser.ts';
import { splitSections } from '../../src/core/parsers/sections.ts';
import { parseBuildDate, unameParser } from '../../src/core/parsers/uname.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw/';
const FIX = 'test/fixtures/uname/';
const read = (path: string) => readFileSync(path, 'utf8');
const context = read(`${RAW}system_context.txt`);

function parse(text: string, file = 'uname.txt', firstLine = 1) {
  const r = safeParse(unameParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return r.value;
}

describe('uname on the real sample (system_context.txt section 1)', () => {
  const section = splitSections(context)[0];
  it('reads every field of the Ubuntu line and cites line 1', () => {
    expect(section?.firstLine).toBe(1);
    expect(parse(section?.text ?? '', 'system_context.txt', 1)).toEqual({
      kernelName: 'Linux',
      hostname: 'quantumtrader-prod-1',
      kernelRelease: '6.8.0-88-generic',
      kernelVersion: '#89-Ubuntu SMP PREEMPT_DYNAMIC Sat Oct 11 01:02:46 UTC 2025',
      builtAt: '2025-10-11T01:02:46Z',
      machine: 'x86_64',
      evidence: { file: 'system_context.txt', startLine: 1, endLine: 1 },
    });
  });

  it('offsets evidence for a section that starts later in a file', () => {
    expect(parse(section?.text ?? '', 'ctx.txt', 40).evidence).toEqual({ file: 'ctx.txt', startLine: 40, endLine: 40 });
  });

  it('claims the one-line section but not the whole multi-command file', () => {
    expect(unameParser.detect(section?.text ?? '', 'system_context.txt')).toBeGreaterThanOrEqual(0.8);
    expect(unameParser.detect(section?.text ?? '', 'capture-1.txt')).toBeGreaterThanOrEqual(0.8);
    expect(unameParser.detect(context, 'system_context.txt')).toBeLessThan(0.5);
  });
});

describe('uname variants', () => {
  it('reads coreutils 9.1, which omits unknown processor and platform', () => {
    const v = parse(read(`${FIX}coreutils-9.1.txt`));
    expect(v.hostname).toBe('vm');
    expect(v.kernelRelease).toBe('6.18.44-fc-v669');
    expect(v.kernelVersion).toBe('#1 SMP PREEMPT_DYNAMIC @0');
    expect(v.machine).toBe('x86_64');
    expect(v.builtAt).toBeUndefined();
  });

  it('reads busybox the same as coreutils', () => {
    const { evidence: _a, ...busybox } = parse(read(`${FIX}busybox-1.35.txt`));
    const { evidence: _b, ...coreutils } = parse(read(`${FIX}coreutils-9.1.txt`));
    expect(busybox).toEqual(coreutils);
  });

  it('reads Alpine busybox ("Linux" as OS name)', () => {
    const v = parse(read(`${FIX}alpine-busybox.hand.txt`));
    expect(v.hostname).toBe('3f1c2a9b7d10');
    expect(v.kernelRelease).toBe('6.6.12-linuxkit');
    expect(v.machine).toBe('x86_64');
    expect(v.builtAt).toBe('2024-01-19T12:50:23Z');
  });

  it('reads macOS, keeping the version string spacing and a date-only build stamp for a local zone', () => {
    const v = parse(read(`${FIX}darwin.hand.txt`));
    expect(v.kernelName).toBe('Darwin');
    expect(v.hostname).toBe('mac-mini.local');
    expect(v.kernelRelease).toBe('23.1.0');
    expect(v.kernelVersion).toBe(
      'Darwin Kernel Version 23.1.0: Mon Oct  9 21:27:27 PDT 2023; root:xnu-10002.41.9~6/RELEASE_X86_64',
    );
    expect(v.machine).toBe('x86_64');
    expect(v.builtAt).toBe('2023-10-09');
  });

  it('reads an aarch64 Raspberry Pi line', () => {
    const v = parse(read(`${FIX}raspberrypi-aarch64.hand.txt`));
    expect(v.machine).toBe('aarch64');
    expect(v.kernelRelease).toBe('6.1.21-v8+');
    expect(v.builtAt).toBe('2023-04-03');
  });

  it('gives the same value for CRLF and a BOM', () => {
    const text = read(`${FIX}coreutils-9.1.txt`);
    expect(parse(`\uFEFF${text.replace(/\n/g, '\r\n')}`)).toEqual(parse(text));
  });

  it('parses build stamps', () => {
    expect(parseBuildDate('#1 SMP Fri Jan 19 08:53:09 UTC 2024')).toBe('2024-01-19T08:53:09Z');
    expect(parseBuildDate('#1 SMP PREEMPT_DYNAMIC @0')).toBeUndefined();
  });
});

describe('uname robustness', () => {
  it('rejects empty, other commands and bare releases', () => {
    expect(safeParse(unameParser, '', { file: 'x', firstLine: 1 }).ok).toBe(false);
    expect(safeParse(unameParser, '6.8.0-88-generic\n', { file: 'x', firstLine: 1 }).ok).toBe(false);
    expect(unameParser.detect('6.8.0-88-generic\n', 'uname_r.txt')).toBe(0);
    expect(unameParser.detect('Linux is great and so on\n', 'notes.txt')).toBe(0);
    expect(unameParser.detect(read(`${RAW}docker_ps.txt`), 'docker_ps.txt')).toBe(0);
    expect(unameParser.detect(read(`${RAW}redis_info_memory.txt`), 'redis_info_memory.txt')).toBe(0);
  });

  it('never throws on truncated copies', () => {
    const text = read(`${RAW}system_context.txt`).split('\n')[0] ?? '';
    const whole = parseWhole(unameParser, text, 'x');
    for (const cut of cutsEvery(text, 7)) {
      // The parser itself, every 7th character: no throw, schema, cited lines.
      expect(checkTruncated(unameParser, cut, 'x', whole)).toEqual([]);
      const r = unameParser.parse(cut.text, { file: 'x', firstLine: 1 });
      if (!r.ok) continue;
      expect(r.value.kernelName).toBe('Linux');
      expect(r.value.hostname, cut.label).toBe(whole.hostname);
      expect(whole.kernelRelease.startsWith(r.value.kernelRelease), cut.label).toBe(true);
    }
  });
});
