/**
 * pruning/maskNodes: prunes by mask without retraining (method spec §4, MSERamp step 4): every node outside `keep`
 * gets lambda_i = 0 through the layer's mask (spectral) or a zeroed incoming kernel column (dense).
 */
import { cloneNetwork, layerUnits, type NetworkWeights } from '@spectral-ts/spectral';
import { hiddenLayerAt, complement, normalizeKeep } from '../layer-access';
import { assertMaskRemovesNodes } from './removed-output';

/**
 * A copy of `net` in which only the nodes in `keep` of layer `layerIndex` are active. Nodes already masked stay
 * masked. An empty keep set is allowed: every node is removed and the network predicts a constant.
 */
export function maskNodes(net: NetworkWeights, layerIndex: number, keep: readonly number[]): NetworkWeights {
  const layer = hiddenLayerAt('maskNodes', net, layerIndex);
  const units = layerUnits(layer);
  const removed = complement(normalizeKeep('maskNodes', keep, units), units);
  assertMaskRemovesNodes('maskNodes', layer, layerIndex);
  const out = cloneNetwork(net);
  const target = out.layers[layerIndex];
  if (target.kind === 'spectral') {
    const mask = target.mask ? target.mask.slice() : new Array<number>(units).fill(1);
    for (const i of removed) mask[i] = 0;
    target.mask = mask;
  } else {
    for (const row of target.kernel) for (const i of removed) row[i] = 0;
  }
  return out;
}
