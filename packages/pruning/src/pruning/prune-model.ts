/**
 * pruning/pruneModel: the structurally pruned network as a tfjs model (built by @spectral-ts/spectral's
 * networkToModel), i.e. the smaller model you would ship, with its own getConfig.
 */
import * as spectral from '@spectral-ts/spectral';
import type { NetworkWeights } from '@spectral-ts/spectral';
import type * as tf from '@tensorflow/tfjs';
import { fail } from '../errors';
import { pruneStructurally } from './prune-structurally';

type NetworkToModel = (net: NetworkWeights) => tf.Sequential;

// Looked up at run time: networkToModel is being added to @spectral-ts/spectral in parallel with this package, and
// the weights-only half of the pruning API must not depend on it.
function findNetworkToModel(): NetworkToModel | undefined {
  const fn = (spectral as unknown as { networkToModel?: unknown }).networkToModel;
  return typeof fn === 'function' ? (fn as NetworkToModel) : undefined;
}

/** Whether @spectral-ts/spectral provides networkToModel (so pruneModel can build tfjs models). */
export function canBuildModels(): boolean {
  return findNetworkToModel() !== undefined;
}

/** A structurally pruned network and the tfjs model built from it. */
export interface PrunedModel {
  network: NetworkWeights;
  model: tf.Sequential;
}

/** Structural pruning (see pruneStructurally) plus the tfjs model of the result. The caller disposes the model. */
export function pruneModel(net: NetworkWeights, layerIndex: number, keep: readonly number[]): PrunedModel {
  const toModel = findNetworkToModel();
  if (!toModel) {
    fail('pruneModel', '@spectral-ts/spectral does not export networkToModel yet (use pruneStructurally for the weights, or update @spectral-ts/spectral)');
  }
  const network = pruneStructurally(net, layerIndex, keep);
  return { network, model: toModel(network) };
}
