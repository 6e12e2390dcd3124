/**
 * results/average-dimension: the effective hidden size of method spec §5.2: per trial, the number of nodes whose score
 * is at least 0.05 of a maximum, with the maximum pooled over all trials of the (N1, variant) group (the paper's
 * version) or taken per trial.
 */

/** Method spec §5.2: nodes with L_i / L_max >= 0.05 count as active. */
export const AVERAGE_DIMENSION_THRESHOLD = 0.05;

/** Count of |scores| >= threshold * max. */
export function countAbove(scores: readonly number[], max: number, threshold = AVERAGE_DIMENSION_THRESHOLD): number {
  if (!(max > 0)) return 0;
  let n = 0;
  for (const s of scores) if (Math.abs(s) >= threshold * max) n++;
  return n;
}

/** Per-trial count with the maximum taken over that trial (the version path analysis uses, method spec §5.2). */
export function averageDimensionPerTrial(scores: readonly number[], threshold = AVERAGE_DIMENSION_THRESHOLD): number {
  return countAbove(scores, scores.reduce((m, s) => Math.max(m, Math.abs(s)), 0), threshold);
}

/** Per-trial counts with the maximum pooled over every trial of the group (method spec §5.2, the paper's version). */
export function averageDimensionPooled(scoresPerTrial: readonly (readonly number[])[], threshold = AVERAGE_DIMENSION_THRESHOLD): number[] {
  const max = scoresPerTrial.reduce((m, scores) => scores.reduce((mm, s) => Math.max(mm, Math.abs(s)), m), 0);
  return scoresPerTrial.map((scores) => countAbove(scores, max, threshold));
}
