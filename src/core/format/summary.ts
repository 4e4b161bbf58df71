import type { Audit } from '../model/audit.ts';
import type { Finding, Priority } from '../model/finding.ts';
import { formatBytes, formatDuration, formatTime } from './units.ts';
import { isGroupLagging } from '../rules/judgement.ts';
import { neutralizeDeep } from '../text/neutralize.ts';

/** Colour hooks; identity functions when colour is off (NO_COLOR, not a TTY, --no-color). */
export interface Paint {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  cyan: (s: string) => string;
}

const plain = (s: string) => s;
export const noPaint: Paint = { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };

export const PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2', 'P3'];

/** Evidence refs as 'raw/x.txt:12-14'. */
export function formatRefs(f: Finding, max = 3): string {
  const refs = f.evidence
    .slice(0, max)
    .map(
      (e) =>
        `${e.file}${e.startLine ? `:${e.startLine}${e.endLine && e.endLine !== e.startLine ? `-${e.endLine}` : ''}` : ''}`,
    );
  return refs.join(', ') + (f.evidence.length > max ? ` (+${f.evidence.length - max})` : '');
}

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
      `memory ${formatBytes(m.usedBytes)} used of ${formatBytes(m.totalBytes)} (${pct}%), ${formatBytes(m.availableBytes)} available, swap ${m.swapTotalBytes === 0 ? 'none' : formatBytes(m.swapTotalBytes)}` +
        (h.load ? ` · load ${h.load.join(' ')}` : ''),
    );
  }
  const realDisks = h.disks.filter((d) => d.filesystem.startsWith('/dev/'));
  if (realDisks.length > 0)
    out.push(`disks ${realDisks.map((d) => `${d.mount} ${d.usePercent}% of ${formatBytes(d.sizeBytes)}`).join(', ')}`);
  out.push('');

  const active = audit.findings.filter((f) => !f.accepted);
  const counts = PRIORITIES.map((p) => `${p} ${active.filter((f) => f.priority === p).length}`).join(' · ');
  out.push(paint.bold(`Findings (${active.length}): ${counts}`));
  for (const f of active) {
    const pp = priorityPaint(f.priority, paint);
    out.push(`  ${pp(f.priority)} ${f.title}${f.source === 'manual' ? paint.dim(' [manual]') : ''}`);
    out.push(paint.dim(`     ${f.ruleId} · ${formatRefs(f)}`));
  }
  const accepted = audit.findings.filter((f) => f.accepted);
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
          ? ` · used ${r.memory.usedHuman ?? formatBytes(r.memory.usedBytes)} · maxmemory ${r.memory.maxmemoryBytes === 0 ? '0 (unlimited)' : formatBytes(r.memory.maxmemoryBytes)} · policy ${r.memory.maxmemoryPolicy}`
          : '') +
        ` · ${r.clients.length} clients · ${r.streams.length} streams`,
    );
    for (const s of r.streams.filter((s) => s.groups.length > 0)) {
      for (const g of s.groups) {
        const lagText = g.lag === undefined || g.lag === null ? 'lag unknown' : `lag ${g.lag}`;
        const pp = isGroupLagging(audit, s, g) ? paint.red : paint.green;
        out.push(
          `  ${s.key} → ${g.name}: ${pp(lagText)} · consumers ${g.consumers} · pending ${g.pending} · entries-read ${g.entriesRead ?? '?'} · last delivered ${formatTime(g.lastDeliveredAt)}`,
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
  if (audit.evidenceIssues.length > 0) {
    out.push('');
    out.push(paint.bold(`Evidence issues (${audit.evidenceIssues.length}):`));
    for (const i of audit.evidenceIssues)
      out.push(`  ${paint.yellow(i.kind)} ${i.file}${i.line ? `:${i.line}` : ''} — ${i.message}`);
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
