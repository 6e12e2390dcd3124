/**
 * topology/betweenness: betweenness centrality of every neuron on 1 / |w| distances (strong connections are short),
 * computed with graphology-metrics (Brandes with Dijkstra; it needs positive lengths, hence 1 / |w| and not w).
 */
import betweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import { layerNodes, type NetworkGraph } from '../graph/to-graph';
import { fail } from '../errors';

export interface LayerBetweenness {
  layer: number;
  nodes: string[];
  values: number[];
  mean: number;
  max: number;
}

export interface BetweennessOptions {
  /** Normalise by the number of node pairs, graphology-metrics' default (default true). */
  normalized?: boolean;
}

/** Betweenness per node layer, in index order (input and output neurons of a layered net score 0). */
export function betweennessByLayer(graph: NetworkGraph, options: BetweennessOptions = {}): LayerBetweenness[] {
  const layers = graph.getAttribute('nodeLayers');
  if (!Number.isInteger(layers))
    fail('betweennessByLayer', "the graph has no 'nodeLayers' attribute (build it with toGraph)");
  const centrality = betweennessCentrality(graph, {
    getEdgeWeight: 'distance',
    normalized: options.normalized ?? true,
  });
  const result: LayerBetweenness[] = [];
  for (let l = 0; l < layers; l++) {
    const nodes = layerNodes(graph, l);
    const values = nodes.map((n) => centrality[n]);
    const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
    result.push({ layer: l, nodes, values, mean, max: values.length ? Math.max(...values) : 0 });
  }
  return result;
}
