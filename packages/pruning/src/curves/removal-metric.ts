/**
 * pruning/curves/removal-metric: what the removal evaluator measures after each removal, as the mean over rows of a
 * per-row value of the network's outputs: the squared error of a regressor (the pruning curves of method spec §4)
 * or whether a classifier's argmax is the label (accuracy curves). The per-row rules are @spectral-ts/spectral's.
 */
import { argmaxRow, classLabelProblem } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';

/** A metric that is the mean over rows of `row`. */
export interface RemovalMetric {
  /** Why the network's output width and the data's labels cannot be scored, or undefined when they can. */
  problem(width: number, data: Dataset): string | undefined;
  /** The value of one row from its outputs out[offset .. offset + width) and its label. */
  row(out: ArrayLike<number>, offset: number, width: number, label: number): number;
}

/** Mean squared error of a single-output network. */
export const MEAN_SQUARED_ERROR: RemovalMetric = {
  problem: (width) =>
    width === 1 ? undefined : `the network has ${width} outputs; pruning curves need a single output`,
  row(out, offset, _width, label) {
    const d = out[offset] - label;
    return d * d;
  },
};

/** Fraction of rows whose argmax output is the label (class indices in y); NaN rows mark non-finite outputs. */
export const CLASSIFICATION_ACCURACY: RemovalMetric = {
  problem(width, data) {
    if (data.classes !== undefined && data.classes !== width) {
      return `the data has ${data.classes} classes but the network has ${width} outputs (give the network one output per class)`;
    }
    return classLabelProblem(width, data.y, data.rows);
  },
  row(out, offset, width, label) {
    const predicted = argmaxRow(out, offset, width);
    return predicted < 0 ? NaN : predicted === label ? 1 : 0;
  },
};
