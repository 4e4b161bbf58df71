import type { AuditDiff, FindingRef, MetricChange, Trend, ValueChange } from '../diff/diff.ts';
import { code, escapeMarkdown, proseMarkdown } from './markdown.ts';
import { noPaint, type Paint } from './summary.ts';
import { formatBytes, formatTime } from './units.ts';
import { neutralizeDeep } from '../text/neutralize.ts';

/** A persisting finding's or group's trend as a word: '' for 'same' or none. */
const trendText = (t: Trend | undefined, reason?: string): string =>
  t === undefined || t === 'same' ? '' : `${t}${reason !== undefined ? ` (${reason})` : ''}`;

function formatMetricValue(m: Pick<MetricChange, 'unit'>, v: number | undefined): string {
  if (v === undefined) return 'not captured';
  if (m.unit === 'bytes') return formatBytes(v);
  if (m.unit === 'percent') return `${v}%`;
  return String(v);
}

/** Words for the metric names of core/diff/metrics.ts; a name not listed here is spelt out from its parts. */
const METRIC_LABELS: Record<string, string> = {
  'host.memory.usedPercent': 'memory used',
  'host.memory.availableBytes': 'memory available',
  'host.swap.usedBytes': 'swap used',
  'host.load1': 'load average (1 min)',
  'containers.count': 'containers',
  'containers.unhealthy': 'unhealthy containers',
  'containers.notRunning': 'containers not running',
  'redis.memory.usedBytes': 'Redis memory used',
  'redis.clients': 'Redis clients',
  'redis.streams.totalLag': 'consumer group lag (all groups)',
  'findings.P0': 'P0 findings',
  'findings.P1': 'P1 findings',
};

const words = (camel: string) =>
  camel
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\bavail\b/, 'available');

/** 'host.disk[/].usePercent' → 'disk / used'; listed names → their words. */
export function metricLabel(name: string): string {
  const known = METRIC_LABELS[name];
  if (known) return known;
  const disk = /^host\.disk\[(.+)\]\.usePercent$/.exec(name);
  if (disk) return `disk ${disk[1]} used`;
  return words(name.split('.').pop() ?? name).replace(/ (bytes|percent)$/, '');
}

/** Direction of change as an arrow (▲ up, ▼ down), and whether that is better or worse for this metric. */
export function metricChange(m: MetricChange): string {
  if (m.before === undefined || m.after === undefined) return 'coverage changed';
  const arrow = m.after > m.before ? '▲' : m.after < m.before ? '▼' : '=';
  if (!m.significant) return `${arrow} within noise`;
  return `${arrow} ${m.worse ? 'worse' : 'better'}`;
}

/** A changed value of a finding or container in words and units: 'available 39Gi → 24Gi'. */
function changeText(c: ValueChange): string {
  const unit = /Bytes$/.test(c.name) ? 'bytes' : /Percent$/.test(c.name) ? 'percent' : 'count';
  const show = (v: ValueChange['before']) =>
    v === undefined ? '—' : typeof v === 'number' ? formatMetricValue({ unit }, v) : String(v);
  return `${words(c.name).replace(/ (bytes|percent)$/, '')} ${show(c.before)} → ${show(c.after)}`;
}

/** Whether "before" was captured after "after": the pair is probably given the wrong way round. */
export function isReversed(d: AuditDiff): boolean {
  const [b, a] = [d.before.capturedAt, d.after.capturedAt];
  return b !== undefined && a !== undefined && Date.parse(b) > Date.parse(a);
}

/** True when the two audits differ in nothing the diff reports. */
export function isNoChange(d: AuditDiff): boolean {
  const f = d.findings;
  return (
    f.new.length + f.resolved.length + f.priorityChanged.length + f.notEvaluable.length === 0 &&
    f.persisting.every((p) => p.changes.length === 0) &&
    d.containers.added.length + d.containers.removed.length + d.containers.changed.length === 0 &&
    d.streams.added.length + d.streams.removed.length === 0 &&
    d.groups.every((g) => g.lagBefore === g.lagAfter && g.pendingBefore === g.pendingAfter) &&
    d.metrics.every((m) => !m.significant && (m.before === undefined) === (m.after === undefined)) &&
    d.coverage.onlyBefore.length + d.coverage.onlyAfter.length === 0
  );
}

const reversedWarning = (d: AuditDiff) =>
  `"before" (${formatTime(d.before.capturedAt)}) was captured after "after" (${formatTime(d.after.capturedAt)}): ` +
  'the bundles look swapped, so new and resolved are the wrong way round. Pass the earlier bundle first.';

/** Plain-text (optionally coloured) diff for a terminal. */
export function formatDiffText(raw: AuditDiff, paint: Paint = noPaint): string {
  // Every string from evidence is shown escaped: none can move the cursor or forge a line.
  const d = neutralizeDeep(raw);
  const out: string[] = [];
  out.push(paint.bold(`evidex diff · host ${d.host}`));
  out.push(
    `before ${d.before.name} (${formatTime(d.before.capturedAt)}) → after ${d.after.name} ` +
      `(${formatTime(d.after.capturedAt)})`,
  );
  if (isReversed(d)) out.push(paint.yellow(`warning: ${reversedWarning(d)}`));
  if (d.rulesChanged)
    out.push(
      paint.yellow(
        `rules differ (${d.rulesChanged.before} → ${d.rulesChanged.after}): some changes may come from the ` +
          'rules, not the system',
      ),
    );
  if (isNoChange(d)) {
    out.push(
      '',
      'No change: same findings, containers, consumer groups and metrics in both captures ' +
        `(${d.findings.persisting.length} finding(s) persist).`,
    );
    return out.join('\n') + '\n';
  }
  const section = (
    title: string,
    items: FindingRef[],
    mark: string,
    color: (s: string) => string,
    extra?: (f: FindingRef) => string,
  ) => {
    if (items.length === 0) return;
    out.push('', paint.bold(`${title} (${items.length})`));
    for (const f of items) out.push(`  ${color(mark)} ${f.priority} ${f.title}${extra ? paint.dim(extra(f)) : ''}`);
  };
  const f = d.findings;
  section('New findings', f.new, '+', paint.red);
  section('Resolved', f.resolved, '✓', paint.green);
  section('Priority changed', f.priorityChanged, '~', paint.yellow, (x) => {
    const p = x as FindingRef & { priorityBefore: string; changes: ValueChange[]; trend: Trend; trendReason?: string };
    const t = trendText(p.trend, p.trendReason);
    const values = p.changes.length > 0 ? ` — ${p.changes.map(changeText).join(', ')}` : '';
    return ` (was ${p.priorityBefore})${t !== '' ? `, ${t}` : ''}${values}`;
  });
  section(
    'Not evaluable now (evidence missing: not a fix)',
    f.notEvaluable,
    '?',
    paint.yellow,
    (x) => ` — ${(x as FindingRef & { reason: string }).reason}`,
  );
  const moved = f.persisting.filter((p) => p.changes.length > 0 || p.trend !== 'same');
  section(`Persisting (${f.persisting.length}), with changed values`, moved, '=', paint.dim, (x) => {
    const p = x as FindingRef & { changes: ValueChange[]; trend: Trend; trendReason?: string };
    const t = p.trend !== 'same' ? `${p.trend.toUpperCase()}: ` : '';
    return ` — ${t}${p.changes.map(changeText).join(', ')}`;
  });
  const c = d.containers;
  if (c.added.length + c.removed.length + c.changed.length > 0) {
    out.push('', paint.bold('Containers'));
    for (const n of c.added) out.push(`  ${paint.green('+')} ${n}`);
    for (const n of c.removed) out.push(`  ${paint.red('-')} ${n}`);
    for (const ch of c.changed) out.push(`  ~ ${ch.name}: ${ch.changes.map(changeText).join(', ')}`);
  }
  const groups = d.groups.filter(
    (g) => g.lagBefore !== g.lagAfter || g.pendingBefore !== g.pendingAfter || g.trend === 'recovering',
  );
  if (groups.length > 0) {
    out.push('', paint.bold('Consumer groups'));
    for (const g of groups)
      out.push(
        `  ${g.stream} → ${g.group}: lag ${g.lagBefore ?? '—'} → ${g.lagAfter ?? '—'}, ` +
          `pending ${g.pendingBefore ?? '—'} → ${g.pendingAfter ?? '—'}` +
          `${trendText(g.trend) !== '' ? `, ${trendText(g.trend)}` : ''}` +
          `${(g.ownerAfter ?? g.ownerBefore) ? paint.dim(` (owner ${g.ownerAfter ?? g.ownerBefore})`) : ''}`,
      );
  }
  const metrics = d.metrics.filter((m) => m.significant || m.before === undefined || m.after === undefined);
  if (metrics.length > 0) {
    out.push('', paint.bold('Metrics'));
    for (const m of metrics) {
      const change = metricChange(m);
      const mark =
        m.before === undefined || m.after === undefined
          ? paint.dim(change)
          : m.worse
            ? paint.red(change)
            : paint.green(change);
      out.push(
        `  ${metricLabel(m.name)}: ${formatMetricValue(m, m.before)} → ${formatMetricValue(m, m.after)} ${mark}`,
      );
    }
  }
  if (d.coverage.onlyBefore.length + d.coverage.onlyAfter.length > 0) {
    out.push('', paint.bold('Evidence coverage'));
    if (d.coverage.onlyBefore.length) out.push(`  captured before only: ${d.coverage.onlyBefore.join(', ')}`);
    if (d.coverage.onlyAfter.length) out.push(`  captured after only: ${d.coverage.onlyAfter.join(', ')}`);
  }
  return out.join('\n') + '\n';
}

/** GitHub-flavoured Markdown diff, for a postmortem. */
export function formatDiffMarkdown(raw: AuditDiff): string {
  const d = neutralizeDeep(raw);
  const e = escapeMarkdown;
  const out: string[] = [`# Audit diff · ${e(d.host)}`, ''];
  out.push(
    `**Before:** ${code(d.before.name)} (${formatTime(d.before.capturedAt)}) · **After:** ` +
      `${code(d.after.name)} (${formatTime(d.after.capturedAt)})`,
    '',
  );
  if (isReversed(d)) out.push(`> **Warning:** ${escapeMarkdown(reversedWarning(d))}`, '');
  if (isNoChange(d))
    out.push(`**No change** between the two captures (${d.findings.persisting.length} finding(s) persist).`, '');
  if (d.rulesChanged)
    out.push(
      `> Rules differ (${e(d.rulesChanged.before)} → ${e(d.rulesChanged.after)}): some changes may come from ` +
        'the rules, not the system.',
      '',
    );
  const f = d.findings;
  out.push('| Change | Count |', '| --- | --- |');
  out.push(
    `| New | ${f.new.length} |`,
    `| Resolved | ${f.resolved.length} |`,
    `| Persisting | ${f.persisting.length} |`,
    `| Priority changed | ${f.priorityChanged.length} |`,
    `| Not evaluable | ${f.notEvaluable.length} |`,
    '',
  );
  const list = (
    title: string,
    items: Array<
      FindingRef & {
        changes?: ValueChange[];
        priorityBefore?: string;
        reason?: string;
        trend?: Trend;
        trendReason?: string;
      }
    >,
  ) => {
    if (items.length === 0) return;
    out.push(`## ${title}`, '');
    for (const x of items) {
      const extra = x.priorityBefore
        ? ` (was ${x.priorityBefore})`
        : x.reason
          ? ` — ${e(x.reason)}`
          : x.changes?.length
            ? ` — ${e(x.changes.map(changeText).join(', '))}`
            : '';
      const t = trendText(x.trend, x.trendReason);
      out.push(
        `- **${x.priority}** ${proseMarkdown(x.title)}${extra}${t !== '' ? ` — **${e(t)}**` : ''} ${code(x.ruleId)}`,
      );
    }
    out.push('');
  };
  list('New findings', f.new);
  list('Resolved', f.resolved);
  list('Priority changed', f.priorityChanged);
  list('Not evaluable (evidence missing — not a fix)', f.notEvaluable);
  list('Persisting', f.persisting);
  const c = d.containers;
  if (c.added.length + c.removed.length + c.changed.length > 0) {
    out.push('## Containers', '');
    for (const n of c.added) out.push(`- added ${code(n)}`);
    for (const n of c.removed) out.push(`- removed ${code(n)}`);
    for (const ch of c.changed) out.push(`- changed ${code(ch.name)}: ${e(ch.changes.map(changeText).join(', '))}`);
    out.push('');
  }
  if (d.groups.length > 0) {
    out.push(
      '## Consumer groups',
      '',
      '| Stream | Group | Lag | Pending | Trend | Owner |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const g of d.groups)
      out.push(
        `| ${e(g.stream)} | ${e(g.group)} | ${g.lagBefore ?? '—'} → ${g.lagAfter ?? '—'} | ` +
          `${g.pendingBefore ?? '—'} → ${g.pendingAfter ?? '—'} | ${g.trend ?? '—'} | ` +
          `${e(g.ownerAfter ?? g.ownerBefore ?? '—')} |`,
      );
    out.push('');
  }
  out.push('## Metrics', '', '| Metric | Before | After | Change |', '| --- | --- | --- | --- |');
  for (const m of d.metrics)
    out.push(
      `| ${e(metricLabel(m.name))} | ${formatMetricValue(m, m.before)} | ${formatMetricValue(m, m.after)} | ` +
        `${metricChange(m)} |`,
    );
  out.push('');
  if (d.coverage.onlyBefore.length + d.coverage.onlyAfter.length > 0) {
    out.push('## Evidence coverage', '');
    if (d.coverage.onlyBefore.length) out.push(`- captured before only: ${d.coverage.onlyBefore.join(', ')}`);
    if (d.coverage.onlyAfter.length) out.push(`- captured after only: ${d.coverage.onlyAfter.join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}
