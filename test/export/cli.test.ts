// The one CLI smoke test of `evidex export` (every format is tested as a function call elsewhere):
// a real process writes the JSON export, which validates against what `evidex schema` prints; the
// exit code follows --fail-on; a PDF without Chromium fails with exit code 2 naming what is missing;
// nothing is written on failure.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { evidex, SAMPLE } from '../cli/run-cli.ts';
import { auditValidator } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'evidex-export-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('evidex export writes a schema-valid JSON export, exits by --fail-on, and names a missing Chromium (exit 2)', () => {
  const out = join(tmp, 'audit.json');
  const run = evidex(['export', SAMPLE, '--format', 'json', '--out', out, '--fail-on', 'P0']);
  expect(run.stderr).not.toMatch(/internal error/);
  expect(run.code).toBe(1); // the sample has P0 findings
  const schema = evidex(['schema']);
  expect(schema.code).toBe(0);
  const validate = auditValidator(JSON.parse(schema.stdout) as Record<string, unknown>);
  expect(validate(JSON.parse(readFileSync(out, 'utf8')))).toBe(true);

  const pdf = join(tmp, 'report.pdf');
  const missing = evidex(['export', out, '--format', 'pdf', '--out', pdf], {
    env: { EVIDEX_CHROMIUM: join(tmp, 'no-such-chromium') },
  });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(
    /--format pdf prints through headless Chromium, and EVIDEX_CHROMIUM points at '.*no-such-chromium'/,
  );
  expect(existsSync(pdf)).toBe(false);
}, 120_000);
