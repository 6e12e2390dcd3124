/**
 * pruning/pruneStructurally: removes nodes for real, returning a smaller network whose outputs equal the masked
 * network's (the 2022 SpectralTools pruner, method spec §4: slice the phi columns, lambda and bias, delete the matching
 * input rows of the next layer). This is the network you would ship after pruning.
 */
import { directKernel, layerUnits, type LayerWeights, type NetworkWeights } from '@spectral-ts/spectral';
import { fail } from '../errors';
import { complement, hiddenLayerAt, normalizeKeep } from '../layer-access';
import { assertMaskRemovesNodes, removedNodeOutput } from './removed-output';

const pick = <T>(values: readonly T[], indices: readonly number[]): T[] => indices.map((i) => values[i]);

/** The pruned layer: only the kept columns (units). */
function sliceUnits(layer: LayerWeights, keep: number[]): LayerWeights {
  if (layer.kind === 'spectral') {
    return {
      kind: 'spectral',
      phi: layer.phi.map((row) => pick(row, keep)),
      lambdaIn: layer.lambdaIn.slice(),
      lambdaOut: pick(layer.lambdaOut, keep),
      ...(layer.mask ? { mask: pick(layer.mask, keep) } : {}),
      ...(layer.bias ? { bias: pick(layer.bias, keep) } : {}),
      activation: layer.activation,
    };
  }
  return {
    kind: 'dense',
    kernel: layer.kernel.map((row) => pick(row, keep)),
    ...(layer.bias ? { bias: pick(layer.bias, keep) } : {}),
    activation: layer.activation,
  };
}

/**
 * The next layer with the removed nodes' input rows deleted. A removed node that still sends a constant c_i
 * (act(bias_i) != 0) has its contribution c_i * W[i][:] moved into the bias, which is created if needed.
 */
function sliceInputs(next: LayerWeights, keep: number[], constants: { node: number; value: number }[]): LayerWeights {
  const units = layerUnits(next);
  let bias = next.bias ? next.bias.slice() : undefined;
  const live = constants.filter((c) => c.value !== 0);
  if (live.length > 0) {
    const kernel = directKernel(next);
    bias = bias ?? new Array<number>(units).fill(0);
    for (const { node, value } of live) for (let k = 0; k < units; k++) bias[k] += value * kernel[node][k];
  }
  if (next.kind === 'spectral') {
    return {
      kind: 'spectral',
      phi: pick(next.phi, keep).map((row) => row.slice()),
      lambdaIn: pick(next.lambdaIn, keep),
      lambdaOut: next.lambdaOut.slice(),
      ...(next.mask ? { mask: next.mask.slice() } : {}),
      ...(bias ? { bias } : {}),
      activation: next.activation,
    };
  }
  return {
    kind: 'dense',
    kernel: pick(next.kernel, keep).map((row) => row.slice()),
    ...(bias ? { bias } : {}),
    activation: next.activation,
  };
}

/**
 * A network with only the `keep` nodes of layer `layerIndex` (kept in their original order). Its outputs equal
 * `forward(maskNodes(net, layerIndex, keep))` up to float rounding. The keep set must not be empty: a layer with no
 * units cannot be built (use maskNodes for the all-removed point of a curve).
 */
export function pruneStructurally(net: NetworkWeights, layerIndex: number, keep: readonly number[]): NetworkWeights {
  const layer = hiddenLayerAt('pruneStructurally', net, layerIndex);
  const units = layerUnits(layer);
  const kept = normalizeKeep('pruneStructurally', keep, units);
  if (kept.length === 0) {
    fail(
      'pruneStructurally',
      'keep is empty; a layer with no units cannot be built (keep at least one node, or use maskNodes)',
    );
  }
  assertMaskRemovesNodes('pruneStructurally', layer, layerIndex);
  const constants = complement(kept, units).map((node) => ({ node, value: removedNodeOutput(layer, node) }));
  const layers = net.layers.slice();
  layers[layerIndex] = sliceUnits(layer, kept);
  layers[layerIndex + 1] = sliceInputs(net.layers[layerIndex + 1], kept, constants);
  return {
    inputDim: net.inputDim,
    layers: layers.map((l, k) => (k === layerIndex || k === layerIndex + 1 ? l : structuredClone(l))),
  };
}
