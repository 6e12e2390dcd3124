/**
 * pruning/rankings: the ranking interface, the registry, the four built-ins (registered on import), and
 * `rankNodes`, which every curve uses to turn a ranking name into scores and a removal order.
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import { fail } from '../errors';
import { DEFAULT_LAYER_INDEX, layerAt } from '../layer-access';
import { absEigenvalue } from './abs-eigenvalue';
import { random } from './random';
import { getRanking, registerRanking } from './registry';
import { rescaledEigenvalue } from './rescaled-eigenvalue';
import type { NodeRanking, RankingContext } from './types';
import { weightNorm } from './weight-norm';

for (const ranking of [rescaledEigenvalue, absEigenvalue, weightNorm, random]) registerRanking(ranking);

export type { NodeRanking, RankingContext } from './types';
export { getRanking, listRankings, registerRanking } from './registry';
export { rescaledEigenvalueScores } from './rescaled-eigenvalue';
export { absEigenvalueScores } from './abs-eigenvalue';
export { weightNormScores } from './weight-norm';
export { randomScores } from './random';

/** 'auto' picks the paper's ranking for the layer's kind: rescaled eigenvalue on spectral, weight norm on dense. */
export const AUTO_RANKING = 'auto';

/** The registered name 'auto' stands for on the layer at `layerIndex`. */
export function resolveRankingName(net: NetworkWeights, layerIndex: number, name: string): string {
  if (name !== AUTO_RANKING) return name;
  return layerAt('resolveRankingName', net, layerIndex).kind === 'spectral' ? rescaledEigenvalue.name : weightNorm.name;
}

/** Options shared by everything that ranks nodes. */
export interface RankOptions extends RankingContext {
  /** Registered ranking name, or 'auto' (default). */
  ranking?: string;
  /** Layer whose nodes are ranked; default 0, the first hidden layer (method spec §4). */
  layerIndex?: number;
}

/** Scores of a layer's nodes and the order in which pruning removes them. */
export interface NodeRankResult {
  /** The registered ranking that produced the scores ('auto' resolved). */
  ranking: string;
  layerIndex: number;
  scores: number[];
  /** Node indices in removal order: ascending score, ties by ascending index (deterministic). */
  removalOrder: number[];
}

/** Removal order for a score vector: ascending score, ties broken by node index. */
export function removalOrder(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b);
}

/** Ranks the nodes of one layer with a registered ranking; scores must be finite and non-negative. */
export function rankNodes(net: NetworkWeights, options: RankOptions = {}): NodeRankResult {
  const layerIndex = options.layerIndex ?? DEFAULT_LAYER_INDEX;
  const ranking: NodeRanking = getRanking(resolveRankingName(net, layerIndex, options.ranking ?? AUTO_RANKING));
  const scores = ranking.score(net, layerIndex, { seed: options.seed });
  scores.forEach((s, i) => {
    if (!Number.isFinite(s) || s < 0) {
      fail(
        'rankNodes',
        `ranking '${ranking.name}' gave node ${i} the score ${s}; scores must be finite and >= 0 (check the weights for NaN)`,
      );
    }
  });
  return { ranking: ranking.name, layerIndex, scores, removalOrder: removalOrder(scores) };
}
