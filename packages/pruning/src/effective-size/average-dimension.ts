/**
 * pruning/effective-size/average-dimension: the paper's "average dimension", the count of nodes whose score is at
 * least 0.05 of the maximum (method spec §5.2), in both versions: the maximum pooled over a group's trials (the
 * reference code's) and each trial's own maximum.
 */
import { fail } from '../errors';
import { meanStd, type Stat } from '@spectral-ts/statistics';

/** The relative threshold of method spec §5.2. */
export const AVERAGE_DIMENSION_THRESHOLD = 0.05;

/** #{i : score_i >= threshold * max}; `max` defaults to this score vector's own maximum. */
export function averageDimension(
  scores: readonly number[],
  options: { threshold?: number; max?: number } = {},
): number {
  const threshold = options.threshold ?? AVERAGE_DIMENSION_THRESHOLD;
  if (!(threshold >= 0 && threshold < 1)) fail('averageDimension', `threshold ${threshold} is outside [0, 1)`);
  if (scores.length === 0) return 0;
  const max = options.max ?? Math.max(...scores);
  if (!(max > 0))
    fail('averageDimension', 'the maximum score is 0, so relative scores are undefined (the layer is dead)');
  return scores.filter((s) => s >= threshold * max).length;
}

/** Mean +- std over trials with the maximum pooled over every trial of the group (method spec §5.2). */
export function averageDimensionPooled(
  trialScores: readonly (readonly number[])[],
  threshold = AVERAGE_DIMENSION_THRESHOLD,
): Stat {
  const max = Math.max(...trialScores.map((s) => Math.max(...s)));
  return meanStd(
    trialScores.map((s) => averageDimension(s, { threshold, max })),
    'pruning/averageDimensionPooled',
  );
}

/** Mean +- std over trials with each trial's own maximum (method spec §5.2, the path-analysis version). */
export function averageDimensionPerTrial(
  trialScores: readonly (readonly number[])[],
  threshold = AVERAGE_DIMENSION_THRESHOLD,
): Stat {
  return meanStd(
    trialScores.map((s) => averageDimension(s, { threshold })),
    'pruning/averageDimensionPerTrial',
  );
}
