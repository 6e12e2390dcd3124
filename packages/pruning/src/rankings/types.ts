/**
 * pruning/rankings/types: the interface every node ranking implements, built-in or plugin.
 */
import type { NetworkWeights } from '@spectral-ts/spectral';

/** What a ranking may need besides the network: a seed for stochastic rankings. */
export interface RankingContext {
  /** Seed of stochastic rankings (the `random` control). Default 0. */
  seed?: number;
}

/**
 * A node ranking: one non-negative importance score per unit of a layer, higher meaning more important.
 * Pruning removes nodes in ascending score order and the cutoff ramp keeps score / max > c (method spec §4).
 */
export interface NodeRanking {
  /** Registry name, kebab-case (e.g. 'rescaled-eigenvalue'). */
  name: string;
  /** One sentence a reader of a results file understands. */
  description: string;
  /** Scores of the units of `net.layers[layerIndex]`; must throw a named error when the layer does not fit. */
  score(net: NetworkWeights, layerIndex: number, context: RankingContext): number[];
}
