/**
 * pruning/rankings/weight-norm: the Direct baseline's "feature norm" ||w_i||_2 sqrt(N1), the norm of each node's
 * incoming direct-space weights (method spec §4, "Direct nodes"). Works on dense and spectral layers alike.
 */
import { nodeScores, type NetworkWeights } from '@spectral-ts/spectral';
import { layerAt } from '../layer-access';
import type { NodeRanking } from './types';

/**
 * ||w_i|| sqrt(units) per node. The sqrt(units) factor does not change the order within a layer; it keeps the
 * numbers on the scale of the spectral L_i, which it equals on a spectral layer with lambdaIn = 0.
 */
export function weightNormScores(net: NetworkWeights, layerIndex: number): number[] {
  return nodeScores(layerAt('weightNorm', net, layerIndex));
}

export const weightNorm: NodeRanking = {
  name: 'weight-norm',
  description: 'Norm of the incoming direct-space weights times sqrt(N) (the Direct "feature norm", method spec §4).',
  score: (net, layerIndex) => weightNormScores(net, layerIndex),
};
