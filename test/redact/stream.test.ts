// The redactor's streaming API gives what one whole-text pass gives, however the text is cut into
// pieces and batches: same text, same hits, same line numbers.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/core/redact/redact.ts';
import { createStreamRedactor, findSafeCut } from '../../src/core/redact/stream.ts';

const SECRETS = join(import.meta.dirname, '../fixtures/secrets');
const corpus = readdirSync(SECRETS)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(SECRETS, f), 'utf8'));

/** Texts where one line's meaning carries into the next: every kind of carry, back to back. */
const CARRIES = [
  '1) 1) (integer) 5\n   2) (integer) 1766552143\n   3) (integer) 12\n' +
    '   4) 1) "AUTH"\n      2) "worker"\n      3) "Zq81xLmPw1"\n   5) "172.18.0.6:1"\n',
  '   4) 1) "CONFIG"\n      2) "SET"\n      3) "requirepass"\n      4) "Cfg81xLmPw"\n',
  '        "Cmd": [\n            "mysql",\n            "-uroot",\n' +
    '            "-h",\n            "db",\n            "-pMy81xLmPw"\n        ],\n',
  '        "Cmd": [\n            "redis-server",\n            "--requirepass",\n            "Rp81xLmPw9"\n        ],\n',
  '1766550734062-1\nevent_type\ntrade.intent\napi_key\nXr81xLmPw12345\npayload\n{"api_key": "Js81xLmPw"}\n',
  '$ redis-cli CONFIG GET requirepass\nrequirepass\nCg81xLmPw77\n',
  'log before\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF\n\n' +
    `${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2\n'.repeat(5)}QUJD==\n` +
    '-----END RSA PRIVATE KEY-----\nlog after\n',
  // Blank lines (empty, a CR, spaces) between a carry and the line it would govern end the carry.
  '   4) 1) "AUTH"\n\n      2) "worker"\n      3) "Zq81xLmPw1"\n',
  'api_key\r\n\r\nXr81xLmPw12345\r\n',
  '$ redis-cli CONFIG GET requirepass\nrequirepass\n   \nCg81xLmPw77\n',
  'truncated key\n-----BEGIN PRIVATE KEY-----\n' +
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMIIEvQIBADANBgkqhkiG9w0BAQEF\n2025 INFO next\n',
];

function whole(text: string) {
  const r = createRedactor({ key: 'stream' });
  return r.redactText(text, 'f');
}

function streamed(text: string, pieces: number[], batchChars: number) {
  const r = createRedactor({ key: 'stream' });
  const s = createStreamRedactor(r, 'f', { batchChars });
  let at = 0;
  for (const n of pieces) {
    if (at >= text.length) break;
    s.push(text.slice(at, at + n));
    at += n;
  }
  s.push(text.slice(at));
  s.end();
  return { ...s.result(), summary: r.summary() };
}

describe('createStreamRedactor', () => {
  const texts = [...CARRIES, CARRIES.join(''), ...corpus, corpus.join('\n')];

  it('equals one whole-text pass for every carry, cut into pieces of every size', () => {
    for (const text of texts) {
      const w = whole(text);
      for (const batch of [1, 7, 64, 1000]) {
        for (const piece of [1, 3, 50]) {
          const s = streamed(text, Array(Math.ceil(text.length / piece)).fill(piece), batch);
          expect(s.text, `batch ${batch} piece ${piece}`).toBe(w.text);
          expect(s.hits).toEqual(w.hits);
          const places = new Set(w.hits.map((h) => `${h.file}:${h.line}:${h.kind}`));
          expect(s.summary.locations).toHaveLength(places.size);
          expect(s.summary.locations.reduce((n, l) => n + (l.count ?? 1), 0)).toBe(w.hits.length);
        }
      }
    }
  });

  it('property: random pieces and batch sizes change nothing', () => {
    const all = texts.join('\n');
    const w = whole(all);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 3000 }),
        (pieces, batch) => {
          const s = streamed(all, pieces, batch);
          expect(s.text).toBe(w.text);
          expect(s.hits).toEqual(w.hits);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps only the head it is asked to keep, whole lines', () => {
    const text = CARRIES.join('');
    const r = createRedactor({ key: 'stream' });
    const s = createStreamRedactor(r, 'f', { batchChars: 16, maxLines: 5 });
    s.push(text);
    s.end();
    const res = s.result();
    expect(res.lines).toBe(5);
    expect(res.text).toBe(`${whole(text).text.split('\n').slice(0, 5).join('\n')}\n`);
    // Hits still cover the whole file.
    expect(res.hits).toEqual(whole(text).hits);
  });

  it('never cuts between a carry and the line it governs', () => {
    const t = '   4) 1) "AUTH"\n      2) "pw123456"\nnext\nmore\n';
    // AUTH may take two arguments: the earliest cut is after the line that shows there is no second.
    expect(findSafeCut(t, 1)).toBe(t.indexOf('more'));
    expect(findSafeCut('a\nrequirepass\nvalue\nb\n', 3)).toBe('a\nrequirepass\nvalue\n'.length);
    expect(findSafeCut('a\nb\n', 1)).toBe(2);
    expect(findSafeCut('only one line', 0)).toBe(-1);
  });
});
