/**
 * results/aggregate: turns the TrialRecords of a results directory into GroupSummary and Summary objects. Failed
 * trials are counted (with their reasons) and left out of every statistic. The pruning statistics of a group (average
 * dimension, score histogram, n*, averaged curves) are @spectral-ts/pruning's summarizePruning and the topology
 * averages are @spectral-ts/topology's summarizeTopology, the phase transition across groups is pruning's
 * summarizePhaseTransition, and every mean, std and interval is @spectral-ts/statistics': those packages own that math,
 * and a user re-aggregating records gets the same numbers as the CLI's summary.json, because `summarize` is the one
 * place a Summary is assembled. What this file adds is the results policy for the groups those functions refuse: no
 * finished trial, a teacher without hidden layers, records without analyses, dead layers.
 */
import {
  averageCurves as pooledAverageCurves,
  averageDimension,
  SCORE_HISTOGRAM_BINS,
  scoreHistogram,
  summarizePhaseTransition,
  summarizePruning,
} from '@spectral-ts/pruning';
import { histogram, meanStdOrEmpty, statWithInterval, type Stat } from '@spectral-ts/statistics';
import { summarizeTopology } from '@spectral-ts/topology';
import type {
  AveragedCurvePoint,
  CurvePoint,
  GroupSummary,
  OkTrialRecord,
  Summary,
  TeacherRef,
  TrialRecord,
} from './types';
import { isOkTrial, RESULTS_SCHEMA_VERSION, type FailedTrialRecord } from './types';
import { summarizeClassification } from './classification-summary';

/** Mean and std (ddof 0) over a group's ok trials; `n: 0` when every trial failed (JSON has no NaN). */
function stat(values: readonly number[]): Stat {
  return meanStdOrEmpty(values, 'results/summarizeGroup');
}

/** The key of a (teacher, variant, N1) group, and of its grid-sweep point when there is one. */
export function groupKey(teacherIndex: number, variant: string, hidden: number, point?: string): string {
  return `t${teacherIndex}|${variant}|${hidden}${point ? `|${point}` : ''}`;
}

/** A record's group key. */
function keyOf(r: TrialRecord): string {
  return groupKey(r.teacher.index, r.variant, r.hidden, r.point);
}

/** The place of a sweep point in its grid: p0 < p1 < ... < p10 (none without a sweep). */
function pointRank(point: string | undefined): number {
  return point ? Number(point.slice(1)) : -1;
}

/**
 * Averages per-trial curves over trials at each x = kept - h_T (@spectral-ts/pruning's averageCurves). A trial that
 * reaches the same kept count at several cutoffs contributes it once: those points are the same masked network.
 * `teacherSize` must be a positive integer (h_T).
 */
export function averageCurves(curves: readonly (readonly CurvePoint[])[], teacherSize: number): AveragedCurvePoint[] {
  return pooledAverageCurves(curves, teacherSize);
}

/** Per-epoch mean and std of the loss (and validation MSE when every trial has it) over trials. */
function averageHistory(records: readonly OkTrialRecord[]): GroupSummary['history'] {
  if (records.length === 0) return [];
  const length = Math.min(...records.map((r) => r.history.length));
  const out: GroupSummary['history'] = [];
  for (let k = 0; k < length; k++) {
    const points = records.map((r) => r.history[k]);
    const entry: GroupSummary['history'][number] = { epoch: points[0].epoch, loss: stat(points.map((p) => p.loss)) };
    if (points.every((p) => typeof p.valMse === 'number')) entry.valMse = stat(points.map((p) => p.valMse as number));
    out.push(entry);
  }
  return out;
}

/**
 * Whether pruning's relative scores are defined for these trials: some score exists and no trial's maximum is 0 or
 * less (a dead layer). summarizePruning refuses the other groups; results then keeps its own all-zero policy.
 */
function scoresHaveMaximum(ok: readonly OkTrialRecord[]): boolean {
  const maxOf = (scores: readonly number[]) => scores.reduce((m, s) => (s > m ? s : m), -Infinity);
  return ok.some((r) => r.scores.length > 0) && ok.every((r) => r.scores.length === 0 || maxOf(r.scores) > 0);
}

/** pruning's 20 bins on [0, 1] with every percent 0: the histogram of a group without any nonzero score. */
function emptyScoreHistogram(): GroupSummary['scoreHistogram'] {
  const { binEdges, percent } = histogram([], { bins: SCORE_HISTOGRAM_BINS, range: [0, 1] });
  return { binEdges, percent };
}

type PruningFields = Pick<
  GroupSummary,
  'averageDimension' | 'averageDimensionPerTrial' | 'scoreHistogram' | 'effectiveSize' | 'rankCurve' | 'cutoffCurve'
>;

/**
 * The pruning part of a group. n* and the curves need h_T as a positive integer (a teacher without hidden layers has
 * size 0) and a pruning analysis in every finished trial (an average over some of them would describe other trials
 * than the rest of the group); otherwise they are left out.
 */
function pruningFields(ok: readonly OkTrialRecord[], teacherSize: number): PruningFields {
  const curvesDefined = ok.length > 0 && Number.isInteger(teacherSize) && teacherSize > 0 && ok.every((r) => r.pruning);
  if (scoresHaveMaximum(ok)) {
    return summarizePruning(
      ok.map((r) => ({ scores: r.scores, pruning: curvesDefined ? r.pruning : undefined })),
      { teacherSize },
    );
  }
  // No finished trial (n = 0 stats), or dead layers: a dead trial counts 0 nodes against the pooled maximum, and a
  // group without any nonzero score gets counts of 0 and an all-zero histogram instead of an error.
  const scores = ok.map((r) => r.scores);
  const pooledMax = scores.reduce((m, s) => s.reduce((mm, v) => (v > mm ? v : mm), m), 0);
  const fields: PruningFields = {
    averageDimension: stat(scores.map((s) => (pooledMax > 0 ? averageDimension(s, { max: pooledMax }) : 0))),
    averageDimensionPerTrial: stat(ok.map((r) => r.averageDimensionPerTrial)),
    scoreHistogram: pooledMax > 0 ? scoreHistogram(scores) : emptyScoreHistogram(),
  };
  if (curvesDefined) {
    fields.effectiveSize = statWithInterval(
      ok.map((r) => r.pruning!.effectiveSize),
      { where: 'results/summarizeGroup' },
    );
    fields.rankCurve = averageCurves(
      ok.map((r) => r.pruning!.rankCurve),
      teacherSize,
    );
    fields.cutoffCurve = averageCurves(
      ok.map((r) => r.pruning!.cutoffCurve),
      teacherSize,
    );
  }
  return fields;
}

/**
 * Statistics of one (teacher, variant, N1) group. `records` must all belong to the group; failed ones are counted in
 * `failed` and `failures` and excluded from every statistic.
 */
export function summarizeGroup(records: readonly TrialRecord[]): GroupSummary {
  if (records.length === 0)
    throw new Error('results/summarizeGroup: no trial records given (a group needs at least one trial)');
  const first = records[0];
  for (const r of records) {
    if (keyOf(r) !== keyOf(first)) {
      throw new Error(
        `results/summarizeGroup: trial ${r.id} belongs to group ${keyOf(r)}, not ${keyOf(first)} ` +
          '(group records with groupRecords first)',
      );
    }
  }
  const sorted = [...records].sort((a, b) => a.trial - b.trial);
  const ok = sorted.filter(isOkTrial);
  // Diverged trials are failed ones too: left out of every statistic, each listed with its reason.
  const failed = sorted.filter((r): r is FailedTrialRecord => !isOkTrial(r));
  const {
    averageDimension,
    averageDimensionPerTrial,
    scoreHistogram: histogram,
    ...curves
  } = pruningFields(ok, first.teacher.size);
  // Key order is the order of summary.json.
  const group: GroupSummary = {
    teacher: first.teacher,
    variant: first.variant,
    hidden: first.hidden,
    ...(first.point ? { point: first.point, sweep: first.sweep ?? {} } : {}),
    trials: sorted.length,
    failed: failed.length,
    failures: failed.map((r) => ({ id: r.id, reason: r.reason })),
    testMse: stat(ok.map((r) => r.testMse)),
    trainMse: stat(ok.map((r) => r.trainMse)),
    // A run without validation rows records validationMse = null (not measured).
    validationMse: stat(ok.map((r) => r.validationMse).filter((v): v is number => v !== null)),
    averageDimension,
    averageDimensionPerTrial,
    scoreHistogram: histogram,
    history: averageHistory(ok),
  };
  if (curves.effectiveSize) group.effectiveSize = curves.effectiveSize;
  if (curves.rankCurve) group.rankCurve = curves.rankCurve;
  if (curves.cutoffCurve) group.cutoffCurve = curves.cutoffCurve;
  // Each view only when every ok trial recorded it: records written before a field existed (a resumed run) carry none,
  // and an average over the newer trials alone would describe a different set of trials than the rest of the group.
  if (ok.length > 0 && ok.every((r) => r.topology)) group.topology = summarizeTopology(ok.map((r) => r.topology!));
  if (ok.length > 0 && ok.every((r) => r.topologyFull))
    group.topologyFull = summarizeTopology(ok.map((r) => r.topologyFull!));
  const classification = summarizeClassification(ok);
  if (classification) group.classification = classification;
  return group;
}

/** Options that order the groups of a summary. */
export interface GroupOrder {
  /** Variants in the order they should appear (others follow alphabetically). */
  variants?: readonly string[];
}

/**
 * Splits records into groups, ordered by sweep point (when there is a sweep), teacher index, then variant (config
 * order), then N1 ascending; trials in trial order within a group.
 */
export function groupRecords(records: readonly TrialRecord[], order: GroupOrder = {}): TrialRecord[][] {
  const groups = new Map<string, TrialRecord[]>();
  for (const r of records) {
    const key = keyOf(r);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const variantRank = (v: string) => {
    const i = order.variants?.indexOf(v) ?? -1;
    return i >= 0 ? i : Number.MAX_SAFE_INTEGER;
  };
  // Trials in trial order, not the order units finished in: bootstrap intervals computed from a group (n*, the
  // phase-transition exponent) then come out the same for a run with any number of workers and for a resumed run.
  for (const g of groups.values()) g.sort((a, b) => a.trial - b.trial);
  return [...groups.values()].sort((a, b) => {
    const x = a[0];
    const y = b[0];
    return (
      pointRank(x.point) - pointRank(y.point) ||
      x.teacher.index - y.teacher.index ||
      variantRank(x.variant) - variantRank(y.variant) ||
      x.variant.localeCompare(y.variant) ||
      x.hidden - y.hidden
    );
  });
}

/**
 * What the writer knows about the run itself (everything in Summary that is not computed from the records);
 * trialsTotal is the number of trials the experiment plans, finished or not.
 */
export type RunInfo = Pick<
  Summary,
  'backend' | 'workers' | 'wallSeconds' | 'startedAt' | 'finishedAt' | 'versions' | 'trialsTotal'
> &
  Pick<Partial<Summary>, 'teacherWeightsFiles'> &
  Partial<Pick<Summary, 'name' | 'unitsTotal' | 'unitsFinished' | 'sessions'>> & {
    /** The grid sweep's keys and points (ids and values), when the config has one. */
    sweep?: { keys: string[]; points: { id: string; values: Record<string, unknown> }[] };
  };

/**
 * The phase transition across the groups (pruning's summarizePhaseTransition on every ok trial's rank curve), the
 * first variant of `order` as its primary variant; undefined when no trial has a pruning analysis, and a warning
 * (not an error) when the analysis refuses the groups, so that a summary is always written.
 */
function phaseTransitionOf(
  groups: readonly TrialRecord[][],
  order: GroupOrder,
): Pick<Summary, 'phaseTransition' | 'warnings'> {
  const inputs = groups.map((records) => ({
    variant: records[0].variant,
    teacherIndex: records[0].teacher.index,
    teacherSize: records[0].teacher.size,
    hidden: records[0].hidden,
    trials: records.filter(isOkTrial),
  }));
  if (!inputs.some((g) => g.trials.some((t) => t.pruning))) return {};
  try {
    return { phaseTransition: summarizePhaseTransition(inputs, { primaryVariant: order.variants?.[0] }) };
  } catch (err) {
    return { warnings: [`phase transition not computed: ${(err as Error).message}`] };
  }
}

/**
 * The Summary of a results directory from its trial records: every group's statistics, the phase transition across
 * groups, and the run's own facts from `run`. `complete` is true when every planned trial has a record.
 */
export function summarize(records: readonly TrialRecord[], run: RunInfo, order: GroupOrder = {}): Summary {
  const groups = groupRecords(records, order);
  const summary: Summary = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    backend: run.backend,
    workers: run.workers,
    wallSeconds: run.wallSeconds,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    versions: run.versions,
    trialsTotal: run.trialsTotal,
    trialsFinished: records.length,
    trialsFailed: records.filter((r) => r.status !== 'ok').length,
    // In id order, not the order units finished in, so that any worker count gives the same summary.
    diverged: records
      .filter((r): r is FailedTrialRecord => r.status === 'diverged')
      .map((r) => ({ id: r.id, reason: r.reason }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    groups: groups.map(summarizeGroup),
    // Several sweep points: one phase transition each (a fit pooling different settings would mix experiments).
    ...(run.sweep && run.sweep.points.length > 1 ? {} : phaseTransitionOf(groups, order)),
  };
  if (run.sweep) {
    const several = run.sweep.points.length > 1;
    summary.sweep = {
      keys: [...run.sweep.keys],
      points: run.sweep.points.map((p) => ({
        id: p.id,
        values: p.values,
        ...(several
          ? phaseTransitionOf(
              groups.filter((g) => g[0].point === p.id),
              order,
            )
          : {}),
      })),
    };
  }
  if (run.teacherWeightsFiles) summary.teacherWeightsFiles = run.teacherWeightsFiles;
  if (run.name !== undefined) summary.name = run.name;
  if (run.unitsTotal !== undefined) summary.unitsTotal = run.unitsTotal;
  if (run.unitsFinished !== undefined) summary.unitsFinished = run.unitsFinished;
  summary.complete = records.length === run.trialsTotal;
  if (run.sessions) summary.sessions = run.sessions;
  return summary;
}

/** The teacher of each group, deduplicated by index (for readers that need the list of teachers). */
export function teachersOf(summary: Summary): TeacherRef[] {
  const seen = new Map<number, TeacherRef>();
  for (const g of summary.groups) if (!seen.has(g.teacher.index)) seen.set(g.teacher.index, g.teacher);
  return [...seen.values()].sort((a, b) => a.index - b.index);
}
