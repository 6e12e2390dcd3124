/**
 * results/classification-summary: the statistics of a classification group: mean +- std (ddof 0, statistics'
 * meanStdOrEmpty) over its ok trials of the train / validation / test accuracy and the test cross-entropy, and of the
 * test accuracy at each fraction of nodes removed, per ranking. A ranking's curve is averaged only when every ok
 * trial recorded it on the same fractions, so that each point describes the same trials.
 */
import { meanStdOrEmpty, type Stat } from '@spectral-ts/statistics';
import type {
  AccuracyCurve,
  GroupAccuracyCurve,
  GroupClassification,
  OkTrialRecord,
  TrialClassification,
} from './types';

/** The fraction the summary calls out: half of the layer's nodes removed. */
export const HALF_REMOVED = 0.5;

function stat(values: readonly number[]): Stat {
  return meanStdOrEmpty(values, 'results/summarizeClassification');
}

/** The curve of `ranking` averaged over trials, or undefined when some trial lacks it or has other fractions. */
function averageCurve(curves: readonly (AccuracyCurve | undefined)[]): GroupAccuracyCurve | undefined {
  const first = curves[0];
  if (!first || curves.some((c) => !c || c.points.length !== first.points.length)) return undefined;
  const all = curves as readonly AccuracyCurve[];
  const sameGrid = all.every((c) =>
    c.points.every((p, k) => p.fraction === first.points[k].fraction && p.removed === first.points[k].removed),
  );
  if (!sameGrid || all.some((c) => c.units !== first.units || c.layerIndex !== first.layerIndex)) return undefined;
  const points = first.points.map((p, k) => ({
    fraction: p.fraction,
    removed: p.removed,
    kept: p.kept,
    accuracy: stat(all.map((c) => c.points[k].accuracy)),
  }));
  const half = points.find((p) => Math.abs(p.fraction - HALF_REMOVED) < 1e-9);
  return {
    ranking: first.ranking,
    layerIndex: first.layerIndex,
    units: first.units,
    points,
    ...(half ? { atHalf: { fraction: half.fraction, removed: half.removed, accuracy: half.accuracy } } : {}),
  };
}

/**
 * The classification statistics of a group's ok trials; undefined when some ok trial has no classification metrics
 * (a regression group, or a mix that no average describes).
 */
export function summarizeClassification(ok: readonly OkTrialRecord[]): GroupClassification | undefined {
  if (ok.length === 0 || ok.some((r) => !r.classification)) return undefined;
  const cls = ok.map((r) => r.classification as TrialClassification);
  const rankings = [...new Set(cls.flatMap((c) => c.accuracyCurves.map((a) => a.ranking)))];
  const accuracyCurves = rankings
    .map((ranking) => averageCurve(cls.map((c) => c.accuracyCurves.find((a) => a.ranking === ranking))))
    .filter((c): c is GroupAccuracyCurve => c !== undefined);
  return {
    dataset: cls[0].dataset,
    classes: cls[0].classes,
    trainAccuracy: stat(cls.map((c) => c.trainAccuracy)),
    validationAccuracy: stat(cls.map((c) => c.validationAccuracy).filter((v): v is number => v !== null)),
    testAccuracy: stat(cls.map((c) => c.testAccuracy)),
    testCrossEntropy: stat(cls.map((c) => c.testCrossEntropy)),
    accuracyCurves,
  };
}
