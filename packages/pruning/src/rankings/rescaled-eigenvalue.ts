/**
 * pruning/rankings/rescaled-eigenvalue: the paper's ranking, L_i = |lambda_i| ||phi_{:,i}||_2 sqrt(N1)
 * (method spec §4). Only spectral layers have eigenvalues; a dense layer is an error naming the fix.
 */
import { nodeScores, type NetworkWeights, type SpectralLayerWeights } from '@spectral-ts/spectral';
import { fail } from '../errors';
import { layerAt } from '../layer-access';
import type { NodeRanking } from './types';

/** The layer at `layerIndex`, checked to be spectral; `fn` names the caller in the error. */
export function spectralLayerAt(
  fn: string,
  net: NetworkWeights,
  layerIndex: number,
  ranking: string,
): SpectralLayerWeights {
  const layer = layerAt(fn, net, layerIndex);
  if (layer.kind !== 'spectral') {
    fail(
      fn,
      `layer ${layerIndex} is a dense layer and has no eigenvalues, so the '${ranking}' ranking does not apply (use the 'weight-norm' ranking for direct networks, or train the layer as a spectral layer)`,
    );
  }
  return layer;
}

/** Scores L_i of a spectral layer (method spec §4); masked nodes score 0. */
export function rescaledEigenvalueScores(net: NetworkWeights, layerIndex: number): number[] {
  const layer = spectralLayerAt('rescaledEigenvalue', net, layerIndex, 'rescaled-eigenvalue');
  // With lambdaIn = 0 (the paper's setting, method spec §1) the incoming direct weights are -lambda_i phi_{:,i}, so
  // spectral's nodeScores (norm of those weights times sqrt(units)) is exactly L_i.
  return nodeScores(layer);
}

export const rescaledEigenvalue: NodeRanking = {
  name: 'rescaled-eigenvalue',
  description: "The paper's rescaled eigenvalue |lambda_i| ||phi_i|| sqrt(N) (method spec §4); spectral layers only.",
  score: (net, layerIndex) => rescaledEigenvalueScores(net, layerIndex),
};
