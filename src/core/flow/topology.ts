import { parseDocument } from 'yaml';
import { z } from 'zod';

// The auditor's declaration of who writes and who reads which stream, for what a capture cannot show
// (CLIENT LIST gives a command, not a stream key). Written by hand in content/topology/<host>.yaml or
// in the `topology` section of evidex.config.yaml; both use this schema. Strict, like the config: a
// misspelt key is an error rather than an edge silently not drawn.

const Name = z.string().min(1, 'must not be empty');

/** One service writing (XADD) to one or more streams. */
export const TopologyProducer = z.strictObject({ service: Name, streams: z.array(Name) });
export type TopologyProducer = z.infer<typeof TopologyProducer>;

/** One service reading a stream, through a consumer group when `group` is given. */
export const TopologyConsumer = z.strictObject({ service: Name, stream: Name, group: Name.optional() });
export type TopologyConsumer = z.infer<typeof TopologyConsumer>;

/** A topology file, and the `topology` section of the config file. */
export const Topology = z.strictObject({
  producers: z.array(TopologyProducer).optional(),
  consumers: z.array(TopologyConsumer).optional(),
});
export type Topology = z.infer<typeof Topology>;

/**
 * Topology entries with where each was declared ("topology file content/topology/web-1.yaml"), as the flow graph takes
 * them.
 */
export interface DeclaredTopology {
  producers?: Array<TopologyProducer & { source?: string }>;
  consumers?: Array<TopologyConsumer & { source?: string }>;
}

export type ParseTopologyResult = { ok: true; topology: Topology } | { ok: false; errors: string[] };

/** Parse and validate a topology file (YAML or JSON); every error names the file and the key path or line. */
export function parseTopology(text: string, file: string): ParseTopologyResult {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
    return { ok: false, errors: doc.errors.map((e) => `${file}:${lineOf(e.pos[0])}: ${e.message.split('\n')[0]}`) };
  }
  const parsed = Topology.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { ok: true, topology: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map(
      (i) =>
        `${file}: ${formatIssuePath(i.path)}` +
        `${i.code === 'unrecognized_keys' ? `: unknown key(s) ${i.keys.join(', ')}` : `: ${i.message}`}`,
    ),
  };
}

const formatIssuePath = (path: readonly PropertyKey[]): string =>
  path.length === 0 ? '(top level)' : path.map(String).join('.');

/**
 * Merge topologies from several places into one, each entry tagged with its source. Nothing is
 * overridden: every entry from every source is drawn, and an edge declared twice lists both sources.
 */
export function mergeTopologies(parts: ReadonlyArray<{ topology: Topology; source: string }>): DeclaredTopology {
  return {
    producers: parts.flatMap(({ topology, source }) => (topology.producers ?? []).map((p) => ({ ...p, source }))),
    consumers: parts.flatMap(({ topology, source }) => (topology.consumers ?? []).map((c) => ({ ...c, source }))),
  };
}
