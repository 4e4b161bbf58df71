// Issue 3's side-by-side check: every item of the auditor's hand-written backlog
// (../shared/evidence/quantum-trader-2025-12-24/md/GAPS_AND_FIXES_BACKLOG.md) that the raw evidence
// supports is reproduced, at a defensible priority, and what the auditor missed is raised too.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import type { Finding, Priority } from '../../src/core/model/finding.ts';
import { findCollisions } from '../../src/core/rules/fingerprint.ts';
import { formatBacklogMarkdown } from '../../src/core/format/markdown.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';

let audit: Audit;
beforeAll(async () => {
  process.env.EVIDEX_REDACT_KEY = 'test-key';
  audit = (await analyzePath('evidence/quantum-trader-2025-12-24')).audit;
});

function find(ruleId: string, subject?: string | RegExp): Finding {
  const hit = audit.findings.find(
    (f) =>
      f.ruleId === ruleId &&
      (subject === undefined || (typeof subject === 'string' ? f.subject === subject : subject.test(f.subject))),
  );
  if (!hit) {
    const have = audit.findings.map((f) => `${f.ruleId} ${f.subject}`).join(' | ');
    throw new Error(`no ${ruleId} finding${subject ? ` for ${String(subject)}` : ''}; have: ${have}`);
  }
  return hit;
}

const atLeast = (p: Priority, floor: Priority) => Number(p[1]) <= Number(floor[1]);

describe("the auditor's backlog, item by item", () => {
  it('P0-1 consumer lag 10,014: P0, with the stall date', () => {
    const f = find(
      'stream/consumer-group-lag',
      'stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent',
    );
    expect(f.priority).toBe('P0');
    expect(f.observed).toBe(10014);
    expect(f.title).toContain('10014');
    expect(`${f.title} ${f.explanation}`).toMatch(/2025-12-20 08:31/);
    expect(`${f.title} ${f.explanation}`).toMatch(/3 d 20 h|3 days 20 hours/);
    expect(f.evidence.some((e) => e.file === 'raw/redis_groups_trade_intent.txt')).toBe(true);
  });

  it('P0-2 nginx unhealthy: P0, citing its docker ps line', () => {
    const f = find('container/unhealthy', 'container:quantum_nginx');
    expect(f.priority).toBe('P0');
    expect(f.evidence).toContainEqual({ file: 'raw/docker_ps.txt', startLine: 30, endLine: 30 });
  });

  it('P1-1 ILF not consumed / P3-2 funding and divergence always 0: payload fields stuck at defaults', () => {
    expect(find('stream/payload-default-values', /field:(payload\.)?leverage$/).priority).toMatch(/P[12]/);
    expect(find('stream/payload-default-values', /field:(payload\.)?funding_rate$/).priority).toMatch(/P[23]/);
    expect(find('stream/payload-default-values', /field:(payload\.)?exchange_divergence$/).priority).toMatch(/P[23]/);
  });

  it('P1-2 regime detection not connected: regime=unknown in every sample, P1', () => {
    expect(find('stream/payload-default-values', /field:(payload\.)?regime$/).priority).toBe('P1');
  });

  it('P1-3 risk safety stub: the AI engine reports its risk-safety dependency as N/A', () => {
    const f = find('health/degraded-dependency');
    expect(f.title).toMatch(/risk_safety/);
  });

  it('P2-1 no git on the host: only as the manual finding the sample ships', () => {
    const manual = audit.findings.filter((f) => f.source === 'manual');
    expect(manual).toHaveLength(1);
    expect(manual[0]!.title).toMatch(/git/i);
    expect(manual[0]!.priority).toBe('P2');
  });

  it('P2-2 manual orchestration: no compose files captured, P2', () => {
    expect(find('compose/no-orchestration-files').priority).toBe('P2');
  });

  // Issue 11: the auditor's "high resource usage" item is memory first; disk at 74% with 39 GiB free is just
  // over its 70% line with no growth visible in one capture, so it is still reported, one step lower (P3).
  it('P2-3 high resource usage: memory 80% P2, disk 74% still reported (P3: just over its line, 39 GiB free)', () => {
    const mem = find('host/memory-pressure');
    expect(mem.priority).toBe('P2');
    expect(mem.title).toMatch(/80%/);
    const disk = find('host/disk-usage', 'mount:/');
    expect(disk.priority).toBe('P3');
    expect(disk.observed).toBe(74);
  });

  it(
    'P2-4 recent restarts: the four young containers, and Redis ' + 'restarted ~2h20m before capture on a 6-day host',
    () => {
      const f = find('container/recent-restarts');
      for (const name of ['quantum_backend', 'quantum_market_publisher', 'quantum_trading_bot', 'quantum_ai_engine'])
        expect(f.explanation + f.title).toContain(name);
      const redis = find('redis/recent-restart');
      expect(redis.title + redis.explanation).toMatch(/2 h 2\d min/);
    },
  );

  it("P3-1 the AI engine's 404s on a path the trading bot calls", () => {
    const f = find('logs/http-error-burst', /quantum_ai_engine/);
    expect(f.title).toMatch(/404/);
    expect(f.title + f.explanation).toMatch(/POST \/api\/ai\/signal/);
    expect(atLeast(f.priority, 'P3')).toBe(true);
  });
});

describe('what the auditor missed', () => {
  it('Redis 6379 published on 0.0.0.0 and [::]: P0; other services on all interfaces too', () => {
    expect(find('container/published-all-interfaces', 'container:quantum_redis').priority).toBe('P0');
    expect(find('container/published-all-interfaces', /^containers:/).priority).toMatch(/P[01]/);
  });

  it('containers without memory limits', () => {
    expect(find('container/no-memory-limit').priority).toBe('P2');
  });

  it('Redis maxmemory 0 with noeviction, citing both INFO lines', () => {
    const f = find('redis/maxmemory-noeviction');
    expect(f.evidence).toContainEqual(expect.objectContaining({ file: 'raw/redis_info_memory.txt', startLine: 32 }));
    expect(f.evidence).toContainEqual(expect.objectContaining({ file: 'raw/redis_info_memory.txt', startLine: 34 }));
  });

  it('no swap on a host at 80% memory', () => {
    expect(find('host/no-swap').priority).toBe('P3');
  });

  it('what the audit could not see: inspect error, unkeyed lengths; the slowlog was read as empty', () => {
    // The hand audit: "No critical slow queries". The file is raw redis-cli's empty array (one line break).
    expect(audit.findings.filter((f) => f.subject === 'file:raw/redis_slowlog.txt')).toEqual([]);
    expect(audit.rules.find((r) => r.ruleId === 'redis/slowlog')?.status).toBe('pass');
    expect(find('evidence/error-output', 'file:raw/inspect_.json').priority).toBe('P3');
    expect(find('evidence/values-without-keys', 'file:raw/redis_streams_lengths.txt').priority).toBe('P3');
  });
});

describe('backlog invariants', () => {
  it('has no fingerprint collisions, and every finding cites evidence', () => {
    expect(findCollisions(audit.findings)).toEqual([]);
    for (const f of audit.findings) expect(f.evidence.length, f.ruleId).toBeGreaterThan(0);
  });

  it('orders P0 first and gives identical Markdown on every run', async () => {
    const order = audit.findings.map((f) => f.priority);
    expect([...order].sort()).toEqual(order);
    const again = (await analyzePath('evidence/quantum-trader-2025-12-24')).audit;
    expect(formatBacklogMarkdown(again)).toBe(formatBacklogMarkdown(audit));
    expect(JSON.stringify(again)).toBe(JSON.stringify(audit));
  });
});

describe('cross-references', () => {
  it('the payload defaults are blocked by the stalled group, as the auditor linked ILF to P0-1', () => {
    const lag = find('stream/consumer-group-lag');
    const leverage = find('stream/payload-default-values', /field:(payload\.)?leverage$/);
    expect(leverage.links).toContainEqual({ type: 'blocked-by', fingerprint: lag.fingerprint });
    expect(find('stream/pending-entries').links).toContainEqual({ type: 'caused-by', fingerprint: lag.fingerprint });
  });
});
