/**
 * pruning/types: the pruning shapes, owned here (Stat and StatWithInterval are @spectral-ts/statistics').
 * @spectral-ts/results re-exports every one of these as part of the results-directory contract
 * (results/src/types.ts), so the CLI stores what this package returns as is. Fields may be added; existing fields keep
 * their name and meaning (a change of meaning is a results schema change: bump RESULTS_SCHEMA_VERSION there).
 */
import type { NormalizedCurve } from './phase-transition/collapse';

/** One point of a pruning curve. */
export interface CurvePoint {
  /** Nodes kept in the pruned layer. */
  kept: number;
  /** The relative cutoff c (cutoff curve only): nodes with score / max > c are kept. */
  cutoff?: number;
  testMse: number;
  /** |MSE_post - MSE_pre| (method spec §4). */
  deltaMse: number;
}

/** Rank-curve deltaMse at n = h_T and n = h_T - 4 (method spec §9.6-9.8). */
export interface AtTeacherSize {
  /** h_T, the teacher size the numbers refer to. */
  teacherSize: number;
  /** deltaMse with h_T nodes kept. */
  deltaMse: number;
  /** deltaMse with h_T - 4 nodes kept (absent when the rank curve has no point there). */
  deltaMseBelow4?: number;
}

/** Everything the pruning analysis says about one trained student (`TrialRecord.pruning` in a results directory). */
export interface TrialPruning {
  /** Name of the node ranking that ordered the removals (e.g. 'rescaled-eigenvalue'). */
  ranking: string;
  /** Test MSE of the unpruned network. */
  msePre: number;
  /** The paper's cutoff ramp c = 0, 0.05, ..., 0.95 (method spec §4). */
  cutoffCurve: CurvePoint[];
  /** One point per kept count n, removing nodes in ranking order (method spec §4). */
  rankCurve: CurvePoint[];
  /** n*: the smallest kept count at which deltaMse stays below the tolerance. */
  effectiveSize: number;
  /** The deltaMse tolerance of n* (default 1% of the test-label variance, method spec §9.6). */
  tolerance: number;
  /** Index of the pruned layer in NetworkWeights.layers (0 = first hidden layer); absent in hand-made records. */
  layerIndex?: number;
  /** Only when the analysis was given h_T (analyzePruning's `teacherSize`) and the rank curve has a point at n = h_T. */
  atTeacherSize?: AtTeacherSize;
}

/** One point of an accuracy curve: a classifier's accuracy with `removed` nodes of the layer masked. */
export interface AccuracyCurvePoint {
  /** The fraction of the layer's nodes asked to be removed. */
  fraction: number;
  /** round(fraction * units): nodes removed, the lowest-scoring first. */
  removed: number;
  /** units - removed. */
  kept: number;
  /** Fraction of the rows classified right (argmax output = label), without retraining. */
  accuracy: number;
}

/** Accuracy against the fraction of one layer's nodes removed by a ranking (Buffoni et al.'s pruning protocol). */
export interface AccuracyCurveResult {
  /** The registered ranking that ordered the removals ('auto' resolved). */
  ranking: string;
  /** Index of the pruned layer in NetworkWeights.layers (0 = first hidden layer). */
  layerIndex: number;
  /** Nodes of the pruned layer. */
  units: number;
  /** Accuracy of the network as given (nothing removed). */
  accuracyPre: number;
  /** One point per fraction, in the order the fractions were given. */
  points: AccuracyCurvePoint[];
}

/** One curve averaged over trials, with x = n - h_T. */
export interface AveragedCurvePoint {
  x: number;
  mean: number;
  std: number;
  n: number;
}

/** The phase-transition analysis across groups (method spec §5.6). */
export interface PhaseTransitionSummary {
  /** Per variant and teacher: spread (max / min of mean deltaMse across N1) at each n - h_T below the transition. */
  collapse: { variant: string; teacherIndex: number; x: number; spread: number; hiddenSizes: number[] }[];
  /** Fit of a * exp(-b x) + c to deltaMse / deltaMse_max against x = n / h_T - 1 on [-1, 0]. */
  fit?: { variant: string; a: number; b: number; c: number; residual: number; points: number };
  /** dMSE ~ (h_T - n)^beta just below the transition, with a confidence interval. */
  exponent?: { variant: string; beta: number; ci: [number, number]; points: number; note: string };
  /** Any further numbers the analysis produces. */
  extra?: PhaseTransitionExtra;
}

/** The further numbers of the phase-transition analysis; readers draw the rescaled collapse from `normalizedCurves`. */
export interface PhaseTransitionExtra {
  /**
   * Every averaged rank curve of a student with N1 >= h_T as normalizeCurve gives it: deltaMse / deltaMse_max (the
   * maximum over n in [0, h_T]) against n / h_T - 1 on [-1, 0] (method spec §5.6); the fit is made on these points.
   */
  normalizedCurves?: NormalizedCurve[];
  [key: string]: unknown;
}
