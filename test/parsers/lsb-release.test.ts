import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lsbReleaseParser } from '../../src/core/parsers/lsb-release.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import { splitSections } from '../../src/core/parsers/sections.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw/';
const FIX = 'test/fixtures/lsb-release/';
const read = (path: string) => readFileSync(path, 'utf8');

function parse(text: string, file = 'os.txt', firstLine = 1) {
  const r = safeParse(lsbReleaseParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return r;
}

describe('lsb-release on the real sample (system_context.txt lines 3-6)', () => {
  const context = read(`${RAW}system_context.txt`);
  const section = splitSections(context)[1];

  it('reads lsb_release -a and cites lines 3-6', () => {
    expect(section?.firstLine).toBe(3);
    expect(parse(section?.text ?? '', 'system_context.txt', section?.firstLine).value).toEqual({
      id: 'Ubuntu',
      description: 'Ubuntu 24.04.3 LTS',
      release: '24.04',
      codename: 'noble',
      evidence: { file: 'system_context.txt', startLine: 3, endLine: 6 },
    });
  });

  it('claims the section strongly and the whole file weakly', () => {
    expect(lsbReleaseParser.detect(section?.text ?? '', 'system_context.txt')).toBeGreaterThanOrEqual(0.8);
    expect(lsbReleaseParser.detect(context, 'system_context.txt')).toBeLessThan(0.5);
  });
});

describe('lsb-release variants', () => {
  it('reads lsb_release -a from Debian 12', () => {
    const { value } = parse(read(`${FIX}lsb-release-a.txt`));
    expect(value).toMatchObject({
      id: 'Debian',
      description: 'Debian GNU/Linux 12 (bookworm)',
      release: '12',
      codename: 'bookworm',
    });
  });

  it('skips the "No LSB modules" stderr line without an issue', () => {
    const r = parse(read(`${FIX}lsb-release-a-no-modules.hand.txt`));
    expect(r.value).toMatchObject({
      id: 'Ubuntu',
      description: 'Ubuntu 22.04.4 LTS',
      release: '22.04',
      codename: 'jammy',
    });
    expect(r.value.evidence).toMatchObject({ startLine: 2, endLine: 5 });
    expect(r.issues).toEqual([]);
  });

  it('reads /etc/os-release (Debian, quoted values)', () => {
    const r = parse(read(`${FIX}os-release-debian-12.txt`));
    expect(r.value).toMatchObject({
      id: 'debian',
      description: 'Debian GNU/Linux 12 (bookworm)',
      release: '12',
      codename: 'bookworm',
    });
    expect(r.issues).toEqual([]);
  });

  it('reads /etc/os-release (Ubuntu 24.04)', () => {
    expect(parse(read(`${FIX}os-release-ubuntu-24.04.hand.txt`)).value).toMatchObject({
      id: 'ubuntu',
      description: 'Ubuntu 24.04.3 LTS',
      release: '24.04',
      codename: 'noble',
    });
  });

  it('reads Alpine os-release, which has no codename', () => {
    const { value } = parse(read(`${FIX}os-release-alpine-3.19.hand.txt`));
    expect(value).toMatchObject({ id: 'alpine', description: 'Alpine Linux v3.19', release: '3.19.1' });
    expect(value.codename).toBeUndefined();
  });

  it('reads /etc/lsb-release DISTRIB_* keys', () => {
    expect(parse(read(`${FIX}etc-lsb-release-ubuntu.hand.txt`)).value).toMatchObject({
      id: 'Ubuntu',
      description: 'Ubuntu 24.04.3 LTS',
      release: '24.04',
      codename: 'noble',
    });
  });

  it('builds a description from NAME and VERSION when PRETTY_NAME is missing', () => {
    expect(
      parse('NAME="Fedora Linux"\nVERSION="39 (Server Edition)"\nID=fedora\nVERSION_ID=39\n').value.description,
    ).toBe('Fedora Linux 39 (Server Edition)');
  });

  it('detects every fixture strongly', () => {
    for (const f of [
      'lsb-release-a.txt',
      'os-release-debian-12.txt',
      'os-release-ubuntu-24.04.hand.txt',
      'os-release-alpine-3.19.hand.txt',
      'etc-lsb-release-ubuntu.hand.txt',
      'lsb-release-a-no-modules.hand.txt',
    ]) {
      expect(lsbReleaseParser.detect(read(`${FIX}${f}`), 'capture.txt'), f).toBeGreaterThanOrEqual(0.8);
    }
  });
});

describe('lsb-release robustness', () => {
  it('does not claim env files, redis INFO or other captures', () => {
    expect(
      lsbReleaseParser.detect('PATH=/usr/bin\nID=42\nREDIS_HOST=redis\nLOG_LEVEL=debug\n', 'env.txt'),
    ).toBeLessThan(0.5);
    expect(lsbReleaseParser.detect(read(`${RAW}redis_info_stats.txt`), 'redis_info_stats.txt')).toBe(0);
    expect(lsbReleaseParser.detect(read(`${RAW}docker_ps.txt`), 'docker_ps.txt')).toBe(0);
  });

  it('issue 9: flags a quoted value that is not closed instead of keeping its opening quote', () => {
    const r = lsbReleaseParser.parse('NAME="Ubuntu"\nPRETTY_NAME="Ubuntu 24\n', { file: 'os.txt', firstLine: 1 });
    expect(r.ok && r.value.description).toBe('Ubuntu');
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'parse-failure', line: 2 })]);
  });

  it('returns ok:false for empty or nameless input and never throws on truncation', () => {
    const ctx = { file: 'x', firstLine: 1 };
    expect(lsbReleaseParser.parse('', ctx).ok).toBe(false);
    expect(lsbReleaseParser.parse('HOME_URL="https://example.org/"\n', ctx).ok).toBe(false);
    const text = read(`${FIX}os-release-ubuntu-24.04.hand.txt`);
    const whole = parseWhole(lsbReleaseParser, text, 'x');
    for (const cut of cutsEvery(text, 11)) {
      // The parser itself, every 11th character: no throw, schema, cited lines.
      expect(checkTruncated(lsbReleaseParser, cut, 'x', whole)).toEqual([]);
      const r = lsbReleaseParser.parse(cut.text, ctx);
      if (!r.ok) continue;
      // Each value read from a cut file is the whole file's, or (on the cut line) the start of it.
      for (const key of ['description', 'id', 'release', 'codename'] as const) {
        const got = r.value[key];
        if (got !== undefined) expect(whole[key]?.startsWith(got), `${cut.label}: ${key}`).toBe(true);
      }
    }
  });
});
