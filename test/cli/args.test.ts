// Issue 13: typos must not pass CI gates. checkArgs is what every command runs before citty parses.
import { describe, expect, it } from 'vitest';
import type { ArgsDef } from 'citty';
import { checkArgs, suggest, usageLine } from '../../src/cli/args.ts';
import analyze, { argRules as analyzeRules } from '../../src/cli/commands/analyze.ts';
import diff, { argRules as diffRules } from '../../src/cli/commands/diff.ts';
import build, { argRules as buildRules } from '../../src/cli/commands/build.ts';
import redact from '../../src/cli/commands/redact.ts';
import rules from '../../src/cli/commands/rules.ts';
import schema from '../../src/cli/commands/schema.ts';
import { EvidexError } from '../../src/core/errors.ts';
import { evidex, SAMPLE } from './run-cli.ts';

const def = (c: { args?: unknown }) => (c.args ?? {}) as ArgsDef;
function rejection(run: () => void): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(EvidexError);
    expect((err as EvidexError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('strict arguments', () => {
  it('accepts what the help documents', () => {
    expect(() =>
      checkArgs(
        'analyze',
        def(analyze),
        ['b', '--fail-on', 'P1', '--json', '--no-redact', '--format=markdown'],
        analyzeRules,
      ),
    ).not.toThrow();
    expect(() => checkArgs('diff', def(diff), ['a', 'b', '--fail-on-new=P0', '--host', 'h'], diffRules)).not.toThrow();
    expect(() =>
      checkArgs('build', def(build), ['e1', 'e2.tgz', '--out', 'site', '--no-search'], buildRules),
    ).not.toThrow();
    expect(() =>
      checkArgs('redact', def(redact), ['b', '--out', 'o', '--force', '--obfuscate', '--mapping', 'm.json']),
    ).not.toThrow();
    expect(() => checkArgs('analyze', def(analyze), ['--', '--odd-bundle-name'], analyzeRules)).not.toThrow();
  });

  it('rejects unknown flags with a did-you-mean and the usage line', () => {
    const m = rejection(() => checkArgs('analyze', def(analyze), ['b', '--failon', 'P1'], analyzeRules));
    expect(m).toContain("unknown option '--failon' (did you mean --fail-on?)");
    expect(m).toContain('Usage: evidex analyze <bundle> [options]');
    expect(rejection(() => checkArgs('diff', def(diff), ['a', 'b', '--fail-new', 'P1'], diffRules))).toContain(
      'did you mean --fail-on-new?',
    );
    expect(rejection(() => checkArgs('rules', def(rules), ['--bogus']))).toMatch(/unknown option '--bogus'\n/);
    expect(rejection(() => checkArgs('schema', def(schema), ['-x']))).toContain("unknown option '-x'");
    expect(rejection(() => checkArgs('analyze', def(analyze), ['b', '--no-json=1'], analyzeRules))).toContain(
      'takes no value',
    );
  });

  it('rejects bad values, naming the allowed ones and the near miss', () => {
    expect(rejection(() => checkArgs('analyze', def(analyze), ['b', '--fail-on', 'p1'], analyzeRules))).toContain(
      "(got 'p1') (did you mean P1?)",
    );
    expect(rejection(() => checkArgs('analyze', def(analyze), ['b', '--format', 'jsn'], analyzeRules))).toContain(
      'did you mean json?',
    );
    expect(rejection(() => checkArgs('diff', def(diff), ['a', 'b', '--fail-on-new', 'P9'], diffRules))).toContain(
      'must be P0, P1, P2, P3',
    );
    expect(rejection(() => checkArgs('analyze', def(analyze), ['b', '--fail-on'], analyzeRules))).toContain(
      "option '--fail-on' needs a value",
    );
    expect(rejection(() => checkArgs('analyze', def(analyze), ['b', '--config', '--json'], analyzeRules))).toContain(
      'needs a value',
    );
  });

  it('rejects missing and extra positionals on every command', () => {
    expect(rejection(() => checkArgs('analyze', def(analyze), [], analyzeRules))).toContain('missing <bundle>');
    expect(rejection(() => checkArgs('analyze', def(analyze), ['a', 'b'], analyzeRules))).toContain(
      "unexpected argument 'b'",
    );
    expect(rejection(() => checkArgs('diff', def(diff), ['a'], diffRules))).toContain('missing <after>');
    expect(rejection(() => checkArgs('diff', def(diff), ['a', 'b', 'c'], diffRules))).toContain(
      "unexpected argument 'c'",
    );
    expect(rejection(() => checkArgs('build', def(build), ['--out', 'x'], buildRules))).toContain('missing <input>');
    expect(rejection(() => checkArgs('redact', def(redact), ['a', 'b']))).toContain("unexpected argument 'b'");
    expect(rejection(() => checkArgs('rules', def(rules), ['extra']))).toContain("unexpected argument 'extra'");
    expect(rejection(() => checkArgs('schema', def(schema), ['x', 'y']))).toContain("unexpected arguments 'x' 'y'");
  });

  it('suggests only near misses', () => {
    expect(suggest('anlyze', ['analyze', 'diff'])).toBe('analyze');
    expect(suggest('fail_on', ['fail-on', 'format'])).toBe('fail-on');
    expect(suggest('xyz', ['analyze', 'diff'])).toBeUndefined();
    expect(usageLine('build', def(build), buildRules)).toBe('evidex build <input...> [options]');
  });
});

describe('strict arguments, as a process', () => {
  it('a typo exits 2 before any work, with the usage line on stderr and nothing on stdout', () => {
    const r = evidex(['analyze', SAMPLE, '--failon', 'P1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^evidex: unknown option '--failon' \(did you mean --fail-on\?\)\nUsage: evidex analyze <bundle> \[options\]\n/,
    );
    const cmd = evidex(['anlyze', SAMPLE]);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain("unknown command 'anlyze' (did you mean analyze?)");
    expect(cmd.stderr).not.toContain('internal error');
  });

  it('a name that is no command, even an object key or a path, is an unknown command', () => {
    for (const name of ['constructor', 'toString', '__proto__', '../commands/rules', 'zod-config']) {
      const r = evidex([name]);
      expect(r.code, name).toBe(2);
      expect(r.stdout, name).toBe('');
      expect(r.stderr, name).toContain(`evidex: unknown command '${name}'`);
      expect(r.stderr, name).not.toContain('internal error');
    }
  });
});
