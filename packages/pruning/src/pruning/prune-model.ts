/**
 * pruning/pruneModel: the structurally pruned network as a tfjs model (built by @spectral-ts/spectral's
 * networkToModel), i.e. the smaller model you would ship, with its own getConfig.
 */
import { networkToModel, type NetworkToModelOptions, type NetworkWeights } from '@spectral-ts/spectral';
import type * as tf from '@tensorflow/tfjs';
import { pruneStructurally } from './prune-structurally';

/** A structurally pruned network and the tfjs model built from it. */
export interface PrunedModel {
  network: NetworkWeights;
  model: tf.Sequential;
}

/**
 * Structural pruning (see pruneStructurally) plus the tfjs model of the result; `modelOptions` go to networkToModel
 * (regularizer coefficients, trainable). The caller disposes the model.
 */
export function pruneModel(
  net: NetworkWeights,
  layerIndex: number,
  keep: readonly number[],
  modelOptions: NetworkToModelOptions = {},
): PrunedModel {
  const network = pruneStructurally(net, layerIndex, keep);
  return { network, model: networkToModel(network, modelOptions) };
}
