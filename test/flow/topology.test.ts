import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFlowGraph, getEdgeProvenance, type FlowGraph, type FlowInput } from '../../src/core/flow/graph.ts';
import { toMermaid } from '../../src/core/flow/mermaid.ts';
import { mergeTopologies, parseTopology, type DeclaredTopology } from '../../src/core/flow/topology.ts';
import { parseConfig } from '../../src/core/rules/config.ts';
import { loadTopology } from '../../src/node/build-site.ts';
import { analyzePath } from '../../src/node/analyze-path.ts';

const FIXTURE = 'test/fixtures/topology/quantumtrader-prod-1.yaml';
const FILE = 'content/topology/quantumtrader-prod-1.yaml';
const INTENT = 'quantum:stream:trade.intent';
const CLOSED = 'quantum:stream:trade.closed';
const GROUP = 'quantum:group:execution:trade.intent';

/**
 * The sample's shape (values from evidence/quantum-trader-2025-12-24): trade.intent with its lagging group,
 * trade.closed listed but unconnected.
 */
function sampleInput(): FlowInput {
  const ref = (file: string, line: number) => ({ file, startLine: line, endLine: line });
  return {
    containers: ['quantum_trading_bot', 'quantum_ai_engine', 'quantum_trade_journal', 'quantum_backend'].map(
      (name) => ({ name, state: 'running', health: 'none', ports: [], evidence: [] }),
    ),
    redis: {
      stats: {},
      info: [],
      clients: [
        {
          id: '3270',
          addr: '172.18.0.29:46800',
          ip: '172.18.0.29',
          name: '',
          ageSeconds: 299,
          idleSeconds: 1,
          flags: 'N',
          cmd: 'xadd',
          container: 'quantum_trading_bot',
          fields: {},
          evidence: ref('redis_client_list.txt', 40),
        },
        {
          id: '3301',
          addr: '172.18.0.6:51900',
          ip: '172.18.0.6',
          name: '',
          ageSeconds: 120,
          idleSeconds: 0,
          flags: 'N',
          cmd: 'xadd',
          container: 'quantum_backend',
          fields: {},
          evidence: ref('redis_client_list.txt', 41),
        },
        {
          id: '2360',
          addr: '172.18.0.7:55284',
          ip: '172.18.0.7',
          name: '',
          ageSeconds: 2410,
          idleSeconds: 2,
          flags: 'b',
          cmd: 'xreadgroup',
          container: 'quantum_ai_engine',
          fields: {},
          evidence: ref('redis_client_list.txt', 11),
        },
      ],
      streams: [
        {
          key: INTENT,
          length: 55423,
          groups: [
            {
              name: GROUP,
              consumers: 34,
              pending: 1,
              lastDeliveredId: '1766219478937-0',
              entriesRead: 45409,
              lag: 10014,
              evidence: ref('redis_groups_trade_intent.txt', 1),
            },
          ],
          samples: [
            {
              id: '1766550734062-1',
              fields: { event_type: 'trade.intent', source: 'trading-bot' },
              evidence: ref('redis_sample_trade_intent.txt', 1),
            },
          ],
          evidence: [ref('redis_streams_lengths.txt', 3)],
        },
        { key: CLOSED, groups: [], samples: [], evidence: [ref('redis_stream_keys.txt', 20)] },
      ],
      unkeyedLengths: [],
      evidence: [],
    },
  } as FlowInput;
}

const fixture = (): DeclaredTopology => {
  const parsed = parseTopology(readFileSync(FIXTURE, 'utf8'), FILE);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return mergeTopologies([{ topology: parsed.topology, source: `topology file ${FILE}` }]);
};

const edgeOf = (g: FlowGraph, from: string, to: string) => {
  const id = (label: string) => g.nodes.find((n) => n.label === label)?.id;
  return g.edges.find((e) => e.from === id(from) && e.to === id(to));
};

describe('parseTopology', () => {
  it('reads the hand-written fixture', () => {
    expect(parseTopology(readFileSync(FIXTURE, 'utf8'), FILE)).toEqual({
      ok: true,
      topology: {
        producers: [{ service: 'quantum_trading_bot', streams: [INTENT] }],
        consumers: [
          { service: 'quantum_ai_engine', stream: INTENT, group: GROUP },
          { service: 'quantum_trade_journal', stream: CLOSED, group: 'quantum:group:journal:trade.closed' },
        ],
      },
    });
  });

  it('accepts JSON and an empty file', () => {
    expect(parseTopology('{"consumers": [{"service": "web", "stream": "s"}]}', 'web.yaml')).toEqual({
      ok: true,
      topology: { consumers: [{ service: 'web', stream: 's' }] },
    });
    expect(parseTopology('', FILE)).toEqual({ ok: true, topology: {} });
  });

  it('names the file and the key path of every schema error', () => {
    const text = [
      'producers:',
      '  - service: quantum_trading_bot',
      '    stream: quantum:stream:trade.intent',
      'consumers:',
      '  - service: ""',
      '    stream: 42',
      'topology: {}',
    ].join('\n');
    const result = parseTopology(text, FILE);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      `${FILE}: producers.0.streams: Invalid input: expected array, received undefined`,
      `${FILE}: producers.0: unknown key(s) stream`,
      `${FILE}: consumers.0.service: must not be empty`,
      `${FILE}: consumers.0.stream: Invalid input: expected string, received number`,
      `${FILE}: (top level): unknown key(s) topology`,
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with the file and line', () => {
    const bad = parseTopology('producers:\n  - service: bot\n    streams: [a\n', FILE);
    expect(bad.ok ? '' : bad.errors[0]).toMatch(/^content\/topology\/quantumtrader-prod-1\.yaml:\d+: /);
    const dup = parseTopology('consumers: []\nconsumers: []\n', FILE);
    expect(dup.ok ? '' : dup.errors[0]).toMatch(
      /^content\/topology\/quantumtrader-prod-1\.yaml:2: .*[Mm]ap keys must be unique/,
    );
  });

  it('is the schema the config file uses for its topology section', () => {
    const result = parseConfig('topology:\n  producers: [{ service: bot, stream: s }]\n', 'evidex.config.yaml');
    expect(result).toEqual({
      ok: false,
      errors: [
        'evidex.config.yaml: topology.producers.0.streams: Invalid input: expected array, received undefined',
        'evidex.config.yaml: topology.producers.0: unknown key(s) stream',
      ],
    });
  });
});

describe('mergeTopologies', () => {
  it('keeps every entry and tags each with its source', () => {
    const merged = mergeTopologies([
      { topology: { producers: [{ service: 'bot', streams: ['s'] }] }, source: 'topology file a.yaml' },
      {
        topology: { producers: [{ service: 'bot', streams: ['s'] }], consumers: [{ service: 'web', stream: 's' }] },
        source: 'config',
      },
    ]);
    expect(merged).toEqual({
      producers: [
        { service: 'bot', streams: ['s'], source: 'topology file a.yaml' },
        { service: 'bot', streams: ['s'], source: 'config' },
      ],
      consumers: [{ service: 'web', stream: 's', source: 'config' }],
    });
  });
});

describe('createFlowGraph with a topology', () => {
  const graph = createFlowGraph(sampleInput(), { topology: fixture() });
  const SOURCE = `topology file ${FILE}`;

  it('marks a declared producer edge the payload shows as both, and folds in its CLIENT LIST XADD', () => {
    const edge = edgeOf(graph, 'quantum_trading_bot', INTENT)!;
    expect(edge.basis).toBe('both');
    expect(edge.declaredIn).toEqual([SOURCE]);
    expect(edge.inferredFrom).toBe(
      "payload source field 'trading-bot' → container quantum_trading_bot; CLIENT " +
        'LIST cmd=xadd from 172.18.0.29 → quantum_trading_bot',
    );
    expect(edge.evidence.map((r) => `${r.file}:${r.startLine}`)).toEqual([
      'redis_sample_trade_intent.txt:1',
      'redis_client_list.txt:40',
    ]);
    expect(getEdgeProvenance(edge).text).toBe(`declared in ${SOURCE}, confirmed by evidence: ${edge.inferredFrom}`);
    // The bot's XADD is now explained; the backend's is still only known as "some stream".
    expect(edgeOf(graph, 'quantum_trading_bot', 'some stream (key not in CLIENT LIST)')).toBeUndefined();
    expect(edgeOf(graph, 'quantum_backend', 'some stream (key not in CLIENT LIST)')!.basis).toBe('evidence');
  });

  it('marks the declared group and its consumer as confirmed by XINFO GROUPS and CLIENT LIST', () => {
    const deliver = edgeOf(graph, INTENT, GROUP)!;
    expect(deliver.basis).toBe('both');
    expect(getEdgeProvenance(deliver).text).toBe(`declared in ${SOURCE}, confirmed by evidence: XINFO GROUPS`);
    const consume = edgeOf(graph, GROUP, 'quantum_ai_engine')!;
    expect(consume.basis).toBe('both');
    expect(consume.inferredFrom).toBe(
      'CLIENT LIST cmd=xreadgroup from 172.18.0.7 → quantum_ai_engine; the only consumer group captured',
    );
    expect(consume.lagging).toBe(true);
  });

  it('draws the trade.closed consumer as declared only, and takes trade.closed off the not-drawn list', () => {
    const deliver = edgeOf(graph, CLOSED, 'quantum:group:journal:trade.closed')!;
    const consume = edgeOf(graph, 'quantum:group:journal:trade.closed', 'quantum_trade_journal')!;
    for (const e of [deliver, consume]) {
      expect(e.basis).toBe('declared');
      expect(e.label).toBe('declared only');
      expect(e.evidence).toEqual([]);
      expect(getEdgeProvenance(e)).toEqual({
        kind: 'declared',
        lead: `declared in ${SOURCE}`,
        text: `declared in ${SOURCE} (declared only: not seen in this capture)`,
      });
    }
    expect(graph.nodes.find((n) => n.label === 'quantum:group:journal:trade.closed')).toMatchObject({
      kind: 'group',
      declared: true,
      detail: 'not seen in this capture',
    });
    // The stream is in the capture (stream keys), so it is drawn as seen, not as "not seen".
    expect(graph.nodes.find((n) => n.label === CLOSED)!.declared).toBeUndefined();
    expect(graph.omittedStreams).toEqual([]);
    expect(graph.notSeenStreams).toEqual([]);
    expect(graph.nodes.find((n) => n.label === 'quantum_trade_journal')).toMatchObject({
      kind: 'consumer',
      container: 'quantum_trade_journal',
    });
  });

  it('leaves evidence-only edges as they were', () => {
    const plain = createFlowGraph(sampleInput());
    const backend = (g: FlowGraph) => edgeOf(g, 'quantum_backend', 'some stream (key not in CLIENT LIST)')!;
    expect(backend(graph)).toEqual({ ...backend(plain), from: backend(graph).from, to: backend(graph).to });
    expect(plain.edges.every((e) => e.basis === 'evidence' && e.declaredIn === undefined)).toBe(true);
  });

  it('keeps node ids dense and ordered after folding CLIENT LIST edges away', () => {
    expect(graph.nodes.map((n) => n.id)).toEqual(graph.nodes.map((_, i) => `n${i + 1}`));
    const ids = new Set(graph.nodes.map((n) => n.id));
    expect(graph.edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
  });

  it(
    'shows streams and services the capture lacks as not seen, and ' + 'lists every source of an edge declared twice',
    () => {
      const topology = mergeTopologies([
        {
          topology: { producers: [{ service: 'order-router', streams: ['quantum:stream:orders.new'] }] },
          source: 'topology file a.yaml',
        },
        {
          topology: { producers: [{ service: 'order-router', streams: ['quantum:stream:orders.new'] }] },
          source: "the config file's topology section",
        },
      ]);
      const g = createFlowGraph(sampleInput(), { topology });
      expect(g.notSeenStreams).toEqual(['quantum:stream:orders.new']);
      expect(g.nodes.find((n) => n.label === 'quantum:stream:orders.new')).toMatchObject({
        kind: 'stream',
        declared: true,
        detail: 'not seen in this capture',
      });
      expect(g.nodes.find((n) => n.label === 'order-router')).toMatchObject({
        kind: 'producer',
        declared: true,
        detail: 'no container matched',
      });
      const declared = g.edges.filter((e) => e.basis === 'declared');
      expect(declared).toHaveLength(1);
      expect(getEdgeProvenance(declared[0]!).lead).toBe(
        "declared in topology file a.yaml and the config file's topology section",
      );
    },
  );

  it('falls back to "topology" as the source of a bare Topology', () => {
    const g = createFlowGraph(sampleInput(), {
      topology: { consumers: [{ service: 'quantum_backend', stream: INTENT }] },
    });
    const reader = g.nodes.find((n) => n.kind === 'consumer' && n.label === 'quantum_backend')!;
    const e = g.edges.find((x) => x.to === reader.id)!;
    expect(g.nodes.find((n) => n.id === e.from)!.label).toBe(INTENT);
    expect(getEdgeProvenance(e).text).toBe('declared in topology (declared only: not seen in this capture)');
    expect(e.lagging).toBe(true);
  });
});

describe('toMermaid with a topology', () => {
  const STATEMENT =
    // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
    /^(flowchart LR| {2}n\d+(\(\[|\[\(|\[\[|\(|\[\/)"[^"]*"(\]\)|\)\]|\]\]|\)|\/\])| {2}n\d+ -\.?->(\|"[^"]*"\|)? n\d+| {2}classDef \w+ [\w:.,-]+| {2}class [n\d,]+ \w+| {2}linkStyle [\d,]+ [\w:.,-]+)$/;

  it('draws declared-only edges dotted, labelled and in their own grey dashed linkStyle; confirmed edges solid', () => {
    const graph = createFlowGraph(sampleInput(), { topology: fixture() });
    const text = toMermaid(graph);
    const declared = graph.edges.flatMap((e, i) => (e.basis === 'declared' ? [i] : []));
    expect(declared).toHaveLength(2);
    for (const i of declared)
      expect(text).toContain(`  ${graph.edges[i]!.from} -.->|"declared only"| ${graph.edges[i]!.to}\n`);
    expect(text).toContain(`  linkStyle ${declared.join(',')} stroke:gray,stroke-width:2px,stroke-dasharray:8\n`);
    const bot = edgeOf(graph, 'quantum_trading_bot', INTENT)!;
    expect(text).toContain(`  ${bot.from} -->|"1 sampled"| ${bot.to}\n`);
    const group = graph.nodes.find((n) => n.label === 'quantum:group:journal:trade.closed')!;
    expect(text).toMatch(new RegExp(`\\n {2}class ${group.id} declared\\n`));
    for (const line of text.split('\n').filter(Boolean)) expect(line).toMatch(STATEMENT);
  });

  it.each([
    '<img src=x onerror=alert(1)>',
    '%%{init: {"securityLevel":"loose"}}%%',
    'a"]\nclick n1 call alert()\n%% x',
    'x --> y & z | w',
    'style n1 fill:#f00;',
  ])('keeps the hostile service and stream name %j inside escaped labels', (hostile) => {
    const topology: DeclaredTopology = {
      producers: [{ service: hostile, streams: [hostile, INTENT] }],
      consumers: [{ service: hostile, stream: hostile, group: hostile, source: hostile }],
    };
    const graph = createFlowGraph(sampleInput(), { topology });
    expect(
      graph.nodes
        .filter((n) => n.label === hostile)
        .map((n) => n.kind)
        .sort(),
    ).toEqual(['consumer', 'group', 'producer', 'stream']);
    const text = toMermaid(graph);
    for (const line of text.split('\n').filter(Boolean)) expect(line).toMatch(STATEMENT);
    expect(text).not.toContain('%%');
    expect(text).not.toContain('<img');
    expect(text).not.toMatch(/^\s*(click|style)\b/m);
  });
});

describe('loadTopology (build side)', () => {
  const audit = {
    host: { hostname: 'quantumtrader-prod-1' },
    bundle: { name: 'quantum-trader-2025-12-24', sha256: 'x', files: 24, bytes: 1 },
  } as Parameters<typeof loadTopology>[1];

  it('reads <hostname>.yaml and <bundle name>.yaml and merges the config section, each with its source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-topology-'));
    writeFileSync(join(dir, 'quantumtrader-prod-1.yaml'), readFileSync(FIXTURE));
    writeFileSync(
      join(dir, 'quantum-trader-2025-12-24.yaml'),
      'consumers: [{ service: quantum_backend, stream: quantum:stream:trade.closed }]\n',
    );
    const t = loadTopology(dir, audit, {
      topology: { producers: [{ service: 'quantum_backend', streams: [CLOSED] }] },
    })!;
    const base = dir.split('/').pop();
    expect(t.producers!.map((p) => p.source)).toEqual([
      `topology file ${base}/quantumtrader-prod-1.yaml`,
      "the config file's topology section",
    ]);
    expect(t.consumers!.map((c) => `${c.service} ${c.source}`)).toEqual([
      `quantum_ai_engine topology file ${base}/quantumtrader-prod-1.yaml`,
      `quantum_trade_journal topology file ${base}/quantumtrader-prod-1.yaml`,
      `quantum_backend topology file ${base}/quantum-trader-2025-12-24.yaml`,
    ]);
  });

  it('returns nothing without files or config, and never lets a hostname pick a path', () => {
    const root = mkdtempSync(join(tmpdir(), 'evidex-topology-'));
    const dir = join(root, 'topology');
    mkdirSync(dir);
    writeFileSync(join(root, 'escape.yaml'), 'producers: [{ service: evil, streams: [s] }]\n');
    expect(loadTopology(dir, { ...audit, host: { hostname: '../escape' } } as typeof audit)).toBeUndefined();
    expect(loadTopology(join(root, 'missing'), audit)).toBeUndefined();
  });

  it('throws a usage error naming the file and the key path for a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evidex-topology-'));
    writeFileSync(
      join(dir, 'quantumtrader-prod-1.yaml'),
      'producers: [{ service: bot, streams: quantum:stream:trade.intent }]\n',
    );
    expect(() => loadTopology(dir, audit)).toThrow(
      // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
      /topology file .*quantumtrader-prod-1\.yaml is invalid \(see README, "Topology file"\):\n {2}.*quantumtrader-prod-1\.yaml: producers\.0\.streams: Invalid input: expected array, received string/,
    );
  });

  it('draws the fixture over the real sample capture', async () => {
    const { audit: real } = await analyzePath('evidence/quantum-trader-2025-12-24');
    const graph = createFlowGraph(real, { topology: loadTopology('test/fixtures/topology', real)! });
    const src = `topology file ${FIXTURE}`;
    expect(edgeOf(graph, 'quantum_trading_bot', INTENT)).toMatchObject({ basis: 'both', declaredIn: [src] });
    expect(edgeOf(graph, INTENT, GROUP)).toMatchObject({ basis: 'both', lag: 10014, lagging: true });
    expect(edgeOf(graph, GROUP, 'quantum_ai_engine')).toMatchObject({
      basis: 'both',
      inferredFrom: 'CLIENT LIST cmd=xreadgroup from 172.18.0.6 → quantum_ai_engine; the only consumer group captured',
    });
    expect(edgeOf(graph, 'quantum:group:journal:trade.closed', 'quantum_trade_journal')).toMatchObject({
      basis: 'declared',
      label: 'declared only',
    });
    expect(graph.omittedStreams).not.toContain(CLOSED);
  });
});
