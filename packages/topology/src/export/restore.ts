/**
 * topology/restore: turns a graph read back from GEXF or GraphML into a NetworkGraph again: the signed weight moves
 * back into `weight` when the file stored |w| there for Gephi, and the graph attributes get their names and types back.
 */
import { DirectedGraph } from 'graphology';
import type Graph from 'graphology';
import { fail } from '../errors';
import type { ConnectionAttributes, NetworkGraph, NetworkGraphAttributes, NeuronAttributes } from '../graph/to-graph';

/** Which value a file stores in the edge `weight` slot (the one Gephi uses for layouts and filters). */
export type ExportedWeight = 'abs' | 'signed';

/** Edge attribute holding the signed weight when `weight` holds |w|. */
export const SIGNED_WEIGHT_ATTRIBUTE = 'signedWeight';

/** Edge attributes as written: with 'abs', weight = |w| and the signed value moves to signedWeight. */
export function exportedEdgeAttributes(attr: ConnectionAttributes, weight: ExportedWeight): Record<string, number> {
  if (weight === 'signed') return { ...attr };
  if (weight !== 'abs') fail('exportedEdgeAttributes', `weight must be 'abs' or 'signed', got '${String(weight)}'`);
  return { ...attr, weight: attr.absWeight, [SIGNED_WEIGHT_ATTRIBUTE]: attr.weight };
}

/** A graph parsed from a file, as a NetworkGraph (the reverse of exportedEdgeAttributes and of the meta fields). */
export function restoreNetworkGraph(fn: string, parsed: Graph): NetworkGraph {
  const graph: NetworkGraph = new DirectedGraph<NeuronAttributes, ConnectionAttributes, NetworkGraphAttributes>();
  const attrs = parsed.getAttributes() as Record<string, unknown>;
  const layers = Number(attrs.nodeLayers ?? attrs.nodelayers);
  const sizes = String(attrs.fullSizes ?? attrs.fullsizes ?? '');
  if (!Number.isInteger(layers))
    fail(fn, 'the file has no nodeLayers graph attribute (was it written by topology/writeGexf or writeGraphml?)');
  graph.replaceAttributes({ nodeLayers: layers, fullSizes: sizes });
  parsed.forEachNode((node, attr) => {
    graph.addNode(node, { ...(attr as NeuronAttributes) });
  });
  parsed.forEachEdge((edge, attr, source, target) => {
    const a = { ...attr } as Record<string, number>;
    if (SIGNED_WEIGHT_ATTRIBUTE in a) {
      a.weight = a[SIGNED_WEIGHT_ATTRIBUTE];
      delete a[SIGNED_WEIGHT_ATTRIBUTE];
    }
    graph.addDirectedEdgeWithKey(edge, source, target, a as unknown as ConnectionAttributes);
  });
  return graph;
}
