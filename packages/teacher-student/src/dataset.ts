/**
 * teacher-student/dataset: the in-memory data set every package exchanges: row-major float32 inputs and one scalar
 * label per row (the paper's task is scalar regression, method spec §2; classification data stores class indices).
 */
import { fail } from './errors';

export interface Dataset {
  inputDim: number;
  rows: number;
  /** Inputs, row-major: x[r * inputDim + j]. */
  x: Float32Array;
  /** Labels, one per row: the target value, or the class index 0..classes-1 on classification data. */
  y: Float32Array;
  /** Number of classes on classification data, whose y holds class indices; absent on regression data. */
  classes?: number;
}

/** Rows [start, end) of a data set, as views (no copy). */
export function sliceRows(data: Dataset, start: number, end: number): Dataset {
  if (!(start >= 0 && end <= data.rows && start <= end)) {
    fail('sliceRows', `rows [${start}, ${end}) are outside [0, ${data.rows}] (ask for 0 <= start <= end <= rows)`);
  }
  const slice: Dataset = {
    inputDim: data.inputDim,
    rows: end - start,
    x: data.x.subarray(start * data.inputDim, end * data.inputDim),
    y: data.y.subarray(start, end),
  };
  if (data.classes !== undefined) slice.classes = data.classes;
  return slice;
}

/** Variance (ddof 0) of the labels: the scale every MSE tolerance is measured against. */
export function labelVariance(data: Dataset): number {
  let mean = 0;
  for (let r = 0; r < data.rows; r++) mean += data.y[r];
  mean /= data.rows;
  let v = 0;
  for (let r = 0; r < data.rows; r++) v += (data.y[r] - mean) ** 2;
  return v / data.rows;
}
