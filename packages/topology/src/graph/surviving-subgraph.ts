/**
 * topology/survivingSubgraph: the sub-network that survives pruning, as a new graph: masked neurons (mask 0 or
 * lambda 0) and neurons on no active input-to-output path are dropped, with their edges.
 */
import { fail } from '../errors';
import type { NetworkGraph } from './to-graph';

/**
 * A copy of the graph restricted to its active neurons. The `active` flag is set by `toGraph` from the weights of the
 * nodes and edges that graph holds, so the result is the surviving sub-network of exactly that view.
 */
export function survivingSubgraph(graph: NetworkGraph): NetworkGraph {
  if (!graph || typeof graph.forEachNode !== 'function')
    fail('survivingSubgraph', 'the given graph is not a graphology instance (build it with toGraph)');
  const sub = graph.nullCopy() as NetworkGraph;
  graph.forEachNode((node, attr) => {
    if (attr.active === undefined)
      fail('survivingSubgraph', `node ${node} has no 'active' attribute (build the graph with toGraph)`);
    if (attr.active) sub.addNode(node, { ...attr });
  });
  graph.forEachEdge((edge, attr, source, target) => {
    if (sub.hasNode(source) && sub.hasNode(target)) sub.addDirectedEdgeWithKey(edge, source, target, { ...attr });
  });
  return sub;
}
