import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, sha256Hex } from '../../src/core/bundle/decode.ts';
import { SAMPLE_DIR } from '../helpers/hostile-bundles.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hostile', name)));
const source = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hostile', 'source-utf8.txt'), 'utf8');

describe('decodeText', () => {
  it('decodes every real sample file as clean UTF-8', () => {
    for (const name of [
      'docker_ps.txt',
      'system_context.txt',
      'inspect_quantum_redis.json',
      'logs_tail_quantum_backend.txt',
    ]) {
      const bytes = new Uint8Array(readFileSync(join(SAMPLE_DIR, 'raw', name)));
      const out = decodeText(bytes);
      expect(out.issue).toBeUndefined();
      expect(out.text).toBe(readFileSync(join(SAMPLE_DIR, 'raw', name), 'utf8'));
    }
  });

  it('strips a UTF-8 BOM', () => {
    const out = decodeText(fixture('utf8-bom.txt'));
    expect(out).toEqual({ text: source });
  });

  it('decodes UTF-16 LE and BE with a BOM, without an issue', () => {
    expect(decodeText(fixture('utf16le-bom.txt'))).toEqual({ text: source });
    expect(decodeText(fixture('utf16be-bom.txt'))).toEqual({ text: source });
    expect(source.startsWith('Linux quantumtrader-prod-1 6.8.0-88-generic')).toBe(true);
  });

  it('repairs invalid UTF-8 with replacement characters and an encoding issue', () => {
    const out = decodeText(fixture('latin1-invalid-utf8.txt'));
    expect(out.text).toBe('Gr\uFFFD\uFFFDe: 5 Mo, caf\uFFFD\nstatus=ok\n');
    expect(out.issue?.kind).toBe('encoding');
    expect(out.issue?.message).toBe('Not valid UTF-8: 3 invalid sequence(s) shown as U+FFFD.');
  });

  it('reports a truncated UTF-16 body as an encoding issue', () => {
    const bytes = fixture('utf16le-bom.txt').subarray(0, 11);
    const out = decodeText(bytes);
    expect(out.text).toBe('Linu\uFFFD');
    expect(out.issue?.kind).toBe('encoding');
  });

  it('calls NUL-bearing data binary and returns no text', () => {
    const out = decodeText(fixture('binary-gzip.bin'));
    expect(out.text).toBe('');
    expect(out.issue).toEqual({ kind: 'binary', message: 'Binary content (NUL bytes); not read as text.' });
  });

  it('calls mostly-control data binary, but not ANSI-coloured logs', () => {
    const junk = new Uint8Array(1000).map((_, i) => 1 + (i % 7));
    expect(decodeText(junk).issue?.kind).toBe('binary');
    expect(decodeText(junk).issue?.message).toBe('Binary content (100% control bytes); not read as text.');
    const ansi = new TextEncoder().encode('\u001b[32mINFO\u001b[0m ready\r\n\tnext\n'.repeat(50));
    expect(decodeText(ansi)).toEqual({ text: '\u001b[32mINFO\u001b[0m ready\r\n\tnext\n'.repeat(50) });
  });

  it('only sniffs the first 8 KiB for binary content', () => {
    const bytes = new Uint8Array(9000).fill(0x61);
    bytes[8500] = 0;
    const out = decodeText(bytes);
    expect(out.issue).toBeUndefined();
    expect(out.text.length).toBe(9000);
  });

  it('returns empty text for empty input', () => {
    expect(decodeText(new Uint8Array(0))).toEqual({ text: '' });
  });
});

describe('sha256Hex', () => {
  it('matches node:crypto on a real file and on empty input', async () => {
    const bytes = new Uint8Array(readFileSync(join(SAMPLE_DIR, 'raw', 'docker_ps.txt')));
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes only the view, not the whole underlying buffer', async () => {
    const whole = new TextEncoder().encode('xxabcxx');
    expect(await sha256Hex(whole.subarray(2, 5))).toBe(createHash('sha256').update('abc').digest('hex'));
  });
});
