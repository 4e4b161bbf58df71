// Rules of reading added for issue 10, each on real outputs from the public corpus (test/fixtures/public,
// sources in its SOURCES.md) next to the look-alikes they must not swallow.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeLsParser } from '../../src/core/parsers/compose-ls.ts';
import { dockerLogsParser } from '../../src/core/parsers/docker-logs.ts';
import { dockerComposePsParser } from '../../src/core/parsers/docker-compose-ps.ts';
import { dockerPsParser } from '../../src/core/parsers/docker-ps.ts';
import { freeParser } from '../../src/core/parsers/free.ts';
import { safeParse } from '../../src/core/parsers/parser.ts';
import type { Parser } from '../../src/core/parsers/parser.ts';
import { redisClientListParser } from '../../src/core/parsers/redis-client-list.ts';
import { redisInfoParser } from '../../src/core/parsers/redis-info.ts';

const PUB = 'test/fixtures/public/';
const read = (f: string) => readFileSync(f, 'utf8');
function value<T>(parser: Parser<T>, text: string, file = 'capture.txt'): T {
  const r = safeParse(parser, text, { file, firstLine: 1 });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('docker compose ps', () => {
  it('reads the NAME … SERVICE table, lower-case exited (0) included (docker-compose-ps, not docker-ps)', () => {
    const text = read(`${PUB}docker-compose-ps/compose-docs-compose-ps-all.txt`);
    expect(dockerPsParser.detect(text, 'capture.txt')).toBe(0);
    expect(dockerComposePsParser.detect(text, 'capture.txt')).toBeGreaterThanOrEqual(0.8);
    expect(value(dockerComposePsParser, text).map((r) => [r.name, r.state, r.exitCode])).toEqual([
      ['example-foo-1', 'running', undefined],
      ['example-bar-1', 'exited', 0],
    ]);
  });

  it('leaves docker compose ls (NAME STATUS) and docker inspect arrays alone', () => {
    const ls = read(`${PUB}compose-ls/compose-v2-beta-ls-no-config-files.txt`);
    expect(dockerPsParser.detect(ls, 'capture.txt')).toBe(0);
    expect(composeLsParser.detect(ls, 'x')).toBeGreaterThan(0.5);
    const inspect = read(`${PUB}docker-inspect/testttdock-inspect-node-18.09-running.txt`);
    expect(dockerPsParser.detect(inspect, 'capture.txt')).toBe(0);
  });

  it('reads compose JSON lines (Name, State, Publishers) and the same objects as one JSON array', () => {
    const lines = read(`${PUB}docker-ps/compose-docs-compose-ps-format-json.txt`).trim().split('\n');
    const fromLines = value(dockerPsParser, `${lines.join('\n')}\n`);
    expect(fromLines[1]?.ports).toEqual([{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);
    // Compose 2.21+ prints the list as one array; the elements are the documented objects.
    const array = `[${lines.join(',')}]\n`;
    expect(dockerPsParser.detect(array, 'capture.txt')).toBeGreaterThanOrEqual(0.8);
    const fromArray = value(dockerPsParser, array);
    expect(fromArray.map(({ evidence: _e, ...r }) => r)).toEqual(fromLines.map(({ evidence: _e, ...r }) => r));
    expect(fromArray[1]?.evidence.pointer).toBe('/1');
  });
});

describe('Redis 2.6/2.8 CLIENT LIST', () => {
  it('reads records that start at addr= (no id)', () => {
    const text = read(`${PUB}redis-client-list/redis-2.8-crash-report-client-list-named.txt`);
    expect(redisClientListParser.detect(text, 'capture.txt')).toBeGreaterThanOrEqual(0.9);
    const clients = value(redisClientListParser, text);
    expect(clients).toHaveLength(7);
    expect(clients[0]).toMatchObject({ id: '', addr: '127.0.0.1:15532', ip: '127.0.0.1', port: 15532, name: 'WEB801' });
  });

  it('still refuses text that only mentions addr=', () => {
    expect(redisClientListParser.detect('addr=10.0.0.1 is blocked\n', 'x')).toBe(0);
  });
});

describe('free -h sizes with a bare suffix', () => {
  it('reads procps-ng 3.3.10-3.3.12 (14-space header) G/M as GiB/MiB', () => {
    const v = value(freeParser, read(`${PUB}free/procps-ng-3.3.12-free-h-ubuntu.txt`));
    expect(v.totalBytes).toBe(15 * 1024 ** 3);
    expect(v.freeBytes).toBe(172 * 1024 ** 2);
  });

  it('keeps procps-ng 4 --si (15-space header) as powers of 1000', () => {
    const v = value(freeParser, read('test/fixtures/free/free-h-si.txt'));
    expect(v.totalBytes).toBe(25 * 1000 ** 3);
  });
});

describe('Redis 7 INFO keys with |', () => {
  it('reads cmdstat_client|list and latency_percentiles_usec_config|get as keys, with no parse failure', () => {
    const r = safeParse(redisInfoParser, read(`${PUB}redis-info/redis-exporter-redis-7.4.0-info-all.txt`), {
      file: 'redis_info.txt',
      firstLine: 1,
    });
    expect(r.ok && r.issues).toEqual([]);
    expect(r.ok && r.value.sections['Commandstats']?.['cmdstat_slowlog|get']).toBe(
      'calls=408791,usec=3637596,usec_per_call=8.90,rejected_calls=0,failed_calls=0',
    );
  });
});

describe('container logs by shape', () => {
  it('recognises compose prefixes, JSON loggers, bare tracebacks and banners without a file name', () => {
    for (const f of [
      'compose-v1-up-logs-web-redis-3.0.txt',
      'compose-v2-uwsgi-2.0.20-banner.txt',
      'pino-readme-json-lines.txt',
      'mongo-4.4-json-log-bitnami.txt',
      'python3.9-bare-traceback-pkg-resources.txt',
      'nginx-lua-alpine-entrypoint-error.txt',
      'uwsgi-2.0.18-banner-no-socket.txt',
    ]) {
      expect(dockerLogsParser.detect(read(`${PUB}docker-logs/${f}`), 'capture.txt'), f).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('stays below the parsers of other commands on their own output', () => {
    const others = [
      'free/procps-ng-4-free-m-proxmox.txt',
      'docker-ps/docker-cli-docs-ps-size.txt',
      'uname/uos-20-uname-a.txt',
    ];
    for (const f of others) {
      expect(dockerLogsParser.detect(read(`${PUB}${f}`), 'capture.txt'), f).toBeLessThan(0.5);
    }
  });
});
