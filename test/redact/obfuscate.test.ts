import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createObfuscator } from '../../src/core/redact/obfuscate.ts';

const RAW = join(import.meta.dirname, '../../evidence/quantum-trader-2025-12-24/raw');
const read = (f: string): string => readFileSync(join(RAW, f), 'utf8');

describe('createObfuscator', () => {
  it('maps the same address to the same stand-in across files', () => {
    const o = createObfuscator();
    const clients = o.obfuscateText(read('redis_client_list.txt'));
    const inspect = o.obfuscateText(read('inspect_quantum_redis.json'));
    const realIps = [...read('redis_client_list.txt').matchAll(/addr=(\d+\.\d+\.\d+\.\d+):/g)].map((m) => m[1]!);
    expect(realIps.length).toBeGreaterThan(0);
    for (const ip of new Set(realIps.filter((a) => !a.startsWith('127.')))) {
      expect(clients).not.toMatch(new RegExp(`\\b${ip.replaceAll('.', '\\.')}:`));
    }
    // The Redis container's own address: laddr in client list, IPAddress in inspect.
    const redisIp = /"IPAddress": "(\d+\.\d+\.\d+\.\d+)"/.exec(read('inspect_quantum_redis.json'))![1]!;
    const stand = o.mapping().find((e) => e.original === redisIp)!.replacement;
    expect(stand).toMatch(/^198\.18\.\d+\.\d+$/);
    expect(inspect).toContain(`"IPAddress": "${stand}"`);
    expect(clients).toContain(`laddr=${stand}:6379`);
  });

  it('maps domains and given host names, keeps loopback, times and versions', () => {
    const o = createObfuscator({ hosts: ['quantum_redis', 'quantum_backend'] });
    const out = o.obfuscateText(
      [
        '04:55:44 - DEBUG - https://testnet.binancefuture.com:443 "GET /fapi/v1/time HTTP/1.1" 200 None',
        'REDIS_HOST=quantum_redis; bound to 127.0.0.1 and 0.0.0.0, also api.binance.com and TESTNET.binancefuture.com',
        'listening on [::]:6379 and [fe80::42:acff:fe12:6]:6379 (redis 7.4.2, python 3.11.14, mac 02:42:ac:12:00:06)',
        'see www.example.com; quantum_backend -> quantum_redis_data stays (not a listed host)',
      ].join('\n'),
    );
    expect(out.split('\n')).toEqual([
      '04:55:44 - DEBUG - https://domain-1.example:443 "GET /fapi/v1/time HTTP/1.1" 200 None',
      'REDIS_HOST=host-1; bound to 127.0.0.1 and 0.0.0.0, also domain-2.example and domain-1.example',
      'listening on [::]:6379 and [2001:db8::1]:6379 (redis 7.4.2, python 3.11.14, mac 02:42:ac:12:00:06)',
      'see www.example.com; host-2 -> quantum_redis_data stays (not a listed host)',
    ]);
    expect(o.mapping()).toEqual([
      { kind: 'host', original: 'quantum_redis', replacement: 'host-1' },
      { kind: 'host', original: 'quantum_backend', replacement: 'host-2' },
      { kind: 'domain', original: 'testnet.binancefuture.com', replacement: 'domain-1.example' },
      { kind: 'domain', original: 'api.binance.com', replacement: 'domain-2.example' },
      { kind: 'ipv6', original: 'fe80::42:acff:fe12:6', replacement: '2001:db8::1' },
    ]);
  });

  it('obfuscateDeep rewrites strings and keeps keys and other values', () => {
    const o = createObfuscator();
    const out = o.obfuscateDeep({
      '172.18.0.6': 1,
      net: { IPAddress: '172.18.0.6', Gateway: '172.18.0.1', Prefix: 16, up: true },
    });
    expect(out).toEqual({
      '172.18.0.6': 1,
      net: { IPAddress: '198.18.0.1', Gateway: '198.18.0.2', Prefix: 16, up: true },
    });
  });

  it('is stable on its own output and never changes the line count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain(), fc.string({ maxLength: 20 })), { maxLength: 10 }),
        (parts) => {
          const o = createObfuscator();
          const text = parts.join('\n');
          const once = o.obfuscateText(text);
          expect(once.split('\n')).toHaveLength(text.split('\n').length);
          expect(o.obfuscateText(once)).toBe(once);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
