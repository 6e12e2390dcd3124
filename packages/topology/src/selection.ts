/**
 * topology/selection: which neurons a view keeps. A NodeSelection lists, per node layer (inputs = layer 0), the kept
 * node indices in ascending order. Three selections cover the paper's views: every node (the unpruned "full" view),
 * the surviving nodes (not masked, on an active input-to-output path), and the pruned view that keeps the nodes whose
 * score / max score > 0.05 (method spec §5.4, "Student (Pruned)").
 */
import {
  layerSizes,
  layerUnits,
  maskedEigenvalues,
  nodeScores,
  validateNetwork,
  type NetworkWeights,
} from '@spectral-ts/spectral';
import { fail } from './errors';
import { kernelChain, type KernelChain } from './kernels';

/** Kept node indices per node layer (layer 0 = inputs), each ascending. */
export type NodeSelection = number[][];

/** Relative score cutoff of the paper's pruned view: keep L_i / max L > 0.05 (method spec §5.4). */
export const DEFAULT_SCORE_CUTOFF = 0.05;

/** Every node of the network. */
export function allNodes(net: NetworkWeights): NodeSelection {
  validateNetwork(net);
  return layerSizes(net).map((n) => Array.from({ length: n }, (_, i) => i));
}

/**
 * Whether each node is masked: a node produced by a spectral layer whose effective eigenvalue mask_i * lambda_i is 0
 * (with no bias and lambdaIn = 0 this removes the node, method spec §4). Inputs and dense-layer nodes are never masked.
 */
export function maskedFlags(net: NetworkWeights): boolean[][] {
  validateNetwork(net);
  return [
    new Array<boolean>(net.inputDim).fill(false),
    ...net.layers.map((layer) =>
      layer.kind === 'spectral'
        ? maskedEigenvalues(layer).map((v) => v === 0)
        : new Array<boolean>(layerUnits(layer)).fill(false),
    ),
  ];
}

function checkSelection(fn: string, sizes: number[], keep: NodeSelection): void {
  if (keep.length !== sizes.length) {
    fail(
      fn,
      `the selection has ${keep.length} layers, the network ${sizes.length} (give one index list per node layer, inputs included)`,
    );
  }
  keep.forEach((idx, l) => {
    for (let p = 0; p < idx.length; p++) {
      const i = idx[p];
      if (!Number.isInteger(i) || i < 0 || i >= sizes[l])
        fail(fn, `node index ${i} is outside layer ${l} of width ${sizes[l]}`);
      if (p > 0 && idx[p - 1] >= i)
        fail(fn, `layer ${l} indices must be strictly ascending (sort and deduplicate them)`);
    }
  });
}

/** Options of {@link activeFlags} and {@link survivingNodes}. */
export interface ActiveOptions {
  /** Restrict to these nodes first (default: every node). */
  keep?: NodeSelection;
  /** A connection counts only when |w| > minAbsWeight (default 0: every nonzero weight). */
  minAbsWeight?: number;
}

/**
 * Whether each node is active: kept, not masked, and on at least one input-to-output path of connections with
 * |w| > minAbsWeight running through kept, unmasked nodes. Computed by one forward and one backward sweep over the
 * kernels (reachability from the inputs times reachability to the outputs).
 */
export function activeFlags(
  net: NetworkWeights,
  options: ActiveOptions = {},
  chain: KernelChain = kernelChain(net),
): boolean[][] {
  const { sizes, kernels } = chain;
  const threshold = options.minAbsWeight ?? 0;
  if (!(threshold >= 0)) fail('activeFlags', `minAbsWeight must be >= 0, got ${threshold}`);
  if (options.keep) checkSelection('activeFlags', sizes, options.keep);
  const masked = maskedFlags(net);
  const usable = sizes.map((n, l) => {
    const flags = masked[l].map((m) => !m);
    if (options.keep) {
      const keepSet = new Set(options.keep[l]);
      for (let i = 0; i < n; i++) if (!keepSet.has(i)) flags[i] = false;
    }
    return flags;
  });
  const L = sizes.length;
  const fromInput = usable.map((f) => f.slice());
  for (let l = 0; l + 1 < L; l++) {
    const out = sizes[l + 1];
    const reached = new Array<boolean>(out).fill(false);
    for (let j = 0; j < sizes[l]; j++) {
      if (!fromInput[l][j]) continue;
      for (let k = 0; k < out; k++) if (Math.abs(kernels[l][j * out + k]) > threshold) reached[k] = true;
    }
    for (let k = 0; k < out; k++) fromInput[l + 1][k] = fromInput[l + 1][k] && reached[k];
  }
  const toOutput = usable.map((f) => f.slice());
  for (let l = L - 2; l >= 0; l--) {
    const out = sizes[l + 1];
    for (let j = 0; j < sizes[l]; j++) {
      if (!toOutput[l][j]) continue;
      let reaches = false;
      for (let k = 0; k < out && !reaches; k++)
        reaches = toOutput[l + 1][k] && Math.abs(kernels[l][j * out + k]) > threshold;
      toOutput[l][j] = reaches;
    }
  }
  return fromInput.map((f, l) => f.map((v, i) => v && toOutput[l][i]));
}

/** The surviving sub-network as a selection: the active nodes of {@link activeFlags}. */
export function survivingNodes(net: NetworkWeights, options: ActiveOptions = {}): NodeSelection {
  return activeFlags(net, options).map((flags) => flags.flatMap((v, i) => (v ? [i] : [])));
}

/** Options of {@link prunedNodes}. */
export interface PrunedOptions {
  /** Keep nodes with score / max score > cutoff (strict, method spec §5.4). Default 0.05. */
  cutoff?: number;
  /** Node layers the cutoff applies to (default [1], the first hidden layer, the one the paper prunes). */
  layers?: number[];
}

/**
 * The nodes of node layer `layer` (1 = first hidden layer) whose score (spectral's `nodeScores`: the rescaled
 * eigenvalue for spectral layers, the feature norm for dense ones) exceeds cutoff times the layer's maximum (strict,
 * method spec §5.4); none when every score is 0.
 */
export function nodesAboveCutoff(net: NetworkWeights, layer: number, cutoff = DEFAULT_SCORE_CUTOFF): number[] {
  if (!(cutoff >= 0 && cutoff < 1)) fail('nodesAboveCutoff', `cutoff must lie in [0, 1), got ${cutoff}`);
  if (!Number.isInteger(layer) || layer < 1 || layer > net.layers.length) {
    fail('nodesAboveCutoff', `layer ${layer} is not a hidden or output node layer (use 1..${net.layers.length})`);
  }
  const scores = nodeScores(net.layers[layer - 1]);
  const max = Math.max(...scores);
  return max > 0 ? scores.flatMap((s, i) => (s / max > cutoff ? [i] : [])) : [];
}

/**
 * The paper's pruned view (method spec §5.4): in each listed layer keep the nodes of {@link nodesAboveCutoff}; then
 * keep only the surviving sub-network (masked nodes and nodes off every active path dropped), which is all that
 * remains of the layers not listed.
 */
export function prunedNodes(net: NetworkWeights, options: PrunedOptions = {}): NodeSelection {
  const cutoff = options.cutoff ?? DEFAULT_SCORE_CUTOFF;
  if (!(cutoff >= 0 && cutoff < 1)) fail('prunedNodes', `cutoff must lie in [0, 1), got ${cutoff}`);
  const keep = allNodes(net);
  for (const l of options.layers ?? [1]) {
    if (!Number.isInteger(l) || l < 1 || l > net.layers.length) {
      fail('prunedNodes', `layer ${l} is not a hidden or output node layer (use 1..${net.layers.length})`);
    }
    keep[l] = nodesAboveCutoff(net, l, cutoff);
    if (keep[l].length === 0)
      fail(
        'prunedNodes',
        `every node of layer ${l} scores 0, so nothing survives pruning (check the mask and eigenvalues)`,
      );
  }
  return survivingNodes(net, { keep });
}

/** Count of selected nodes per layer. */
export function selectionSizes(selection: NodeSelection): number[] {
  return selection.map((idx) => idx.length);
}
