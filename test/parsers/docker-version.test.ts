import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerVersionParser } from '../../src/core/parsers/docker-version.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import { splitSections } from '../../src/core/parsers/sections.ts';
import { checkTruncated, cutsEvery, parseWhole } from '../helpers/parser-suite.ts';

const RAW = 'evidence/quantum-trader-2025-12-24/raw/';
const FIX = 'test/fixtures/docker-version/';
const read = (path: string) => readFileSync(path, 'utf8');

function parse(text: string, file = 'docker_version.txt', firstLine = 1) {
  const r = safeParse(dockerVersionParser, text, { file, firstLine });
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.issues)}`);
  return r;
}

describe('docker-version on the real sample (system_context.txt lines 56-84)', () => {
  const context = read(`${RAW}system_context.txt`);
  const sections = splitSections(context);

  it('reads the Client/Server blocks, API version from the server, containerd and runc', () => {
    const s = sections[5];
    expect(s?.firstLine).toBe(56);
    const r = parse(s?.text ?? '', 'system_context.txt', 56);
    expect(r.value).toEqual({
      clientVersion: '29.1.3',
      serverVersion: '29.1.3',
      apiVersion: '1.52',
      containerdVersion: 'v2.2.0',
      runcVersion: '1.3.4',
      evidence: { file: 'system_context.txt', startLine: 56, endLine: 82 },
    });
    expect(r.issues).toEqual([]);
  });

  it('reads the Compose version section on its own', () => {
    const s = sections[6];
    expect(s?.firstLine).toBe(84);
    expect(parse(s?.text ?? '', 'system_context.txt', 84).value).toEqual({
      composeVersion: 'v5.0.0',
      evidence: { file: 'system_context.txt', startLine: 84, endLine: 84 },
    });
  });

  it('claims both sections and not the whole file', () => {
    expect(dockerVersionParser.detect(sections[5]?.text ?? '', 'system_context.txt')).toBeGreaterThanOrEqual(0.8);
    expect(dockerVersionParser.detect(sections[6]?.text ?? '', 'system_context.txt')).toBeGreaterThanOrEqual(0.8);
    expect(dockerVersionParser.detect(context, 'system_context.txt')).toBeLessThan(0.5);
  });

  it('reads docker version and compose version captured into one text', () => {
    const text = `${sections[5]?.text ?? ''}${sections[6]?.text ?? ''}`;
    expect(parse(text).value).toMatchObject({ clientVersion: '29.1.3', composeVersion: 'v5.0.0' });
  });
});

describe('docker-version variants captured with CLI 28.2.2 / Engine 20.10.24', () => {
  it('reads the text output, with the downgraded client API note stripped', () => {
    expect(parse(read(`${FIX}client-server-20.10.txt`)).value).toMatchObject({
      clientVersion: '28.2.2',
      serverVersion: '20.10.24+dfsg1',
      apiVersion: '1.41',
      containerdVersion: '1.6.20~ds1',
      runcVersion: '1.1.5+ds1',
    });
  });

  it('reads --format json to the same versions', () => {
    const json = parse(read(`${FIX}format-json.json`)).value;
    const text = parse(read(`${FIX}client-server-20.10.txt`)).value;
    expect({ ...json, evidence: undefined }).toEqual({ ...text, evidence: undefined });
    expect(json.evidence).toEqual({ file: 'docker_version.txt', startLine: 1, endLine: 1 });
  });

  it('keeps the client version and flags the unreachable daemon', () => {
    const r = parse(read(`${FIX}daemon-down.txt`));
    expect(r.value).toMatchObject({ clientVersion: '28.2.2', apiVersion: '1.50' });
    expect(r.value.serverVersion).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'error-output', line: 9 })]);
  });

  it('reads --format json followed by the daemon error', () => {
    const r = parse(read(`${FIX}format-json-daemon-down.txt`));
    expect(r.value).toMatchObject({ clientVersion: '28.2.2', apiVersion: '1.50' });
    expect(r.value.serverVersion).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'error-output', line: 2 })]);
  });
});

describe('docker-version shapes written by hand', () => {
  it('reads the pre-17.06 layout without an Engine block', () => {
    expect(parse(read(`${FIX}docker-17.03.hand.txt`)).value).toMatchObject({
      clientVersion: '17.03.1-ce',
      serverVersion: '17.03.1-ce',
      apiVersion: '1.27',
    });
  });

  it.each([
    ['compose-v2.hand.txt', 'v2.24.6'],
    ['compose-v1.hand.txt', '1.29.2'],
    ['compose-version-json.hand.json', 'v2.24.6'],
  ])('reads %s', (file, version) => {
    const r = parse(read(`${FIX}${file}`));
    expect(r.value.composeVersion).toBe(version);
    expect(r.value.clientVersion).toBeUndefined();
    expect(dockerVersionParser.detect(read(`${FIX}${file}`), 'compose_version.txt')).toBeGreaterThanOrEqual(0.5);
  });
});

describe('docker-version robustness', () => {
  it('does not claim docker inspect arrays, docker ps or redis INFO', () => {
    for (const f of [
      'inspect_quantum_redis.json',
      'inspect_.json',
      'docker_ps.txt',
      'redis_info_memory.txt',
      'http_health_backend.txt',
    ]) {
      expect(dockerVersionParser.detect(read(`${RAW}${f}`), f), f).toBe(0);
    }
  });

  it('returns ok:false for empty or versionless input and never throws on truncation', () => {
    const ctx = { file: 'x', firstLine: 1 };
    expect(dockerVersionParser.parse('', ctx).ok).toBe(false);
    const down = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n';
    expect(dockerVersionParser.parse(down, ctx).ok).toBe(false);
    for (const f of ['client-server-20.10.txt', 'format-json.json']) {
      const text = read(`${FIX}${f}`);
      const whole = parseWhole(dockerVersionParser, text, 'x');
      for (const cut of cutsEvery(text, 13)) {
        // The parser itself, every 13th character: no throw, schema, cited lines.
        expect(checkTruncated(dockerVersionParser, cut, 'x', whole), f).toEqual([]);
        const r = dockerVersionParser.parse(cut.text, ctx);
        if (!r.ok) continue;
        // A version read from a cut capture is the real one, or (on the cut line) the start of it.
        for (const key of ['clientVersion', 'serverVersion', 'apiVersion'] as const) {
          const got = r.value[key];
          if (got !== undefined) expect(whole[key]?.startsWith(got), `${f}: ${cut.label}: ${key}`).toBe(true);
        }
      }
    }
  });
});
