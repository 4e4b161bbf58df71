// Builds a large synthetic bundle for benchmarks: the shapes of the real sample, scaled up.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

export interface Scale {
  containers: number;
  redisClients: number;
  streamEntries: number;
  logBytes: number;
  /** The log's lines (default GENERATOR_LINES); `{n}` in a line is the running number, else ` #n` ends it. */
  logLines?: readonly string[];
}

const pad = (s: string, n: number) => s.padEnd(n);

/** The docker log's lines, repeated in turn with a running `#n` suffix. */
export const GENERATOR_LINES = [
  '2025-12-24 04:53:01,094 - svc.bot - WARNING - AI Engine unavailable (HTTP 404): ' +
    '{"detail":"No signal generated for OPUSDT"}, using fallback strategy',
  'INFO:     172.18.0.29:41600 - "POST /api/ai/signal HTTP/1.1" 404 Not Found',
  '[2025-12-24 04:55:06,287] [svc.engine] [INFO] Published normalized: SOLUSDT @ 121.63',
  '2025-12-24 04:55:45,171 - svc.backend - ERROR - order failed: APIError(code=-4164)',
];

/**
 * A second log shape: lines that carry the names redaction looks for (session ids, tokens, keys, auth) in
 * JSON, logfmt and Python logging records, and one line in six with a distinct password. Every line passes
 * the redaction gate, where GENERATOR_LINES never do, so the two shapes bound the log path from both sides.
 */
export const WORDY_LINES = [
  '{"time":"2025-12-24T04:53:01.094Z","level":"info","msg":"request done","session_id":"s-{n}",' +
    '"path":"/api/v1/orders/{n}","status":200,"duration_ms":12}',
  '2025-12-24 04:53:01,094 - auth.service - INFO - token refreshed for user {n} via oauth provider, expires in 3600s',
  'time="2025-12-24T04:53:01Z" level=warning msg="cache key miss" key=orders:{n} sort_key=created_at',
  '2025-12-24 04:53:02,311 - api.gateway - ERROR - upstream auth failed for client {n}: 401 Unauthorized',
  '{"time":"2025-12-24T04:53:02.500Z","level":"debug","msg":"signature checked","webhook":"orders","id":{n}}',
  '2025-12-24 04:53:03,002 - worker - DEBUG - connecting to db with password=Zq81xLm{n}a',
];

/** Write a bundle at `dir/raw` and return its total bytes. */
export async function generateBundle(dir: string, scale: Scale): Promise<number> {
  const raw = join(dir, 'raw');
  mkdirSync(raw, { recursive: true });
  let bytes = 0;
  const put = (name: string, text: string) => {
    writeFileSync(join(raw, name), text);
    bytes += Buffer.byteLength(text);
  };
  const ps = [pad('NAMES', 33) + pad('IMAGE', 40) + pad('STATUS', 26) + 'PORTS'];
  for (let i = 0; i < scale.containers; i++) {
    const status =
      i % 97 === 0 ? 'Up 2 hours (unhealthy)' : i % 13 === 0 ? 'Up 5 minutes (healthy)' : 'Up 2 hours (healthy)';
    ps.push(
      pad(`svc_${i}`, 33) +
        pad(`org/svc-${i}:1.${i % 7}`, 40) +
        pad(status, 26) +
        (i % 3 === 0 ? `0.0.0.0:${9000 + i}->${9000 + i}/tcp` : ''),
    );
  }
  put('docker_ps.txt', ps.join('\n') + '\n');
  const clients: string[] = [];
  for (let i = 0; i < scale.redisClients; i++) {
    clients.push(
      `id=${i + 3} addr=172.18.${(i >> 8) & 255}.${i & 255}:${40000 + (i % 20000)} ` +
        `laddr=172.18.0.25:6379 fd=${i + 8} ` +
        `name= age=${i % 5000} idle=${i % 300} flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 watch=0 qbuf=0 ` +
        ('qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 ' +
          `tot-mem=1928 events=r cmd=${i % 5 === 0 ? 'xreadgroup' : 'get'} `) +
        'user=default redir=-1 resp=2 lib-name=redis-py lib-ver=7.1.0',
    );
  }
  put('redis_client_list.txt', clients.join('\n') + '\n');
  const entries: string[] = [];
  const t0 = 1766550734062;
  for (let i = 0; i < scale.streamEntries; i++) {
    entries.push(
      `${t0 + i}-0`,
      'event_type',
      'trade.intent',
      'payload',
      `{"symbol": "S${i % 50}USDT", "leverage": 1, "regime": "unknown", "funding_rate": 0.0}`,
      'source',
      'trading-bot',
    );
  }
  put('redis_sample_trade_intent.txt', entries.join('\n') + '\n');
  put('redis_stream_keys.txt', 'quantum:stream:trade.intent\n');
  put(
    'redis_groups_trade_intent.txt',
    'name\ng1\nconsumers\n3\npending\n1\nlast-delivered-id\n1766219478937-0\nentries-read\n100\nlag\n5000\n',
  );
  // Logs streamed to disk, never held whole.
  const log = createWriteStream(join(raw, 'logs_tail_svc_1.txt'));
  const lines = scale.logLines ?? GENERATOR_LINES;
  let written = 0;
  let n = 0;
  // Lines are joined into ~1 MiB writes: a 256 MiB log is millions of lines, and one write per line is slow.
  let batch = '';
  while (written < scale.logBytes) {
    const template = lines[n % lines.length]!;
    const line = template.includes('{n}') ? `${template.replaceAll('{n}', String(n))}\n` : `${template} #${n}\n`;
    n++;
    written += Buffer.byteLength(line);
    batch += line;
    if (batch.length >= 2 ** 20) {
      const full = batch;
      batch = '';
      if (!log.write(full)) await once(log, 'drain');
    }
  }
  if (batch !== '' && !log.write(batch)) await once(log, 'drain');
  log.end();
  await once(log, 'finish');
  return bytes + written;
}
