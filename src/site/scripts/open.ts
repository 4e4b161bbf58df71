// The /open/ page: read a dropped tarball or a picked folder, hand its bytes to the analyzer worker,
// and render the report from the Audit it returns. Every evidence-derived string reaches the page as
// text (textContent, text nodes, attribute values we build); no HTML is ever made from evidence.
// Mermaid draws the flow from the core's escaped Mermaid text with securityLevel 'strict'.
import {
  PRIORITIES,
  clientCount,
  createFlowGraph,
  diffAudits,
  formatBytes,
  formatDuration,
  formatTime,
  getEdgeProvenance,
  getHostKey,
  getLagThreshold,
  isGroupLagging,
  quoteLabel,
  toMermaid,
  type Analysis,
  type Audit,
  type AuditDiff,
  type EvidenceRef,
  type Finding,
  type FlowGraph,
  type Priority,
} from '../../core/index.ts';
import { overviewBanner } from '../lib/banner.ts';
import { loadMermaid, prefersDark } from './mermaid.ts';
import type { OpenRequest, OpenResponse } from './open-worker.ts';

interface Report {
  analysis: Analysis;
  ms: number;
  /** evidence path → its lines, split on first use */
  lines: Map<string, string[]>;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
const drop = $<HTMLElement>('open-drop');
const report = $<HTMLElement>('open-report');
const progress = $<HTMLElement>('open-progress');
const bar = $<HTMLProgressElement>('open-progress-bar');
const statusLine = $<HTMLElement>('open-status');
const errorLine = $<HTMLElement>('open-error');
const fileInput = $<HTMLInputElement>('open-file');
const folderInput = $<HTMLInputElement>('open-folder');

/** One redaction key per page visit: equal secrets match between two drops, but not across visits. */
const redactKey = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
const reports: Report[] = [];
let worker: Worker | undefined;
let busy = false;
let diagrams = 0;

type Child = Node | string | number | false | null | undefined;
/** An element with attributes and children; strings become text nodes, never markup. */
function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) {
    if (c === false || c === null || c === undefined) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
  return el;
}

/**
 * A finding's prose (Markdown with `code` spans, as the CLI's Markdown export writes it) as text nodes
 * and <code> elements: the backticks become elements, everything else stays text.
 */
function prose(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  for (const [i, part] of text.split(/`([^`\n]+)`/).entries()) {
    if (part === '') continue;
    out.append(i % 2 === 1 ? h('code', {}, part) : part.replace(/\*\*([^*\n]+)\*\*/g, '$1'));
  }
  return out;
}

const prio = (p: Priority) => h('span', { class: `prio prio-${p}` }, p);

if (drop && report) {
  document.getElementById('open-needs-js')?.remove();
  drop.hidden = false;
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    if (e.dataTransfer) void fromDataTransfer(e.dataTransfer);
  });
  fileInput?.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) void openTarball(file);
    fileInput.value = '';
  });
  folderInput?.addEventListener('change', () => {
    const files = [...(folderInput.files ?? [])];
    if (files.length > 0) void openFolder(files.map((f) => ({ path: f.webkitRelativePath || f.name, file: f })));
    folderInput.value = '';
  });
  window.addEventListener('hashchange', showFileFromHash);
}

/** A drop: a tarball, or a folder (read through the entries API). */
async function fromDataTransfer(dt: DataTransfer): Promise<void> {
  const entry = [...dt.items].map((i) => i.webkitGetAsEntry?.()).find((e) => e);
  if (entry?.isDirectory) {
    const files: Array<{ path: string; file: File }> = [];
    await walkEntry(entry as FileSystemDirectoryEntry, entry.name, files);
    return openFolder(files);
  }
  const file = dt.files[0];
  if (file) return openTarball(file);
}

async function walkEntry(
  dir: FileSystemDirectoryEntry,
  prefix: string,
  out: Array<{ path: string; file: File }>,
): Promise<void> {
  const reader = dir.createReader();
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((done, fail) => reader.readEntries(done, fail));
    if (batch.length === 0) return;
    for (const e of batch) {
      const path = `${prefix}/${e.name}`;
      if (e.isDirectory) await walkEntry(e as FileSystemDirectoryEntry, path, out);
      else if (e.isFile)
        out.push({ path, file: await new Promise<File>((done, fail) => (e as FileSystemFileEntry).file(done, fail)) });
    }
  }
}

async function openTarball(file: File): Promise<void> {
  if (!/\.(tar|tar\.gz|tgz)$/i.test(file.name)) {
    return showError(`'${file.name}' is not a .tar, .tar.gz or .tgz file. Drop a bundle tarball or pick its folder.`);
  }
  const bytes = await file.arrayBuffer();
  run({ type: 'tarball', fileName: file.name, bytes, redactKey }, [bytes]);
}

async function openFolder(files: Array<{ path: string; file: File }>): Promise<void> {
  const read = await Promise.all(files.map(async (f) => ({ path: f.path, bytes: await f.file.arrayBuffer() })));
  run(
    { type: 'folder', files: read, redactKey },
    read.map((f) => f.bytes),
  );
}

function run(req: OpenRequest, transfer: Transferable[]): void {
  if (busy) return showError('A bundle is still being analyzed; drop the next one when it is done.');
  busy = true;
  if (errorLine) errorLine.hidden = true;
  worker ??= new Worker(new URL('./open-worker.ts', import.meta.url), { type: 'module' });
  if (progress) progress.hidden = false;
  worker.onmessage = (e: MessageEvent<OpenResponse>) => {
    const m = e.data;
    if (m.type === 'status') {
      if (bar) {
        if (m.phase === 'reading') bar.removeAttribute('value');
        else bar.value = m.total > 0 ? m.done / m.total : 1;
      }
      if (statusLine)
        statusLine.textContent =
          m.phase === 'reading' ? 'Reading the bundle…' : `Analyzing ${m.done} of ${m.total} files…`;
    } else if (m.type === 'error') {
      busy = false;
      if (progress) progress.hidden = true;
      showError(`The bundle could not be analyzed: ${m.message}`);
    } else {
      busy = false;
      if (bar) bar.value = 1;
      if (statusLine) statusLine.textContent = `Analyzed ${m.analysis.audit.bundle.files} files in ${m.ms} ms.`;
      progress?.setAttribute('data-ms', String(m.ms));
      reports.push({ analysis: m.analysis, ms: m.ms, lines: new Map() });
      void render();
    }
  };
  worker.onerror = (e) => {
    busy = false;
    showError(`The analyzer stopped: ${e.message || 'unknown error'}.`);
  };
  worker.postMessage(req, transfer);
}

function showError(message: string): void {
  if (!errorLine) return;
  errorLine.textContent = message;
  errorLine.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Rendering

const current = () => reports[reports.length - 1]!;
const hostName = (a: Audit) => a.host.hostname ?? a.bundle.name;

async function render(): Promise<void> {
  if (!report) return;
  const r = current();
  const { audit } = r.analysis;
  const previous = [...reports.slice(0, -1)]
    .reverse()
    .find(
      (p) =>
        getHostKey(p.analysis.audit) === getHostKey(audit) && p.analysis.audit.bundle.sha256 !== audit.bundle.sha256,
    );
  const views: Array<[string, string]> = [
    ['open-overview', 'Overview'],
    ['open-backlog', 'Backlog'],
    ['open-flow', 'Event flow'],
    ['open-containers', 'Containers'],
    ['open-redis', 'Redis'],
    ['open-evidence', 'Evidence'],
  ];
  if (previous) views.unshift(['open-diff', 'Changes']);
  const save = h('button', { type: 'button', class: 'btn', id: 'open-save' }, 'Save analysis JSON');
  save.addEventListener('click', () => saveJson(audit));
  report.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'open-title', id: 'open-summary' },
      h('h2', { id: 'open-title', class: 'break' }, hostName(audit)),
      h(
        'p',
        { class: 'muted' },
        `Bundle `,
        h('code', { class: 'break' }, audit.bundle.name),
        ` · captured ${formatTime(audit.bundle.capturedAt)} · ${audit.bundle.files} files · ` +
          `analyzed in your browser in ${r.ms} ms`,
      ),
      h(
        'div',
        { class: 'open-actions' },
        save,
        reports.length > 1 && h('span', { class: 'muted' }, `${reports.length} bundles opened this visit`),
      ),
      h(
        'nav',
        { class: 'open-views', 'aria-label': 'Report views' },
        ...views.map(([id, label]) => h('a', { href: `#${id}` }, label)),
      ),
    ),
    ...(previous ? [renderDiff(diffFor(previous.analysis.audit, audit))] : []),
    renderOverview(audit),
    renderBacklog(r),
    renderFlowSection(audit),
    renderContainers(audit),
    renderRedis(audit),
    renderEvidence(r),
  );
  await drawFlow(audit);
}

/** Older capture first, whichever was dropped first. */
function diffFor(a: Audit, b: Audit): AuditDiff {
  const [before, after] = (a.bundle.capturedAt ?? '') <= (b.bundle.capturedAt ?? '') ? [a, b] : [b, a];
  return diffAudits(before, after);
}

function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { id, class: 'open-section', 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, title),
    ...children,
  );
}

function counts(findings: readonly Finding[]): HTMLElement {
  const n: Record<Priority, number> = { P0: 0, P1: 0, P2: 0, P3: 0 };
  for (const f of findings) if (!f.accepted) n[f.priority]++;
  return h(
    'ul',
    { class: 'counts', 'aria-label': 'Findings by priority' },
    ...PRIORITIES.map((p) =>
      h('li', { class: `count-${p}${n[p] > 0 ? ' nonzero' : ''}` }, h('span', { class: 'n' }, n[p]), ` ${p}`),
    ),
  );
}

function renderOverview(audit: Audit): HTMLElement {
  const open = audit.findings.filter((f) => !f.accepted);
  const banner = overviewBanner(open, 'finding');
  const host = audit.host;
  const mem = host.memory;
  const worstDisk = [...host.disks].sort((x, y) => y.usePercent - x.usePercent)[0];
  const lagging = audit.redis.streams.flatMap((s) =>
    s.groups.filter((g) => isGroupLagging(audit, s, g)).map((g) => ({ s, g })),
  );
  const tile = (title: string, big: string | undefined, detail: string) =>
    h(
      'div',
      { class: 'tile' },
      h('h3', {}, title),
      big === undefined ? h('div', { class: 'muted' }, 'not captured') : h('div', { class: 'big' }, big),
      h('div', { class: 'muted break' }, detail),
    );
  return section(
    'open-overview',
    'Overview',
    banner
      ? h(
          'div',
          { class: `alert-${banner.tone}` },
          h('h3', {}, banner.heading),
          h(
            'ol',
            {},
            ...banner.items.map((f) =>
              h(
                'li',
                {},
                h('a', { class: 'title break', href: `#${findingAnchor(f)}` }, f.title),
                quoteEl(f),
                h('div', { class: 'break' }, 'Fix: ', prose(f.fix)),
              ),
            ),
          ),
        )
      : h('p', { class: 'alert-ok' }, 'No P0 or P1 findings in this capture.'),
    counts(audit.findings),
    h(
      'div',
      { class: 'tiles' },
      tile(
        'Memory',
        mem && mem.totalBytes > 0 ? `${Math.round((mem.usedBytes / mem.totalBytes) * 100)}% used` : undefined,
        mem ? `${formatBytes(mem.usedBytes)} of ${formatBytes(mem.totalBytes)}` : '',
      ),
      tile(
        'Disk',
        worstDisk ? `${worstDisk.usePercent}% ${worstDisk.mount}` : undefined,
        worstDisk ? `${formatBytes(worstDisk.availBytes)} free of ${formatBytes(worstDisk.sizeBytes)}` : '',
      ),
      tile(
        'Load',
        host.load ? host.load[0].toFixed(2) : undefined,
        host.load ? `1/5/15 min: ${host.load.map((l) => l.toFixed(2)).join(' / ')}` : '',
      ),
      tile(
        'Uptime',
        host.uptimeSeconds !== undefined ? formatDuration(host.uptimeSeconds) : undefined,
        [host.os, host.kernel, host.arch].filter(Boolean).join(' · '),
      ),
    ),
    h(
      'ul',
      { class: 'counts' },
      h('li', {}, h('span', { class: 'n' }, audit.containers.length), ' containers'),
      h(
        'li',
        {},
        h(
          'span',
          { class: 'n' },
          audit.containers.filter((c) => c.state !== 'running' || c.health === 'unhealthy').length,
        ),
        ' not running or unhealthy',
      ),
      h('li', {}, h('span', { class: 'n' }, audit.redis.streams.length), ' streams'),
      h('li', {}, h('span', { class: 'n' }, lagging.length), ' lagging groups'),
      h('li', {}, h('span', { class: 'n' }, audit.evidenceIssues.length), ' evidence issues'),
    ),
  );
}

const findingAnchor = (f: Finding) => `open-f-${f.fingerprint.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function renderBacklog(r: Report): HTMLElement {
  const { audit } = r.analysis;
  const heading = { P0: 'P0 — act now', P1: 'P1 — this week', P2: 'P2 — plan', P3: 'P3 — hygiene' } as const;
  return section(
    'open-backlog',
    'Backlog',
    audit.findings.length === 0 && h('p', { class: 'alert-ok' }, 'No findings.'),
    ...PRIORITIES.map((p) => {
      const group = audit.findings.filter((f) => f.priority === p);
      if (group.length === 0) return null;
      return h(
        'div',
        { class: 'prio-group', 'data-priority': p },
        h(
          'h3',
          { class: `group-heading ${p}` },
          prio(p),
          ` ${heading[p]} `,
          h('span', { class: 'muted' }, `(${group.length})`),
        ),
        ...group.map((f) => renderFinding(r, f)),
      );
    }),
  );
}

function renderFinding(r: Report, f: Finding): HTMLElement {
  const values = Object.entries(f.values);
  return h(
    'article',
    { class: `finding ${f.priority}`, id: findingAnchor(f), 'data-priority': f.priority, 'data-rule': f.ruleId },
    h('h4', {}, prio(f.priority), ' ', h('span', { class: 'break' }, f.title)),
    quoteEl(f),
    h(
      'p',
      { class: 'meta' },
      `${f.category} · ${f.ruleId} · subject `,
      h('code', { class: 'break' }, f.subject),
      f.accepted && ` · accepted: ${f.accepted.reason}`,
    ),
    h(
      'dl',
      {},
      values.length > 0 && h('dt', {}, 'Values'),
      values.length > 0 &&
        h(
          'dd',
          {},
          h(
            'ul',
            { class: 'kv' },
            ...values.map(([k, v]) =>
              h('li', {}, h('span', { class: 'k' }, k), ' ', h('code', { class: 'break' }, String(v))),
            ),
          ),
        ),
      h('dt', {}, 'Why'),
      h('dd', { class: 'break' }, prose(f.explanation)),
      h('dt', {}, 'Fix'),
      h('dd', { class: 'fix break' }, prose(f.fix)),
      h('dt', {}, 'Evidence'),
      h(
        'dd',
        {},
        ...f.evidence.slice(0, 6).map((ref) => renderRef(r, ref)),
        f.evidence.length > 6 && h('p', { class: 'muted' }, `and ${f.evidence.length - 6} more`),
      ),
    ),
  );
}

const refLabel = (ref: EvidenceRef) => {
  const end = ref.endLine && ref.endLine !== ref.startLine ? `-${ref.endLine}` : '';
  const lines = ref.startLine ? `:${ref.startLine}${end}` : '';
  return `${ref.file}${lines}${ref.pointer ? ` ${ref.pointer}` : ''}`;
};

/** What the finding's subject last said (Finding.quote), with a link to its line; nothing when it has none. */
const quoteEl = (f: Finding): HTMLElement | undefined =>
  f.quote &&
  h(
    'p',
    { class: 'quote' },
    h('span', { class: 'quote-label' }, quoteLabel(f.quote)),
    ' ',
    h(
      'a',
      { class: 'mono evidence-link', href: fileHash(f.quote.evidence.file, f.quote.evidence.startLine) },
      refLabel(f.quote.evidence),
    ),
    h('code', { class: 'quote-text break' }, f.quote.text),
  );

const fileHash = (file: string, start?: number, end?: number) =>
  `#ev=${encodeURIComponent(file)}${start ? `&L=${start}${end && end !== start ? `-${end}` : ''}` : ''}`;

/** An evidence link into the dropped file, and the cited lines themselves. */
function renderRef(r: Report, ref: EvidenceRef): HTMLElement {
  const link = h(
    'a',
    { class: 'mono evidence-link break', href: fileHash(ref.file, ref.startLine, ref.endLine) },
    refLabel(ref),
  );
  const lines = linesOf(r, ref.file);
  // A JSON pointer into a long document (docker inspect) cites the whole object: its first lines say nothing.
  const span = (ref.endLine ?? ref.startLine ?? 0) - (ref.startLine ?? 0);
  if (!ref.startLine || !lines || (ref.pointer && span > 8)) return h('div', {}, link);
  const end = Math.min(ref.endLine ?? ref.startLine, ref.startLine + 7);
  const cited = h('div', { class: 'code open-cited' });
  for (let n = ref.startLine; n <= end && n <= lines.length; n++)
    cited.append(lineEl(n, lines[n - 1] ?? '', ref.file, false));
  if ((ref.endLine ?? ref.startLine) > end)
    cited.append(
      h(
        'div',
        { class: 'line muted' },
        h('span', { class: 'ln' }, '…'),
        h('span', { class: 'tx' }, `${(ref.endLine ?? 0) - end} more lines`),
      ),
    );
  return h('div', {}, link, cited);
}

function lineEl(n: number, text: string, file: string, withId: boolean): HTMLElement {
  return h(
    'div',
    { class: 'line', ...(withId ? { id: `open-L${n}` } : {}) },
    h('a', { class: 'ln', href: fileHash(file, n), 'aria-label': `Line ${n}` }, n),
    h('span', { class: 'tx' }, text),
  );
}

function linesOf(r: Report, file: string): string[] | undefined {
  const cached = r.lines.get(file);
  if (cached) return cached;
  const text = r.analysis.evidence.find((e) => e.path === file)?.text;
  if (text === undefined) return undefined;
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  r.lines.set(file, lines);
  return lines;
}

function flowGraph(audit: Audit): FlowGraph {
  return createFlowGraph(audit, {
    lagThreshold: getLagThreshold(audit),
    isLagging: (s, g) => isGroupLagging(audit, s, g),
  });
}

function renderFlowSection(audit: Audit): HTMLElement {
  const graph = flowGraph(audit);
  const name = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const lagging = graph.edges.filter((e) => e.lagging && e.kind === 'deliver');
  return section(
    'open-flow',
    'Event flow',
    h(
      'p',
      { class: 'legend' },
      h('span', {}, 'producers → streams → consumer groups → consumers'),
      h('span', { class: 'lag' }, `red: lagging path (group lag ≥ ${graph.lagThreshold})`),
    ),
    lagging.length > 0 &&
      h(
        'p',
        { class: 'alert-p0', id: 'open-flow-lag' },
        ...lagging.map((e) =>
          h(
            'span',
            { class: 'mono break' },
            `${name.get(e.from) ?? e.from} → ${name.get(e.to) ?? e.to}: `,
            h('strong', {}, `lag ${e.lag}`),
            `, pending ${e.pending}. `,
          ),
        ),
      ),
    graph.nodes.length === 0
      ? h(
          'p',
          { class: 'muted' },
          'The bundle holds no Redis stream, consumer group or stream client captures, so there is no flow to draw.',
        )
      : h(
          'div',
          { class: 'flow-diagram', id: 'open-flow-diagram', role: 'img', 'aria-label': 'Event flow diagram' },
          h('p', { class: 'muted' }, 'Rendering diagram…'),
        ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'open-flow-edges' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', {}, 'From'), h('th', {}, 'To'), h('th', {}, 'Label'), h('th', {}, 'Found by')),
        ),
        h(
          'tbody',
          {},
          ...graph.edges.map((e) =>
            h(
              'tr',
              { class: e.lagging ? 'state-bad' : '' },
              h('td', { class: 'mono break' }, name.get(e.from) ?? e.from),
              h('td', { class: 'mono break' }, name.get(e.to) ?? e.to),
              h('td', { class: 'nowrap' }, e.label ?? ''),
              h('td', { class: 'break' }, getEdgeProvenance(e).text),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * Mermaid's SVG goes in through an inert DOMParser document, never innerHTML: the labels inside were
 * escaped by the core's toMermaid and sanitized by Mermaid's strict mode, and the CSP allows no
 * inline script or handler either way.
 */
async function drawFlow(audit: Audit): Promise<void> {
  const target = document.getElementById('open-flow-diagram');
  if (!target) return;
  try {
    const mermaid = await loadMermaid({
      ...(prefersDark() ? { themeVariables: { edgeLabelBackground: '#1b1e23' } } : {}),
      flowchart: { htmlLabels: true, useMaxWidth: true },
      maxTextSize: 200_000,
    });
    const { svg } = await mermaid.render(`open-flow-svg-${++diagrams}`, toMermaid(flowGraph(audit)));
    const doc = new DOMParser().parseFromString(svg, 'text/html');
    const node = doc.querySelector('svg');
    if (!node) throw new Error('Mermaid returned no SVG');
    target.replaceChildren(document.importNode(node, true));
    target.dataset['rendered'] = 'true';
  } catch (err) {
    target.replaceChildren(
      h(
        'p',
        { class: 'muted' },
        'The diagram could not be rendered: ' +
          `${err instanceof Error ? err.message : String(err)}. The edges are listed below.`,
      ),
    );
    target.dataset['rendered'] = 'error';
  }
}

function table(id: string, head: string[], rows: Child[][]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id },
      h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))),
      h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => h('td', { class: 'break' }, c))))),
    ),
  );
}

function renderContainers(audit: Audit): HTMLElement {
  return section(
    'open-containers',
    `Containers (${audit.containers.length})`,
    audit.containers.length === 0
      ? h('p', { class: 'muted' }, 'No container captures in this bundle.')
      : table(
          'open-containers-table',
          ['Container', 'Image', 'State', 'Restarts', 'Status'],
          audit.containers.map((c) => [
            h('span', { class: 'mono' }, c.name),
            c.image ?? '',
            h(
              'span',
              { class: `state ${c.state === 'running' && c.health !== 'unhealthy' ? 'state-ok' : 'state-bad'}` },
              `${c.state}${c.health !== 'none' ? ` · ${c.health}` : ''}`,
            ),
            c.inspect ? String(c.inspect.restartCount) : '—',
            c.status ?? '',
          ]),
        ),
  );
}

function renderRedis(audit: Audit): HTMLElement {
  const { redis } = audit;
  return section(
    'open-redis',
    'Redis',
    h(
      'ul',
      { class: 'counts' },
      redis.version && h('li', {}, 'version ', h('span', { class: 'n' }, redis.version)),
      redis.memory &&
        h(
          'li',
          {},
          'memory ',
          h('span', { class: 'n' }, formatBytes(redis.memory.usedBytes)),
          redis.memory.maxmemoryBytes > 0 ? ` of ${formatBytes(redis.memory.maxmemoryBytes)}` : ' (no maxmemory)',
        ),
      h('li', {}, h('span', { class: 'n' }, clientCount(redis)), ' clients'),
    ),
    redis.streams.length === 0
      ? h('p', { class: 'muted' }, 'No stream captures in this bundle.')
      : table(
          'open-streams',
          ['Stream', 'Length', 'Group', 'Lag', 'Pending', 'Consumers'],
          redis.streams.flatMap((s) =>
            (s.groups.length > 0 ? s.groups : [undefined]).map((g) => [
              h('span', { class: 'mono' }, s.key),
              s.length === undefined ? '—' : String(s.length),
              g ? h('span', { class: 'mono' }, g.name) : h('span', { class: 'muted' }, 'no consumer group'),
              g
                ? h(
                    'span',
                    { class: g && isGroupLagging(audit, s, g) ? 'state-bad' : '' },
                    g.lag === undefined || g.lag === null ? 'unknown' : String(g.lag),
                  )
                : '',
              g ? String(g.pending) : '',
              g ? String(g.consumers) : '',
            ]),
          ),
        ),
  );
}

function renderEvidence(r: Report): HTMLElement {
  const { audit } = r.analysis;
  const issuesBy = new Map<string, number>();
  for (const i of audit.evidenceIssues) issuesBy.set(i.file, (issuesBy.get(i.file) ?? 0) + 1);
  return section(
    'open-evidence',
    `Evidence (${audit.files.length} files)`,
    h('div', { id: 'open-file-view' }),
    table(
      'open-files',
      ['File', 'Kind', 'Size', 'Lines', 'Issues'],
      audit.files.map((f) => [
        h('a', { class: 'mono', href: fileHash(f.path) }, f.path),
        f.kind,
        formatBytes(f.bytes),
        String(f.lines),
        issuesBy.get(f.path) ? String(issuesBy.get(f.path)) : '',
      ]),
    ),
    audit.evidenceIssues.length > 0 &&
      h(
        'section',
        { class: 'issues', 'aria-label': 'Evidence issues' },
        h('strong', {}, 'Evidence issues'),
        h(
          'ul',
          {},
          ...audit.evidenceIssues.map((i) =>
            h(
              'li',
              { class: 'break' },
              h('strong', {}, i.kind),
              ` ${i.file}${i.line ? `:${i.line}` : ''}: ${i.message}`,
            ),
          ),
        ),
      ),
  );
}

/** '#ev=<file>&L=12-14': show that dropped file in the evidence view with the lines highlighted. */
function showFileFromHash(): void {
  const m = /^#ev=([^&]*)(?:&L=(\d+)(?:-(\d+))?)?$/.exec(location.hash);
  const view = document.getElementById('open-file-view');
  if (!m || !view || reports.length === 0) return;
  let file: string;
  try {
    file = decodeURIComponent(m[1] ?? '');
  } catch {
    return;
  }
  const r = current();
  const lines = linesOf(r, file);
  const start = m[2] ? Number(m[2]) : undefined;
  const end = start === undefined ? undefined : Math.max(start, Number(m[3] ?? start));
  const entry = r.analysis.audit.files.find((f) => f.path === file);
  const code = h('div', { class: 'code', id: 'open-file-text' });
  if (lines) for (const [i, l] of lines.entries()) code.append(lineEl(i + 1, l, file, true));
  view.replaceChildren(
    h('h3', { class: 'mono break', id: 'open-file-name' }, file),
    h('p', { class: 'muted' }, entry ? `kind ${entry.kind} · ${formatBytes(entry.bytes)} · ${entry.lines} lines` : ''),
    lines ? code : h('p', { class: 'muted' }, 'The text of this file is not shown (binary, empty or unreadable).'),
  );
  if (start !== undefined && end !== undefined) {
    let first: HTMLElement | null = null;
    for (let n = start; n <= end && n - start < 5000; n++) {
      const line = document.getElementById(`open-L${n}`);
      if (!line) break;
      line.classList.add('hl');
      first ??= line;
    }
    (first ?? view).scrollIntoView({ block: 'center' });
  } else view.scrollIntoView({ block: 'start' });
}

function renderDiff(d: AuditDiff): HTMLElement {
  const ref = (f: { priority: Priority; title: string }) =>
    h('li', {}, prio(f.priority), ' ', h('span', { class: 'break' }, f.title));
  const list = (id: string, title: string, items: Array<{ priority: Priority; title: string }>) =>
    items.length > 0 &&
    h('div', {}, h('h3', {}, `${title} (${items.length})`), h('ul', { class: 'finding-list', id }, ...items.map(ref)));
  const n = (v: number | null) => (v === null ? '—' : String(v));
  return section(
    'open-diff',
    `Changes since ${d.before.name}`,
    h(
      'p',
      { id: 'open-diff-summary' },
      `${d.findings.new.length} new · ${d.findings.resolved.length} resolved · ` +
        `${d.findings.priorityChanged.length} changed priority · ${d.findings.persisting.length} persisting · ` +
        `${d.findings.notEvaluable.length} not evaluable`,
      h('br', {}),
      h('span', { class: 'muted' }, `${d.before.name} → ${d.after.name}`),
    ),
    list('open-diff-new', 'New', d.findings.new),
    list('open-diff-resolved', 'Resolved', d.findings.resolved),
    list('open-diff-priority', 'Priority changed', d.findings.priorityChanged),
    d.groups.length > 0 &&
      table(
        'open-diff-groups',
        ['Stream → group', 'Lag', 'Pending'],
        d.groups.map((g) => [
          h('span', { class: 'mono' }, `${g.stream} → ${g.group}`),
          `${n(g.lagBefore)} → ${n(g.lagAfter)}`,
          `${n(g.pendingBefore)} → ${n(g.pendingAfter)}`,
        ]),
      ),
    (d.containers.added.length > 0 || d.containers.removed.length > 0) &&
      h(
        'p',
        {},
        d.containers.added.length > 0 && `Containers added: ${d.containers.added.join(', ')}. `,
        d.containers.removed.length > 0 && `Containers removed: ${d.containers.removed.join(', ')}.`,
      ),
  );
}

function saveJson(audit: Audit): void {
  const blob = new Blob([`${JSON.stringify(audit, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', {
    href: url,
    download: `${audit.bundle.name.replace(/[^A-Za-z0-9._-]+/g, '-') || 'bundle'}.analysis.json`,
  });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
