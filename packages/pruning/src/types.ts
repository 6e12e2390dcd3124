/**
 * pruning/types: the shapes this package returns. They mirror @spectral-ts/results' contract (results/src/types.ts:
 * CurvePoint, TrialPruning, Stat, StatWithInterval, AveragedCurvePoint, PhaseTransitionSummary) field for field, so
 * the CLI can store them directly; they are declared here because pruning sits upstream of results and may not
 * import it. Keep the two in step.
 */

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

/** Everything the pruning analysis says about one trained student. */
export interface TrialPruning {
  ranking: string;
  msePre: number;
  cutoffCurve: CurvePoint[];
  rankCurve: CurvePoint[];
  /** n*: the smallest kept count at which deltaMse stays below the tolerance. */
  effectiveSize: number;
  tolerance: number;
}

/** Mean and standard deviation (ddof 0, method spec §5.2) over n values. */
export interface Stat {
  mean: number;
  std: number;
  n: number;
}

/** A Stat with a bootstrap confidence interval. */
export interface StatWithInterval extends Stat {
  ci: [number, number];
  level: number;
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
  extra?: Record<string, unknown>;
}
