// The redactor reads the line trigger on each line alone (redact.ts redactTextHits). Searched in the whole
// text instead, some of the trigger's matches start on a line and end on a later one (`\s` crosses line
// breaks: `password` then `=` two lines down, `1)` then `"token"` on the next line). Such a line is then
// no longer looked at more closely, which is right only if looking at it changes nothing: every line
// pattern reads one line, and what a line passes on to the next (a list element's carry, a CONFIG GET
// name, a PEM block's start) is read from that line alone. Checked on every text the tests hold, the
// adversarial lines and random texts built from the pieces those readings look for.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carryAfter } from '../../src/core/redact/elements.ts';
import { LINE_TRIGGER_IN_LINE, PEM_BEGIN, REDIS_SECRET_PARAM } from '../../src/core/redact/patterns.ts';
import { createRedactor } from '../../src/core/redact/redact.ts';
import { adversaries } from '../security/adversarial-fragments.ts';
import { triggeredAcrossLines } from './trigger-lines.ts';

/** Lines on which a match of the trigger searched in the whole text starts, though none is found on the line alone. */
function onlyAcrossLines(text: string): string[] {
  return triggeredAcrossLines(text)
    .map(({ line }) => line)
    .filter((line) => !LINE_TRIGGER_IN_LINE.test(line));
}

/** What redacting `line` would change or pass on, if anything: none of these may hold. */
function effects(line: string): string[] {
  const found: string[] = [];
  const bare = line.replace(/\r$/, '');
  if (createRedactor({ key: 'k' }).redactText(bare, 'f').text !== bare) found.push('redacted');
  if (carryAfter(bare) !== undefined) found.push('carry');
  if (REDIS_SECRET_PARAM.test(bare)) found.push('CONFIG GET name');
  if (PEM_BEGIN.test(bare)) found.push('PEM start');
  return found;
}

function textsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/\.(txt|json|log|md|ts|yaml|yml|out|raw)$/.test(e.name)) continue;
    out.push(readFileSync(join(e.parentPath, e.name), 'utf8'));
  }
  return out;
}

describe('the line trigger, read on each line alone', () => {
  it('finds a case of a match across lines (the test has something to check)', () => {
    expect(onlyAcrossLines('4) "x" 1)\n"password"\n')).toEqual(['4) "x" 1)']);
    // A line the trigger matches on its own is not among them.
    expect(onlyAcrossLines('db_password\n= hunter2\n')).toEqual([]);
  });

  it('passes over no line that looking at would change: fixtures, red-team texts, adversarial lines', () => {
    const root = join(import.meta.dirname, '..');
    const texts = [...textsUnder(join(root, 'fixtures')), ...textsUnder(join(root, 'security/red-team'))];
    texts.push(...adversaries().map((a) => a.build(4096)));
    expect(texts.length).toBeGreaterThan(500);
    const changed = texts.flatMap(onlyAcrossLines).filter((l) => effects(l).length > 0);
    expect(changed).toEqual([]);
  });

  it('passes over no line that looking at would change: random texts of names, operators, quotes and breaks', () => {
    const broad = fc.constantFrom(
      ...['password', 'token', 'api_key', 'session_id', 'requirepass', 'AUTH', 'auth', 'mysql', '--password'],
      ...['=', ':', ' ', '\n', '\r\n', '\t', '"', "'", '1)', '2) ', ')', '\\', 'x', 'hunter2', ',', '[', '{'],
      ...['-----BEGIN RSA PRIVATE KEY-----', 'redis-cli -a', 'Bearer ', '://u:p@h/', 'ghp_', 'secret'],
    );
    // What the trigger's matches across lines are made of: a list index at a line's end, a quoted name after it.
    const across = fc.constantFrom(')', '1)', ' ', '\n', '\r\n', '"', '"token', '"password"', '"-', 'key', 'x');
    const unit = fc.oneof({ arbitrary: across, weight: 3 }, { arbitrary: broad, weight: 1 });
    let seen = 0;
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
        const lines = onlyAcrossLines(parts.join(''));
        seen += lines.length;
        expect(lines.filter((l) => effects(l).length > 0)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    // The texts do hold lines whose trigger match only the lines after them complete.
    expect(seen).toBeGreaterThan(10);
  });
});
