/**
 * results/types: the results directory is the contract between the CLI (which writes it) and every tool that reads
 * it (the report, a pandas user). Layout of a results directory DIR:
 *
 *   DIR/config.json              the resolved experiment config (every default filled in)
 *   DIR/trials/<trialId>.json    one TrialRecord per finished trial (ok or failed), written atomically
 *   DIR/weights/<trialId>.json   the trained NetworkWeights of that trial (TrialRecord.weightsFile points here)
 *   DIR/teachers/t<index>.json   the teacher's NetworkWeights (when the teacher is a network)
 *   DIR/summary.json             the Summary, rebuilt from every record under a lock as units finish (at most every
 *                                5 s while units remain) and at the end of every process
 *   DIR/groups.csv, DIR/curves.csv, DIR/trials.csv   the same tables flat, for pandas
 *   DIR/fingerprint.json         what computed the results: spectral-ts version, config sha256, plugin sha256s
 *   DIR/claims/                  claims of units being trained, and the summary's lock (see the CLI's claims)
 *
 * Fields may be added; existing fields keep their name and meaning (bump SCHEMA_VERSION when one must change).
 *
 * Each shape is declared once, in the package that owns the concept, and re-exported here so that readers import the
 * whole contract from @spectral-ts/results: the statistics shapes (Stat, StatWithInterval) from
 * @spectral-ts/statistics, the pruning shapes (CurvePoint, TrialPruning, AveragedCurvePoint, PhaseTransitionSummary,
 * GroupPruningSummary) from @spectral-ts/pruning, the
 * topology shapes (PathDistribution, QuantileKey, DistributionDistance, TrialTopology, GroupTopology) from
 * @spectral-ts/topology. This file declares what only the results directory has: TeacherRef, HistoryPoint,
 * TrialRecord (a union of OkTrialRecord and FailedTrialRecord), GroupSummary, Summary and the schema version.
 *
 * Classification runs (data.kind 'mnist' / 'fashion-mnist') write the same records with a `classification` field
 * (TrialClassification, GroupClassification) and DIR/accuracy.csv; their MSE fields carry the run's data loss (the
 * mean softmax cross-entropy), as training's history does. Regression records and files are unchanged.
 */
import type {
  AtTeacherSize,
  AveragedCurvePoint,
  CurvePoint,
  GroupPruningSummary,
  PhaseTransitionExtra,
  PhaseTransitionSummary,
  TrialPruning,
} from '@spectral-ts/pruning';
import type { Stat, StatWithInterval } from '@spectral-ts/statistics';
import type {
  DistributionDistance,
  GroupTopology,
  PathDistribution,
  QuantileKey,
  TrialTopology,
} from '@spectral-ts/topology';

export type {
  AtTeacherSize,
  AveragedCurvePoint,
  CurvePoint,
  DistributionDistance,
  GroupPruningSummary,
  GroupTopology,
  PathDistribution,
  PhaseTransitionExtra,
  PhaseTransitionSummary,
  QuantileKey,
  Stat,
  StatWithInterval,
  TrialPruning,
  TrialTopology,
};

/**
 * 2: a failed trial stores null (not -1) for its MSEs and average dimension, and an ok trial without validation rows
 * null for validationMse. Schema-1 records are read and converted (readTrialRecords), so older directories resume.
 */
export const RESULTS_SCHEMA_VERSION = 2;

/** The schema versions readers accept (older ones are converted on read). */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [1, 2];

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

/** What every trial record holds, ok or failed. */
interface TrialRecordBase {
  schemaVersion: number;
  /** Deterministic id derived from the unit's inputs, e.g. "t0-spectral-n200-trial3". */
  id: string;
  teacher: TeacherRef;
  variant: string;
  /** N1, the width of the student's first hidden layer. */
  hidden: number;
  /** Every hidden layer of the student, e.g. [{ kind: 'spectral', units: 16 }, ...] (absent in older records). */
  layers?: { kind: string; units: number }[];
  trial: number;
  /** The grid-sweep point the trial belongs to ('p0', 'p1', ...; Summary.sweep maps each to its values). */
  point?: string;
  /** The value of every swept config path at that point, e.g. { 'training.learningRate': 0.005 }. */
  sweep?: Record<string, unknown>;
  seed: number;
  backend: string;
  wallSeconds: number;
  epochs: number;
  history: HistoryPoint[];
  /**
   * The analysed hidden layer's (the first unless pruning.layer says) outgoing eigenvalues (spectral) or ones (dense);
   * [] when a failed trial's are NaN.
   */
  eigenvalues: number[];
  /** The ranking scores of the analysed hidden layer's nodes (rescaled eigenvalue / feature norm, method spec §4). */
  scores: number[];
  /** The unit of work that produced this trial (several trials share a unit when trained as one batched program). */
  unitId?: string;
  /** The training implementation that ran ('wasm-simd', 'batched', 'typed-array', 'autodiff'). */
  engine?: string;
  /** The strategy's numbers after overrides (learning rate, batch size, L2 coefficients, period). */
  strategy?: { learningRate: number; batchSize: number; l2: Record<string, number>; period?: number };
  /** Optimiser steps taken. */
  steps?: number;
  /** What computed this trial (spectral-ts version, resolved-config hash, plugin hashes); a resume must match it. */
  fingerprint?: { version: string; config: string; plugins: { file: string; sha256: string }[] };
}

/** A trial that trained and was analysed: every number measured. Written to DIR/trials/<id>.json. */
export interface OkTrialRecord extends TrialRecordBase {
  status: 'ok';
  trainMse: number;
  /** MSE on the held-out rows; null when the run has no validation rows (not measured). */
  validationMse: number | null;
  testMse: number;
  /** Count of scores >= 0.05 of this trial's maximum (method spec §5.2, per-trial-max version); 0 for a dead layer. */
  averageDimensionPerTrial: number;
  pruning?: TrialPruning;
  /**
   * The recorded topology view (method spec §5.4): the view the variant's strategy declares (`pruningView`): the
   * pruned survivors for spectral-type students, the full network for direct students (`topology.view` says which).
   */
  topology?: TrialTopology;
  /**
   * The unpruned view (`view: 'full'`, every neuron) of the same student, recorded next to `topology` when
   * `topology.view` is 'pruned', with the same options. It shows what pruning changes: the switched-off nodes of an
   * unpruned spectral student add many near-zero paths, which pulls its distributions away from the teacher's.
   * Absent in records written before it was added, and when `topology.view` is already 'full'.
   */
  topologyFull?: TrialTopology;
  /** Path of the trained weights (NetworkWeights JSON), relative to the results directory (weightsRelative(id)). */
  weightsFile?: string;
  /** sha256 hex of the weights file's bytes: a reader recomputes it, so a damaged weights file is never trusted. */
  weightsSha256?: string;
  /**
   * The classification metrics of a classification run (absent on regression runs). trainMse, validationMse and
   * testMse then hold the mean softmax cross-entropy (natural log) on those rows: the data loss the run trained.
   */
  classification?: TrialClassification;
}

/**
 * One accuracy-vs-fraction-removed curve of a trained classifier: pruning's accuracyCurve result (nodes of hidden
 * layer `layerIndex` removed in the ranking's order, no retraining). Declared structurally here: pruning owns the
 * computation and the same shape.
 */
export interface AccuracyCurve {
  ranking: string;
  layerIndex: number;
  /** Nodes of the pruned layer. */
  units: number;
  /** Test accuracy of the intact network. */
  accuracyPre: number;
  points: { fraction: number; removed: number; kept: number; accuracy: number }[];
}

/** What a classification trial measured (OkTrialRecord.classification). */
export interface TrialClassification {
  /** The data set ('mnist', 'fashion-mnist'). */
  dataset: string;
  classes: number;
  /** Fraction of rows whose argmax output is the label: all training rows, held-out rows, test rows. */
  trainAccuracy: number;
  /** null when the run has no validation rows. */
  validationAccuracy: number | null;
  testAccuracy: number;
  /** Mean softmax cross-entropy on the test rows (natural log); the same number as testMse. */
  testCrossEntropy: number;
  /** One test-accuracy curve per ranking asked for, in the config's order. */
  accuracyCurves: AccuracyCurve[];
}

/** One ranking's accuracy curve averaged over a group's trials. */
export interface GroupAccuracyCurve {
  ranking: string;
  layerIndex: number;
  units: number;
  /** Mean +- std (ddof 0) of the test accuracy over trials at each fraction removed. */
  points: { fraction: number; removed: number; kept: number; accuracy: Stat }[];
  /** The point at half the nodes removed (fraction 0.5), called out by the summary and the report. */
  atHalf?: { fraction: number; removed: number; accuracy: Stat };
}

/** A classification group's statistics (GroupSummary.classification), over its ok trials. */
export interface GroupClassification {
  dataset: string;
  classes: number;
  trainAccuracy: Stat;
  validationAccuracy: Stat;
  /** The intact network's test accuracy. */
  testAccuracy: Stat;
  testCrossEntropy: Stat;
  /** Per ranking, present when every ok trial recorded it. */
  accuracyCurves: GroupAccuracyCurve[];
}

/** A trial that diverged or whose analysis threw: nothing measured (null), and why. Left out of every statistic. */
export interface FailedTrialRecord extends TrialRecordBase {
  /** 'diverged': the training ran away (training's divergence rules); 'failed': anything else went wrong. */
  status: 'failed' | 'diverged';
  /** Why it is not a result, with the fix ('the loss ...', 'analysis failed: ...'). */
  reason: string;
  trainMse: null;
  validationMse: null;
  testMse: null;
  averageDimensionPerTrial: null;
}

/** One finished trial: a (teacher, variant, N1, trial) unit, ok or failed (narrow on `status`). */
export type TrialRecord = OkTrialRecord | FailedTrialRecord;

/** Narrows a record to the ok case (for `records.filter(isOkTrial)`). */
export function isOkTrial(record: TrialRecord): record is OkTrialRecord {
  return record.status === 'ok';
}

/**
 * The statistics of one (teacher, variant, N1) group. The pruning statistics (averageDimension,
 * averageDimensionPerTrial, effectiveSize, rankCurve, cutoffCurve, scoreHistogram) are the fields of
 * GroupPruningSummary, documented there.
 */
export interface GroupSummary extends GroupPruningSummary {
  teacher: TeacherRef;
  variant: string;
  hidden: number;
  /** The grid-sweep point of the group's trials (absent without a sweep). */
  point?: string;
  /** The swept config values at that point, e.g. { 'training.learningRate': 0.005, 'data.train': 2000 }. */
  sweep?: Record<string, unknown>;
  trials: number;
  failed: number;
  /** Reasons of the failed trials, so that the summary says what was left out and why. */
  failures: { id: string; reason: string }[];
  testMse: Stat;
  trainMse: Stat;
  validationMse: Stat;
  /** Mean +- std of the loss history over trials, per epoch. */
  history: { epoch: number; loss: Stat; valMse?: Stat }[];
  /** Sorted paths on a common grid and distances to the teacher, averaged over the group's trials. */
  topology?: GroupTopology;
  /**
   * The group's `TrialRecord.topologyFull` averaged like `topology` (the unpruned view of pruned-view students).
   * Present only when every ok trial of the group has one (a group resumed from records written before the field
   * existed has none, rather than an average over a subset).
   */
  topologyFull?: GroupTopology;
  /** Accuracies and accuracy curves of a classification run's group (absent on regression runs). */
  classification?: GroupClassification;
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
  /** Trials that are not results: failed ones and diverged ones (these also listed in `diverged`). */
  trialsFailed: number;
  /** Trials whose training diverged, each with its reason and fix; left out of every statistic and figure. */
  diverged?: { id: string; reason: string }[];
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
  sessions?: {
    /** The process that ran it (host, pid, a random token); absent in summaries written before it was recorded. */
    id?: string;
    startedAt: string;
    wallSeconds: number;
    backend: string;
    workers: number;
    unitsRun: number;
  }[];
  /** Analyses that could not be computed, with why (e.g. a phase-transition fit on too few sizes). */
  warnings?: string[];
  /**
   * The grid sweep, when the config has one: the swept config paths in order and every point's id and values. With
   * more than one point the phase transition is computed per point (each point's `phaseTransition`), since pooling
   * groups of different settings into one fit would mix experiments; the top-level one is then absent.
   */
  sweep?: { keys: string[]; points: SweepPointSummary[] };
}

/** One grid-sweep point of a Summary. */
export interface SweepPointSummary {
  id: string;
  values: Record<string, unknown>;
  phaseTransition?: PhaseTransitionSummary;
  warnings?: string[];
}
