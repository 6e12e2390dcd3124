// Small hand-made trial records for the aggregation and CSV tests.
import type { FailedTrialRecord, OkTrialRecord, TeacherRef } from '../src';

export const teacher: TeacherRef = { index: 0, kind: 'nn', hidden: [20, 20], size: 20, labelVariance: 2.5 };

export function record(over: Partial<OkTrialRecord> & { trial: number }): OkTrialRecord {
  const variant = over.variant ?? 'spectral';
  const hidden = over.hidden ?? 4;
  return {
    schemaVersion: 2,
    id: `t0-${variant}-n${hidden}-trial${over.trial}`,
    teacher,
    variant,
    hidden,
    seed: 100 + over.trial,
    status: 'ok',
    backend: 'cpu',
    wallSeconds: 1,
    epochs: 2,
    trainMse: 0.1,
    validationMse: 0.2,
    testMse: 0.3,
    history: [
      { epoch: 1, loss: 1, valMse: 0.5 },
      { epoch: 2, loss: 0.5, valMse: 0.25 },
    ],
    eigenvalues: [1, 1, 1, 1],
    scores: [1, 1, 1, 1],
    averageDimensionPerTrial: 4,
    ...over,
  };
}

/** A failed trial: nothing measured (null), and why. */
export function failedRecord(over: Partial<FailedTrialRecord> & { trial: number }): FailedTrialRecord {
  const { trial, variant, hidden, teacher: t } = over;
  const ok = record({
    trial,
    ...(variant ? { variant } : {}),
    ...(hidden ? { hidden } : {}),
    ...(t ? { teacher: t } : {}),
  });
  return {
    ...ok,
    status: 'failed',
    reason: 'diverged',
    trainMse: null,
    validationMse: null,
    testMse: null,
    averageDimensionPerTrial: null,
    scores: [],
    ...over,
  };
}

/** The data set of a classification run, as its records name it (kind = the data set, no hidden layers, size 0). */
export const mnist: TeacherRef = { index: 0, kind: 'mnist', hidden: [], size: 0, labelVariance: 8.25 };

/**
 * A classification trial of a 4-node layer: accuracy 0.9 intact, `half` after removing 2 nodes by weight norm and
 * 0.6 by random order, 0.1 (one class) with every node removed.
 */
export function classificationRecord(trial: number, variant: string, test: number, half: number): OkTrialRecord {
  const curve = (ranking: string, mid: number) => ({
    ranking,
    layerIndex: 0,
    units: 4,
    accuracyPre: test,
    points: [
      { fraction: 0, removed: 0, kept: 4, accuracy: test },
      { fraction: 0.5, removed: 2, kept: 2, accuracy: mid },
      { fraction: 1, removed: 4, kept: 0, accuracy: 0.1 },
    ],
  });
  return record({
    trial,
    variant,
    teacher: mnist,
    trainMse: 0.2,
    validationMse: 0.3,
    testMse: 0.35,
    classification: {
      dataset: 'mnist',
      classes: 10,
      trainAccuracy: test + 0.05,
      validationAccuracy: test - 0.01,
      testAccuracy: test,
      testCrossEntropy: 0.35,
      accuracyCurves: [curve('weight-norm', half), curve('random', 0.6)],
    },
  });
}
