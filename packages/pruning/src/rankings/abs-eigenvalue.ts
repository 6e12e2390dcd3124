/**
 * pruning/rankings/abs-eigenvalue: the raw |lambda_i| ranking of the reference code's percentile pruners
 * (method spec §4, "Raw-|lambda| ranking"); ignores the eigenvector norm, so it is a weaker proxy than L_i.
 */
import { maskedEigenvalues, type NetworkWeights } from '@spectral-ts/spectral';
import { spectralLayerAt } from './rescaled-eigenvalue';
import type { NodeRanking } from './types';

/** |mask_i lambda_i| for each node of a spectral layer. */
export function absEigenvalueScores(net: NetworkWeights, layerIndex: number): number[] {
  const layer = spectralLayerAt('absEigenvalue', net, layerIndex, 'abs-eigenvalue');
  return maskedEigenvalues(layer).map(Math.abs);
}

export const absEigenvalue: NodeRanking = {
  name: 'abs-eigenvalue',
  description:
    'Raw |lambda_i| of the outgoing eigenvalues (method spec §4, not used for the paper plots); spectral layers only.',
  score: (net, layerIndex) => absEigenvalueScores(net, layerIndex),
};
