// The docker-logs summarizer alone, in one process: the regex version kept as the test reference
// against the current one, on the same generated lines, alternating runs; CPU seconds of this process.
import { createLogSummarizer } from '../src/core/parsers/docker-logs.ts';
import { createLogSummarizer as createReference } from '../test/parsers/reference/docker-logs-regex.ts';
import { GENERATOR_LINES } from './generate.ts';

export interface SummarizerPair {
  mib: number;
  before: number;
  after: number;
  identical: boolean;
}

export function summarizerPair(mib: number, repeat: number): SummarizerPair {
  const lines: string[] = [];
  let chars = 0;
  for (let n = 0; chars < mib * 2 ** 20; n++) {
    const line = `${GENERATOR_LINES[n % GENERATOR_LINES.length]} #${n}`;
    lines.push(line);
    chars += line.length + 1;
  }
  const run = (create: typeof createLogSummarizer) => {
    const start = process.cpuUsage();
    const s = create({ file: 'raw/logs_tail_bench.txt', firstLine: 1 }, 'bench');
    for (const line of lines) s.add(line);
    const out = JSON.stringify([s.finish(), s.issues]);
    const used = process.cpuUsage(start);
    return { cpu: (used.user + used.system) / 1e6, out };
  };
  let before = Infinity;
  let after = Infinity;
  let identical = true;
  for (let i = 0; i < repeat; i++) {
    const a = run(createReference);
    const b = run(createLogSummarizer);
    before = Math.min(before, a.cpu);
    after = Math.min(after, b.cpu);
    if (a.out !== b.out) identical = false;
  }
  return { mib: chars / 2 ** 20, before, after, identical };
}
