/**
 * pruning/analyzePruning: the whole per-trial analysis in one call (method spec §4): rank the layer, build the rank
 * curve (every n) and the paper's cutoff ramp from it, and find n*. Returns a TrialPruning the CLI stores as is.
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';
import { cutoffCurveFromRankCurve, DEFAULT_CUTOFFS, checkCutoffs } from './curves/cutoff-curve';
import { rankCurve } from './curves/rank-curve';
import { criticalSize, defaultTolerance } from './effective-size/critical-size';
import { fail } from './errors';
import type { RankOptions } from './rankings';
import type { TrialPruning } from './types';

export interface AnalyzePruningOptions extends RankOptions {
  /** deltaMse tolerance of n*; default 1% of the test-label variance (method spec §9.6). */
  tolerance?: number;
  /** Cutoffs of the ramp; default 0, 0.05, ..., 0.95 (method spec §4). */
  cutoffs?: readonly number[];
  /** h_T: when given, the result also carries deltaMse at n = h_T and n = h_T - 4 (method spec §9.6-9.8). */
  teacherSize?: number;
}

/** What analyzePruning returns: a TrialPruning whose `layerIndex` is always set. */
export interface TrialPruningResult extends TrialPruning {
  layerIndex: number;
}

export function analyzePruning(
  net: NetworkWeights,
  testSet: Dataset,
  options: AnalyzePruningOptions = {},
): TrialPruningResult {
  const cutoffs = options.cutoffs ?? DEFAULT_CUTOFFS;
  checkCutoffs('analyzePruning', cutoffs);
  const tolerance = options.tolerance ?? defaultTolerance(testSet);
  if (!(tolerance > 0 && Number.isFinite(tolerance)))
    fail('analyzePruning', `tolerance must be a positive number, got ${tolerance}`);
  const rank = rankCurve(net, testSet, options);
  const result: TrialPruningResult = {
    ranking: rank.ranking,
    layerIndex: rank.layerIndex,
    msePre: rank.msePre,
    cutoffCurve: cutoffCurveFromRankCurve(rank.scores, rank.points, cutoffs),
    rankCurve: rank.points,
    effectiveSize: criticalSize(rank.points, tolerance),
    tolerance,
  };
  const h = options.teacherSize;
  if (h !== undefined) {
    if (!(Number.isInteger(h) && h > 0))
      fail('analyzePruning', `teacherSize must be a positive integer (h_T), got ${h}`);
    const at = rank.points.find((p) => p.kept === h);
    const below = rank.points.find((p) => p.kept === h - 4);
    if (at)
      result.atTeacherSize = {
        teacherSize: h,
        deltaMse: at.deltaMse,
        ...(below ? { deltaMseBelow4: below.deltaMse } : {}),
      };
  }
  return result;
}
