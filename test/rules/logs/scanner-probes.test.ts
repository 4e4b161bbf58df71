// Issue 11 item 6: internet-scanner 404s (/.env, /wp-login.php, /phpmyadmin …) are noise, not a P2 route
// problem. The log is a real capture (test/fixtures/docker-logs/README.md): 14 scanner probes and 11 × 404 on
// a real route in one access log, so the rule must tell them apart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dockerLogsParser } from '../../../src/core/parsers/docker-logs.ts';
import { safeParse } from '../../../src/core/parsers/parser.ts';
import { isScannerProbe, logsHttpErrorBurst } from '../../../src/core/rules/logs/http-error-burst.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';
import { aiEngineLog, tradingBotLog } from './log-sample.ts';
import { sampleFleet } from '../container/sample-fleet.ts';

const FILE = 'test/fixtures/docker-logs/logs_ev_scanner.txt';

function scannerLog() {
  const r = safeParse(dockerLogsParser, readFileSync(FILE, 'utf8'), { file: 'logs_ev_scanner.txt', firstLine: 1 });
  if (!r.ok) throw new Error('parse failed');
  return r.value;
}

describe('logs/http-error-burst and scanner probes', () => {
  it('knows the paths scanners probe, and not routes that merely look alike', () => {
    for (const p of [
      '/.env',
      '/.env.bak',
      '/.git/config',
      '/wp-login.php',
      '/phpmyadmin/index.php',
      '/WP-ADMIN/x',
      '/.aws/credentials?x=1',
    ])
      expect(isScannerProbe(p), p).toBe(true);
    for (const p of ['/', '/api/orders/latest', '/environment', '/.envoy/stats', '/pmaster', '/api/ai/signal'])
      expect(isScannerProbe(p), p).toBe(false);
  });

  it('reports the real route at P2 and the 14 scanner 404s as one P3 note, never at P2', () => {
    const { reports, notes } = evaluateRule(logsHttpErrorBurst, makeAudit({ logs: [scannerLog()] }));
    expect(reports.map((r) => [r.subject, r.priority, r.observed])).toEqual([
      ['logs:ev_scanner/http:scanner-probes', 'P3', 14],
      ['logs:ev_scanner/http:GET /api/orders/latest', 'P2', 11],
    ]);
    expect(reports[0]?.title).toContain('/.env');
    expect(reports[0]?.evidence.every((e) => e.file === 'logs_ev_scanner.txt')).toBe(true);
    expect(notes.some((n) => n.includes('scanner path(s), judged apart'))).toBe(true);
  });

  it('stays quiet below the threshold, and leaves the sample (no scanner lines) as it was', () => {
    const log = scannerLog();
    const few = { ...log, httpRequests: log.httpRequests.filter((r) => r.path === '/.env' || r.path === '/') };
    expect(evaluateRule(logsHttpErrorBurst, makeAudit({ logs: [few] })).reports).toEqual([]);
    const sample = evaluateRule(
      logsHttpErrorBurst,
      makeAudit({ containers: sampleFleet(), logs: [aiEngineLog(), tradingBotLog()] }),
    );
    expect(sample.reports.map((r) => [r.subject, r.priority])).toEqual([
      ['logs:quantum_ai_engine/http:POST /api/ai/signal', 'P2'],
    ]);
  });
});
