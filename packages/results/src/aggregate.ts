/**
 * results/aggregate: turns the TrialRecords of a results directory into GroupSummary and Summary objects. Failed
 * trials are counted (with their reasons) and left out of every statistic.
 */
import { averageDimensionPooled } from './average-dimension';
import { scoreHistogram } from './score-histogram';
import { stat, statWithInterval } from './stats';
import type { AveragedCurvePoint, CurvePoint, GroupSummary, GroupTopology, Stat, Summary, TeacherRef, TrialRecord, TrialTopology } from './types';
import { RESULTS_SCHEMA_VERSION } from './types';

/** The key of a (teacher, variant, N1) group. */
export function groupKey(teacherIndex: number, variant: string, hidden: number): string {
  return `t${teacherIndex}|${variant}|${hidden}`;
}

/**
 * Averages per-trial curves over trials at each x = kept - h_T. Cutoff curves may hit the same kept count at several
 * cutoffs; a trial contributes each x once (its first point there: all points with the same kept set have the same MSE).
 */
export function averageCurves(curves: readonly (readonly CurvePoint[])[], teacherSize: number): AveragedCurvePoint[] {
  const byX = new Map<number, number[]>();
  for (const curve of curves) {
    const seen = new Set<number>();
    for (const p of curve) {
      const x = Math.round(p.kept - teacherSize);
      if (seen.has(x)) continue;
      seen.add(x);
      if (!byX.has(x)) byX.set(x, []);
      byX.get(x)!.push(p.deltaMse);
    }
  }
  return [...byX.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([x, values]) => {
      const s = stat(values);
      return { x, mean: s.mean, std: s.std, n: s.n };
    });
}

/** Per-epoch mean and std of the loss (and validation MSE when every trial has it) over trials. */
function averageHistory(records: readonly TrialRecord[]): GroupSummary['history'] {
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

function meanStdOfArrays(arrays: readonly (readonly number[])[]): { mean: number[]; std: number[] } {
  const length = Math.min(...arrays.map((a) => a.length));
  const mean: number[] = [];
  const std: number[] = [];
  for (let k = 0; k < length; k++) {
    const s = stat(arrays.map((a) => a[k]));
    mean.push(s.mean);
    std.push(s.std);
  }
  return { mean, std };
}

/** Mean +- std over trials of one topology view: the sorted paths on a common grid and every distance to the teacher. */
function topologySummary(topologies: readonly TrialTopology[]): GroupTopology {
  const gridLength = Math.min(...topologies.map((t) => t.paths.sortedOnGrid.length));
  const grid = Array.from({ length: gridLength }, (_, k) => (gridLength === 1 ? 0 : k / (gridLength - 1)));
  const { mean, std } = meanStdOfArrays(topologies.map((t) => t.paths.sortedOnGrid));
  const pick = (f: (t: TrialTopology) => number): Stat => stat(topologies.map(f));
  return {
    paths: { grid, mean, std },
    pathDistance: { wasserstein1: pick((t) => t.pathDistance.wasserstein1), ks: pick((t) => t.pathDistance.ks) },
    strengthDistance: { wasserstein1: pick((t) => t.strengthDistance.wasserstein1), ks: pick((t) => t.strengthDistance.ks) },
  };
}

/**
 * Statistics of one (teacher, variant, N1) group. `records` must all belong to the group; failed ones are counted in
 * `failed` and `failures` and excluded from every statistic.
 */
export function summarizeGroup(records: readonly TrialRecord[]): GroupSummary {
  if (records.length === 0) throw new Error('results/summarizeGroup: no trial records given (a group needs at least one trial)');
  const first = records[0];
  for (const r of records) {
    if (r.teacher.index !== first.teacher.index || r.variant !== first.variant || r.hidden !== first.hidden) {
      throw new Error(
        `results/summarizeGroup: trial ${r.id} belongs to group ${groupKey(r.teacher.index, r.variant, r.hidden)}, not ${groupKey(first.teacher.index, first.variant, first.hidden)} (group records with groupRecords first)`,
      );
    }
  }
  const sorted = [...records].sort((a, b) => a.trial - b.trial);
  const ok = sorted.filter((r) => r.status === 'ok');
  const failed = sorted.filter((r) => r.status !== 'ok');
  const scores = ok.map((r) => r.scores);
  const withPruning = ok.filter((r) => r.pruning);
  const teacherSize = first.teacher.size;
  const group: GroupSummary = {
    teacher: first.teacher,
    variant: first.variant,
    hidden: first.hidden,
    trials: sorted.length,
    failed: failed.length,
    failures: failed.map((r) => ({ id: r.id, reason: r.reason ?? 'unknown' })),
    testMse: stat(ok.map((r) => r.testMse)),
    trainMse: stat(ok.map((r) => r.trainMse)),
    // A run without validation rows records validationMse = -1 (not measured).
    validationMse: stat(ok.map((r) => r.validationMse).filter((v) => v >= 0)),
    averageDimension: stat(averageDimensionPooled(scores)),
    averageDimensionPerTrial: stat(ok.map((r) => r.averageDimensionPerTrial)),
    scoreHistogram: scoreHistogram(scores),
    history: averageHistory(ok),
  };
  if (withPruning.length > 0) {
    group.effectiveSize = statWithInterval(withPruning.map((r) => r.pruning!.effectiveSize));
    group.rankCurve = averageCurves(withPruning.map((r) => r.pruning!.rankCurve), teacherSize);
    group.cutoffCurve = averageCurves(withPruning.map((r) => r.pruning!.cutoffCurve), teacherSize);
  }
  const withTopology = ok.filter((r) => r.topology);
  if (withTopology.length > 0) group.topology = topologySummary(withTopology.map((r) => r.topology!));
  // The unpruned view only when every ok trial recorded it: records written before the field existed carry none, and an
  // average over the newer trials alone would describe a different set of trials than `topology`.
  if (ok.length > 0 && ok.every((r) => r.topologyFull)) group.topologyFull = topologySummary(ok.map((r) => r.topologyFull!));
  return group;
}

/** Options that order the groups of a summary. */
export interface GroupOrder {
  /** Variants in the order they should appear (others follow alphabetically). */
  variants?: readonly string[];
}

/** Splits records into groups, ordered by teacher index, then variant (config order), then N1 ascending. */
export function groupRecords(records: readonly TrialRecord[], order: GroupOrder = {}): TrialRecord[][] {
  const groups = new Map<string, TrialRecord[]>();
  for (const r of records) {
    const key = groupKey(r.teacher.index, r.variant, r.hidden);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const variantRank = (v: string) => {
    const i = order.variants?.indexOf(v) ?? -1;
    return i >= 0 ? i : Number.MAX_SAFE_INTEGER;
  };
  return [...groups.values()].sort((a, b) => {
    const x = a[0];
    const y = b[0];
    return (
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
export type RunInfo = Pick<Summary, 'backend' | 'workers' | 'wallSeconds' | 'startedAt' | 'finishedAt' | 'versions' | 'trialsTotal' | 'teacherWeightsFiles'>;

/** The Summary of a results directory from its trial records. Phase-transition numbers are added by the caller. */
export function summarize(records: readonly TrialRecord[], run: RunInfo, order: GroupOrder = {}): Summary {
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
    groups: groupRecords(records, order).map(summarizeGroup),
  };
  if (run.teacherWeightsFiles) summary.teacherWeightsFiles = run.teacherWeightsFiles;
  return summary;
}

/** The teacher of each group, deduplicated by index (for readers that need the list of teachers). */
export function teachersOf(summary: Summary): TeacherRef[] {
  const seen = new Map<number, TeacherRef>();
  for (const g of summary.groups) if (!seen.has(g.teacher.index)) seen.set(g.teacher.index, g.teacher);
  return [...seen.values()].sort((a, b) => a.index - b.index);
}
