/**
 * topology/toGraph: a trained network (teacher or student, dense or spectral layers, pruned or not) as a graphology
 * directed graph with one node per neuron and one edge per nonzero direct weight.
 */
import { DirectedGraph } from 'graphology';
import { maskedEigenvalues, nodeScores, type NetworkWeights } from '@spectral-ts/spectral';
import { fail } from '../errors';
import { kernelChain } from '../kernels';
import { activeFlags, allNodes, maskedFlags, type NodeSelection } from '../selection';

/** Attributes of a neuron. */
export interface NeuronAttributes {
  /** Node layer: 0 = inputs, l = the units of network layer l - 1. */
  layer: number;
  /** Index of the neuron inside its layer (in the full network, also when a selection dropped others). */
  index: number;
  /** Which layer produced the neuron: 'input' for layer 0. */
  kind: 'input' | 'spectral' | 'dense';
  /** Human-readable label for Gephi, e.g. "h1[17]". */
  label: string;
  /** Effective outgoing eigenvalue mask_i * lambda_i (neurons produced by a spectral layer only). */
  eigenvalue?: number;
  /** Ranking score (spectral's nodeScores: rescaled eigenvalue or feature norm, method spec §4); not on inputs. */
  score?: number;
  /** Removed by the eigenvalue mask (mask 0 or lambda 0). */
  masked: boolean;
  /** Not masked and on at least one input-to-output path of edges kept in this graph. */
  active: boolean;
  /** Layered drawing position, so the file opens readable in Gephi before any layout runs. */
  x?: number;
  y?: number;
}

/** Attributes of a connection. */
export interface ConnectionAttributes {
  /** The direct weight (signed, with the spectral minus sign, method spec §1). */
  weight: number;
  absWeight: number;
  /** 1 / |weight|: the length used by shortest paths and betweenness, so that strong connections are short. */
  distance: number;
  /** Index of the network layer (kernel) this connection belongs to. */
  layer: number;
}

/** Attributes of the whole graph. */
export interface NetworkGraphAttributes {
  /** Number of node layers (inputs included), so that functions know which layer holds the outputs. */
  nodeLayers: number;
  /** Widths of the full network's node layers, comma separated (a string so that GEXF and GraphML keep it). */
  fullSizes: string;
}

export type NetworkGraph = DirectedGraph<NeuronAttributes, ConnectionAttributes, NetworkGraphAttributes>;

/** Options of {@link toGraph}. */
export interface ToGraphOptions {
  /** Only these neurons become nodes (default: all of them). Use `prunedNodes` or `survivingNodes` to build one. */
  keep?: NodeSelection;
  /** A weight becomes an edge only when |w| > minAbsWeight (default 0: every nonzero weight). */
  minAbsWeight?: number;
  /** Store x, y layered drawing positions (default true). */
  positions?: boolean;
}

const LAYER_SPACING = 400;
const NODE_SPACING = 20;

/** The key of neuron `index` of node layer `layer`. */
export function neuronKey(layer: number, index: number): string {
  return `${layer}:${index}`;
}

function labelOf(layer: number, index: number, last: number): string {
  if (layer === 0) return `x[${index}]`;
  if (layer === last) return `y[${index}]`;
  return `h${layer}[${index}]`;
}

/** Builds the graph of a network (see {@link NeuronAttributes} and {@link ConnectionAttributes}). */
export function toGraph(net: NetworkWeights, options: ToGraphOptions = {}): NetworkGraph {
  const minAbsWeight = options.minAbsWeight ?? 0;
  if (!(minAbsWeight >= 0)) fail('toGraph', `minAbsWeight must be >= 0, got ${minAbsWeight}`);
  const chain = kernelChain(net);
  const keep = options.keep ?? allNodes(net);
  const active = activeFlags(net, { keep, minAbsWeight }, chain);
  const masked = maskedFlags(net);
  const last = chain.sizes.length - 1;
  const graph: NetworkGraph = new DirectedGraph<NeuronAttributes, ConnectionAttributes, NetworkGraphAttributes>();
  graph.replaceAttributes({ nodeLayers: chain.sizes.length, fullSizes: chain.sizes.join(',') });
  keep.forEach((indices, l) => {
    const layer = l === 0 ? undefined : net.layers[l - 1];
    const eigen = layer?.kind === 'spectral' ? maskedEigenvalues(layer) : undefined;
    const scores = layer ? nodeScores(layer) : undefined;
    for (const i of indices) {
      const attrs: NeuronAttributes = {
        layer: l,
        index: i,
        kind: layer ? layer.kind : 'input',
        label: labelOf(l, i, last),
        masked: masked[l][i],
        active: active[l][i],
      };
      if (eigen) attrs.eigenvalue = eigen[i];
      if (scores) attrs.score = scores[i];
      if (options.positions ?? true) {
        attrs.x = l * LAYER_SPACING;
        attrs.y = (i - (chain.sizes[l] - 1) / 2) * NODE_SPACING;
      }
      graph.addNode(neuronKey(l, i), attrs);
    }
  });
  chain.kernels.forEach((kernel, l) => {
    const out = chain.sizes[l + 1];
    for (const j of keep[l]) {
      for (const k of keep[l + 1]) {
        const w = kernel[j * out + k];
        const a = Math.abs(w);
        if (w === 0 || a <= minAbsWeight) continue;
        const source = neuronKey(l, j);
        const target = neuronKey(l + 1, k);
        graph.addDirectedEdgeWithKey(`${source}->${target}`, source, target, {
          weight: w,
          absWeight: a,
          distance: 1 / a,
          layer: l,
        });
      }
    }
  });
  return graph;
}

/** Node keys of one node layer, in index order. */
export function layerNodes(graph: NetworkGraph, layer: number): string[] {
  return graph
    .filterNodes((_, attr) => attr.layer === layer)
    .sort((a, b) => graph.getNodeAttribute(a, 'index') - graph.getNodeAttribute(b, 'index'));
}
