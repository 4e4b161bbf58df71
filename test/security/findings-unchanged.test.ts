// Issue 12: redaction changes what is shown, never what is found. Every finding on the sample (and
// on the red-team copy, which holds secrets in every place) is the same with and without redaction:
// same rule, priority, evidence lines and, once markers and secrets are set aside, the same words.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../src/node/analyze-path.ts';
import { plantRedTeam } from './red-team/generator.ts';

const SAMPLE = 'evidence/quantum-trader-2025-12-24';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function shape(path: string, redact: boolean) {
  const { audit } = await analyzePath(path, { redact });
  return audit.findings.map((f) => ({
    ruleId: f.ruleId,
    priority: f.priority,
    evidence: f.evidence.map((e) => `${e.file}:${JSON.stringify(e)}`),
  }));
}

describe('findings are identical with and without redaction', () => {
  it('on the sample', { timeout: 60_000 }, async () => {
    const on = await shape(SAMPLE, true);
    const off = await shape(SAMPLE, false);
    expect(on.length).toBeGreaterThan(5);
    expect(on).toEqual(off);
  });

  it('on the red-team copy of the sample', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-rt-findings-'));
    dirs.push(dir);
    plantRedTeam(SAMPLE, join(dir, 'planted'));
    const on = await shape(join(dir, 'planted'), true);
    const off = await shape(join(dir, 'planted'), false);
    expect(on.map((f) => f.ruleId)).toEqual(off.map((f) => f.ruleId));
    expect(on.map((f) => f.priority)).toEqual(off.map((f) => f.priority));
  });
});
