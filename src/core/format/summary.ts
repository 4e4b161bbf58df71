import type { Audit } from '../model/audit.ts';
import type { Priority } from '../model/finding.ts';
import { formatBytes, formatDuration, formatTime } from './units.ts';
import { isGroupLagging } from '../rules/judgement.ts';
import { neutralizeDeep } from '../text/neutralize.ts';
import { getBacklog } from '../incidents/backlog.ts';
import { noPaint, type Paint } from './paint.ts';
import { clientCount } from '../model/redis.ts';
import { formatRefs } from './refs.ts';
import { quoteLine } from './quote.ts';

export { noPaint, type Paint } from './paint.ts';
export { formatRefs } from './refs.ts';

export const PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2', 'P3'];

function priorityPaint(p: Priority, paint: Paint): (s: string) => string {
  return p === 'P0' ? (s) => paint.bold(paint.red(s)) : p === 'P1' ? paint.red : p === 'P2' ? paint.yellow : paint.dim;
}

/** The terminal summary `evidex analyze` prints: findings first, then what the bundle shows. */
export function formatSummary(raw: Audit, paint: Paint = noPaint): string {
  // Every string from evidence is shown escaped: none can move the cursor, recolour or forge a line.
  const audit = neutralizeDeep(raw);
  const out: string[] = [];
  const h = audit.host;
  out.push(
    paint.bold(`evidex ${audit.tool.version} · ${audit.bundle.name}`) +
      paint.dim(` · ${audit.bundle.files} files · sha256 ${audit.bundle.sha256.slice(0, 12)}`),
  );
  out.push(
    `host ${h.hostname ?? 'unknown'}${h.os ? ` · ${h.os}` : ''}${h.kernel ? ` · kernel ${h.kernel}` : ''}` +
      (h.uptimeSeconds !== undefined ? ` · up ${formatDuration(h.uptimeSeconds)}` : '') +
      (audit.bundle.capturedAt ? ` · captured ~${formatTime(audit.bundle.capturedAt)}` : ''),
  );
  if (h.memory) {
    const m = h.memory;
    const pct = Math.round((m.usedBytes / m.totalBytes) * 100);
    out.push(
      `memory ${formatBytes(m.usedBytes)} used of ${formatBytes(m.totalBytes)} (${pct}%), ` +
        `${formatBytes(m.availableBytes)} available, ` +
        `swap ${m.swapTotalBytes === 0 ? 'none' : formatBytes(m.swapTotalBytes)}` +
        (h.load ? ` · load ${h.load.join(' ')}` : ''),
    );
  }
  const realDisks = h.disks.filter((d) => d.filesystem.startsWith('/dev/'));
  if (realDisks.length > 0)
    out.push(`disks ${realDisks.map((d) => `${d.mount} ${d.usePercent}% of ${formatBytes(d.sizeBytes)}`).join(', ')}`);
  out.push('');

  // The backlog: incidents first within each priority (the cause, its symptoms folded under it), then
  // findings on their own, in the one impact order; evidence-quality notes have their own section below.
  const backlog = getBacklog(audit);
  const counts = PRIORITIES.map((p) => `${p} ${backlog.counts[p]}`).join(' · ');
  const incidents = backlog.items.filter((i) => i.incident !== undefined && i.symptoms.length > 0).length;
  out.push(
    paint.bold(`Findings (${backlog.total}): ${counts}`) +
      (incidents > 0 ? ` · ${incidents} incident${incidents === 1 ? '' : 's'}` : ''),
  );
  for (const item of backlog.items) {
    const f = item.finding;
    const pp = priorityPaint(item.priority, paint);
    if (item.incident !== undefined && item.symptoms.length > 0) {
      const n = item.symptoms.length;
      out.push(
        `  ${pp(item.priority)} ${paint.bold(`incident ${item.incident.title}`)}` +
          `${paint.dim(` (${n} symptom${n === 1 ? '' : 's'})`)}`,
      );
      out.push(`     cause: ${f.title}`);
      if (f.quote !== undefined) out.push(`            ${paint.yellow(quoteLine(f.quote))}`);
      out.push(paint.dim(`     ${f.ruleId} · ${formatRefs(f)}`));
      for (const s of item.symptoms) {
        out.push(`     ${paint.dim('└')} ${priorityPaint(s.priority, paint)(s.priority)} ${s.title}`);
        out.push(paint.dim(`         ${s.ruleId} · ${formatRefs(s)}`));
      }
      continue;
    }
    out.push(`  ${pp(f.priority)} ${f.title}${f.source === 'manual' ? paint.dim(' [manual]') : ''}`);
    if (f.quote !== undefined) out.push(`     ${paint.yellow(quoteLine(f.quote))}`);
    out.push(paint.dim(`     ${f.ruleId} · ${formatRefs(f)}`));
  }
  const accepted = backlog.accepted;
  if (accepted.length > 0) {
    out.push(
      paint.dim(
        `  accepted (${accepted.length}): ${accepted.map((f) => `${f.title} — ${f.accepted?.reason}`).join('; ')}`,
      ),
    );
  }
  const notEvaluated = audit.rules.filter((r) => r.status === 'not-evaluated' || r.status === 'error');
  if (notEvaluated.length > 0)
    out.push(paint.dim(`  not evaluated: ${notEvaluated.length} rules (evidence missing) — see --explain RULE`));
  out.push('');

  const byState = new Map<string, number>();
  for (const c of audit.containers) {
    const key = c.health !== 'none' ? `${c.state}/${c.health}` : c.state;
    byState.set(key, (byState.get(key) ?? 0) + 1);
  }
  out.push(
    paint.bold(`Containers (${audit.containers.length}): `) + [...byState].map(([k, n]) => `${n} ${k}`).join(', '),
  );
  for (const c of audit.containers.filter(
    (c) => c.health === 'unhealthy' || (c.state !== 'running' && c.state !== 'unknown'),
  )) {
    out.push(`  ${paint.red('✗')} ${c.name} ${c.status ?? c.state}`);
  }
  const r = audit.redis;
  if (r.memory || r.streams.length > 0) {
    out.push('');
    out.push(
      paint.bold('Redis') +
        (r.version ? ` ${r.version}` : '') +
        (r.memory
          ? ` · used ${r.memory.usedHuman ?? formatBytes(r.memory.usedBytes)} · maxmemory ` +
            `${r.memory.maxmemoryBytes === 0 ? '0 (unlimited)' : formatBytes(r.memory.maxmemoryBytes)} · ` +
            `policy ${r.memory.maxmemoryPolicy}`
          : '') +
        ` · ${clientCount(r)} clients · ${r.streams.length} streams`,
    );
    for (const s of r.streams.filter((s) => s.groups.length > 0)) {
      for (const g of s.groups) {
        const lagText = g.lag === undefined || g.lag === null ? 'lag unknown' : `lag ${g.lag}`;
        const pp = isGroupLagging(audit, s, g) ? paint.red : paint.green;
        out.push(
          `  ${s.key} → ${g.name}: ${pp(lagText)} · consumers ${g.consumers} · pending ${g.pending} · ` +
            `entries-read ${g.entriesRead ?? '?'} · last delivered ${formatTime(g.lastDeliveredAt)}`,
        );
      }
    }
  }
  if (audit.health.length > 0) {
    out.push('');
    out.push(
      paint.bold('Health endpoints: ') +
        audit.health
          .map((c) => `${c.name} ${c.ok ? paint.green(c.status ?? 'ok') : paint.red(c.status ?? 'not ok')}`)
          .join(', '),
    );
  }
  // What the capture could not show: notes on the evidence, apart from the backlog.
  const noted = new Set(backlog.notes.flatMap((f) => f.evidence.map((e) => e.file)));
  const issues = audit.evidenceIssues.filter((i) => !noted.has(i.file));
  if (backlog.notes.length + issues.length > 0) {
    out.push('');
    out.push(
      paint.bold(`Evidence quality (${backlog.notes.length + issues.length}):`) + paint.dim(' not in the backlog'),
    );
    for (const f of backlog.notes)
      out.push(`  ${paint.yellow(f.ruleId)} ${f.title}` + paint.dim(` · ${formatRefs(f)}`));
    for (const i of issues) out.push(`  ${paint.yellow(i.kind)} ${i.file}${i.line ? `:${i.line}` : ''} — ${i.message}`);
  }
  if (audit.redaction.enabled) {
    const total = Object.values(audit.redaction.counts).reduce((a, b) => a + b, 0);
    out.push('');
    out.push(
      paint.dim(
        `Redacted ${total} secret value(s)${
          total
            ? `: ${Object.entries(audit.redaction.counts)
                .map(([k, n]) => `${n} ${k}`)
                .join(', ')}`
            : ''
        }.`,
      ),
    );
  } else {
    out.push('');
    out.push(paint.red('Redaction is OFF (--no-redact): this output may contain secrets.'));
  }
  return out.join('\n') + '\n';
}
