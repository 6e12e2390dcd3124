/**
 * pruning/accuracyCurve: a classifier's accuracy after removing a growing fraction of one layer's nodes in ascending
 * score of a ranking, by mask and without retraining: the protocol of Buffoni et al. (Sci. Rep. 12:11201, 2022),
 * which removes first-layer nodes by eigenvalue, by incoming-weight magnitude or at random.
 */
import { layerUnits, type NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';
import { fail } from '../errors';
import { AUTO_RANKING, rankNodes, type RankOptions } from '../rankings';
import type { AccuracyCurveResult } from '../types';
import { prepareRemovals } from './removal-evaluator';
import { CLASSIFICATION_ACCURACY } from './removal-metric';

/**
 * The 21 fractions 0, 0.05, ..., 1: the 5% steps of the cutoff ramp (method spec §4) carried through to removing
 * every node (i / 20 gives the nearest doubles to the decimals).
 */
export const DEFAULT_REMOVAL_FRACTIONS: readonly number[] = Array.from({ length: 21 }, (_, i) => i / 20);

/** Options of accuracyCurve: the ranking (default 'auto'), the layer (default 0), its seed, and the fractions. */
export interface AccuracyCurveOptions extends RankOptions {
  /** Fractions of the layer's nodes to remove, each in [0, 1]. Default DEFAULT_REMOVAL_FRACTIONS. */
  fractions?: readonly number[];
}

/** Checks fractions are a non-empty list of numbers in [0, 1]. */
function checkFractions(fractions: readonly number[]): void {
  if (!Array.isArray(fractions) || fractions.length === 0) {
    fail(
      'accuracyCurve',
      'fractions is empty (pass fractions of nodes to remove in [0, 1], e.g. DEFAULT_REMOVAL_FRACTIONS)',
    );
  }
  for (const f of fractions) {
    if (!(typeof f === 'number' && f >= 0 && f <= 1)) {
      fail('accuracyCurve', `fraction ${f} is outside [0, 1] (fractions are shares of the layer's nodes to remove)`);
    }
  }
}

/** Options of accuracyCurves: accuracyCurve's, with a list of rankings instead of one. */
export interface AccuracyCurvesOptions extends Omit<AccuracyCurveOptions, 'ranking'> {
  /** Registered ranking names (or 'auto'), one curve each, in this order. */
  rankings: readonly string[];
}

/**
 * Accuracy of `net` on `data` (y: class indices, one output per class) with round(fraction * units) nodes of the
 * ranked layer removed, the lowest-scoring first, for every fraction; ties in score go by node index.
 */
export function accuracyCurve(
  net: NetworkWeights,
  data: Dataset,
  options: AccuracyCurveOptions = {},
): AccuracyCurveResult {
  const { ranking, ...rest } = options;
  return accuracyCurves(net, data, { ...rest, rankings: [ranking ?? AUTO_RANKING] })[0];
}

/**
 * accuracyCurve for several rankings of one layer, sharing the forward pass through the network (on a 784-500-10
 * classifier and 10 000 rows almost all of a curve's cost), so three rankings cost little more than one.
 */
export function accuracyCurves(
  net: NetworkWeights,
  data: Dataset,
  options: AccuracyCurvesOptions,
): AccuracyCurveResult[] {
  const fractions = options.fractions ?? DEFAULT_REMOVAL_FRACTIONS;
  checkFractions(fractions);
  if (!Array.isArray(options.rankings) || options.rankings.length === 0) {
    fail('accuracyCurves', "rankings is empty (pass at least one ranking name, e.g. ['weight-norm', 'random'])");
  }
  const ranked = options.rankings.map((ranking) => rankNodes(net, { ...options, ranking }));
  const layerIndex = ranked[0].layerIndex;
  const units = layerUnits(net.layers[layerIndex]);
  const removedAt = fractions.map((f) => Math.round(f * units));
  const counts = new Set(removedAt.concat(0));
  const evaluator = prepareRemovals('accuracyCurve', net, data, layerIndex, CLASSIFICATION_ACCURACY);
  return ranked.map((r) => {
    const accuracy = evaluator.evaluate(r.removalOrder.slice(0, Math.max(...counts)), counts);
    for (const value of accuracy.values()) {
      if (!Number.isFinite(value)) {
        fail(
          'accuracyCurve',
          "the network's outputs are not finite on some rows (check the weights for NaN or Infinity)",
        );
      }
    }
    return {
      ranking: r.ranking,
      layerIndex,
      units,
      accuracyPre: accuracy.get(0)!,
      points: fractions.map((fraction, i) => ({
        fraction,
        removed: removedAt[i],
        kept: units - removedAt[i],
        accuracy: accuracy.get(removedAt[i])!,
      })),
    };
  });
}
