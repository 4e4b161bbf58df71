// Adversarial lines (issue 12): for every pattern the analysis runs on a line (redaction patterns,
// the docker-logs summarizer and the detectors that read log-like text, neutralisation), a 1 MiB
// line of that pattern's worst case (test/security/adversarial-fragments.ts, the fragments the
// linear-time test grows) is wrapped as a docker log in a bundle and analysed in process: analyzeBundle,
// then the outputs the CLI writes from it (--json, the terminal summary, the Markdown backlog,
// the neutralised evidence text). CPU seconds of this process (process.cpuUsage, each run after a full
// GC), best of up to `repeat` runs, against the same analysis of an ordinary 1 MiB log line run right before
// each of them (paired: a baseline measured once at the start drifts with the heap and the machine's load,
// and the table takes a minute); a fragment with line breaks is paired with ordinary text of the same lines
// (sameLines). Target: every adversarial line ≤ 2× its ordinary baseline.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  analyzeBundle,
  createBundle,
  formatBacklogMarkdown,
  formatSummary,
  neutralizeText,
} from '../src/core/index.ts';
import { countLines } from '../src/core/run/parse-file.ts';
import { nodePlatform } from '../src/node/platform.ts';
import { adversarialLine, adversaries } from '../test/security/adversarial-fragments.ts';
import { GENERATOR_LINES } from './generate.ts';

const MiB = 2 ** 20;
/** Every adversarial line's analysis time over the ordinary line's. */
export const ADVERSARIAL_BOUND = 2;

export interface AdversarialRow {
  family: string;
  /** The repeated fragment (JSON) or what the built line holds. */
  label: string;
  cpu: number;
  /** The ordinary line's CPU seconds, least of the runs paired with this line's. */
  ordinary: number;
  ratio: number;
  /** Lines of the fragment's text when it holds line breaks: the baseline is then ordinary text with those lines. */
  lines?: number;
}

export interface AdversarialResult {
  /** CPU seconds: one ordinary 1 MiB line, 1 MiB of ordinary lines, the bundle without its log. */
  ordinaryLine: number;
  ordinaryLines: number;
  empty: number;
  rows: AdversarialRow[];
  seconds: number;
}

const encoder = new TextEncoder();
setFlagsFromString('--expose-gc');
/** A full collection: each measured analysis starts from a collected heap, not with the last one's garbage. */
const collect = runInNewContext('gc') as () => void;

/** CPU seconds of one whole analysis of a bundle holding `log` as a docker log (no log: `undefined`). */
export async function analyseOnce(log: string | undefined): Promise<number> {
  const files = log === undefined ? [] : [{ path: 'raw/logs_tail_adversarial.txt', data: encoder.encode(log) }];
  const bundle = createBundle('adversarial', files, [], { stripTopLevel: false });
  collect();
  const start = process.cpuUsage();
  const { audit, evidence } = await analyzeBundle(bundle, { redactKey: 'bench', platform: nodePlatform });
  let out = JSON.stringify(audit).length;
  out += formatSummary(audit).length + formatBacklogMarkdown(audit).length;
  for (const e of evidence) out += neutralizeText(e.text).length;
  const used = process.cpuUsage(start);
  if (out === 0) throw new Error('no output');
  return (used.user + used.system) / 1e6;
}

/** Least CPU time of `runs` analyses. */
async function best(log: string | undefined, runs: number): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < runs; i++) least = Math.min(least, await analyseOnce(log));
  return least;
}

/** 1 MiB of ordinary log lines, each with a running `#n` suffix, as bench/generate.ts writes them. */
function ordinaryLines(): string {
  const lines: string[] = [];
  let chars = 0;
  for (let n = 0; chars < MiB; n++) {
    const line = `${GENERATOR_LINES[n % GENERATOR_LINES.length]} #${n}`;
    lines.push(line);
    chars += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** One ordinary 1 MiB log line: the generator's lines joined by spaces, once line break at its end. */
export const ordinaryLine = (): string => `${adversarialLine(`${GENERATOR_LINES.join(' ')} `, MiB)}\n`;

/**
 * `ordinary` with line breaks where `log` has them: the same lines, of the same lengths, holding ordinary text.
 * A fragment with a line break (`api_key\n`, a CONFIG GET reply) builds 1 MiB of short lines, whose cost is mostly
 * the per-line work every log pays; this is its baseline, so its ratio measures what its content costs.
 */
export function sameLines(log: string, ordinary: string): string {
  const text = ordinary.slice(0, -1);
  const body = log.endsWith('\n') ? log.slice(0, -1) : log;
  const take = (from: number, to: number) => {
    let out = '';
    for (let at = from; at < to;) {
      const i = at % text.length;
      const n = Math.min(to - at, text.length - i);
      out += text.slice(i, i + n);
      at += n;
    }
    return out;
  };
  const parts: string[] = [];
  let at = 0;
  for (let nl = body.indexOf('\n'); nl >= 0; nl = body.indexOf('\n', at)) {
    parts.push(take(at, nl), '\n');
    at = nl + 1;
  }
  parts.push(take(at, body.length), '\n');
  return parts.join('');
}

/**
 * Run the whole table. Baselines are the least of `repeat` + 2 runs; an adversarial line is run up
 * to `repeat` times (at least twice), each after a run of the ordinary line, stopping once it is
 * within the bound of the least ordinary run so far (more runs of it could only lower it).
 */
export async function adversarialBench(repeat = 3, only?: RegExp, progress = false): Promise<AdversarialResult> {
  const started = Date.now();
  // Warm-up: the first analyses compile the code paths every later one takes.
  await best(ordinaryLine(), 2);
  const baselineRuns = repeat + 2;
  const empty = await best(undefined, baselineRuns);
  const line = await best(ordinaryLine(), baselineRuns);
  const lines = await best(ordinaryLines(), baselineRuns);
  const rows: AdversarialRow[] = [];
  const ordinary = ordinaryLine();
  for (const { family, label, build } of adversaries()) {
    if (only && !only.test(label)) continue;
    const log = `${build(MiB)}\n`;
    const logLines = countLines(log);
    const baseline = logLines > 1 ? sameLines(log, ordinary) : ordinary;
    // Each run of the line follows a run of the ordinary line; least of each, stopping once within the bound
    // after two pairs at the least (one ordinary run slowed by a collection would make a lenient baseline).
    let cpu = Infinity;
    let base = Infinity;
    for (let i = 0; i < Math.max(2, repeat); i++) {
      base = Math.min(base, await analyseOnce(baseline));
      cpu = Math.min(cpu, await analyseOnce(log));
      if (i >= 1 && cpu <= base * ADVERSARIAL_BOUND) break;
    }
    rows.push({ family, label, cpu, ordinary: base, ratio: cpu / base, ...(logLines > 1 ? { lines: logLines } : {}) });
    if (progress) process.stderr.write(`${(cpu / base).toFixed(2)}× ${label.slice(0, 60)}\n`);
  }
  return { ordinaryLine: line, ordinaryLines: lines, empty, rows, seconds: (Date.now() - started) / 1000 };
}

const rowsWithLines = (r: AdversarialResult): number => r.rows.filter((x) => x.lines !== undefined).length;

/** A label as a Markdown table cell: JSON-escaped already (controls visible), cut, pipes and backticks safe. */
function cell(label: string): string {
  let s = label;
  if (s.length > 60) s = `${s.slice(0, 56)}…`;
  return `\`${s.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** The BENCHMARKS.md section: baselines, then every adversarial line's ratio to the ordinary line. */
export function adversarialMarkdown(r: AdversarialResult, repeat: number): string[] {
  const f3 = (n: number) => n.toFixed(3);
  const missed = r.rows.filter((x) => x.ratio > ADVERSARIAL_BOUND);
  const worst = [...r.rows].sort((a, b) => b.ratio - a.ratio)[0];
  const md = [
    `## Adversarial 1 MiB lines (issue 12; in process, best of up to ${repeat})`,
    '',
    'Each line repeats one fragment (test/security/adversarial-fragments.ts) to 1 MiB and is analysed as',
    'the only file of a bundle, `raw/logs_tail_adversarial.txt`: analyzeBundle (decode, SHA-256, detection,',
    'redaction, the log summary, rules), then `--json`, the terminal summary, the Markdown backlog and the',
    'neutralised evidence text. CPU seconds of the process, each analysis started from a collected heap (a full',
    'GC first, so no run pays for the garbage of the one before). Each run of a line follows a run of the ordinary',
    `line (paired), two to ${Math.max(2, repeat)} of each (more only while the line is over the bound), least of each`,
    'kept. A fragment holding a line break builds 1 MiB of short lines, not one line; its baseline is the ordinary',
    "line's text with line breaks at the same places (same lines, same lengths, ordinary content), so its ratio",
    `measures its content, not the per-line work every log pays (${rowsWithLines(r)} such fragments; the line count`,
    `stands beside their baseline). Target: ≤ ${ADVERSARIAL_BOUND}× the ordinary line.`,
    '',
    '| baseline | CPU s |',
    '|---|---|',
    `| one ordinary 1 MiB log line | ${f3(r.ordinaryLine)} |`,
    `| 1 MiB of ordinary log lines | ${f3(r.ordinaryLines)} ` +
      `(${(r.ordinaryLines / r.ordinaryLine).toFixed(2)}× the line) |`,
    `| the bundle without its log | ${f3(r.empty)} |`,
    '',
    `${r.rows.length} adversarial lines, ${r.rows.length - missed.length} within ${ADVERSARIAL_BOUND}×, ` +
      `${missed.length} over; worst ${worst ? `${worst.ratio.toFixed(2)}× (${cell(worst.label)})` : 'n/a'}. ` +
      `Table time ${r.seconds.toFixed(0)} s.`,
    '',
    '| family | line (fragment repeated to 1 MiB, or what it holds) | CPU s | ordinary line, paired | × it | ≤ 2× |',
    '|---|---|---|---|---|---|',
  ];
  for (const x of r.rows) {
    const ok = x.ratio <= ADVERSARIAL_BOUND ? 'met' : 'MISSED';
    const base = x.lines === undefined ? f3(x.ordinary) : `${f3(x.ordinary)} (same ${x.lines} lines)`;
    md.push(`| ${x.family} | ${cell(x.label)} | ${f3(x.cpu)} | ${base} | ${x.ratio.toFixed(2)} | ${ok} |`);
  }
  md.push('');
  return md;
}

/** `report` with its adversarial section replaced by `section` (or `section` put before the targets). */
export function withSection(report: string, section: string[]): string {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => l.startsWith('## Adversarial 1 MiB lines'));
  if (start >= 0) {
    let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
    if (end < 0) end = lines.length;
    lines.splice(start, end - start, ...section);
  } else {
    let at = lines.findIndex((l) => l.startsWith('## Targets'));
    if (at < 0) at = lines.length;
    lines.splice(at, 0, ...section);
  }
  return lines.join('\n');
}

// `node bench/adversarial.ts`: the table alone (BENCH_REPEAT runs, default 3), written into its
// section of BENCH_OUT (default BENCHMARKS.md) and printed; with a regex, only the lines whose label
// matches it, printed and not written (for work on one pattern).
if (import.meta.main) {
  const repeat = Math.max(1, Math.floor(Number(process.env['BENCH_REPEAT']) || 3));
  const only = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
  const result = await adversarialBench(repeat, only, true);
  const section = adversarialMarkdown(result, repeat);
  if (!only) {
    const out = process.env['BENCH_OUT'] ?? 'BENCHMARKS.md';
    writeFileSync(out, withSection(existsSync(out) ? readFileSync(out, 'utf8') : '# Benchmarks\n', section));
  }
  console.log(section.join('\n'));
  process.exitCode = result.rows.some((r) => r.ratio > ADVERSARIAL_BOUND) ? 1 : 0;
}
