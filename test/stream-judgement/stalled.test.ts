// Issue 11, item 1: "stalled" means nobody is consuming, judged from owner state, consumer idle, pending idle and
// the readers CLIENT LIST shows, never from the age of the last-delivered id alone. Every case is a real capture:
// the sample and its later capture, two 7.0 captures made here (test/fixtures/bundles/redis-live-backlog), and
// XINFO outputs from the Redis docs in the public corpus (test/fixtures/public, SOURCES.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/core/model/audit.ts';
import type { Finding } from '../../src/core/model/finding.ts';
import { analyzeBundle } from '../../src/core/run/analyze.ts';
import { readBundle } from '../../src/node/read-bundle.ts';

const LIVE = 'test/fixtures/bundles/redis-live-backlog';
const PUBLIC = 'test/fixtures/public';
const analyzeDir = async (dir: string): Promise<Audit> =>
  (await analyzeBundle(await readBundle(dir), { redactKey: 'k' })).audit;
const analyzeFiles = async (name: string, files: Record<string, string>): Promise<Audit> =>
  (
    await analyzeBundle(
      {
        name,
        files: Object.entries(files).map(([path, text]) => ({ path, data: new TextEncoder().encode(text) })),
        issues: [],
      },
      { redactKey: 'k' },
    )
  ).audit;
const lagOf = (a: Audit, subject: string): Finding | undefined =>
  a.findings.find((f) => f.ruleId === 'stream/consumer-group-lag' && f.subject === subject);
const notes = (a: Audit, ruleId: string): string => a.rules.find((r) => r.ruleId === ruleId)?.inputs.join('\n') ?? '';

describe('a live 7.0 consumer working through a backlog is not stalled', () => {
  let consuming: Audit;
  let stopped: Audit;
  beforeAll(async () => {
    consuming = await analyzeDir(join(LIVE, 'consuming'));
    stopped = await analyzeDir(join(LIVE, 'stopped'));
  });

  it('consuming: its last delivery is ~2 h older than the newest entry, yet it is consuming — P1, not P0', () => {
    const f = lagOf(consuming, 'stream:shop:orders/group:fulfilment');
    expect(f).toBeDefined();
    // The old judgement (last delivery over an hour behind the newest entry) would have called this stalled.
    expect(Number(f!.values['stalledFor'])).toBeGreaterThan(3600);
    expect(f!.values).toMatchObject({ stalled: false, consumption: 'consuming', flow: 'business' });
    expect(f!.priority).toBe('P1');
    expect(f!.messageId).toBe('lagsConsuming');
    expect(f!.explanation).toMatch(/connection 'fulfilment-1' .* ran XREADGROUP|XACK/);
    expect(f!.evidence.some((e) => e.file.endsWith('redis_client_list.txt'))).toBe(true);
    expect(consuming.findings.some((x) => x.ruleId === 'stream/pending-entries')).toBe(false);
  });

  it('stopped: the same consumer killed, nobody can serve the waiting entries — P0 stalled', () => {
    const f = lagOf(stopped, 'stream:shop:orders/group:fulfilment');
    expect(f).toMatchObject({ priority: 'P0', messageId: 'lagsStalled' });
    expect(f!.values).toMatchObject({ stalled: true, consumption: 'stopped' });
    // The reader still connected waits on another stream (BLOCK 0): a group with entries waiting would have
    // answered it at once, so it is not this group's reader.
    expect(f!.explanation).toContain('blocked waiting for new entries');
    expect(stopped.findings.find((x) => x.ruleId === 'stream/pending-entries')?.values['stalled']).toBe(true);
  });

  it('the quiet stream: its consumer waits in BLOCK 0 with nothing to read, and nothing is raised about it', () => {
    for (const a of [consuming, stopped]) {
      expect(a.findings.filter((f) => f.subject === 'stream:shop:events/group:notify')).toEqual([]);
      expect(notes(a, 'stream/consumer-group-lag')).toMatch(/shop:events\/group:notify: lag 0 .*consumption consuming/);
    }
  });
});

describe('the sample: the group really is stalled, and stays P0', () => {
  let sample: Audit;
  let later: Audit;
  beforeAll(async () => {
    sample = await analyzeDir('evidence/quantum-trader-2025-12-24');
    later = await analyzeDir('evidence/quantum-trader-2025-12-31');
  });
  const subject = 'stream:quantum:stream:trade.intent/group:quantum:group:execution:trade.intent';

  it('2025-12-24: 10014 waiting, every XREADGROUP client blocked (waiting for new entries): stopped, P0', () => {
    const f = lagOf(sample, subject)!;
    expect(f).toMatchObject({ priority: 'P0', observed: 10014 });
    expect(f.values).toMatchObject({ consumption: 'stopped', stalled: true });
    expect(f.evidence).toContainEqual({ file: 'raw/redis_client_list.txt', startLine: 11, endLine: 11 });
    // No container is tied to the group: the AI engine's readers are not taken as its owner.
    expect(sample.redis.streams.flatMap((s) => s.groups).every((g) => g.owner === undefined)).toBe(true);
  });

  it('2025-12-31: lag 12, last delivery 1 s behind the newest entry: the same blocked readers prove nothing', () => {
    expect(lagOf(later, subject)).toBeUndefined();
    expect(notes(later, 'stream/consumer-group-lag')).toMatch(/lag 12 .*consumption unknown/);
  });
});

describe('Redis 7.2 idle counts read attempts; before 7.2 only deliveries (public corpus, redis-doc outputs)', () => {
  const groups = readFileSync(join(PUBLIC, 'redis-xinfo-groups/redis-doc-xinfo-groups-7.txt'), 'utf8');
  const only = (text: string) => text.split('2)  1)')[0]!; // the first group, mygroup (2 consumers, 2 pending, lag 0)
  const consumers72 = readFileSync(join(PUBLIC, 'redis-xinfo-consumers/redis-doc-xinfo-consumers-7.2.txt'), 'utf8');
  const consumers50 = readFileSync(
    join(PUBLIC, 'redis-xinfo-consumers/redis-doc-2018-xinfo-consumers-5.0.txt'),
    'utf8',
  );

  it('7.2 (inactive present): nobody attempted a read for 2.5 h while 2 entries are pending — stopped', async () => {
    const a = await analyzeFiles('doc-72', {
      'raw/redis_stream_keys.txt': 'mystream\n',
      'raw/redis_groups_mystream.txt': only(groups),
      'raw/redis_consumers_mystream__mygroup.txt': consumers72,
    });
    const p = a.findings.find((f) => f.ruleId === 'stream/pending-entries');
    expect(p?.values).toMatchObject({ consumption: 'stopped', stalled: true });
    // Lag 0: nothing waits unread, so no lag finding.
    expect(lagOf(a, 'stream:mystream/group:mygroup')).toBeUndefined();
  });

  it('before 7.2 (no inactive): the same idle on a caught-up stream is not called dead', async () => {
    const a = await analyzeFiles('doc-50', {
      'raw/redis_stream_keys.txt': 'mystream\n',
      'raw/redis_groups_mystream.txt': only(groups),
      'raw/redis_consumers_mystream__mygroup.txt': consumers50,
    });
    const p = a.findings.find((f) => f.ruleId === 'stream/pending-entries');
    expect(p?.values['stalled']).toBe(false);
    expect(p?.values['consumption']).toBe('unknown');
  });
});
