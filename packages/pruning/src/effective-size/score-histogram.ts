/**
 * pruning/effective-size/score-histogram: the pooled, max-normalised score histogram of method spec §5.1 (bin width
 * 0.05 on [0, 1], y in percent), one per (N1, variant). The binning is @spectral-ts/statistics' histogram.
 */
import { histogram } from '@spectral-ts/statistics';
import { fail } from '../errors';

/** Method spec §5.1: 20 bins of width 0.05 on [0, 1]. */
export const SCORE_HISTOGRAM_BINS = 20;

/** Pools every trial's |scores|, divides by the pooled maximum, and bins them; the value 1 falls in the last bin. */
export function scoreHistogram(
  trialScores: readonly (readonly number[])[],
  bins = SCORE_HISTOGRAM_BINS,
): { binEdges: number[]; percent: number[] } {
  const pooled = trialScores.flat().map(Math.abs);
  if (pooled.length === 0) fail('scoreHistogram', 'no scores to bin');
  // reduce, not Math.max(...pooled): a sweep pools 30 trials x N1 = 1500 scores, near the argument-count limit.
  const max = pooled.reduce((m, v) => (v > m ? v : m), 0);
  if (!(max > 0)) fail('scoreHistogram', 'every score is 0, so normalised scores are undefined');
  const { binEdges, percent } = histogram(
    pooled.map((s) => s / max),
    { bins, range: [0, 1] },
  );
  return { binEdges, percent };
}
