/**
 * pruning/cutoffCurve: the paper's threshold ramp (method spec §4, MSERamp): for each cutoff c keep the nodes with
 * score / max > c (strict), mask the rest without retraining, and record n(c), the test MSE and
 * deltaMse = |MSE_post - MSE_pre|.
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';
import { fail } from '../errors';
import { rankNodes, type RankOptions } from '../rankings';
import type { CurvePoint } from '../types';
import { evaluateRemovals } from './removal-evaluator';

/** The 20 cutoffs 0, 0.05, ..., 0.95 of method spec §4 (i / 20 gives the nearest doubles to the decimals). */
export const DEFAULT_CUTOFFS: readonly number[] = Array.from({ length: 20 }, (_, i) => i / 20);

/** Checks cutoffs are numbers in [0, 1): c = 1 would keep nothing by definition and c < 0 everything. */
export function checkCutoffs(fn: string, cutoffs: readonly number[]): void {
  if (cutoffs.length === 0) fail(fn, 'cutoffs is empty (pass at least one cutoff in [0, 1), e.g. DEFAULT_CUTOFFS)');
  for (const c of cutoffs) {
    if (!(typeof c === 'number' && c >= 0 && c < 1))
      fail(fn, `cutoff ${c} is outside [0, 1) (cutoffs are fractions of the largest score)`);
  }
}

/** Number of nodes with score / max > c, for each cutoff (method spec §4: strict >). */
export function keptCounts(fn: string, scores: readonly number[], cutoffs: readonly number[]): number[] {
  checkCutoffs(fn, cutoffs);
  const max = Math.max(...scores);
  if (!(max > 0)) fail(fn, 'every score is 0, so score / max is undefined (the layer is already fully pruned or dead)');
  return cutoffs.map((c) => scores.filter((s) => s / max > c).length);
}

/**
 * The cutoff ramp read off a rank curve of the same scores. Exact, not interpolated: the kept set of a cutoff is
 * {score > c max}, which is always the top-n set of the ascending removal order (equal scores fall on the same side
 * of a strict threshold), so its MSE is the rank curve's value at n.
 */
export function cutoffCurveFromRankCurve(
  scores: readonly number[],
  rankPoints: readonly CurvePoint[],
  cutoffs: readonly number[] = DEFAULT_CUTOFFS,
): CurvePoint[] {
  const byKept = new Map(rankPoints.map((p) => [p.kept, p]));
  return keptCounts('cutoffCurveFromRankCurve', scores, cutoffs).map((kept, i) => {
    const p = byKept.get(kept);
    if (!p)
      fail(
        'cutoffCurveFromRankCurve',
        `the rank curve has no point at kept = ${kept} (pass the full rank curve of these scores)`,
      );
    return { kept, cutoff: cutoffs[i], testMse: p.testMse, deltaMse: p.deltaMse };
  });
}

/** Options of cutoffCurve: the ranking, the layer, and the cutoffs (default 0, 0.05, ..., 0.95). */
export interface CutoffCurveOptions extends RankOptions {
  cutoffs?: readonly number[];
}

/** The paper's ramp on its own, evaluating only the kept counts the cutoffs need. */
export function cutoffCurve(
  net: NetworkWeights,
  data: Dataset,
  options: CutoffCurveOptions = {},
): { ranking: string; msePre: number; scores: number[]; points: CurvePoint[] } {
  const cutoffs = options.cutoffs ?? DEFAULT_CUTOFFS;
  checkCutoffs('cutoffCurve', cutoffs);
  const ranked = rankNodes(net, options);
  const units = ranked.scores.length;
  const kept = keptCounts('cutoffCurve', ranked.scores, cutoffs);
  const removedCounts = new Set(kept.map((n) => units - n).concat(0));
  const maxRemoved = Math.max(...removedCounts);
  const mse = evaluateRemovals(
    'cutoffCurve',
    net,
    data,
    ranked.layerIndex,
    ranked.removalOrder.slice(0, maxRemoved),
    removedCounts,
  );
  const msePre = mse.get(0)!;
  const points = kept.map((n, i) => {
    const testMse = mse.get(units - n)!;
    return { kept: n, cutoff: cutoffs[i], testMse, deltaMse: Math.abs(testMse - msePre) };
  });
  return { ranking: ranked.ranking, msePre, scores: ranked.scores, points };
}
