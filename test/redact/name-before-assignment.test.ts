// hasSecretNameBeforeAssignment is the one-pass form of SECRET_NAME_BEFORE_ASSIGNMENT.test: the
// redactor asks it of every line that passed the trigger, so it must say exactly what the regex says.
// Checked on generated lines built from the regex's own parts (name words in any case, runs of
// [\w.-] around 80 long, quotes, backslashes, spaces, operators) and on the adversarial lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasSecretNameBeforeAssignment, SECRET_NAME_BEFORE_ASSIGNMENT } from '../../src/core/redact/patterns.ts';
import { adversaries } from '../security/adversarial-fragments.ts';

const regexSays = (line: string) => SECRET_NAME_BEFORE_ASSIGNMENT.test(line);

const WORDS = ['secret', 'token', 'pass', 'credential', 'private', 'dsn', 'signature', 'key', 'pwd', 'auth'];
const MORE = ['cookie', 'session', 'sid', 'bearer', 'webhook', 'connection', 'connstr', 'conn_str', 'passecret'];
const piece = fc.oneof(
  fc
    .constantFrom(...WORDS, ...MORE)
    .chain((w) => fc.constantFrom(w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1))),
  fc.constantFrom('=', ':', '"', "'", '\\', ' ', '\t', '\u00a0', '.', '-', '_', 'x', 'Z', '9', ';', ',', '/', 'ſ'),
  fc.integer({ min: 60, max: 100 }).map((n) => 'a'.repeat(n)),
  fc.integer({ min: 1, max: 12 }).map((n) => 'b.-'.repeat(n)),
);
const line = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));

describe('hasSecretNameBeforeAssignment', () => {
  it('says what the regex says on generated lines', () => {
    fc.assert(
      fc.property(line, (l) => {
        expect(hasSecretNameBeforeAssignment(l)).toBe(regexSays(l));
      }),
      { numRuns: 20_000 },
    );
  });

  it('says what the regex says at the 80-character bound', () => {
    for (const word of ['key', 'credential', 'conn_str']) {
      for (let n = 76; n <= 84; n++) {
        for (const tail of ['=', ' =', '"=', '\\"  :', '\\ =', '" \\=']) {
          const l = `x ${word}${'a'.repeat(n)}${tail}v`;
          expect(hasSecretNameBeforeAssignment(l), JSON.stringify(l)).toBe(regexSays(l));
        }
      }
    }
    expect(hasSecretNameBeforeAssignment(`key${'a'.repeat(80)}=`)).toBe(true);
    expect(hasSecretNameBeforeAssignment(`key${'a'.repeat(81)}=`)).toBe(false);
  });

  it('says what the regex says on every adversarial line, cut to 16 KiB', () => {
    for (const { label, build } of adversaries()) {
      const l = build(16_384);
      expect(hasSecretNameBeforeAssignment(l), label).toBe(regexSays(l));
    }
  });
});
