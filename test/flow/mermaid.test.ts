import { describe, expect, it } from 'vitest';
import { createFlowGraph, matchContainer, type FlowInput } from '../../src/core/flow/graph.ts';
import { escapeMermaidLabel, toMermaid } from '../../src/core/flow/mermaid.ts';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '%%{init: {"securityLevel":"loose"}}%%',
  'javascript:alert(1)',
  'click n1 call alert()',
  'a"]\nclick n1 call alert()\n%% x',
  'style n1 fill:#f00;',
  'x --> y & z | w',
  '`**md**`',
];

/** A minimal FlowInput in the shape the assembler produces (values from the real sample's captures). */
function sampleInput(
  overrides: { streamKey?: string; groupName?: string; source?: string; container?: string } = {},
): FlowInput {
  const key = overrides.streamKey ?? 'quantum:stream:trade.intent';
  return {
    containers: [
      {
        name: overrides.container ?? 'quantum_trading_bot',
        state: 'running',
        health: 'healthy',
        ports: [],
        evidence: [],
      },
      { name: 'quantum_backend', state: 'running', health: 'healthy', ports: [], evidence: [] },
    ],
    redis: {
      stats: {},
      info: [],
      clients: [
        {
          id: '3270',
          addr: '172.18.0.33:46800',
          ip: '172.18.0.33',
          name: '',
          ageSeconds: 299,
          idleSeconds: 1,
          flags: 'N',
          cmd: 'xadd',
          container: overrides.container ?? 'quantum_trading_bot',
          fields: {},
          evidence: { file: 'redis_client_list.txt', startLine: 1, endLine: 1 },
        },
        {
          id: '2360',
          addr: '172.18.0.6:55284',
          ip: '172.18.0.6',
          name: '',
          ageSeconds: 2410,
          idleSeconds: 2,
          flags: 'b',
          cmd: 'xreadgroup',
          container: 'quantum_backend',
          fields: {},
          evidence: { file: 'redis_client_list.txt', startLine: 11, endLine: 11 },
        },
        {
          id: '12',
          addr: '172.18.0.12:38412',
          ip: '172.18.0.12',
          name: '',
          ageSeconds: 8523,
          idleSeconds: 0,
          flags: 'N',
          cmd: 'xread',
          fields: {},
          evidence: { file: 'redis_client_list.txt', startLine: 29, endLine: 29 },
        },
        {
          id: '2471',
          addr: '172.18.0.6:51160',
          ip: '172.18.0.6',
          name: '',
          ageSeconds: 2182,
          idleSeconds: 56,
          flags: 'N',
          cmd: 'get',
          container: 'quantum_backend',
          fields: {},
          evidence: { file: 'redis_client_list.txt', startLine: 2, endLine: 2 },
        },
      ],
      streams: [
        {
          key,
          length: 55423,
          groups: [
            {
              name: overrides.groupName ?? 'quantum:group:execution:trade.intent',
              consumers: 34,
              pending: 1,
              lastDeliveredId: '1766219478937-0',
              entriesRead: 45409,
              lag: 10014,
              evidence: { file: 'redis_groups_trade_intent.txt', startLine: 1, endLine: 12 },
            },
          ],
          samples: [
            {
              id: '1766550734062-1',
              fields: { event_type: 'trade.intent', source: overrides.source ?? 'trading-bot' },
              evidence: { file: 'redis_sample_trade_intent.txt', startLine: 1, endLine: 9 },
            },
            {
              id: '1766550734062-0',
              fields: { event_type: 'trade.intent', source: overrides.source ?? 'trading-bot' },
              evidence: { file: 'redis_sample_trade_intent.txt', startLine: 10, endLine: 18 },
            },
          ],
          evidence: [{ file: 'redis_streams_lengths.txt', startLine: 3, endLine: 3 }],
        },
        { key: 'quantum:stream:market.tick', length: 12, groups: [], samples: [], evidence: [] },
      ],
      unkeyedLengths: [],
      evidence: [],
    },
  };
}

describe('createFlowGraph', () => {
  const graph = createFlowGraph(sampleInput());
  const byLabel = (label: string) => graph.nodes.find((n) => n.label === label);

  it('draws the trade.intent stream → group edge with lag and pending, marked lagging', () => {
    const stream = byLabel('quantum:stream:trade.intent')!;
    const group = byLabel('quantum:group:execution:trade.intent')!;
    const edge = graph.edges.find((e) => e.from === stream.id && e.to === group.id)!;
    expect(edge.label).toBe('lag 10014 · pending 1');
    expect(edge.lag).toBe(10014);
    expect(edge.pending).toBe(1);
    expect(edge.lagging).toBe(true);
    expect(edge.inferredFrom).toBe('XINFO GROUPS');
    expect(group.detail).toBe('34 consumers');
  });

  it('maps the payload source field to its container and marks how', () => {
    const producer = byLabel('quantum_trading_bot')!;
    expect(producer.kind).toBe('producer');
    expect(producer.detail).toBe('source=trading-bot');
    const edge = graph.edges.find(
      (e) => e.from === producer.id && e.to === byLabel('quantum:stream:trade.intent')!.id,
    )!;
    expect(edge.inferred).toBe(true);
    expect(edge.inferredFrom).toBe("payload source field 'trading-bot' → container quantum_trading_bot");
    expect(edge.lagging).toBe(true);
  });

  it('adds CLIENT LIST writers and readers by container, with the IP in inferredFrom', () => {
    const producer = byLabel('quantum_trading_bot')!;
    const xadd = graph.edges.find((e) => e.from === producer.id && e.inferredFrom.startsWith('CLIENT LIST'))!;
    expect(xadd.inferredFrom).toBe('CLIENT LIST cmd=xadd from 172.18.0.33 → quantum_trading_bot');
    expect(graph.nodes.find((n) => n.id === xadd.to)!.kind).toBe('unknown-stream');
    const backend = byLabel('quantum_backend')!;
    const reader = graph.edges.find((e) => e.to === backend.id)!;
    expect(reader.inferredFrom).toBe(
      'CLIENT LIST cmd=xreadgroup from 172.18.0.6 → quantum_backend; the only consumer group captured',
    );
    expect(reader.from).toBe(byLabel('quantum:group:execution:trade.intent')!.id);
    // An xread client with no container keeps its IP as the label.
    expect(byLabel('172.18.0.12')!.kind).toBe('consumer');
    // GET clients are not part of the flow.
    expect(graph.edges.some((e) => e.inferredFrom.includes('cmd=get'))).toBe(false);
  });

  it('lists streams with nothing to connect instead of drawing them', () => {
    expect(graph.omittedStreams).toEqual(['quantum:stream:market.tick']);
    expect(byLabel('quantum:stream:market.tick')).toBeUndefined();
  });

  it('generates ids n1, n2… in order and never reuses evidence as ids', () => {
    expect(graph.nodes.map((n) => n.id)).toEqual(graph.nodes.map((_, i) => `n${i + 1}`));
  });

  it('does not mark a group below the threshold as lagging', () => {
    const g = createFlowGraph(sampleInput(), { lagThreshold: 20000 });
    expect(g.edges.some((e) => e.lagging)).toBe(false);
    expect(g.nodes.some((n) => n.lagging)).toBe(false);
  });
});

describe('matchContainer', () => {
  it('matches a service name to the one container that ends with it', () => {
    expect(matchContainer('trading-bot', ['quantum_trading_bot', 'quantum_backend'])).toBe('quantum_trading_bot');
    expect(matchContainer('backend', ['quantum_backend', 'other_backend'])).toBeUndefined();
    expect(matchContainer('ab', ['ab'])).toBeUndefined();
  });
});

describe('escapeMermaidLabel', () => {
  it('keeps plain names readable', () => {
    expect(escapeMermaidLabel('lag 10014 · pending 1')).toBe('lag 10014 #183; pending 1');
    expect(escapeMermaidLabel('quantum_trading_bot')).toBe('quantum_trading_bot');
  });

  it.each(HOSTILE)('leaves no Mermaid or HTML syntax in %j', (text) => {
    const out = escapeMermaidLabel(text);
    expect(out).not.toMatch(/["<>%{}[\]()|:`&\n\r]/);
    // The only '#' left start entities, and every entity is closed.
    expect(out.replace(/#\d+;/g, '')).not.toContain('#');
    expect(out.replace(/#\d+;/g, '')).not.toContain(';');
  });

  it('escapes quotes, percent signs and angle brackets as numeric entities', () => {
    expect(escapeMermaidLabel('"%<')).toBe('#34;#37;#60;');
  });

  it('truncates very long labels and flattens newlines', () => {
    const out = escapeMermaidLabel(`${'a'.repeat(200)}\nb`);
    expect(out).toBe(`${'a'.repeat(79)}#8230;`);
    expect(escapeMermaidLabel('a\nb')).toBe('a b');
    expect(escapeMermaidLabel('')).toBe('#160;');
  });
});

describe('toMermaid', () => {
  it('writes the lag edge label and the lag class for the sample shape', () => {
    const text = toMermaid(createFlowGraph(sampleInput()));
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text).toMatch(/ n\d+ -->\|"lag 10014 #183; pending 1"\| n\d+\n/);
    expect(text).toMatch(/\n {2}class [n\d,]+ lag\n/);
    expect(text).toMatch(/\n {2}linkStyle [\d,]+ stroke:red,stroke-width:3px\n/);
  });

  it('keeps hostile stream keys, group names and sources inside escaped labels', () => {
    for (const hostile of HOSTILE) {
      const text = toMermaid(
        createFlowGraph(sampleInput({ streamKey: hostile, groupName: hostile, source: hostile, container: hostile })),
      );
      const lines = text.split('\n').filter(Boolean);
      // Every line is one of the statements we generate; no evidence text starts a line of its own.
      for (const line of lines) {
        expect(line).toMatch(
          // eslint-disable-next-line @stylistic/max-len -- one regex literal, kept whole to stay readable
          /^(flowchart LR| {2}n\d+(\(\[|\[\(|\[\[|\(|\[\/)"[^"]*"(\]\)|\)\]|\]\]|\)|\/\])| {2}n\d+ -\.?->(\|"[^"]*"\|)? n\d+| {2}classDef \w+ [\w:.,-]+| {2}class [n\d,]+ \w+| {2}linkStyle [\d,]+ [\w:.,-]+)$/,
        );
      }
      expect(text).not.toContain('%%');
      expect(text).not.toContain('<img');
      expect(text).not.toContain('<script');
      expect(text).not.toMatch(/^\s*click/m);
    }
  });
});
