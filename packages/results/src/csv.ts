/**
 * results/csv: the summary and trial tables as flat CSV files, one row per group / trial / curve point, so that a
 * pandas user needs nothing but `pd.read_csv`. Lists (a teacher's hidden sizes) are joined with ';'.
 */
import { writeFileAtomic } from './atomic-write';
import { resultsPaths } from './layout';
import { HALF_REMOVED } from './classification-summary';
import type { AccuracyCurve, GroupSummary, Stat, Summary, TrialClassification, TrialRecord } from './types';

type Cell = string | number | boolean | undefined | null;

/** RFC 4180 quoting: fields with a comma, quote or newline are quoted, quotes doubled. Missing values are empty. */
function cell(v: Cell): string {
  if (v === undefined || v === null) return '';
  const text = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Serialises rows under a header; every row must have a value (or undefined) for every column. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(','));
  return lines.join('\n') + '\n';
}

function statColumns(prefix: string, s: Stat | undefined): Record<string, Cell> {
  return {
    [`${prefix}_mean`]: s?.n ? s.mean : undefined,
    [`${prefix}_std`]: s?.n ? s.std : undefined,
    [`${prefix}_n`]: s?.n,
  };
}

function teacherColumns(t: GroupSummary['teacher']): Record<string, Cell> {
  return {
    teacher_index: t.index,
    teacher_kind: t.kind,
    teacher_size: t.size,
    teacher_hidden: t.hidden.join(';'),
    label_variance: t.labelVariance,
  };
}

/** A swept value as a cell: numbers, strings and booleans as they are, lists joined with ';', mappings as JSON. */
function sweptCell(v: unknown): Cell {
  if (v === undefined || v === null || ['number', 'string', 'boolean'].includes(typeof v)) return v as Cell;
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.join(';');
  return JSON.stringify(v);
}

/**
 * The grid-sweep columns of a table: `point`, then one column per swept config path named by the path itself
 * (e.g. `training.learningRate`); none without a sweep, so that the tables of other runs keep their columns.
 */
export function sweepColumns(keys: readonly string[] | undefined): string[] {
  return keys && keys.length ? ['point', ...keys] : [];
}

function sweepCells(
  keys: readonly string[] | undefined,
  point: string | undefined,
  values: Record<string, unknown> | undefined,
): Record<string, Cell> {
  if (!keys || keys.length === 0) return {};
  return { point, ...Object.fromEntries(keys.map((k) => [k, sweptCell(values?.[k])])) };
}

const STATS = [
  'test_mse',
  'train_mse',
  'validation_mse',
  'average_dimension',
  'average_dimension_per_trial',
  'effective_size',
];
export const GROUP_COLUMNS = [
  'teacher_index',
  'teacher_kind',
  'teacher_size',
  'teacher_hidden',
  'label_variance',
  'variant',
  'hidden',
  'trials',
  'failed',
  ...STATS.flatMap((s) => [`${s}_mean`, `${s}_std`, `${s}_n`]),
  'effective_size_ci_low',
  'effective_size_ci_high',
  'path_wasserstein1_mean',
  'path_wasserstein1_std',
  'path_ks_mean',
  'path_ks_std',
  'strength_wasserstein1_mean',
  'strength_wasserstein1_std',
  'strength_ks_mean',
  'strength_ks_std',
  // the unpruned view of pruned-view students (GroupSummary.topologyFull); empty for direct students
  'full_path_wasserstein1_mean',
  'full_path_wasserstein1_std',
  'full_path_ks_mean',
  'full_path_ks_std',
  'full_strength_wasserstein1_mean',
  'full_strength_wasserstein1_std',
  'full_strength_ks_mean',
  'full_strength_ks_std',
];

/**
 * The accuracy columns groups.csv gains when some group is a classification group (regression tables keep theirs):
 * mean, std and n of each accuracy and of the test cross-entropy.
 */
export const GROUP_CLASSIFICATION_COLUMNS = [
  'test_accuracy',
  'train_accuracy',
  'validation_accuracy',
  'test_cross_entropy',
].flatMap((s) => [`${s}_mean`, `${s}_std`, `${s}_n`]);

function groupClassificationCells(g: GroupSummary): Record<string, Cell> {
  const c = g.classification;
  return {
    ...statColumns('test_accuracy', c?.testAccuracy),
    ...statColumns('train_accuracy', c?.trainAccuracy),
    ...statColumns('validation_accuracy', c?.validationAccuracy),
    ...statColumns('test_cross_entropy', c?.testCrossEntropy),
  };
}

/** Whether a summary holds a classification group (its tables then have the accuracy columns and accuracy.csv). */
export function hasClassification(summary: Summary): boolean {
  return summary.groups.some((g) => g.classification);
}

/** groups.csv: one row per (teacher, variant, N1) group. */
export function groupsCsv(summary: Summary): string {
  const keys = summary.sweep?.keys;
  const classification = hasClassification(summary);
  const rows = summary.groups.map((g) => ({
    ...(classification ? groupClassificationCells(g) : {}),
    ...sweepCells(keys, g.point, g.sweep),
    ...teacherColumns(g.teacher),
    variant: g.variant,
    hidden: g.hidden,
    trials: g.trials,
    failed: g.failed,
    // A classifier's MSE fields hold its cross-entropy, which has its own column: no number under an MSE name.
    ...(g.classification
      ? {}
      : {
          ...statColumns('test_mse', g.testMse),
          ...statColumns('train_mse', g.trainMse),
          ...statColumns('validation_mse', g.validationMse),
        }),
    ...statColumns('average_dimension', g.averageDimension),
    ...statColumns('average_dimension_per_trial', g.averageDimensionPerTrial),
    ...statColumns('effective_size', g.effectiveSize),
    effective_size_ci_low: g.effectiveSize?.n ? g.effectiveSize.ci[0] : undefined,
    effective_size_ci_high: g.effectiveSize?.n ? g.effectiveSize.ci[1] : undefined,
    path_wasserstein1_mean: g.topology?.pathDistance.wasserstein1.mean,
    path_wasserstein1_std: g.topology?.pathDistance.wasserstein1.std,
    path_ks_mean: g.topology?.pathDistance.ks.mean,
    path_ks_std: g.topology?.pathDistance.ks.std,
    strength_wasserstein1_mean: g.topology?.strengthDistance.wasserstein1.mean,
    strength_wasserstein1_std: g.topology?.strengthDistance.wasserstein1.std,
    strength_ks_mean: g.topology?.strengthDistance.ks.mean,
    strength_ks_std: g.topology?.strengthDistance.ks.std,
    full_path_wasserstein1_mean: g.topologyFull?.pathDistance.wasserstein1.mean,
    full_path_wasserstein1_std: g.topologyFull?.pathDistance.wasserstein1.std,
    full_path_ks_mean: g.topologyFull?.pathDistance.ks.mean,
    full_path_ks_std: g.topologyFull?.pathDistance.ks.std,
    full_strength_wasserstein1_mean: g.topologyFull?.strengthDistance.wasserstein1.mean,
    full_strength_wasserstein1_std: g.topologyFull?.strengthDistance.wasserstein1.std,
    full_strength_ks_mean: g.topologyFull?.strengthDistance.ks.mean,
    full_strength_ks_std: g.topologyFull?.strengthDistance.ks.std,
  }));
  const extra = classification ? GROUP_CLASSIFICATION_COLUMNS : [];
  return toCsv([...sweepColumns(keys), ...GROUP_COLUMNS, ...extra], rows);
}

export const TRIAL_COLUMNS = [
  'id',
  'teacher_index',
  'teacher_kind',
  'teacher_size',
  'teacher_hidden',
  'label_variance',
  'variant',
  'hidden',
  'trial',
  'seed',
  'status',
  'reason',
  'backend',
  'wall_seconds',
  'epochs',
  'train_mse',
  'validation_mse',
  'test_mse',
  'average_dimension_per_trial',
  'effective_size',
  'ranking',
  'mse_pre',
  'path_wasserstein1',
  'path_ks',
  'strength_wasserstein1',
  'strength_ks',
  'weights_file',
  'full_path_wasserstein1',
  'full_path_ks',
  'full_strength_wasserstein1',
  'full_strength_ks',
];

/** The columns trials.csv gains when some record is a classification trial; the accuracy at 50% is per ranking. */
export const TRIAL_CLASSIFICATION_COLUMNS = [
  'train_accuracy',
  'validation_accuracy',
  'test_accuracy',
  'test_cross_entropy',
];

/** The accuracy-at-half column of each ranking, e.g. `accuracy_half_removed_weight-norm`. */
function halfColumn(ranking: string): string {
  return `accuracy_half_removed_${ranking}`;
}

/**
 * trials.csv: one row per finished trial (ok or failed). Failed trials have empty metric columns. `sweepKeys` (the
 * Summary's sweep.keys) adds the point and swept-value columns.
 */
export function trialsCsv(records: readonly TrialRecord[], sweepKeys?: readonly string[]): string {
  const classified = records.flatMap((r) => (r.status === 'ok' && r.classification ? [r.classification] : []));
  const rankings = [...new Set(classified.flatMap((c) => c.accuracyCurves.map((a) => a.ranking)))];
  const extra = classified.length ? [...TRIAL_CLASSIFICATION_COLUMNS, ...rankings.map(halfColumn)] : [];
  const rows = [...records]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((r) => {
      const ok = r.status === 'ok' ? r : undefined;
      // A classifier's MSE fields hold its cross-entropy (its own column): left empty under the MSE names.
      const mse = ok && !ok.classification ? ok : undefined;
      return {
        id: r.id,
        ...sweepCells(sweepKeys, r.point, r.sweep),
        ...teacherColumns(r.teacher),
        variant: r.variant,
        hidden: r.hidden,
        trial: r.trial,
        seed: r.seed,
        status: r.status,
        reason: r.status === 'failed' ? r.reason : undefined,
        backend: r.backend,
        wall_seconds: r.wallSeconds,
        epochs: r.epochs,
        train_mse: mse?.trainMse,
        validation_mse: mse?.validationMse ?? undefined,
        test_mse: mse?.testMse,
        average_dimension_per_trial: ok?.averageDimensionPerTrial,
        effective_size: ok?.pruning?.effectiveSize,
        ranking: ok?.pruning?.ranking,
        mse_pre: ok?.pruning?.msePre,
        path_wasserstein1: ok?.topology?.pathDistance.wasserstein1,
        path_ks: ok?.topology?.pathDistance.ks,
        strength_wasserstein1: ok?.topology?.strengthDistance.wasserstein1,
        strength_ks: ok?.topology?.strengthDistance.ks,
        weights_file: ok?.weightsFile,
        full_path_wasserstein1: ok?.topologyFull?.pathDistance.wasserstein1,
        full_path_ks: ok?.topologyFull?.pathDistance.ks,
        full_strength_wasserstein1: ok?.topologyFull?.strengthDistance.wasserstein1,
        full_strength_ks: ok?.topologyFull?.strengthDistance.ks,
        ...(extra.length ? trialClassificationCells(ok?.classification) : {}),
      };
    });
  const [point, ...swept] = sweepColumns(sweepKeys);
  const columns = point ? ['id', point, ...swept, ...TRIAL_COLUMNS.slice(1)] : TRIAL_COLUMNS;
  return toCsv([...columns, ...extra], rows);
}

function trialClassificationCells(c: TrialClassification | undefined): Record<string, Cell> {
  if (!c) return {};
  const half = (a: AccuracyCurve) => a.points.find((p) => Math.abs(p.fraction - HALF_REMOVED) < 1e-9)?.accuracy;
  return {
    train_accuracy: c.trainAccuracy,
    validation_accuracy: c.validationAccuracy,
    test_accuracy: c.testAccuracy,
    test_cross_entropy: c.testCrossEntropy,
    ...Object.fromEntries(c.accuracyCurves.map((a) => [halfColumn(a.ranking), half(a)])),
  };
}

export const ACCURACY_COLUMNS = [
  'dataset',
  'variant',
  'hidden',
  'ranking',
  'layer_index',
  'units',
  'fraction',
  'removed',
  'kept',
  'accuracy_mean',
  'accuracy_std',
  'n',
];

/**
 * accuracy.csv (classification runs only): the group-averaged test-accuracy curves in long form, one row per
 * (group, ranking, fraction of the layer's nodes removed).
 */
export function accuracyCsv(summary: Summary): string {
  const keys = summary.sweep?.keys;
  const rows: Record<string, Cell>[] = [];
  for (const g of summary.groups) {
    for (const curve of g.classification?.accuracyCurves ?? []) {
      for (const p of curve.points) {
        rows.push({
          ...sweepCells(keys, g.point, g.sweep),
          dataset: g.classification!.dataset,
          variant: g.variant,
          hidden: g.hidden,
          ranking: curve.ranking,
          layer_index: curve.layerIndex,
          units: curve.units,
          fraction: p.fraction,
          removed: p.removed,
          kept: p.kept,
          accuracy_mean: p.accuracy.n ? p.accuracy.mean : undefined,
          accuracy_std: p.accuracy.n ? p.accuracy.std : undefined,
          n: p.accuracy.n,
        });
      }
    }
  }
  return toCsv([...sweepColumns(keys), ...ACCURACY_COLUMNS], rows);
}

export const CURVE_COLUMNS = [
  'teacher_index',
  'teacher_size',
  'variant',
  'hidden',
  'curve',
  'x',
  'kept',
  'x_rescaled',
  'delta_mse_mean',
  'delta_mse_std',
  'n',
];

/**
 * curves.csv: the group-averaged pruning curves in long form: one row per (group, curve, x) with x = kept - h_T,
 * kept = x + h_T and x_rescaled = kept / h_T - 1 (the universality axis, method spec §5.6).
 */
export function curvesCsv(summary: Summary): string {
  const keys = summary.sweep?.keys;
  const rows: Record<string, Cell>[] = [];
  for (const g of summary.groups) {
    for (const [curve, points] of [
      ['rank', g.rankCurve],
      ['cutoff', g.cutoffCurve],
    ] as const) {
      for (const p of points ?? []) {
        rows.push({
          ...sweepCells(keys, g.point, g.sweep),
          teacher_index: g.teacher.index,
          teacher_size: g.teacher.size,
          variant: g.variant,
          hidden: g.hidden,
          curve,
          x: p.x,
          kept: p.x + g.teacher.size,
          x_rescaled: g.teacher.size > 0 ? (p.x + g.teacher.size) / g.teacher.size - 1 : undefined,
          delta_mse_mean: p.mean,
          delta_mse_std: p.std,
          n: p.n,
        });
      }
    }
  }
  return toCsv([...sweepColumns(keys), ...CURVE_COLUMNS], rows);
}

/**
 * Writes groups.csv, trials.csv and curves.csv into a results directory, each atomically, and accuracy.csv when the
 * run is a classification run.
 */
export function writeCsvFiles(dir: string, summary: Summary, records: readonly TrialRecord[]): void {
  const paths = resultsPaths(dir);
  writeFileAtomic(paths.groupsCsv, groupsCsv(summary));
  writeFileAtomic(paths.trialsCsv, trialsCsv(records, summary.sweep?.keys));
  writeFileAtomic(paths.curvesCsv, curvesCsv(summary));
  if (hasClassification(summary)) writeFileAtomic(paths.accuracyCsv, accuracyCsv(summary));
}
