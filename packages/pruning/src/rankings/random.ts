/**
 * pruning/rankings/random: a seeded random order, the control that any informative ranking must beat.
 */
import { layerUnits, type NetworkWeights } from '@spectral-ts/spectral';
import { createRng, deriveSeed } from '@spectral-ts/teacher-student';
import { layerAt } from '../layer-access';
import type { NodeRanking } from './types';

/** Uniform (0, 1] scores from a stream derived from `seed` and the layer index, so every layer gets its own order. */
export function randomScores(net: NetworkWeights, layerIndex: number, seed = 0): number[] {
  const units = layerUnits(layerAt('randomScores', net, layerIndex));
  const rng = createRng(deriveSeed(seed, 'pruning', 'random-ranking', layerIndex));
  // 1 - uniform lies in (0, 1], so no score is exactly 0 and the cutoff ramp's score / max is always defined.
  return Array.from({ length: units }, () => 1 - rng.uniform());
}

export const random: NodeRanking = {
  name: 'random',
  description: 'Seeded uniform random scores: the control ranking.',
  score: (net, layerIndex, context) => randomScores(net, layerIndex, context.seed ?? 0),
};
