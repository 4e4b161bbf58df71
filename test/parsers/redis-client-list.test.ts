import { describe, expect, it } from 'vitest';
import { redisClientListParser as parser } from '../../src/core/parsers/redis-client-list.ts';
import {
  BINARY_JUNK,
  TTY_UNKNOWN_COMMAND,
  expectCitedLinesExist,
  fixture,
  issueKinds,
  okValue,
  run,
  sample,
} from './redis-helpers.ts';

const fx = (name: string) => fixture('redis-client-list', name);

describe('redis-client-list on the real sample (7.2+ field set)', () => {
  const text = sample('redis_client_list.txt');
  const clients = okValue(run(parser, text, 'raw/redis_client_list.txt'));

  it('reads all 62 clients with typed fields and line evidence', () => {
    expect(clients).toHaveLength(62);
    expect(clients[0]).toMatchObject({
      id: '3270',
      addr: '172.18.0.33:46800',
      ip: '172.18.0.33',
      port: 46800,
      name: '',
      ageSeconds: 299,
      idleSeconds: 1,
      flags: 'N',
      db: 0,
      cmd: 'xadd',
      libName: 'redis-py',
      evidence: { file: 'raw/redis_client_list.txt', startLine: 1, endLine: 1 },
    });
    expect(clients[0]?.fields).toMatchObject({
      laddr: '172.18.0.25:6379',
      'tot-mem': '22400',
      'lib-ver': '7.1.0',
      resp: '2',
      watch: '0',
    });
    expectCitedLinesExist(clients, text);
  });

  it('keeps the capturing client, whose lib-name is empty, without libName', () => {
    const last = clients[61];
    expect(last).toMatchObject({ id: '3370', cmd: 'client|list', ip: '127.0.0.1', evidence: { startLine: 62 } });
    expect(last).not.toHaveProperty('libName');
    expect(clients.filter((c) => c.libName === 'redis-py')).toHaveLength(61);
    expect(clients.filter((c) => c.cmd === 'xreadgroup')).toHaveLength(4);
  });

  it('is detected from content', () => {
    expect(parser.detect(text, 'clients.txt')).toBeGreaterThanOrEqual(0.9);
  });
});

describe('redis-client-list on other captures', () => {
  it('reads the 7.0 field set (no watch, no lib-name) from raw and tty captures', () => {
    for (const name of ['client-list.raw.txt', 'client-list.tty.txt']) {
      const clients = okValue(run(parser, fx(name)));
      expect(clients.map((c) => [c.name, c.flags, c.cmd])).toEqual([
        ['worker-1', 'b', 'xreadgroup'],
        ['risk-watcher', 'b', 'xread'],
        ['', 'N', 'client|list'],
      ]);
      expect(clients[0]).not.toHaveProperty('libName');
      expect(clients[0]?.fields).not.toHaveProperty('watch');
    }
  });

  it('strips IPv6 brackets from ip and keeps the port', () => {
    const clients = okValue(run(parser, fx('client-list-ipv6.raw.txt')));
    expect(clients[2]).toMatchObject({ name: 'ipv6-probe', addr: '[::1]:33502', ip: '::1', port: 33502 });
    expect(clients[3]?.db).toBe(2);
  });

  it('keeps 8.0 fields and reads unix-socket addresses', () => {
    const clients = okValue(run(parser, fx('client-list-8.0.txt')));
    expect(clients[0]?.fields).toMatchObject({ 'io-thread': '0', 'tot-net-in': '1024', 'tot-cmds': '12' });
    expect(clients[1]).toMatchObject({ ip: '/run/redis/redis.sock', port: 0, flags: 'U' });
  });

  it('reads the quoted form with \\n escapes, citing the one line', () => {
    const line = fx('client-list.raw.txt').trimEnd().split('\n').join('\\n');
    const clients = okValue(run(parser, `"${line}\\n"\n`));
    expect(clients.map((c) => c.name)).toEqual(['worker-1', 'risk-watcher', '']);
    expect(clients[2]?.evidence).toMatchObject({ startLine: 1, endLine: 1 });
  });
});

describe('redis-client-list on bad input', () => {
  it('handles empty, junk, errors and wrong content', () => {
    expect(issueKinds(run(parser, ''))).toEqual(['empty-capture']);
    expect(issueKinds(run(parser, BINARY_JUNK))).toEqual(['binary']);
    expect(issueKinds(run(parser, TTY_UNKNOWN_COMMAND))).toEqual(['error-output']);
    const wrong = run(parser, sample('redis_info_stats.txt'), 'raw/redis_client_list.txt');
    expect(wrong.ok).toBe(false);
    expect(issueKinds(wrong)).toEqual(['unrecognised']);
    expect(parser.detect(sample('redis_info_stats.txt'), 'redis_client_list.txt')).toBe(0);
  });

  it('reads a line cut mid-way and flags stray lines', () => {
    const lines = sample('redis_client_list.txt').split('\n');
    const text = `${lines[0]}\n${lines[1]}\n${lines[2]?.slice(0, 80)}\n-- end of capture --\n`;
    const result = run(parser, text);
    const clients = okValue(result);
    expect(clients).toHaveLength(3);
    expect(clients[2]?.id).toBe('2378');
    expect(issueKinds(result)).toEqual(['parse-failure']);
  });
});
