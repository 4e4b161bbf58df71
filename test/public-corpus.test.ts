// The public corpus: real outputs printed by other people's hosts and tool versions (test/fixtures/public,
// SOURCES.md says where each came from). Every file is read four ways, through the same entry point the
// analyzer uses for one file (parseFile: classify, then the parser, or `---` sections when nothing claims
// the whole file):
//   script     - under the name a capture script would give it (docker_ps.txt, redis_info_memory.txt …)
//   neutral    - as capture.txt, so only the content can say what it is
//   transcript - as the middle section of a three-command file joined with `---` lines
//   prompts    - the same three commands pasted from a terminal, each after its `$ command` prompt line
// For each way it checks the parser id and every fact listed in facts.json (written before evidex was run).
// Known misses are listed in EXPECTED_MISSES with their reason; a miss not listed fails, and so does a listed
// miss that no longer happens, so the list cannot go stale or hide a regression.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parsers } from '../src/core/parsers/index.ts';
import { parseFile } from '../src/core/run/parse-file.ts';

const ROOT = 'test/fixtures/public/';
type Facts = Record<string, { kind: string; facts: Record<string, unknown> }>;
const FACTS = JSON.parse(readFileSync(`${ROOT}facts.json`, 'utf8')) as Facts;

/** The name a capture script would give each kind's output (the sample bundle's names where it has one). */
const SCRIPT_NAME: Record<string, string> = {
  'docker-ps': 'docker_ps.txt',
  'docker-inspect': 'inspect_app.json',
  'docker-logs': 'logs_tail_app.txt',
  'docker-version': 'docker_version.txt',
  'compose-ls': 'compose_ls.txt',
  'docker-compose-ps': 'docker_compose_ps.txt',
  'redis-info': 'redis_info.txt',
  'redis-client-list': 'redis_client_list.txt',
  'redis-slowlog': 'redis_slowlog.txt',
  'redis-xinfo-groups': 'redis_groups_events.txt',
  'redis-xinfo-stream': 'redis_xinfo_stream_events.txt',
  'redis-xinfo-consumers': 'redis_consumers_events__workers.txt',
  'redis-xpending': 'redis_pending_events__workers.txt',
  'redis-xrange': 'redis_sample_events.txt',
  'redis-xlen': 'redis_xlen_events.txt',
  'redis-stream-keys': 'redis_stream_keys.txt',
  'http-health': 'http_health_api.txt',
  uname: 'uname.txt',
  'lsb-release': 'os_release.txt',
  uptime: 'uptime.txt',
  free: 'free.txt',
  df: 'df.txt',
};

/** Neighbours for the transcript: two other commands' real outputs around the file under test. */
const NEIGHBOURS: Record<string, [string, string]> = {
  default: ['uname/docker-desktop-linuxkit-6.10-uname-a.txt', 'uptime/procps-up-days-minutes.txt'],
  uname: ['free/procps-ng-3.3.9-free-m-debian-jessie.txt', 'uptime/procps-up-days-minutes.txt'],
  uptime: ['uname/docker-desktop-linuxkit-6.10-uname-a.txt', 'df/dokku-ubuntu-df-h.txt'],
};

type Mode = 'script' | 'neutral' | 'transcript' | 'prompts';
const MODES: Mode[] = ['script', 'neutral', 'transcript', 'prompts'];

/**
 * Misses that are known and not fixed, keyed `file|mode` (mode `*` = every mode), with the reason. Facts are
 * keyed `file|mode|fact`. Everything here is a real reading gap, not a disagreement about representation.
 */
const SUMMARIZER = 'docker-logs summary';
const GUNICORN = 'docker-logs/gunicorn-20.1-crlf-entrypoint-traceback.txt';
const PORTAINER = 'docker-logs/portainer-gunicorn-python3.13-traceback.txt';
const ORPHAN =
  `${SUMMARIZER}: counts the orphaned ModuleNotFoundError line (the tail of a traceback cut off above the ` +
  'capture) as a second error event; the fact counts only the [ERROR] line. A judgement call for the summarizer.';
const RABBIT = 'docker-logs/rabbitmq-3.11-management-docker-desktop-view-net-sup-start-error.txt';
const RABBIT_WHY =
  `${SUMMARIZER}: RabbitMQ 3.9+ repeats its timestamp, level and pid on every line of one multi-line report, so ` +
  'each line reads as its own event (10 events, 8 errors; the fact counts 2 records). Merging lines that repeat ' +
  'a header would also merge distinct events logged in the same millisecond by ordinary logs.';
const EXPECTED_MISSES: Record<string, string> = {
  // Recognised and parsed; the summary misses what the fact names.
  [`${GUNICORN}|*|levels.error`]: ORPHAN,
  [`${PORTAINER}|script|levels.error`]: ORPHAN,
  [`${PORTAINER}|neutral|levels.error`]: ORPHAN,
  [`${PORTAINER}|transcript|levels.error`]: ORPHAN,
  [`${PORTAINER}|prompts|levels.error`]: ORPHAN,
  // Not recognised.
  'docker-logs/uwsgi-2.0.18-banner-no-socket.txt|prompts':
    'docker-logs claims the whole pasted session: it does not split logs at $ prompts, since a log can quote ' +
    'prompts and splitting one leaked a planted password past redaction (see test/security/no-secret-anywhere)',
  'redis-stream-keys/redis-doc-cli-scan-head-10.txt|neutral':
    'a bare word list (key-419, key-71 …) says nothing about Redis without a file name; reading every word list ' +
    'as stream keys would misfile name lists',
  'redis-stream-keys/redis-doc-cli-scan-head-10.txt|transcript': 'as above (the transcript is system_context.txt)',
  'redis-stream-keys/redis-doc-cli-scan-pattern.txt|neutral': 'as above',
  'redis-stream-keys/redis-doc-cli-scan-pattern.txt|transcript': 'as above',
  'redis-stream-keys/redis-doc-cli-scan-head-10.txt|prompts': 'as above',
  'redis-stream-keys/redis-doc-cli-scan-pattern.txt|prompts': 'as above',
  'docker-logs/grafana-lvl-logfmt-docker-logs-tail-crit-ini-not-readable.txt|neutral':
    "two of its three lines are the Grafana entrypoint's plain sentences (`… is not readable.`); without a log's " +
    'file name a text that is two thirds prose is not read as a log',
  'docker-logs/grafana-lvl-logfmt-docker-logs-tail-crit-ini-not-readable.txt|transcript': 'as above',
  'docker-logs/grafana-lvl-logfmt-docker-logs-tail-crit-ini-not-readable.txt|prompts': 'as above',
  [`${RABBIT}|*|events`]: RABBIT_WHY,
  [`${RABBIT}|*|levels.notice`]: RABBIT_WHY,
  [`${RABBIT}|*|levels.error`]: RABBIT_WHY,
  'http-health/hasura-healthz-curl-text-ok.txt|neutral':
    'a bare `OK` body says nothing about health without a file name (a health or curl file name makes it one)',
  'http-health/hasura-healthz-curl-text-ok.txt|transcript': 'as above',
  'http-health/hasura-healthz-curl-text-ok.txt|prompts': 'as above (the prompt is `cat capture.txt`)',
  'redis-slowlog/redis-3.0-era-blog-2016-slowlog-empty-list-or-set.txt|neutral':
    'an empty reply, `(empty list or set)`, is what every list command prints when it has nothing to list; only a ' +
    'file name (or the command above it) says it was SLOWLOG GET',
  'redis-slowlog/redis-3.0-era-blog-2016-slowlog-empty-list-or-set.txt|transcript': 'as above',
  'redis-slowlog/redis-3.0-era-blog-2016-slowlog-empty-list-or-set.txt|prompts':
    'as above (the prompt is `cat capture.txt`)',
};

const read = (file: string) => readFileSync(`${ROOT}${file}`, 'utf8');

/** A dotted path into a parsed value; `length` of an array is its size. */
function at(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur)) cur = part === 'length' ? cur.length : cur[Number(part)];
    else if (typeof cur === 'object') cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface Outcome {
  recognised: boolean;
  kind: string;
  facts: Record<string, { ok: boolean; got: unknown }>;
}

function readAs(file: string, mode: Mode): Outcome {
  const { kind, facts } = FACTS[file]!;
  const text = read(file);
  let path: string;
  let content: string;
  let firstLine = 1;
  if (mode === 'transcript' || mode === 'prompts') {
    const [before, after] = NEIGHBOURS[kind] ?? NEIGHBOURS.default!;
    const marks = mode === 'transcript' ? ['', '---', '---'] : ['$ uname -a\n', '$ cat capture.txt', '$ uptime'];
    const [open, mid, close] = marks;
    const head = `${open}${read(before).replace(/\n?$/, '\n')}`;
    path = 'system_context.txt';
    content = `${head}${mid}\n${text.replace(/\n?$/, '\n')}${close}\n${read(after)}`;
    firstLine = head.split('\n').length + 1;
  } else {
    path = mode === 'script' ? SCRIPT_NAME[kind]! : 'capture.txt';
    content = text;
  }
  const result = parseFile(parsers, path, content);
  const piece = result.pieces.find((p) => p.parserId === kind && p.firstLine === firstLine);
  const got: Outcome['facts'] = {};
  for (const [name, want] of Object.entries(facts)) {
    const value = piece ? at(piece.value, name) : undefined;
    got[name] = { ok: piece !== undefined && same(value, want), got: value };
  }
  return { recognised: piece !== undefined, kind: result.kind, facts: got };
}

const tally = Object.fromEntries(MODES.map((m) => [m, { files: 0, recognised: 0, facts: 0, exact: 0 }]));
const misses: string[] = [];

describe('public corpus', () => {
  const files = Object.keys(FACTS).sort();

  it('has a script name for every kind and facts for every file', () => {
    expect(MODES).toHaveLength(4);
    expect(files.length).toBeGreaterThanOrEqual(100);
    for (const f of files) {
      expect(SCRIPT_NAME[FACTS[f]!.kind], f).toBeDefined();
      expect(Object.keys(FACTS[f]!.facts).length, f).toBeGreaterThan(0);
    }
  });

  for (const file of files) {
    it(`${file} is recognised and read exactly, four ways`, () => {
      const found: string[] = [];
      for (const mode of MODES) {
        const out = readAs(file, mode);
        const t = tally[mode]!;
        t.files++;
        if (out.recognised) t.recognised++;
        else found.push(`${file}|${mode}`);
        for (const [name, r] of Object.entries(out.facts)) {
          t.facts++;
          if (r.ok) t.exact++;
          else if (out.recognised) found.push(`${file}|${mode}|${name}`);
        }
        if (!out.recognised) misses.push(`${file} [${mode}]: read as ${out.kind}`);
        else {
          for (const [name, r] of Object.entries(out.facts)) {
            if (!r.ok) misses.push(`${file} [${mode}]: ${name} = ${JSON.stringify(r.got)}`);
          }
        }
      }
      const expected = Object.keys(EXPECTED_MISSES).filter((k) => k.startsWith(`${file}|`));
      const expand = (k: string) => (k.includes('|*') ? MODES.map((m) => k.replace('|*', `|${m}`)) : [k]);
      expect(found.sort()).toEqual(expected.flatMap(expand).sort());
    });
  }

  afterAll(() => {
    const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
    const lines = MODES.map((m) => {
      const t = tally[m]!;
      return (
        `${m.padEnd(10)} recognised ${t.recognised}/${t.files} (${pct(t.recognised, t.files)}), ` +
        `facts exact ${t.exact}/${t.facts} (${pct(t.exact, t.facts)})`
      );
    });
    const head = `public corpus (${files.length} files)\n${lines.join('\n')}`;
    console.log(`${head}\n${misses.length} misses (each listed in EXPECTED_MISSES):\n${misses.join('\n')}`);
  });
});
