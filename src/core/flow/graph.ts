import type { Audit } from '../model/audit.ts';
import type { EvidenceRef } from '../model/evidence.ts';
import type { RedisClient, RedisStream } from '../model/redis.ts';
import type { DeclaredTopology } from './topology.ts';

/** What a node of the event-flow graph stands for. */
export type FlowNodeKind = 'producer' | 'stream' | 'group' | 'consumer' | 'unknown-stream';

/** One box of the flow diagram. `id` is generated (n1, n2…), never taken from evidence. */
export interface FlowNode {
  id: string;
  kind: FlowNodeKind;
  /** Evidence-derived text: escape before rendering anywhere. */
  label: string;
  /** Second line: counts and sizes. */
  detail?: string;
  /** Container this node was mapped to, when known. */
  container?: string;
  lagging: boolean;
  /** True when only the topology names it: a service with no container, a stream or group the capture does not show. */
  declared?: boolean;
  evidence: EvidenceRef[];
}

/** One arrow: who writes to, delivers to or reads from whom, and how we know. */
export interface FlowEdge {
  from: string;
  to: string;
  kind: 'produce' | 'deliver' | 'consume';
  label?: string;
  lag?: number;
  pending?: number;
  lagging: boolean;
  /** True when the edge is deduced (not read directly from a stream/group capture). */
  inferred: boolean;
  /** How the edge was found: 'payload source field', 'CLIENT LIST cmd=xadd from 172.18.0.33 → container'. */
  inferredFrom: string;
  /** What shows the edge: the capture only, the auditor's topology only ('declared only'), or both. */
  basis: 'evidence' | 'declared' | 'both';
  /**
   * Where the topology declares it, e.g. 'topology file content/topology/web-1.yaml'; set unless basis is 'evidence'.
   */
  declaredIn?: string[];
  evidence: EvidenceRef[];
}

/** Producers → streams → consumer groups → consumers. */
export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Lag at or above which a group counts as lagging. */
  lagThreshold: number;
  /** Streams left out of the drawing: no group, no sampled producer (or over maxStreams). */
  omittedStreams: string[];
  /** Streams the topology names that this capture does not show at all. */
  notSeenStreams: string[];
}

export interface FlowOptions {
  /** Group lag (entries) shown in the legend; default 100, the consumer-group-lag rule's default minLag. */
  lagThreshold?: number;
  /**
   * Whether a group's path is drawn as lagging. Callers with an analysed Audit pass the rules' own
   * judgement (rules/judgement.ts isGroupLagging); the default compares the lag with `lagThreshold`.
   */
  isLagging?: (stream: RedisStream, group: RedisStream['groups'][number]) => boolean;
  /** Cap on streams drawn (busiest first) so a huge capture still renders; default 40. */
  maxStreams?: number;
  /** The auditor's declared producers and consumers, drawn next to (and checked against) the evidence. */
  topology?: DeclaredTopology;
}

/** The parts of the Audit the flow graph reads. */
export type FlowInput = Pick<Audit, 'redis' | 'containers'>;

const PRODUCE_CMDS = new Set(['xadd']);
const GROUP_READ_CMDS = new Set(['xreadgroup', 'xack', 'xautoclaim', 'xclaim']);
const READ_CMDS = new Set(['xread', 'xrange', 'xrevrange']);

/**
 * Build the event-flow graph from the Redis part of an Audit, plus an optional declared topology (pure: no evidence
 * text is interpreted as code).
 */
export function createFlowGraph(audit: FlowInput, options: FlowOptions = {}): FlowGraph {
  const lagThreshold = options.lagThreshold ?? 100;
  const maxStreams = options.maxStreams ?? 40;
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const byKey = new Map<string, FlowNode>();
  const node = (
    key: string,
    init: Omit<FlowNode, 'id' | 'lagging' | 'evidence'> & { evidence?: EvidenceRef[] },
  ): FlowNode => {
    const existing = byKey.get(key);
    if (existing) return existing;
    const created: FlowNode = { id: `n${nodes.length + 1}`, lagging: false, evidence: [], ...init };
    nodes.push(created);
    byKey.set(key, created);
    return created;
  };

  // A stream with no group and no sampled entry has no edge to draw; it is listed instead.
  const connected = audit.redis.streams.filter((s) => s.groups.length > 0 || s.samples.length > 0);
  const streams = pickStreams(connected, maxStreams);
  const drawn = new Set(streams);
  const omittedStreams = audit.redis.streams.filter((s) => !drawn.has(s)).map((s) => s.key);
  const containerNames = audit.containers.map((c) => c.name);
  const groupNodes: FlowNode[] = [];

  for (const stream of streams) {
    const s = node(`stream:${stream.key}`, {
      kind: 'stream',
      label: stream.key,
      ...(stream.length !== undefined ? { detail: `${stream.length} entries` } : {}),
      evidence: stream.evidence,
    });
    // Producers named by the entries themselves: a `source` field is what the writer says it is.
    const sources = new Map<string, EvidenceRef[]>();
    for (const sample of stream.samples) {
      const source = sample.fields['source'] ?? sample.fields['producer'];
      if (!source) continue;
      sources.set(source, [...(sources.get(source) ?? []), sample.evidence]);
    }
    for (const [source, refs] of sources) {
      const container = matchContainer(source, containerNames);
      const p = node(`producer:${container ?? source}`, {
        kind: 'producer',
        label: container ?? source,
        ...(container ? { container } : {}),
      });
      if (container && container !== source) p.detail = `source=${source}`;
      p.evidence.push(...refs.slice(0, 1));
      edges.push({
        from: p.id,
        to: s.id,
        kind: 'produce',
        label: `${refs.length} sampled`,
        lagging: false,
        inferred: true,
        basis: 'evidence',
        inferredFrom: container
          ? `payload source field '${source}' → container ${container}`
          : `payload source field '${source}'`,
        evidence: refs.slice(0, 3),
      });
    }
    for (const group of stream.groups) {
      const g = node(`group:${stream.key}:${group.name}`, {
        kind: 'group',
        label: group.name,
        detail: `${group.consumers} consumer${group.consumers === 1 ? '' : 's'}`,
        evidence: [group.evidence],
      });
      groupNodes.push(g);
      const lag = group.lag ?? undefined;
      const lagging = options.isLagging
        ? options.isLagging(stream, group)
        : lag !== undefined && lag !== null && lag >= lagThreshold;
      const parts = [lag !== undefined && lag !== null ? `lag ${lag}` : 'lag unknown', `pending ${group.pending}`];
      edges.push({
        from: s.id,
        to: g.id,
        kind: 'deliver',
        label: parts.join(' · '),
        ...(lag !== undefined && lag !== null ? { lag } : {}),
        pending: group.pending,
        lagging,
        inferred: group.attribution !== undefined && group.attribution.method !== 'content',
        inferredFrom: group.attribution
          ? `XINFO GROUPS, tied to the stream by ${group.attribution.method}: ${group.attribution.detail}`
          : 'XINFO GROUPS',
        basis: 'evidence',
        evidence: [group.evidence],
      });
      if (lagging) {
        g.lagging = true;
        s.lagging = true;
      }
      for (const consumer of group.consumerList ?? []) {
        const c = node(`consumer:${stream.key}:${group.name}:${consumer.name}`, {
          kind: 'consumer',
          label: consumer.name,
          detail: `idle ${Math.round(consumer.idleMs / 1000)}s`,
          evidence: [consumer.evidence],
        });
        edges.push({
          from: g.id,
          to: c.id,
          kind: 'consume',
          label: `pending ${consumer.pending}`,
          pending: consumer.pending,
          lagging,
          inferred: false,
          inferredFrom: 'XINFO CONSUMERS',
          basis: 'evidence',
          evidence: [consumer.evidence],
        });
        if (lagging) c.lagging = true;
      }
    }
  }

  const builder: Builder = { node, edges, groupNodes, byKey, clientCmd: new Map() };
  addClientEdges(audit.redis.clients, builder);
  let notSeenStreams: string[] = [];
  if (options.topology) {
    notSeenStreams = addDeclaredEdges(options.topology, builder, {
      streams: audit.redis.streams,
      omittedStreams,
      containerNames,
    });
    // Declared edges may replace CLIENT LIST edges to the unknown stream; drop what is left unconnected.
    compact(nodes, edges);
  }

  // Everything upstream of a lagging group is on the lagging path too.
  for (const e of edges) {
    if (e.kind !== 'produce') continue;
    const target = nodes.find((n) => n.id === e.to);
    if (target?.lagging) {
      e.lagging = true;
      const from = nodes.find((n) => n.id === e.from);
      if (from) from.lagging = true;
    }
  }
  return { nodes, edges, lagThreshold, omittedStreams, notSeenStreams };
}

/** Busiest streams first (groups, then length), capped so the diagram stays readable. */
function pickStreams(streams: readonly RedisStream[], max: number): RedisStream[] {
  const score = (s: RedisStream) =>
    (s.groups.length > 0 ? 1e15 : 0) + (s.samples.length > 0 ? 1e14 : 0) + (s.length ?? 0);
  const chosen = [...streams].sort((a, b) => score(b) - score(a)).slice(0, max);
  const order = new Map(streams.map((s, i) => [s, i]));
  return chosen.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** 'trading-bot' → 'quantum_trading_bot': a container whose squashed name equals or ends with the squashed source. */
export function matchContainer(source: string, containers: readonly string[]): string | undefined {
  const want = squash(source);
  if (want.length < 3) return undefined;
  const exact = containers.filter((c) => squash(c) === want);
  if (exact.length === 1) return exact[0];
  const suffix = containers.filter((c) => squash(c).endsWith(want));
  return suffix.length === 1 ? suffix[0] : undefined;
}

interface Builder {
  node: (key: string, init: Omit<FlowNode, 'id' | 'lagging' | 'evidence'> & { evidence?: EvidenceRef[] }) => FlowNode;
  edges: FlowEdge[];
  groupNodes: FlowNode[];
  byKey: Map<string, FlowNode>;
  /** The CLIENT LIST command behind each client edge, so a declared edge can tell what it confirms. */
  clientCmd: Map<FlowEdge, string>;
}

/** CLIENT LIST shows who is connected and their last command: XADD writers and XREAD(GROUP) readers, by container. */
function addClientEdges(clients: readonly RedisClient[], b: Builder): void {
  const byContainerCmd = new Map<string, { container: string; cmd: string; ips: Set<string>; refs: EvidenceRef[] }>();
  for (const client of clients) {
    const cmd = client.cmd.toLowerCase();
    if (!PRODUCE_CMDS.has(cmd) && !GROUP_READ_CMDS.has(cmd) && !READ_CMDS.has(cmd)) continue;
    const who = client.container ?? client.ip;
    const key = `${who}\u0000${cmd}`;
    const entry = byContainerCmd.get(key) ?? { container: who, cmd, ips: new Set<string>(), refs: [] };
    entry.ips.add(client.ip);
    entry.refs.push(client.evidence);
    byContainerCmd.set(key, entry);
  }
  let unknown: FlowNode | undefined;
  const unknownStream = () =>
    (unknown ??= b.node('unknown-stream', { kind: 'unknown-stream', label: 'some stream (key not in CLIENT LIST)' }));
  for (const { container, cmd, ips, refs } of byContainerCmd.values()) {
    const mapped = !ips.has(container);
    const via =
      `CLIENT LIST cmd=${cmd} from ${[...ips].join(', ')}` +
      `${mapped ? ` → ${container}` : ' (no container with this IP)'}`;
    const conns = `${refs.length} conn${refs.length === 1 ? '' : 's'}`;
    if (PRODUCE_CMDS.has(cmd)) {
      const p =
        b.byKey.get(`producer:${container}`) ??
        b.node(`producer:${container}`, { kind: 'producer', label: container, ...(mapped ? { container } : {}) });
      p.evidence.push(refs[0]!);
      addInferredEdge(
        b,
        cmd,
        refs,
        { from: p.id, to: unknownStream().id, kind: 'produce', label: `XADD · ${conns}` },
        { lagging: false, inferredFrom: via },
      );
      continue;
    }
    const c = b.node(`client:${container}`, { kind: 'consumer', label: container, ...(mapped ? { container } : {}) });
    c.evidence.push(refs[0]!);
    if (GROUP_READ_CMDS.has(cmd) && b.groupNodes.length === 1) {
      // One group in the capture: the only group this reader can be serving.
      const g = b.groupNodes[0]!;
      if (g.lagging) c.lagging = true;
      addInferredEdge(
        b,
        cmd,
        refs,
        { from: g.id, to: c.id, kind: 'consume', label: `${cmd.toUpperCase()} · ${conns}` },
        {
          lagging: g.lagging,
          inferredFrom: `${via}; the only consumer group captured`,
        },
      );
    } else {
      addInferredEdge(
        b,
        cmd,
        refs,
        { from: unknownStream().id, to: c.id, kind: 'consume', label: `${cmd.toUpperCase()} · ${conns}` },
        { lagging: false, inferredFrom: via },
      );
    }
  }
}

/** An edge inferred from CLIENT LIST connections running `cmd`, citing up to three of them. */
function addInferredEdge(
  b: Builder,
  cmd: string,
  refs: readonly EvidenceRef[],
  ends: Pick<FlowEdge, 'from' | 'to' | 'kind' | 'label'>,
  how: { lagging: boolean; inferredFrom: string },
): void {
  const edge: FlowEdge = {
    ...ends,
    lagging: how.lagging,
    inferred: true,
    inferredFrom: how.inferredFrom,
    basis: 'evidence',
    evidence: refs.slice(0, 3),
  };
  b.edges.push(edge);
  b.clientCmd.set(edge, cmd);
}

/** Where a declared entry came from when it does not say. */
const DEFAULT_SOURCE = 'topology';

/**
 * Draw the declared producers and consumers. An edge the evidence already shows is marked 'both'; a
 * CLIENT LIST edge to the unknown stream from the same service is folded into the declared edge (the
 * topology names the stream CLIENT LIST cannot); anything else is 'declared only'. Returns the streams
 * the topology names that the capture does not show.
 */
function addDeclaredEdges(
  topology: DeclaredTopology,
  b: Builder,
  audit: { streams: readonly RedisStream[]; omittedStreams: string[]; containerNames: readonly string[] },
): string[] {
  const seen = new Map(audit.streams.map((s) => [s.key, s]));
  const notSeen: string[] = [];
  const folded = new Set<FlowEdge>();

  const streamNode = (key: string): FlowNode => {
    const existing = b.byKey.get(`stream:${key}`);
    if (existing) return existing;
    const stream = seen.get(key);
    if (!stream) {
      notSeen.push(key);
      return b.node(`stream:${key}`, {
        kind: 'stream',
        label: key,
        detail: 'not seen in this capture',
        declared: true,
      });
    }
    // Captured but not drawn until now (no group, no sampled producer): the topology connects it.
    const i = audit.omittedStreams.indexOf(key);
    if (i >= 0) audit.omittedStreams.splice(i, 1);
    return b.node(`stream:${key}`, {
      kind: 'stream',
      label: key,
      ...(stream.length !== undefined ? { detail: `${stream.length} entries` } : {}),
      evidence: stream.evidence,
    });
  };
  const serviceNode = (kind: 'producer' | 'consumer', service: string): FlowNode => {
    const container = matchContainer(service, audit.containerNames);
    const key = `${kind === 'producer' ? 'producer' : 'client'}:${container ?? service}`;
    const existing = b.byKey.get(key);
    if (existing) return existing;
    if (!container) return b.node(key, { kind, label: service, detail: 'no container matched', declared: true });
    return b.node(key, {
      kind,
      label: container,
      container,
      ...(container !== service ? { detail: `service ${service}` } : {}),
    });
  };
  const mark = (edge: FlowEdge, source: string): void => {
    if (!(edge.declaredIn ??= []).includes(source)) edge.declaredIn.push(source);
    if (edge.basis === 'evidence') edge.basis = 'both';
  };
  /**
   * Mark the evidence edge from → to (or fold a matching CLIENT LIST edge into a new one); else draw it as declared
   * only.
   */
  const declare = (
    from: FlowNode,
    to: FlowNode,
    kind: FlowEdge['kind'],
    source: string,
    clientEdge: FlowEdge | undefined,
    lagging: boolean,
  ): FlowEdge => {
    const existing = b.edges.find((e) => e.from === from.id && e.to === to.id && !folded.has(e));
    if (existing) {
      mark(existing, source);
      if (clientEdge && !existing.inferredFrom.includes(clientEdge.inferredFrom)) {
        existing.inferredFrom = `${existing.inferredFrom}; ${clientEdge.inferredFrom}`;
        existing.evidence = [...existing.evidence, ...clientEdge.evidence].slice(0, 4);
        folded.add(clientEdge);
      }
      return existing;
    }
    if (clientEdge) {
      folded.add(clientEdge);
      const edge: FlowEdge = {
        ...clientEdge,
        from: from.id,
        to: to.id,
        lagging: lagging || clientEdge.lagging,
        inferredFrom: `${clientEdge.inferredFrom} (stream key from the topology)`,
        basis: 'both',
        declaredIn: [source],
      };
      b.edges.push(edge);
      return edge;
    }
    const edge: FlowEdge = {
      from: from.id,
      to: to.id,
      kind,
      label: 'declared only',
      lagging,
      inferred: false,
      inferredFrom: 'not seen in this capture',
      basis: 'declared',
      declaredIn: [source],
      evidence: [],
    };
    b.edges.push(edge);
    return edge;
  };
  const unknownId = () => b.byKey.get('unknown-stream')?.id;
  /** The CLIENT LIST edge between a service and the unknown stream whose command fits, if any. */
  const clientEdgeOf = (node: FlowNode, cmds: ReadonlySet<string>, side: 'from' | 'to'): FlowEdge | undefined =>
    b.edges.find(
      (e) =>
        e[side] === node.id && e[side === 'from' ? 'to' : 'from'] === unknownId() && cmds.has(b.clientCmd.get(e) ?? ''),
    );

  for (const p of topology.producers ?? []) {
    const source = p.source ?? DEFAULT_SOURCE;
    const producer = serviceNode('producer', p.service);
    for (const key of p.streams) {
      declare(producer, streamNode(key), 'produce', source, clientEdgeOf(producer, PRODUCE_CMDS, 'from'), false);
    }
  }
  for (const c of topology.consumers ?? []) {
    const source = c.source ?? DEFAULT_SOURCE;
    const stream = streamNode(c.stream);
    const consumer = serviceNode('consumer', c.service);
    if (c.group === undefined) {
      declare(stream, consumer, 'consume', source, clientEdgeOf(consumer, READ_CMDS, 'to'), stream.lagging);
      continue;
    }
    const group =
      b.byKey.get(`group:${c.stream}:${c.group}`) ??
      b.node(`group:${c.stream}:${c.group}`, {
        kind: 'group',
        label: c.group,
        detail: 'not seen in this capture',
        declared: true,
      });
    declare(stream, group, 'deliver', source, undefined, group.lagging);
    const edge = declare(
      group,
      consumer,
      'consume',
      source,
      clientEdgeOf(consumer, GROUP_READ_CMDS, 'to'),
      group.lagging,
    );
    if (edge.lagging) consumer.lagging = true;
  }
  for (const e of folded) b.edges.splice(b.edges.indexOf(e), 1);
  return notSeen;
}

/** Drop nodes no edge touches any more and renumber ids n1, n2… so they stay dense and ordered. */
function compact(nodes: FlowNode[], edges: FlowEdge[]): void {
  const used = new Set(edges.flatMap((e) => [e.from, e.to]));
  const keep = nodes.filter((n) => used.has(n.id) || n.kind !== 'unknown-stream');
  const ids = new Map(keep.map((n, i) => [n.id, `n${i + 1}`]));
  nodes.splice(0, nodes.length, ...keep);
  for (const n of nodes) n.id = ids.get(n.id)!;
  for (const e of edges) {
    e.from = ids.get(e.from)!;
    e.to = ids.get(e.to)!;
  }
}

/** How an edge is known, in words: `lead` is the short verdict, `text` the whole sentence (lead + detail). */
export interface EdgeProvenance {
  kind: 'read' | 'inferred' | 'declared' | 'both';
  lead: string;
  text: string;
}

/** How the report should say an edge is known: read or inferred from evidence, declared in the topology, or both. */
export function getEdgeProvenance(edge: FlowEdge): EdgeProvenance {
  const declared = `declared in ${(edge.declaredIn ?? [DEFAULT_SOURCE]).join(' and ')}`;
  const make = (kind: EdgeProvenance['kind'], lead: string, detail: string): EdgeProvenance => ({
    kind,
    lead,
    text: `${lead}${detail}`,
  });
  if (edge.basis === 'declared') return make('declared', declared, ' (declared only: not seen in this capture)');
  if (edge.basis === 'both') return make('both', declared, `, confirmed by evidence: ${edge.inferredFrom}`);
  return edge.inferred
    ? make('inferred', 'inferred from evidence', `: ${edge.inferredFrom}`)
    : make('read', 'read from evidence', `: ${edge.inferredFrom}`);
}
