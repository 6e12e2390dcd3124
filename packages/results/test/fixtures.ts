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
