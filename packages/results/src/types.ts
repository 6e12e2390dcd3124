/**
 * results/types: the results directory is the contract between the CLI (which writes it) and every tool that reads
 * it (the report, a pandas user). Layout of a results directory DIR:
 *
 *   DIR/config.json              the resolved experiment config (every default filled in)
 *   DIR/trials/<unitId>.json     one TrialRecord per finished trial (ok or failed), written atomically
 *   DIR/weights/<unitId>.json    the trained NetworkWeights of that trial (TrialRecord.weightsFile points here)
 *   DIR/teachers/t<index>.json   the teacher's NetworkWeights (when the teacher is a network)
 *   DIR/summary.json             the Summary, rewritten atomically after every finished unit of work
 *   DIR/groups.csv, DIR/curves.csv, DIR/trials.csv   the same tables flat, for pandas
 *
 * Fields may be added; existing fields keep their name and meaning (bump SCHEMA_VERSION when one must change).
 */

export const RESULTS_SCHEMA_VERSION = 1;

/** Mean and standard deviation (ddof 0, method spec §5.2) over the n trials that finished. */
export interface Stat {
  mean: number;
  std: number;
  n: number;
}

/** A Stat with a bootstrap confidence interval (95% unless `level` says otherwise). */
export interface StatWithInterval extends Stat {
  ci: [number, number];
  level: number;
}

/** What identifies a teacher inside one results directory. */
export interface TeacherRef {
  /** Index in the config's list of teachers (0 when there is one teacher). */
  index: number;
  kind: string;
  /** Hidden sizes [h_T, h_2] for the nn teacher; [] for teachers without hidden layers. */
  hidden: number[];
  /** h_T, the size the pruning analysis compares against (hidden[0] for the nn teacher). */
  size: number;
  /** Variance of the test labels: the scale of every MSE tolerance. */
  labelVariance: number;
}

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

/** One epoch of the training history. */
export interface HistoryPoint {
  epoch: number;
  /** Training loss (MSE + L2 penalty) averaged over the epoch's batches. */
  loss: number;
  /** MSE (no penalty) on the validation rows, when there are any. */
  valMse?: number;
  /** MSE (no penalty) over the epoch's training batches (added in schema 1; absent in hand-made records). */
  trainMse?: number;
}

/** Sorted path values summarised on a fixed grid, so trials can be averaged (method spec §5.4). */
export interface PathDistribution {
  /** Number of input-to-output paths (exact count, even when the values were sampled). */
  count: number;
  /** Whether `values` come from a sample of the paths rather than all of them. */
  sampled: boolean;
  /** Sorted path values interpolated on `GRID_POINTS` evenly spaced quantile levels in [0, 1]. */
  sortedOnGrid: number[];
  /** Quantiles at 1, 5, 25, 50, 75, 95, 99 %. */
  quantiles: Record<'q01' | 'q05' | 'q25' | 'q50' | 'q75' | 'q95' | 'q99', number>;
}

/** Distances between a student's distribution and the teacher's. */
export interface DistributionDistance {
  wasserstein1: number;
  ks: number;
}

/** Topology metrics of one trained student, and its comparison with the teacher. */
export interface TrialTopology {
  /** Which sub-network these numbers describe: the pruned survivors (spectral) or the full network. */
  view: 'pruned' | 'full';
  activeNodes: number[];
  paths: PathDistribution;
  /** In-strength of the kept first-hidden-layer nodes (sum of incoming direct weights, method spec §5.5). */
  inStrength: number[];
  pathDistance: DistributionDistance;
  strengthDistance: DistributionDistance;
  /** Any further metrics (betweenness summaries, degree distributions, plugin metrics). */
  extra?: Record<string, unknown>;
}

/** Everything the pruning analysis says about one trained student. */
export interface TrialPruning {
  ranking: string;
  msePre: number;
  cutoffCurve: CurvePoint[];
  rankCurve: CurvePoint[];
  /** n*: the smallest kept count at which deltaMse stays below the tolerance (pruning issue). */
  effectiveSize: number;
  tolerance: number;
}

/** One finished trial: a (teacher, variant, N1, trial) unit. Written to DIR/trials/<id>.json. */
export interface TrialRecord {
  schemaVersion: number;
  /** Deterministic id derived from the unit's inputs, e.g. "t0-spectral-n200-trial3". */
  id: string;
  teacher: TeacherRef;
  variant: string;
  /** N1, the width of the student's first hidden layer. */
  hidden: number;
  trial: number;
  seed: number;
  status: 'ok' | 'failed';
  /**
   * Why a failed trial failed (divergence, exception); absent when ok. A failed trial's trainMse, validationMse and
   * testMse are -1 (not measured) and it is left out of every statistic.
   */
  reason?: string;
  backend: string;
  wallSeconds: number;
  epochs: number;
  trainMse: number;
  validationMse: number;
  testMse: number;
  history: HistoryPoint[];
  /** The first hidden layer's outgoing eigenvalues (spectral) or ones (direct). */
  eigenvalues: number[];
  /** The ranking scores of the first hidden layer's nodes (rescaled eigenvalue / feature norm, method spec §4). */
  scores: number[];
  /** Count of scores >= 0.05 of this trial's maximum (method spec §5.2, per-trial-max version). */
  averageDimensionPerTrial: number;
  pruning?: TrialPruning;
  topology?: TrialTopology;
  /** Path of the trained weights (NetworkWeights JSON), relative to the results directory. */
  weightsFile?: string;
  /** The unit of work that produced this trial (several trials share a unit when trained as one batched program). */
  unitId?: string;
  /** The training implementation that ran ('batched', 'typed-array', 'autodiff'). */
  engine?: string;
  /** The strategy's numbers after overrides (learning rate, batch size, L2 coefficients, period). */
  strategy?: { learningRate: number; batchSize: number; l2: Record<string, number>; period?: number };
  /** Optimiser steps taken. */
  steps?: number;
}

/** One curve averaged over trials, with x = n - h_T. */
export interface AveragedCurvePoint {
  x: number;
  mean: number;
  std: number;
  n: number;
}

/** The statistics of one (teacher, variant, N1) group. */
export interface GroupSummary {
  teacher: TeacherRef;
  variant: string;
  hidden: number;
  trials: number;
  failed: number;
  /** Reasons of the failed trials, so that the summary says what was left out and why. */
  failures: { id: string; reason: string }[];
  testMse: Stat;
  trainMse: Stat;
  validationMse: Stat;
  /** Count of scores >= 0.05 of the maximum pooled over the group's trials (method spec §5.2). */
  averageDimension: Stat;
  /** The per-trial-maximum version of the same count. */
  averageDimensionPerTrial: Stat;
  /** n* of the rank curve, with a bootstrap confidence interval over trials. */
  effectiveSize?: StatWithInterval;
  /** deltaMse against n - h_T, averaged over trials (rank curve). */
  rankCurve?: AveragedCurvePoint[];
  /** deltaMse against n - h_T, averaged over trials (the paper's cutoff ramp; x is rounded to integers). */
  cutoffCurve?: AveragedCurvePoint[];
  /** Pooled, max-normalised score histogram (method spec §5.1): 20 bins of width 0.05, percent. */
  scoreHistogram: { binEdges: number[]; percent: number[] };
  /** Mean +- std of the loss history over trials, per epoch. */
  history: { epoch: number; loss: Stat; valMse?: Stat }[];
  topology?: {
    paths: { grid: number[]; mean: number[]; std: number[] };
    pathDistance: { wasserstein1: Stat; ks: Stat };
    strengthDistance: { wasserstein1: Stat; ks: Stat };
  };
}

/** The phase-transition analysis across groups (pruning issue, method spec §5.6). */
export interface PhaseTransitionSummary {
  /** Per variant: spread (max / min of mean deltaMse across N1) at each n - h_T below the transition. */
  collapse: { variant: string; teacherIndex: number; x: number; spread: number; hiddenSizes: number[] }[];
  /** Fit of a * exp(-b x) + c to deltaMse / deltaMse_max against x = n / h_T - 1 on [-1, 0]. */
  fit?: { variant: string; a: number; b: number; c: number; residual: number; points: number };
  /** dMSE ~ (h_T - n)^beta just below the transition, with a confidence interval. */
  exponent?: { variant: string; beta: number; ci: [number, number]; points: number; note: string };
  /** Any further numbers the analysis produces. */
  extra?: Record<string, unknown>;
}

/** DIR/summary.json */
export interface Summary {
  schemaVersion: number;
  /** Backend the trials ran on ('tensorflow' | 'wasm' | 'cpu'). */
  backend: string;
  workers: number;
  wallSeconds: number;
  startedAt: string;
  finishedAt: string;
  /** Tool versions (spectral-ts, tfjs, node). */
  versions: Record<string, string>;
  trialsTotal: number;
  trialsFinished: number;
  trialsFailed: number;
  groups: GroupSummary[];
  phaseTransition?: PhaseTransitionSummary;
  /** Teacher networks (NetworkWeights) per teacher index, relative path inside DIR, for topology drawings. */
  teacherWeightsFiles?: string[];
  /** The experiment's name (from the config or preset). */
  name?: string;
  /** Units of work planned and finished (a unit is one batched group of trials, or one trial). */
  unitsTotal?: number;
  unitsFinished?: number;
  /** True when every planned trial has a record (the run is complete, not interrupted or in progress). */
  complete?: boolean;
  /** Wall time of each `spectral run` session that wrote into this directory (a resumed run has several). */
  sessions?: { startedAt: string; wallSeconds: number; backend: string; workers: number; unitsRun: number }[];
  /** Analyses that could not be computed, with why (e.g. a phase-transition fit on too few sizes). */
  warnings?: string[];
}
