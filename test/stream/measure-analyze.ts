// Child process for large-log.test.ts and manual checks:
//   npx node [--max-old-space-size=N] test/stream/measure-analyze.ts <bundle> [streamAbove]
// Reads and analyzes the bundle, then prints one JSON line: peak RSS (getrusage), sampled peak heap,
// the RSS before reading, and what the test checks of the result.
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { readBundle } from '../../src/node/read-bundle.ts';

const [path, streamAbove] = process.argv.slice(2);
if (!path) throw new Error('usage: measure-analyze.ts <bundle> [streamAbove]');
globalThis.gc?.();
const before = process.memoryUsage();
let peakHeap = before.heapUsed;
let peakExternal = before.external + before.arrayBuffers;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakExternal = Math.max(peakExternal, m.external + m.arrayBuffers);
}, 20);
const started = performance.now();
const bundle = await readBundle(path, {}, streamAbove === undefined ? {} : { streamAbove: Number(streamAbove) });
const { audit, evidence } = await analyzeBundle(bundle, { redactKey: 'measure' });
const ms = performance.now() - started;
clearInterval(timer);
const log = audit.logs[0];
console.log(
  JSON.stringify({
    ms: Math.round(ms),
    rssBeforeKiB: Math.round(before.rss / 1024),
    maxRssKiB: process.resourceUsage().maxRSS,
    heapBeforeKiB: Math.round(before.heapUsed / 1024),
    peakHeapKiB: Math.round(peakHeap / 1024),
    peakExternalKiB: Math.round(peakExternal / 1024),
    files: audit.files,
    issues: audit.evidenceIssues,
    redaction: audit.redaction,
    log: log && {
      container: log.container,
      lines: log.lines,
      levels: log.levels,
      errors: log.errors.length,
      evidence: log.evidence,
    },
    evidence: evidence.map((e) => ({
      path: e.path,
      kind: e.kind,
      chars: e.text.length,
      truncated: e.truncated,
      tail: e.text.slice(-120),
    })),
  }),
);
