/**
 * results/score-histogram: the pooled, max-normalised histogram of node scores (method spec §5.1): pool |L_i| over
 * every trial of a group, divide by the pooled maximum, and count in 20 bins of width 0.05 on [0, 1], in percent.
 * The binning is @spectral-ts/pruning's (which owns it); what this file adds is the results policy for a group with no
 * nonzero score (every trial failed, or a dead layer): all-zero percents instead of an error, as `stat` does for Stat.
 */
import { scoreHistogram as pooledScoreHistogram } from '@spectral-ts/pruning';

/** Method spec §5.1: bin width 0.05 on [0, 1]. */
export const HISTOGRAM_BINS = 20;

export interface ScoreHistogram {
  binEdges: number[];
  percent: number[];
}

/** Histogram of pooled scores, each |score| divided by the pooled maximum. All-zero or empty input gives all zeros. */
export function scoreHistogram(scoresPerTrial: readonly (readonly number[])[]): ScoreHistogram {
  if (scoresPerTrial.some((scores) => scores.some((s) => s !== 0))) return pooledScoreHistogram(scoresPerTrial, HISTOGRAM_BINS);
  return {
    binEdges: Array.from({ length: HISTOGRAM_BINS + 1 }, (_, k) => k / HISTOGRAM_BINS),
    percent: new Array<number>(HISTOGRAM_BINS).fill(0),
  };
}
