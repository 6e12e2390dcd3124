/**
 * topology/activeNodes: how many neurons of each layer are active (unmasked and on an active input-to-output path).
 */
import { fail } from '../errors';
import type { NetworkGraph } from '../graph/to-graph';

/** Active neurons per node layer (index l = node layer l; layers the graph does not hold count 0). */
export function activeNodesPerLayer(graph: NetworkGraph): number[] {
  const layers = graph.getAttribute('nodeLayers');
  if (!Number.isInteger(layers))
    fail('activeNodesPerLayer', "the graph has no 'nodeLayers' attribute (build it with toGraph)");
  const counts = new Array<number>(layers).fill(0);
  graph.forEachNode((_, attr) => {
    if (attr.active) counts[attr.layer]++;
  });
  return counts;
}
