// Issue 15, timeline: `evidex timeline` as a user runs it (real processes, real exit codes), and the
// text and Markdown formatters on hostile evidence strings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTimeline, formatTimelineMarkdown, formatTimelineText, Timeline } from '../../src/core/timeline/index.ts';
import { makeAudit, makeContainer, makeInspect } from '../helpers/audit-builder.ts';
import { evidex, SAMPLE } from '../cli/run-cli.ts';
import { checkArgs } from '../../src/cli/args.ts';
import timeline, { argRules } from '../../src/cli/commands/timeline.ts';
import { EvidexError } from '../../src/core/errors.ts';
import type { ArgsDef } from 'citty';

const def = (timeline.args ?? {}) as ArgsDef;

// Each case spawns the CLI as a user runs it; on a loaded machine one run takes seconds.
describe('evidex timeline', { timeout: 120_000 }, () => {
  let dir: string;
  let analysis: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidex-timeline-'));
    analysis = join(dir, 'analysis.json');
    const r = evidex(['analyze', SAMPLE, '--json']);
    expect(r.code).toBe(0);
    writeFileSync(analysis, r.stdout);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the text timeline of a bundle: the stall, the restarts, the capture last', () => {
    const r = evidex(['timeline', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Timeline · quantum-trader-2025-12-24 · captured 2025-12-24 04:56:41 UTC/);
    const lines = r.stdout.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const stall = at(/^2025-12-20 08:31:18\.937 +redis +group quantum:group:execution:trade\.intent/);
    const redis = at(/^2025-12-24 02:33:50\.468 +docker +quantum_redis restarted/);
    const backend = at(/^2025-12-24 04:49:54\.257 +docker +quantum_backend restarted \(T−6 min 48 s\)$/);
    const capture = at(/^2025-12-24 04:56:41\.856 +capture +Evidence captured/);
    expect([stall, redis, backend, capture].every((i) => i > 0)).toBe(true);
    expect(stall < redis && redis < backend && backend < capture).toBe(true);
    // The citation, then the incident the analyzer formed around the stall.
    expect(lines[stall + 1]!.trim()).toMatch(
      /^raw\/redis_groups_trade_intent\.txt:1-12 · incident incident-[0-9a-f]+ \(P0\)$/,
    );
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('reads an analysis.json written by analyze --json and prints JSON', () => {
    const fromFile = evidex(['timeline', analysis, '--json']);
    expect(fromFile.code).toBe(0);
    const t = Timeline.parse(JSON.parse(fromFile.stdout));
    expect(t.bundle.capturedAt).toBe('2025-12-24T04:56:41.856Z');
    expect(t.events.find((e) => e.kind === 'group-last-delivered')!.at).toBe('2025-12-20T08:31:18.937Z');
    expect(t.events.at(-1)!.kind).toBe('capture');
  });

  it('prints Markdown that renders to a table of the events', () => {
    const r = evidex(['timeline', analysis, '--format', 'markdown']);
    expect(r.code).toBe(0);
    const html = marked.parse(r.stdout, { async: false, gfm: true });
    expect(html).toContain('<table>');
    expect(html).toMatch(/<td>2025-12-20 08:31:18\.937<\/td>\s*<td>redis<\/td>/);
    expect(html).toContain('raw/redis_groups_trade_intent.txt:1-12');
  });

  it('rejects bad arguments strictly, naming the problem and the near miss', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /missing <input>/],
      [[SAMPLE, '--fromat', 'json'], /unknown option '--fromat' \(did you mean --format\?\)/],
      [[SAMPLE, '--format', 'yaml'], /option '--format' must be text, json, markdown, md/],
      [[SAMPLE, '--skew-tolerance'], /option '--skew-tolerance' needs a value/],
      [[SAMPLE, 'extra'], /unexpected argument 'extra'/],
    ];
    for (const [args, message] of cases) {
      let error: unknown;
      try {
        checkArgs('timeline', def, args, argRules);
      } catch (err) {
        error = err;
      }
      expect(error, args.join(' ')).toBeInstanceOf(EvidexError);
      expect((error as EvidexError).exitCode).toBe(2);
      expect((error as Error).message, args.join(' ')).toMatch(message);
    }
    expect(() => checkArgs('timeline', def, [SAMPLE, '--md'], argRules)).toThrow(/unknown option/);
    expect(() => checkArgs('timeline', def, [SAMPLE, '--format=md', '--skew-tolerance', '60'], argRules)).not.toThrow();
  });

  it('exits 2 on a file that is not an analysis, a bad tolerance, or a missing bundle', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"schemaVersion": 1');
    const cases: Array<[string[], RegExp]> = [
      [
        ['timeline', 'package.json'],
        /'package\.json' is not an analysis written by 'evidex analyze --json': schemaVersion/,
      ],
      [['timeline', broken], /is not an analysis written by 'evidex analyze --json': not JSON/],
      [['timeline', analysis, '--skew-tolerance', '5m'], /--skew-tolerance must be a whole number of seconds/],
      [['timeline', join(dir, 'missing')], /No folder or file at/],
    ];
    for (const [args, message] of cases) {
      const r = evidex(args);
      expect([r.code, r.stdout], args.join(' ')).toEqual([2, '']);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('has --help and a line in the top-level usage', () => {
    const help = evidex(['timeline', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--skew-tolerance');
    expect(evidex(['--help']).stdout).toMatch(/^ {2}timeline +Every timestamp in a bundle/m);
  });
});

describe('formatting hostile evidence', () => {
  const NAME = 'web\x1b]0;pwned\x07\x1b[2J<script>|x|</script>\u202e';
  const t = buildTimeline(
    makeAudit({
      bundle: { name: 'b', sha256: '0'.repeat(64), files: 1, bytes: 1, capturedAt: '2025-12-24T05:00:00Z' },
      containers: [
        makeContainer(NAME, {
          inspect: makeInspect(NAME, { createdAt: '2025-12-24T04:00:00Z', startedAt: '2025-12-24T04:00:01Z' }),
        }),
      ],
    }),
  );

  it('shows control characters escaped in the terminal text', () => {
    const text = formatTimelineText(t);
    expect(text).toContain('web\\x1b]0;pwned\\x07\\x1b[2J<script>|x|</script>\\u202e started');
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
  });

  it('escapes Markdown so a name cannot add markup, break the table or run script', () => {
    const md = formatTimelineMarkdown(t);
    const html = marked.parse(md, { async: false, gfm: true });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    // Every body row keeps its five cells.
    const rows = md.split('\n').filter((l) => l.startsWith('| 2025'));
    expect(rows.length).toBe(t.events.length);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
  });
});
