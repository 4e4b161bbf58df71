import { describe, expect, it } from 'vitest';
import type { RedisClient } from '../../../src/core/model/redis.ts';
import { consumersNotReading } from '../../../src/core/rules/stream/consumers-not-reading.ts';
import { evaluateRule } from '../../helpers/audit-builder.ts';
import { sampleRedisAudit } from '../redis/sample-redis.ts';

const client = (line: number, cmd: string, container?: string): RedisClient => ({
  id: String(line),
  addr: '172.18.0.6:55276',
  ip: '172.18.0.6',
  port: 55276,
  name: '',
  ageSeconds: 2410,
  idleSeconds: 0,
  flags: cmd === 'xreadgroup' ? 'b' : 'N',
  db: 0,
  cmd,
  ...(container ? { container } : {}),
  fields: {},
  evidence: { file: 'raw/redis_client_list.txt', startLine: line, endLine: line },
});

describe('stream/consumers-not-reading', () => {
  it('stays quiet on the sample: quantum_ai_engine is blocked in XREADGROUP', () => {
    const audit = sampleRedisAudit();
    audit.redis.clients = [
      client(10, 'xreadgroup', 'quantum_ai_engine'),
      client(11, 'xreadgroup', 'quantum_ai_engine'),
      client(2, 'get'),
    ];
    const { reports, notes } = evaluateRule(consumersNotReading, audit);
    expect(reports).toEqual([]);
    expect(notes[0]).toBe('clients whose last command is XREADGROUP: quantum_ai_engine ×2');
  });

  it('reports the lagging group when no client reads with XREADGROUP', () => {
    const audit = sampleRedisAudit();
    audit.redis.clients = [client(2, 'get'), client(3, 'xadd', 'quantum_trading_bot')];
    audit.redis.evidence.push({ file: 'raw/redis_client_list.txt', startLine: 1 });
    const { reports } = evaluateRule(consumersNotReading, audit);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      subject: 'stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent',
      observed: 0,
      values: { xreadgroupClients: 0, clients: 2 },
      evidence: [
        { file: 'raw/redis_groups_trade_intent.txt', startLine: 1, endLine: 12 },
        { file: 'raw/redis_client_list.txt', startLine: 1 },
      ],
    });
  });
});
