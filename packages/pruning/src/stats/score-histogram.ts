/**
 * pruning/stats/score-histogram: the pooled, max-normalised score histogram of method spec §5.1 (bin width 0.05 on
 * [0, 1], y in percent), one per (N1, variant).
 */
import { fail } from '../errors';

export const HISTOGRAM_BINS = 20;

/** Pools every trial's scores, divides by the pooled maximum, and bins them; the value 1 falls in the last bin. */
export function scoreHistogram(trialScores: readonly (readonly number[])[], bins = HISTOGRAM_BINS): { binEdges: number[]; percent: number[] } {
  const pooled = trialScores.flat().map(Math.abs);
  if (pooled.length === 0) fail('scoreHistogram', 'no scores to bin');
  // reduce, not Math.max(...pooled): a sweep pools 30 trials x N1 = 1500 scores, near the argument-count limit.
  const max = pooled.reduce((m, v) => (v > m ? v : m), 0);
  if (!(max > 0)) fail('scoreHistogram', 'every score is 0, so normalised scores are undefined');
  const counts = new Array<number>(bins).fill(0);
  for (const s of pooled) counts[Math.min(bins - 1, Math.floor((s / max) * bins))] += 1;
  return {
    binEdges: Array.from({ length: bins + 1 }, (_, i) => i / bins),
    percent: counts.map((c) => (100 * c) / pooled.length),
  };
}
