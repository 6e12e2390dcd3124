/**
 * report/compare/metrics: the headline numbers a comparison puts side by side, each as what it reads from a group's
 * ok trials and the statistic of a sample of them. The statistic on all trials is the number the run's own summary
 * holds (test MSE, the pooled average dimension of method spec §5.2, n*), so a comparison quotes the same numbers as
 * each run's report.
 */
import { averageDimensionPooled, estimateExponent, type CurvePoint } from '@spectral-ts/pruning';
import { mean } from '@spectral-ts/statistics';
import { HALF_REMOVED, type OkTrialRecord } from '@spectral-ts/results';
import { finite } from '../groups';
import type { SampleStatistic } from './difference';

/** A headline number of one (teacher, variant, N1) group. */
export interface GroupMetric<T = unknown> {
  id: string;
  label: string;
  /** What it is, for the page's caption. */
  description: string;
  /** One item per ok trial that has the number. */
  items(trials: readonly OkTrialRecord[], teacherSize: number): T[];
  statistic: SampleStatistic<T>;
}

const meanOf: SampleStatistic<number> = (sample) => mean(sample);

function perTrial(
  id: string,
  label: string,
  description: string,
  read: (t: OkTrialRecord, h: number) => number | undefined,
): GroupMetric<number> {
  return {
    id,
    label,
    description,
    items: (trials, h) => trials.map((t) => read(t, h)).filter(finite),
    statistic: meanOf,
  };
}

export const GROUP_METRICS: readonly GroupMetric[] = [
  perTrial('testMse', 'test MSE', 'Mean test MSE over trials', (t) => t.testMse),
  {
    id: 'averageDimension',
    label: 'average dimension',
    description: 'Nodes scoring ≥ 0.05 of the maximum pooled over the trials (method spec §5.2), mean over trials',
    items: (trials) => trials.map((t) => t.scores),
    statistic: (sample) => averageDimensionPooled(sample).mean,
  } satisfies GroupMetric<number[]>,
  perTrial('effectiveSize', 'n*', 'n* of the pruning rank curve, mean over trials', (t) => t.pruning?.effectiveSize),
  perTrial(
    'deltaMseAtTeacher',
    'ΔMSE at n = h_T',
    'ΔMSE after pruning to h_T nodes on the rank curve, mean over trials',
    (t, h) => t.pruning?.rankCurve.find((p) => p.kept === h)?.deltaMse,
  ),
  perTrial(
    'pathWasserstein1',
    'path W1',
    'Wasserstein-1 distance of the path distribution to the teacher (spectral pruned, direct full), mean over trials',
    (t) => t.topology?.pathDistance.wasserstein1,
  ),
] as GroupMetric[];

/** A classifier's accuracy with half the nodes removed by `ranking` (the point at fraction 0.5 of its curve). */
function accuracyAtHalf(t: OkTrialRecord, ranking: string): number | undefined {
  const curve = t.classification?.accuracyCurves.find((c) => c.ranking === ranking);
  return curve?.points.find((p) => Math.abs(p.fraction - HALF_REMOVED) < 1e-9)?.accuracy;
}

/**
 * The headline numbers of a classification run (image data), compared in place of GROUP_METRICS when the groups are
 * classifiers (whose MSE fields hold the cross-entropy and which have no teacher for n*, ΔMSE or paths): the test
 * accuracy and cross-entropy, the average dimension, and the accuracy with half the nodes removed per default ranking.
 */
export const CLASSIFICATION_METRICS: readonly GroupMetric[] = [
  perTrial('testAccuracy', 'test accuracy', 'Mean test accuracy over trials', (t) => t.classification?.testAccuracy),
  perTrial(
    'testCrossEntropy',
    'test cross-entropy',
    'Mean test softmax cross-entropy (nats) over trials',
    (t) => t.classification?.testCrossEntropy,
  ),
  GROUP_METRICS.find((m) => m.id === 'averageDimension')!,
  ...['rescaled-eigenvalue', 'weight-norm', 'random'].map((ranking) =>
    perTrial(
      `accuracyAtHalf-${ranking}`,
      `accuracy, 50% removed by ${ranking}`,
      `Test accuracy with half the nodes removed by ${ranking} (no retraining), mean over trials`,
      (t) => accuracyAtHalf(t, ranking),
    ),
  ),
] as GroupMetric[];

/**
 * The phase-transition exponent β of one (teacher, variant): pruning's estimateExponent on the rank curves of every
 * trial with N1 > h_T, as the summary computes it. Inside a resample only β is needed; the 10 inner resamples (the
 * fewest estimateExponent takes) are the price of reusing it rather than a second copy of its fit.
 */
export function exponentStatistic(teacherSize: number): SampleStatistic<readonly CurvePoint[]> {
  return (sample) => estimateExponent(sample, teacherSize, { resamples: 10 }).beta;
}

/** The exponent's full estimate with its own interval (the summary's numbers). */
export function exponentEstimate(
  curves: readonly (readonly CurvePoint[])[],
  teacherSize: number,
): { beta: number; ci: [number, number] } | undefined {
  try {
    const e = estimateExponent(curves, teacherSize);
    return { beta: e.beta, ci: e.ci };
  } catch {
    return undefined;
  }
}
