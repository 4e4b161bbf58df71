import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Audit } from '../../../src/core/model/audit.ts';
import type { AnyRule } from '../../../src/core/rules/define-rule.ts';
import { dockerInspectParser } from '../../../src/core/parsers/docker-inspect.ts';
import { dockerLogsParser } from '../../../src/core/parsers/docker-logs.ts';
import { dockerPsParser } from '../../../src/core/parsers/docker-ps.ts';
import { safeParse, type Parser } from '../../../src/core/parsers/parser.ts';
import { assemble, toPiece, type ParsedPiece } from '../../../src/core/run/assemble.ts';
import { estimateCapturedAt } from '../../../src/core/run/captured-at.ts';
import { containerNoMemoryLimit } from '../../../src/core/rules/container/no-memory-limit.ts';
import { containerPublishedAllInterfaces } from '../../../src/core/rules/container/published-all-interfaces.ts';
import { containerRecentRestarts } from '../../../src/core/rules/container/recent-restarts.ts';
import { containerUnhealthy } from '../../../src/core/rules/container/unhealthy.ts';
import { containerDebugLogging } from '../../../src/core/rules/container/debug-logging.ts';
import { logsHttpErrorBurst } from '../../../src/core/rules/logs/http-error-burst.ts';
import { logsStackTraces } from '../../../src/core/rules/logs/stack-traces.ts';
import { evaluateRule, makeAudit } from '../../helpers/audit-builder.ts';

// The real sample files through the real docker ps / inspect / logs parsers and the assembler:
// checks that the rules read the shapes the parsers actually produce.
const RAW = 'evidence/quantum-trader-2025-12-24/raw';

function sampleAudit(): Audit {
  const pieces: ParsedPiece[] = [];
  for (const name of readdirSync(RAW).sort()) {
    const text = readFileSync(join(RAW, name), 'utf8');
    const parsers: Parser[] = [dockerPsParser as Parser, dockerInspectParser as Parser, dockerLogsParser as Parser];
    const parser = parsers.find((p) => p.detect(text, name) >= 0.5);
    if (parser === undefined) continue;
    const result = safeParse(parser, text, { file: `raw/${name}`, firstLine: 1 });
    if (result.ok) pieces.push(toPiece(parser, `raw/${name}`, 1, result.value));
  }
  const joined = assemble(pieces);
  const captured = estimateCapturedAt({
    containers: joined.containers,
    health: joined.health,
    logs: joined.logs,
    streams: joined.redis.streams,
  });
  return makeAudit({
    bundle: {
      name: 'quantum-trader-2025-12-24',
      sha256: '0'.repeat(64),
      files: 24,
      bytes: 0,
      ...(captured ? { capturedAt: captured.at } : {}),
    },
    // system_context.txt: ` 04:55:13 up 6 days, 12:34` (line 8)
    host: {
      ...joined.host,
      uptimeSeconds: 6 * 86400 + 12 * 3600 + 34 * 60,
      uptimeEvidence: { file: 'raw/system_context.txt', startLine: 8, endLine: 8 },
      evidence: [{ file: 'raw/system_context.txt', startLine: 8, endLine: 8 }],
    },
    containers: joined.containers,
    logs: joined.logs,
  });
}

describe('container and log rules on the real sample files', () => {
  const audit = sampleAudit();
  const subjects = (rule: AnyRule) =>
    evaluateRule(rule, audit).reports.map((r) => [r.subject, r.priority ?? rule.priority]);

  it('finds quantum_nginx unhealthy (P0)', () => {
    expect(subjects(containerUnhealthy)).toEqual([['container:quantum_nginx', 'P0']]);
  });

  it('finds Redis on 0.0.0.0:6379 (P0) and 13 other services grouped (P1)', () => {
    const { reports } = evaluateRule(containerPublishedAllInterfaces, audit);
    expect(reports.map((r) => [r.subject, r.priority ?? containerPublishedAllInterfaces.priority, r.observed])).toEqual(
      [
        ['container:quantum_redis', 'P0', '6379/tcp'],
        ['containers:published-all-interfaces', 'P1', 13],
      ],
    );
  });

  it('groups the four containers restarted minutes before capture and notes the whole-stack restart', () => {
    const { reports } = evaluateRule(containerRecentRestarts, audit);
    expect(reports).toHaveLength(1);
    const names = Object.keys(reports[0]?.values ?? {}).filter((k) => k.startsWith('quantum_'));
    expect(names.sort()).toEqual([
      'quantum_ai_engine',
      'quantum_backend',
      'quantum_market_publisher',
      'quantum_trading_bot',
    ]);
    expect(reports[0]?.values?.['fleetRestarted']).toBe(true);
    expect(reports[0]?.values?.['fleet.quantum_redis']).toBeGreaterThan(2 * 3600);
  });

  it('lists the five inspected containers without memory limits', () => {
    expect(evaluateRule(containerNoMemoryLimit, audit).reports[0]?.values).toMatchObject({
      unlimited: 5,
      inspected: 5,
    });
  });

  it('finds DEBUG logging on quantum_backend', () => {
    expect(subjects(containerDebugLogging)).toEqual([['container:quantum_backend', 'P3']]);
  });

  it("links the AI engine's 404s to the trading bot's fallback warnings", () => {
    const { reports } = evaluateRule(logsHttpErrorBurst, audit);
    expect(reports.map((r) => [r.subject, r.values?.['clients'], r.values?.['callerLogCount']])).toEqual([
      ['logs:quantum_ai_engine/http:POST /api/ai/signal', 'quantum_trading_bot (172.18.0.29)', 97],
    ]);
  });

  it("finds the backend's two Python tracebacks", () => {
    const { reports } = evaluateRule(logsStackTraces, audit);
    expect(reports.map((r) => [r.subject, r.observed, r.evidence.map((e) => e.startLine)])).toEqual([
      ['logs:quantum_backend', 2, [46, 63]],
    ]);
  });
});
