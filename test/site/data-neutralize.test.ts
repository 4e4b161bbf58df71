// The site shows evidence strings with their controls escaped, as the terminal does: a bidi override, a
// NUL or a zero-width character in a container name, a finding's title or an evidence line is shown as
// '\u202e', '\x00', '\u200b', never applied. Read through the site's own data loader (no build needed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getAudits } from '../../src/site/lib/data.ts';
import { makeAudit, makeContainer } from '../helpers/audit-builder.ts';

describe('site data: hostile controls shown escaped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evidex-site-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('escapes bidi, NUL and zero-width characters in every string; keeps line breaks of evidence text', () => {
    const audit = makeAudit({
      bundle: { name: 'bidi-host', sha256: '0'.repeat(64), files: 1, bytes: 10 },
      containers: [makeContainer('api\u202egnp.exe')],
      files: [{ path: 'raw/logs\u0000api.txt', kind: 'docker-logs', bytes: 10, sha256: 'x', lines: 2 }],
    });
    const evidence = [{ path: 'raw/logs\u0000api.txt', kind: 'docker-logs', text: 'ok\u200b line\nsecond\r\nthird\n' }];
    writeFileSync(join(dir, 'bidi-host.json'), JSON.stringify({ audit, evidence }));
    process.env['EVIDEX_SITE_DATA'] = dir;
    const [site] = getAudits();
    expect(site?.audit.containers[0]?.name).toBe('api\\u202egnp.exe');
    expect(site?.audit.files[0]?.path).toBe('raw/logs\\x00api.txt');
    expect(site?.evidence[0]?.path).toBe('raw/logs\\x00api.txt');
    expect(site?.evidence[0]?.text).toBe('ok\\u200b line\nsecond\nthird\n');
    // The evidence page of the file is found under the same (escaped) path the findings cite.
    expect(site?.fileSlugs.get('raw/logs\\x00api.txt')).toBeTruthy();
  });
});
