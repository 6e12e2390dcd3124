/**
 * topology/strength: in/out strength (weighted degree) and in/out degree after a weight threshold of every neuron,
 * grouped by layer, computed with graphology-metrics' weighted degree.
 */
import { weightedInDegree, weightedOutDegree } from 'graphology-metrics/node/weighted-degree.js';
import type { NetworkWeights } from '@spectral-ts/spectral';
import { fail } from '../errors';
import { kernelChain, type KernelChain } from '../kernels';
import { allNodes, type NodeSelection } from '../selection';
import { layerNodes, type ConnectionAttributes, type NetworkGraph, type NeuronAttributes } from '../graph/to-graph';

/** Strengths and degrees of the neurons of one layer, in index order. */
export interface LayerStrengths {
  layer: number;
  nodes: string[];
  /** Sum of the signed incoming weights. */
  inStrength: number[];
  /** Sum of the signed outgoing weights. */
  outStrength: number[];
  /** Sum of |w| over incoming edges. */
  inAbsStrength: number[];
  /** Sum of |w| over outgoing edges. */
  outAbsStrength: number[];
  /** Incoming edges with |w| > threshold. */
  inDegree: number[];
  /** Outgoing edges with |w| > threshold. */
  outDegree: number[];
}

export interface StrengthOptions {
  /** Degrees count edges with |w| > threshold (default 0). */
  degreeThreshold?: number;
  /** When true the threshold is relative: |w| > threshold * (largest |w| of the graph). Default false. */
  relativeThreshold?: boolean;
}

/** Strengths and degrees per node layer (index l of the result is node layer l). */
export function strengthsByLayer(graph: NetworkGraph, options: StrengthOptions = {}): LayerStrengths[] {
  const layers = graph.getAttribute('nodeLayers');
  if (!Number.isInteger(layers))
    fail('strengthsByLayer', "the graph has no 'nodeLayers' attribute (build it with toGraph)");
  let threshold = options.degreeThreshold ?? 0;
  if (!(threshold >= 0)) fail('strengthsByLayer', `degreeThreshold must be >= 0, got ${threshold}`);
  if (options.relativeThreshold) {
    let max = 0;
    graph.forEachEdge((_, attr) => {
      max = Math.max(max, attr.absWeight);
    });
    threshold *= max;
  }
  const absWeight = (_: string, attr: ConnectionAttributes): number => attr.absWeight;
  const above = (_: string, attr: ConnectionAttributes): number => (attr.absWeight > threshold ? 1 : 0);
  const result: LayerStrengths[] = [];
  for (let l = 0; l < layers; l++) {
    const nodes = layerNodes(graph, l);
    result.push({
      layer: l,
      nodes,
      inStrength: nodes.map((n) => weightedInDegree<NeuronAttributes, ConnectionAttributes>(graph, n, 'weight')),
      outStrength: nodes.map((n) => weightedOutDegree<NeuronAttributes, ConnectionAttributes>(graph, n, 'weight')),
      inAbsStrength: nodes.map((n) => weightedInDegree<NeuronAttributes, ConnectionAttributes>(graph, n, absWeight)),
      outAbsStrength: nodes.map((n) => weightedOutDegree<NeuronAttributes, ConnectionAttributes>(graph, n, absWeight)),
      inDegree: nodes.map((n) => weightedInDegree<NeuronAttributes, ConnectionAttributes>(graph, n, above)),
      outDegree: nodes.map((n) => weightedOutDegree<NeuronAttributes, ConnectionAttributes>(graph, n, above)),
    });
  }
  return result;
}

/**
 * The in-strength k_in(j) = sum_i W[i, j] of the kept nodes j of node layer `layer` (1 = first hidden layer), summed
 * over the kept nodes i of the layer before it, from the true direct weights. Computed from the kernels (pass `chain`
 * to reuse them across layers), so it needs no graph; it equals that layer's `inStrength` of
 * `strengthsByLayer(toGraph(net, { keep }))`.
 */
export function layerInStrength(
  net: NetworkWeights,
  layer: number,
  keep: NodeSelection = allNodes(net),
  chain: KernelChain = kernelChain(net),
): number[] {
  if (!Number.isInteger(layer) || layer < 1 || layer > net.layers.length) {
    fail(
      'layerInStrength',
      `layer ${layer} is not a hidden or output node layer of this ${net.layers.length}-layer network (use 1..${net.layers.length})`,
    );
  }
  const { sizes, kernels } = chain;
  const out = sizes[layer];
  const kernel = kernels[layer - 1];
  return keep[layer].map((j) => {
    let s = 0;
    for (const i of keep[layer - 1]) s += kernel[i * out + j];
    return s;
  });
}

/**
 * The paper's node in-strength k_in(j) = sum_i W1[i, j] of the kept first-hidden-layer nodes (method spec §5.5), from
 * the true direct weights on teacher and student alike (the reference code took the teacher's from B1 = -W1, flipping
 * its sign; that defect is not copied): {@link layerInStrength} of node layer 1.
 */
export function firstLayerInStrength(net: NetworkWeights, keep: NodeSelection = allNodes(net)): number[] {
  if (net.layers.length === 0) fail('firstLayerInStrength', 'the network has no layers');
  return layerInStrength(net, 1, keep);
}
