// The scenario lab (issue 11): bundles captured from real dockerd + Redis on this machine
// (test/fixtures/scenarios/<name>/bundle), each with the backlog an auditor wrote before evidex ran on it
// (expected.json). Each scenario is analyzed once, through the function API, and compared kind by kind, so a
// failure lists every missing, misprioritised or extra finding of that kind at once.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';
import { compareScenario, loadExpectation, type Problem, type ProblemKind } from '../helpers/scenario.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'scenarios');
const scenarios = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, d.name, 'expected.json')))
  .map((d) => d.name)
  .sort();

/** The bundle of a scenario: its one tarball when it ships as one, else the folder. */
function bundlePath(name: string): string {
  const dir = join(ROOT, name, 'bundle');
  const tarballs = readdirSync(dir).filter((f) => /\.(tar\.gz|tgz|tar)$/.test(f));
  return tarballs.length === 1 ? join(dir, tarballs[0]!) : dir;
}

const CHECKS: Array<[ProblemKind, string]> = [
  ['cause', "names each incident's cause at its priority, as the top finding of its incident"],
  ['symptom', "finds each incident's symptoms and folds them under the cause"],
  ['finding', 'raises each other expected finding at its priority'],
  ['must-not-flag', 'raises nothing the auditor ruled out'],
  ['duplicate', 'gives no two findings one fingerprint'],
  ['p0', 'raises P0 only for a business flow offline now (the expected P0s)'],
];

it('has at least five scenarios, each with an expectation', () => {
  expect(scenarios.length).toBeGreaterThanOrEqual(5);
});

describe.each(scenarios)('scenario %s', (name) => {
  const want = loadExpectation(join(ROOT, name, 'expected.json'));
  let problems: Problem[] = [];
  let audit: Audit;
  beforeAll(async () => {
    process.env.EVIDEX_REDACT_KEY = 'test-key';
    audit = (await analyzePath(bundlePath(name))).audit;
    problems = compareScenario(audit, want);
  });

  it('is the scenario its expectation describes', () => {
    expect(want.scenario).toBe(name);
    expect(audit.findings.length).toBeGreaterThan(0);
  });

  it.each(CHECKS)('%s: %s', (kind) => {
    expect(problems.filter((p) => p.kind === kind).map((p) => p.message)).toEqual([]);
  });
});
