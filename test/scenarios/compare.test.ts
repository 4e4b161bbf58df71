// The scenario comparison itself: on a hand-made audit it reports each kind of gap, and nothing on a match.
import { describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import type { Finding, Incident, Priority } from '../../src/core/model/finding.ts';
import { compareScenario, ScenarioExpectation } from '../helpers/scenario.ts';

const finding = (
  ruleId: string,
  subject: string,
  priority: Priority,
  fingerprint = `fp:${ruleId}:${subject}`,
): Finding => ({
  ruleId,
  subject,
  priority,
  fingerprint,
  category: 'availability',
  title: `${ruleId} ${subject}`,
  explanation: '',
  fix: '',
  values: {},
  evidence: [{ file: 'x.txt', startLine: 1, endLine: 1 }],
  links: [],
  source: 'rule',
});
const audit = (findings: Finding[], incidents?: Incident[]) =>
  ({ findings, ...(incidents ? { incidents } : {}) }) as unknown as Audit;

const want = ScenarioExpectation.parse({
  scenario: 't',
  description: 'a consumer OOM-killed, an edge proxy',
  incidents: [
    {
      id: 'oom',
      summary: 'worker OOM-killed',
      cause: { ruleId: 'container/oom-killed', subject: 'container:worker', priority: 'P0' },
      symptoms: [{ ruleId: ['stream/consumer-group-lag', 'stream/consumers-not-reading'], subject: 'group:jobs' }],
    },
  ],
  findings: [{ ruleId: 'stream/consumer-group-lag', subject: 'group:slow', priority: ['P1', 'P2'] }],
  mustNotFlag: [{ subject: 'logs:edge', priority: ['P0', 'P1', 'P2'], why: 'scanner noise' }],
});

const oom = finding('container/oom-killed', 'container:worker', 'P0');
const lag = finding('stream/consumer-group-lag', 'stream:s/group:jobs', 'P0');
const slow = finding('stream/consumer-group-lag', 'stream:s/group:slow', 'P1');
const incident: Incident = {
  id: 'i1',
  title: 'worker OOM',
  priority: 'P0',
  cause: oom.fingerprint,
  symptoms: [lag.fingerprint],
  containers: ['worker'],
};

describe('compareScenario', () => {
  it('reports nothing when the audit meets the expectation (a P0 symptom folded under a P0 cause is fine)', () => {
    expect(
      compareScenario(
        audit([oom, lag, slow, finding('logs/http-error-burst', 'logs:edge/http:404', 'P3')], [incident]),
        want,
      ),
    ).toEqual([]);
  });

  it('reports a missing cause, a misprioritised finding, a must-not-flag hit, a duplicate and a stray P0', () => {
    const dup = finding('stream/consumer-group-lag', 'stream:s/group:slow', 'P0', slow.fingerprint);
    const got = compareScenario(
      audit([lag, slow, dup, finding('logs/http-error-burst', 'logs:edge/http:404', 'P2')], []),
      want,
    );
    const kinds = got.map((p) => p.kind);
    expect(kinds).toContain('cause');
    expect(kinds).toContain('must-not-flag');
    expect(kinds).toContain('duplicate');
    // The lag symptom may be P0 (its cause is); the slow group's P0 copy may not.
    expect(got.filter((p) => p.kind === 'p0').map((p) => p.message)).toEqual([
      'unexpected P0: P0 stream/consumer-group-lag stream:s/group:slow',
    ]);
    expect(got.find((p) => p.kind === 'cause')!.message).toMatch(
      /missing cause of incident oom: P0 container\/oom-killed/,
    );
  });

  it('reports a cause that is only a symptom of another incident, and a symptom not folded under it', () => {
    const other = finding('container/exited-nonzero', 'container:worker', 'P0');
    const wrong: Incident = { ...incident, cause: other.fingerprint, symptoms: [oom.fingerprint] };
    const got = compareScenario(audit([other, oom, lag, slow], [wrong]), want).map((p) => p.message);
    expect(got.some((m) => m.includes('is not the cause of any incident') && m.includes('symptom under'))).toBe(true);
  });

  it('accepts any priority of a range and reports one outside it', () => {
    const p3 = finding('stream/consumer-group-lag', 'stream:s/group:slow', 'P3');
    const got = compareScenario(audit([oom, lag, p3], [incident]), want);
    expect(got.map((p) => p.message)).toEqual([
      'misprioritised finding: want P1|P2, got P3 stream/consumer-group-lag stream:s/group:slow',
    ]);
  });

  it("checks the words a cause's headline must show, in its title or its quote", () => {
    const saying = ScenarioExpectation.parse({
      ...want,
      incidents: [{ ...want.incidents[0], cause: { ...want.incidents[0]!.cause, says: 'heap out of memory' } }],
    });
    const quoted: Finding = {
      ...oom,
      quote: { kind: 'last-error', text: 'FATAL heap out of memory', evidence: { file: 'l.txt', startLine: 9 } },
    };
    const meets = compareScenario(audit([quoted, lag, slow], [incident]), saying);
    expect(meets).toEqual([]);
    const silent = compareScenario(audit([oom, lag, slow], [incident]), saying).map((p) => p.message);
    expect(silent).toEqual([
      "incident oom: the headline of P0 container/oom-killed container:worker does not show 'heap out of memory' " +
        '(title: container/oom-killed container:worker; quote: none)',
    ]);
  });
});
