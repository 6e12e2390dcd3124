/**
 * pruning/summarizePruning and summarizePhaseTransition: the group-level statistics of the pruning analysis
 * (the GroupSummary pieces: average dimension both ways, n* with a bootstrap interval, averaged curves, score
 * histogram) and the cross-group phase-transition summary (collapse, exponential fit, exponent).
 */
import { fail } from './errors';
import { averageDimensionPerTrial, averageDimensionPooled } from './effective-size/average-dimension';
import { averageCurves } from './phase-transition/average-curve';
import {
  normalizeCurve,
  studentCollapse,
  teacherCollapse,
  type GroupCurve,
  type NormalizedCurve,
} from './phase-transition/collapse';
import { fitExponential } from './phase-transition/exp-fit';
import { estimateExponent, type ExponentWindow } from './phase-transition/exponent';
import { statWithInterval, type BootstrapOptions, type Stat, type StatWithInterval } from '@spectral-ts/statistics';
import { scoreHistogram } from './effective-size/score-histogram';
import type { AveragedCurvePoint, PhaseTransitionSummary, TrialPruning } from './types';

/** What a trial must carry for the group summary; results' TrialRecord has these fields. */
export interface PruningTrialInput {
  /** Ranking scores of the pruned layer's nodes. */
  scores: number[];
  pruning?: TrialPruning;
}

/** The GroupSummary fields this package computes (@spectral-ts/results' GroupSummary extends this shape). */
export interface GroupPruningSummary {
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
}

export interface SummarizePruningOptions {
  /** h_T, the origin of x = n - h_T. */
  teacherSize: number;
  /** Bootstrap of n* (default 2000 resamples, 95%, seed 0). */
  bootstrap?: BootstrapOptions;
  /** Relative threshold of the average dimension (default 0.05, method spec §5.2). */
  threshold?: number;
}

/** Summary of one (teacher, variant, N1) group of finished trials. Curves and n* need every trial to carry pruning. */
export function summarizePruning(
  trials: readonly PruningTrialInput[],
  options: SummarizePruningOptions,
): GroupPruningSummary {
  if (trials.length === 0) fail('summarizePruning', 'no trials (pass the finished trials of one group)');
  const scores = trials.map((t) => t.scores);
  const summary: GroupPruningSummary = {
    averageDimension: averageDimensionPooled(scores, options.threshold),
    averageDimensionPerTrial: averageDimensionPerTrial(scores, options.threshold),
    scoreHistogram: scoreHistogram(scores),
  };
  const pruned = trials.map((t) => t.pruning).filter((p): p is TrialPruning => p !== undefined);
  if (pruned.length > 0) {
    if (pruned.length !== trials.length) {
      fail(
        'summarizePruning',
        `${trials.length - pruned.length} of ${trials.length} trials have no pruning analysis (analyse every trial or leave those out)`,
      );
    }
    summary.effectiveSize = statWithInterval(
      pruned.map((p) => p.effectiveSize),
      { ...options.bootstrap, where: 'pruning/summarizePruning' },
    );
    summary.rankCurve = averageCurves(
      pruned.map((p) => p.rankCurve),
      options.teacherSize,
    );
    summary.cutoffCurve = averageCurves(
      pruned.map((p) => p.cutoffCurve),
      options.teacherSize,
    );
  }
  return summary;
}

/** One (teacher, variant, N1) group as the phase-transition analysis needs it. */
export interface PhaseGroupInput {
  variant: string;
  teacherIndex: number;
  /** h_T of that teacher. */
  teacherSize: number;
  /** N1. */
  hidden: number;
  /** The group's trials; only their rank curves are read. */
  trials: readonly { pruning?: TrialPruning }[];
}

export interface SummarizePhaseTransitionOptions {
  /** Variant whose fit and exponent fill the top-level `fit` / `exponent` fields. Default 'spectral'. */
  primaryVariant?: string;
  bootstrap?: BootstrapOptions;
  exponentWindow?: ExponentWindow;
}

/**
 * The phase-transition analysis of method spec §5.6 across groups: collapse across student sizes (spread at each
 * n - h_T), collapse across teacher sizes and the normalised curves (in `extra`), the fit a exp(-b x) + c on the
 * pooled normalised curves of each variant, and the exponent beta per variant and teacher. The top-level `fit` and
 * `exponent` hold the primary variant (first teacher); `extra.fits` and `extra.exponents` hold all of them.
 */
export function summarizePhaseTransition(
  groups: readonly PhaseGroupInput[],
  options: SummarizePhaseTransitionOptions = {},
): PhaseTransitionSummary {
  const primary = options.primaryVariant ?? 'spectral';
  const curves: (GroupCurve & { rankCurves: TrialPruning['rankCurve'][] })[] = [];
  for (const g of groups) {
    const rankCurves = g.trials
      .map((t) => t.pruning?.rankCurve)
      .filter((c): c is TrialPruning['rankCurve'] => c !== undefined);
    if (rankCurves.length === 0) continue;
    curves.push({
      variant: g.variant,
      teacherIndex: g.teacherIndex,
      teacherSize: g.teacherSize,
      hidden: g.hidden,
      curve: averageCurves(rankCurves, g.teacherSize),
      rankCurves,
    });
  }
  if (curves.length === 0) fail('summarizePhaseTransition', 'no group has trials with a pruning analysis');

  const collapse = studentCollapse(curves);
  const normalized = curves
    .filter((g) => g.hidden >= g.teacherSize)
    .map(normalizeCurve)
    .filter((c): c is NormalizedCurve => c !== null);
  const fits: NonNullable<PhaseTransitionSummary['fit']>[] = [];
  const fitErrors: { variant: string; reason: string }[] = [];
  for (const variant of [...new Set(normalized.map((c) => c.variant))]) {
    const pts = normalized.filter((c) => c.variant === variant).flatMap((c) => c.points);
    try {
      const f = fitExponential(
        pts.map((p) => p.x),
        pts.map((p) => p.y),
      );
      fits.push({ variant, a: f.a, b: f.b, c: f.c, residual: f.residual, points: f.points });
    } catch (e) {
      fitErrors.push({ variant, reason: (e as Error).message });
    }
  }

  const exponents: (NonNullable<PhaseTransitionSummary['exponent']> & {
    teacherIndex: number;
    teacherSize: number;
    intercept: number;
    level: number;
  })[] = [];
  const exponentErrors: { variant: string; teacherIndex: number; reason: string }[] = [];
  const byVariantTeacher = new Map<string, typeof curves>();
  for (const g of curves.filter((c) => c.hidden > c.teacherSize)) {
    const key = `${g.variant}\u0000${g.teacherIndex}`;
    byVariantTeacher.set(key, [...(byVariantTeacher.get(key) ?? []), g]);
  }
  for (const members of byVariantTeacher.values()) {
    const { variant, teacherIndex, teacherSize } = members[0];
    try {
      const e = estimateExponent(
        members.flatMap((m) => m.rankCurves),
        teacherSize,
        { ...options.exponentWindow, ...options.bootstrap },
      );
      exponents.push({
        variant,
        teacherIndex,
        teacherSize,
        beta: e.beta,
        ci: e.ci,
        level: e.level,
        intercept: e.intercept,
        points: e.points,
        note: e.note,
      });
    } catch (err) {
      exponentErrors.push({ variant, teacherIndex, reason: (err as Error).message });
    }
  }

  const primaryExponent = exponents
    .filter((e) => e.variant === primary)
    .sort((a, b) => a.teacherIndex - b.teacherIndex)[0];
  const primaryFit = fits.find((f) => f.variant === primary);
  return {
    collapse: collapse.points,
    ...(primaryFit ? { fit: primaryFit } : {}),
    ...(primaryExponent
      ? {
          exponent: {
            variant: primaryExponent.variant,
            beta: primaryExponent.beta,
            ci: primaryExponent.ci,
            points: primaryExponent.points,
            note: primaryExponent.note,
          },
        }
      : {}),
    extra: {
      collapseSkipped: collapse.skipped,
      teacherCollapse: teacherCollapse(normalized),
      normalizedCurves: normalized,
      fits,
      exponents,
      ...(fitErrors.length ? { fitErrors } : {}),
      ...(exponentErrors.length ? { exponentErrors } : {}),
    },
  };
}
