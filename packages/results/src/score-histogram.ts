/**
 * results/score-histogram: the pooled, max-normalised histogram of node scores (method spec §5.1): pool |L_i| over
 * every trial of a group, divide by the pooled maximum, and count in 20 bins of width 0.05 on [0, 1], in percent.
 */

/** Method spec §5.1: bin width 0.05 on [0, 1]. */
export const HISTOGRAM_BINS = 20;

export interface ScoreHistogram {
  binEdges: number[];
  percent: number[];
}

/** Histogram of pooled scores, each |score| divided by the pooled maximum. All-zero or empty input gives all zeros. */
export function scoreHistogram(scoresPerTrial: readonly (readonly number[])[]): ScoreHistogram {
  const binEdges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, k) => Number((k / HISTOGRAM_BINS).toFixed(10)));
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  const pooled = scoresPerTrial.flat().map(Math.abs);
  const max = pooled.reduce((m, v) => Math.max(m, v), 0);
  if (pooled.length === 0 || max === 0) return { binEdges, percent: counts };
  for (const v of pooled) {
    // The maximum itself (normalised value 1) belongs to the last bin, as in numpy.histogram.
    const k = Math.min(Math.floor((v / max) * HISTOGRAM_BINS), HISTOGRAM_BINS - 1);
    counts[k]++;
  }
  return { binEdges, percent: counts.map((c) => (100 * c) / pooled.length) };
}
