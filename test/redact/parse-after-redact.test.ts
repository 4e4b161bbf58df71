import { describe, expect, it } from 'vitest';
import { createBundle } from '../../src/core/bundle/bundle.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';

// Issue 12 ("cut before redacted"): parsers cut messages (500 characters), build templates and
// titles from what they read. They now read the redacted text, so a secret a cut would split can
// never reach the model as a fragment no pattern recognises.
const token = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
const enc = (s: string) => new TextEncoder().encode(s);

async function audit(text: string) {
  const bundle = createBundle('t', [{ path: 'raw/logs_tail_api.txt', data: enc(text) }], [], { stripTopLevel: false });
  return (await analyzeBundle(bundle, { redactKey: 'k' })).audit;
}

describe('parsers read redacted text', () => {
  it('a token straddling the 500-character message cut leaves no fragment in any log summary field', async () => {
    // The summary keeps 'app - ERROR …' as the message; the token starts at its character 488, so a
    // cut at 500 made before redaction would keep 'ghp_A1b2C3d4', which no pattern recognises.
    const message = `ERROR request failed ${'x'.repeat(460)} ${token} while calling upstream`;
    const lines = Array.from({ length: 5 }, (_, i) => `2025-12-24 04:55:0${i},001 - app - ${message}`);
    const json = JSON.stringify(await audit(`${lines.join('\n')}\n`));
    expect(json).toContain('[REDACTED:');
    // No 8-character substring of the token survives anywhere (templates, examples, errors).
    for (let i = 0; i + 8 <= token.length; i++) expect(json).not.toContain(token.slice(i, i + 8));
  });

  it('repeated-message templates are built from redacted lines', async () => {
    const lines = Array.from({ length: 6 }, (_, i) => `2025-12-24T04:55:0${i}Z ERROR auth failed token=${token}${i}`);
    const a = await audit(`${lines.join('\n')}\n`);
    const templates = a.logs.flatMap((l) => l.repeated.map((r) => `${r.template} ${r.example}`)).join('\n');
    expect(templates).not.toContain(token.slice(0, 12));
    expect(templates.length).toBeGreaterThan(0);
  });
});
